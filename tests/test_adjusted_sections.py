"""The adjusted answer's sections and charts: the love plot and the overlap plot, the sections'
numbers are the analysis's, the Overview's brief headline comes from the same builder, small
counts withhold the numbers (and pool the overlap bins), and the report has the chapter."""

import json

import numpy as np
import pytest

from analysis.adjusted import adjusted_comparison
from analysis.data.bundled import load_sample, sample_path
from analysis.data.loading import read_path
from analysis.stats.propensity import SMD_LIMIT, overlap_histogram
from reports import charts, document, privacy
from reports.blocks import Figure, Link, Paragraph, Table, walk
from reports.context import Context
from reports.sections import adjusted
from reports.style import MODE_COLOURS
from tests.helpers import dataset_from_bytes

GROUPS = ("online", "face-to-face")


@pytest.fixture(scope="module")
def sample():
    return load_sample()


def blocks(section, kind):
    return [b for b in walk(section.blocks) if isinstance(b, kind)]


def test_love_plot_draws_before_and_after_with_a_dashed_line_at_0_1():
    fig = charts.love_plot(["age", "site: North"], [-0.5, 0.05], [0.0, 0.01], limit=SMD_LIMIT)
    assert [t.name for t in fig.data] == ["before weighting", "after weighting"]
    assert list(fig.data[0].x) == [0.5, 0.05]  # absolute values
    assert list(fig.data[0].y) == ["age", "site: North"]
    line = fig.layout.shapes[0]
    assert line.x0 == line.x1 == 0.1 and line.line.dash == "dash"
    assert fig.layout.xaxis.range[0] < 0  # the dots at 0 are drawn whole


def test_overlap_plot_has_one_trace_per_mode_and_does_not_grow_with_rows():
    sizes = []
    for n in (400, 40_000):
        rng = np.random.default_rng(1)
        e = rng.beta(2, 3, n)
        h = overlap_histogram(e, rng.random(n) < e)
        bins = list(zip(h.edges[:-1], h.edges[1:]))
        shares = {g: list(100 * np.array(c) / sum(c)) for g, c in zip(GROUPS, (h.counts_a,
                                                                                h.counts_b))}
        fig = charts.overlap_chart(bins, shares, title="t", x_title="x")
        assert [t.name for t in fig.data] == list(GROUPS)
        assert [t.marker.color for t in fig.data] == [MODE_COLOURS[g] for g in GROUPS]
        sizes.append(len(json.dumps(fig.to_plotly_json(), default=str)))
    assert abs(sizes[1] - sizes[0]) < 0.05 * sizes[0]


def test_the_sections_show_the_analysis(sample):
    ctx = Context(sample, sample.frame)
    built = {s.key: s for s in adjusted.sections(ctx, GROUPS, None, ("counselor",))}
    r = adjusted_comparison(sample.frame, groups=GROUPS, clusters=("counselor",))
    table = blocks(built["adjusted_headline"], Table)[0].formatted().set_index("estimate")
    assert table.loc["weighted (overlap)", "online − face-to-face"] == f"{r.adjusted.estimate:.2f}"
    assert len(blocks(built["adjusted_headline"], Figure)) == 1
    balance = blocks(built["adjusted_balance"], Table)[0].formatted()
    assert balance["SMD after"].eq("0.00").all()  # overlap weights: exact balance, no "-0.00"
    assert {"before", "neither"} <= set(balance[f"|SMD| over {SMD_LIMIT}"])
    love = blocks(built["adjusted_balance"], Figure)[0].figure()
    assert len(love.data) == 2
    clusters = " ".join(p.text for p in blocks(built["adjusted_clusters"], Paragraph))
    (counselor,) = r.clusters
    assert counselor.comparison.icc.icc > 0.05  # the sample's therapist effect
    assert all(note in clusters for note in counselor.comparison.notes)
    assert r.evalue.text in [p.text for p in blocks(built["adjusted_evalue"], Paragraph)]
    apa = [p.text for p in blocks(built["adjusted_apa"], Paragraph) if p.kind == "apa"]
    assert any("CR2 cluster-robust errors with Satterthwaite df (Bell & McCaffrey 2002)" in line
               for line in apa)


