"""Small-count hiding, audited: for every count table that any page or report section shows, a
linear program over the visible counts and the published totals pins no count below k; every
value computed from a hidden count is hidden; "<k" is only ever put on a count below k; and the
report formats write exactly the protected sections."""

import io

import numpy as np
import pytest
from docx import Document as WordDocument

from analysis.data.bundled import load_sample
from analysis.grouping import BY_CHANNEL
from analysis.groups import default_groups
from analysis.stats.disclosure import _published_mask, pinned_counts
from analysis.variables import category_columns
from reports import document, privacy
from reports.blocks import Cell, Figure, Hidden, Metrics, Table, walk
from reports.context import Context
from reports.sections import (
    adjusted,
    binary,
    data,
    outcome,
    overview,
    periods,
    problems,
    subgroups,
    trends,
)


def every_section(ctx: Context) -> list:
    """What the pages show with their default widgets (the report uses the same builders)."""
    built = [*overview.headline_sections(ctx), overview.clients_section(ctx),
             outcome.descriptives_section(ctx), problems.top_section(ctx),
             overview.quality_section(ctx), problems.table_section(ctx),
             outcome.distribution_section(ctx, "histogram"), trends.section(ctx),
             data.mapping_section(ctx)]
    pair = outcome.default_pair(ctx)
    if pair:
        result = outcome.comparison(ctx, pair=pair, margin=1.5)
        built += outcome.comparison_sections(ctx, result, outcome.margin(ctx))
        built += [subgroups.within_section(ctx, pair),
                  subgroups.adjusted_section(ctx, pair, ["problem", "age"])]
        clusters = tuple(adjusted.cluster_choices(ctx)[:1])
        built += adjusted.sections(ctx, pair, None, clusters)
        if adjusted.covariate_choices(ctx):
            built += adjusted.sections(ctx, pair, ("age", "site"), clusters)
        built += adjusted.overview_section(ctx)
    modes = default_groups(problems.modes(ctx))
    if modes:
        built += problems.test_sections(ctx, modes)
    if ctx.dataset.has["channel"]:
        built.append(outcome.descriptives_section(ctx, by=BY_CHANNEL))
    for column in category_columns(ctx.dataset.frame)[:3]:
        topic = problems.category_topic(column)
        built.append(problems.table_section(ctx, topic=topic))
        pair = default_groups(problems.modes(ctx, topic))
        if pair:
            built += problems.test_sections(ctx, pair, topic)
    if ctx.dataset.has["date"]:
        quarters = periods.available(ctx, "quarter")
        built.append(periods.section(ctx, "quarter", quarters[:4]))
    for column in binary.columns(ctx):
        event = binary.events(ctx, column)[0]
        built.append(binary.shares_section(ctx, column, event))
        shown = list(binary.result(ctx, column, event)[0].by_group)
        if default_groups(shown):
            built.append(binary.comparison_section(ctx, column, event, default_groups(shown)))
    return built


def contexts():
    sample = load_sample()
    frame = sample.frame
    riverside = frame[frame["site"] == "Riverside"]
    months = frame[(frame["site"] == "North") & (frame["date"] < "2024-07-01")]
    yield "sample k=5", Context(sample, frame, k=5)
    yield "sample k=15", Context(sample, frame, k=15)
    yield "sample k=60", Context(sample, frame, k=60)
    yield "Riverside k=5", Context(sample, riverside, ("site: Riverside",), k=5)
    yield "North, half a year k=10", Context(sample, months, ("site: North",), k=10)
    messy = load_sample("messy_export")
    yield "messy export k=5", Context(messy, messy.frame, k=5)


CONTEXTS = dict(contexts())


@pytest.fixture(scope="module", params=list(CONTEXTS))
def built(request):
    ctx = CONTEXTS[request.param]
    return ctx, every_section(ctx)