def test_the_overview_uses_the_same_headline_builder_in_brief(sample):
    ctx = Context(sample, sample.frame)
    (brief,) = adjusted.overview_section(ctx)
    table = blocks(brief, Table)[0].formatted()
    assert list(table["estimate"]) == ["raw", "weighted (overlap)"]
    assert not blocks(brief, Figure)
    assert any(isinstance(b, Link) and b.page == adjusted.PAGE for b in brief.blocks)
    assert "see Adjusted comparison for clustering and balance" in " ".join(
        p.text for p in blocks(brief, Paragraph))


def test_without_covariates_the_overview_has_no_adjusted_answer():
    rows = "\n".join(f"{m},{20 + i % 7}" for i, m in enumerate(["online", "F2F"] * 20))
    ds = dataset_from_bytes("mode,satisfaction\n" + rows)
    ctx = Context(ds, ds.frame)
    assert adjusted.covariate_choices(ctx) == []
    assert adjusted.overview_section(ctx) == []


def test_overlap_bins_are_pooled_to_k_clients_of_each_group(sample):
    ctx = Context(sample, sample.frame, k=30)
    g = adjusted.guarded(ctx, GROUPS, ("age", "site"))
    assert not g.withheld
    bins, shares = adjusted._overlap_bins(g.result, 30)
    n = g.tables[0].counts["clients"]
    for group, pct in shares.items():
        counts = np.array(pct) * n[group] / 100
        assert ((np.round(counts) == 0) | (counts >= 30 - 1e-6)).all(), (group, counts)


def test_a_small_count_withholds_every_number_with_one_reason(sample):
    ctx = Context(sample, sample.frame, k=15)  # 13 and 11 clients with OCD
    built = adjusted.sections(ctx, GROUPS)
    assert [s.key for s in built] == ["adjusted_headline"]
    (note,) = [b.text for b in built[0].blocks]
    assert "fewer than 15 clients with problem type 'OCD'" in note
    assert "Leave problem type out" in note
    shown = adjusted.sections(ctx, GROUPS, ("age", "site"))
    assert len(shown) > 1 and not any("Not shown" in p.text for s in shown
                                      for p in blocks(s, Paragraph))
    assert all(privacy.protect(s, 15) == s for s in shown)


def test_a_small_count_of_non_responders_withholds_the_response_model_only(sample):
    ctx = Context(sample, sample.frame, k=5)  # 1 non-binary client did not answer
    built = {s.key: s for s in adjusted.sections(ctx, GROUPS, ("age", "gender"))}
    (note,) = [p.text for p in blocks(built["adjusted_response"], Paragraph)]
    assert note.startswith("Not shown while small counts are hidden: fewer than 5 clients "
                           "with gender 'non-binary' did not respond")
    assert "Leave gender out" in note
    assert not blocks(built["adjusted_response"], Table)
    assert blocks(built["adjusted_headline"], Table)  # the rest stands
    shown = adjusted.sections(ctx, GROUPS, ("age", "site"))  # 37 or more per site: shown
    response = next(s for s in shown if s.key == "adjusted_response")
    assert [t.key for t in blocks(response, Table)] == [
        "adjusted_response_rates", "adjusted_response_predictors", "adjusted_response_estimates"]


def test_the_report_has_the_chapter_with_the_methods_named(sample):
    doc = document.build_document(sample, sample.frame, read_path(sample_path()).to_dict(),
                                  sections=["adjusted"], groups=GROUPS)
    assert [c.title for c in doc.chapters] == ["Adjusted comparison"]
    md = document.to_markdown(doc)
    assert "Li, Morgan & Zaslavsky (2018)" in md and "Bell & McCaffrey (2002)" in md
    assert "Balance: are the groups alike after weighting?" in md