def test_no_count_below_k_can_be_worked_out_from_any_table(built):
    ctx, sections = built
    tables = {t.key: t for s in sections for t in s.tables}
    assert tables, "the pages declare the counts they show"
    for table in tables.values():
        protection = privacy.protection(table, ctx.k)
        published = _published_mask(table.counts.shape, table.row_totals, table.col_totals,
                                     table.grand_total)
        counts = table.counts.to_numpy()
        assert pinned_counts(counts, protection.hidden, published, protection.primary) == [], \
            table.key


def test_everything_computed_from_a_hidden_count_is_hidden(built):
    ctx, sections = built
    for section in sections:
        labels = {}
        for table in section.tables:
            labels.update(privacy.hidden_labels(table, ctx.k))
        protected = privacy.protect(section, ctx.k)
        for before, after in zip(_cells(section.blocks), _cells(protected.blocks)):
            if isinstance(before, Cell) and before.refs & labels.keys():
                assert isinstance(after, Hidden), (section.key, before)
            if isinstance(after, Hidden) and after.label.startswith("<"):
                assert 0 < before.value < ctx.k, (section.key, before)  # "<k" only below k


def test_no_group_below_k_is_shown_or_counted(built):
    ctx, sections = built
    sizes = ctx.run(overview._sizes)
    small = {g for g, n in sizes.items() if n < ctx.k}
    for section in sections:
        for block in walk(section.blocks):
            if isinstance(block, Table) and block.columns and block.columns[0].title in (
                    "group", "mode"):
                assert not {row[0] for row in block.rows} & small, section.key


def test_no_table_shows_none_or_nan(built):
    ctx, sections = built
    for section in sections:
        for block in walk(privacy.protect(section, ctx.k).blocks):
            if isinstance(block, Table):
                text = block.formatted().to_string()
                assert "None" not in text and "nan" not in text.replace("nanc", ""), block.key


def test_the_adjusted_answer_is_shown_only_when_no_count_it_rests_on_is_below_k(built):
    ctx, sections = built
    for section in sections:
        if not section.key.startswith("adjusted") or not section.tables:
            continue
        small = [t.key for t in section.tables
                 if ((t.counts > 0) & (t.counts < ctx.k)).to_numpy().any()]
        numbers = [b for b in walk(section.blocks) if isinstance(b, (Table, Figure, Metrics))]
        assert not (small and numbers), (section.key, small)


def _cells(blocks):
    for block in walk(blocks):
        table = block if isinstance(block, Table) else getattr(block, "data", None)
        if isinstance(table, Table):
            for row in table.rows:
                yield from row


def test_every_report_format_writes_the_protected_tables():
    sample = load_sample()
    doc = document.build_document(sample, sample.frame, {"file_name": "x.csv", "sha256": "0",
                                                         "n_rows": 1500},
                                  sections=list(document.SECTIONS), threshold=15)
    tables = [b for c in doc.chapters for s in c.sections for b in document._shown(s.blocks)
              if isinstance(b, Table)]
    word = WordDocument(io.BytesIO(document.to_docx(doc)))
    written = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables[1:]]
    expected = [[list(t.formatted().columns)] + t.formatted().values.tolist() for t in tables]
    assert written == expected
    markdown, html = document.to_markdown(doc), document.to_html(doc)
    for t in tables:
        for value in np.unique(t.formatted().to_numpy()):
            if value.startswith("<"):
                assert "\\" + value in markdown and value.replace("<", "&lt;") in html
    ocd = next(t for t in tables if t.key == "problem_types").formatted()
    assert ocd.loc[ocd["problem"] == "OCD", "online"].item() == "<15"


def test_a_left_out_channel_cannot_be_worked_out_from_the_online_total():
    sizes = {"face-to-face": 771, "video": 300, "chat": 190, "phone": 96}
    shown, left_out = privacy.groups_in_scope(sizes, 100, partition=["video", "chat", "phone"])
    assert shown == ["face-to-face", "video"] and left_out == ["chat", "phone"]
    # without a published total over them, a small group alone is left out
    assert privacy.groups_in_scope(sizes, 100)[1] == ["phone"]
