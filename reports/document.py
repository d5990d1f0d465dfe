"""The complete report: the same sections the pages show, protected once, written as
self-contained HTML (charts embedded, works offline, prints cleanly), Markdown or Word (.docx).

The Report page and ``python -m analysis report --format html|markdown|docx`` both call
:func:`build_document`, so the two give the same report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import platform
import re
import threading
import warnings
from dataclasses import dataclass
from importlib import metadata

import plotly.graph_objects as go
import plotly.offline

from analysis.data.dataset import OUTCOME, PROBLEMS, Dataset
from analysis.equivalence import custom_margin
from analysis.errors import DataError
from analysis.groups import default_groups
from reports import privacy
from reports.blocks import (
    Column,
    Figure,
    Link,
    MethodHelp,
    Metric,
    Metrics,
    Paragraph,
    Section,
    Table,
    Tabs,
    walk,
)
from reports.context import Context
from reports.methods import METHODS
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

SECTIONS = {"data": "Data and exclusions", "satisfaction": "Satisfaction comparison",
            "yes_no": "Yes/no outcomes", "problems": "Problem types",
            "categories": "Categories by mode", "subgroups": "Subgroups and confounding",
            "adjusted": "Adjusted comparison", "trends": "Trends", "periods": "Periods compared"}
#: Categories a report shows by default: the columns with at most this many levels.
DEFAULT_CATEGORY_LEVELS = 10
CAVEAT = ("Clients chose how they were seen, so the differences reported here are associations "
          "between delivery mode and the outcomes, not effects of the mode. The adjusted "
          "comparison removes only the differences that were measured.")
PACKAGES = ("pandas", "numpy", "scipy", "statsmodels", "plotly", "streamlit")


@dataclass(frozen=True, slots=True)
class Chapter:
    """A numbered part of the report: its sections, already protected."""

    key: str
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    created: str
    provenance: Table
    chapters: tuple[Chapter, ...]
    methods: tuple[str, ...]
    caveat: str = CAVEAT


def versions() -> str:
    found = [f"Python {platform.python_version()}"]
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def build_document(dataset: Dataset, frame, source: dict, *, sections: list[str],
                   groups: tuple[str, str] | None = None, margin: float | None = None,
                   threshold: int | None = None, filters: tuple[str, ...] = (),
                   covariates: tuple[str, ...] | None = None,
                   yes_no: tuple[tuple[str, str], ...] | None = None,
                   categories: tuple[str, ...] | None = None,
                   period_spec: str = "fy", clusters: tuple[str, ...] | None = None,
                   estimand: str = "overlap") -> Document:
    """Build the chapters in ``sections`` from the filtered rows ``frame``, as the pages do.

    ``source`` describes the file (file_name, sha256, n_rows; as ``LoadedTable.to_dict``).
    ``threshold`` turns on small-count hiding for every table, chart and sentence.
    ``yes_no`` lists (column, event) pairs (default: every yes/no column, its less common
    value the event), ``categories`` columns (default: those with a few levels) and
    ``period_spec`` the periods compared (default: every UK financial year). ``covariates``
    (Subgroups and the adjusted comparison), ``clusters`` and ``estimand`` (the adjusted
    comparison) default to the pages' defaults: the covariates the data have, counselor.
    """
    ctx = Context(dataset, frame, tuple(filters), threshold)
    pair = tuple(groups) if groups else outcome.default_pair(ctx)
    chapters = []
    used: list[tuple[str, str]] = []
    for key in sections:
        try:
            built = BUILDERS[key](ctx, pair=pair, margin=margin, covariates=covariates, used=used,
                                  yes_no=yes_no, categories=categories, period_spec=period_spec,
                                  clusters=clusters, estimand=estimand)
        except DataError as exc:
            built = [Section(key, "", (Paragraph(f"Not available: {exc.message}", "note"),))]
        chapters.append(Chapter(key, SECTIONS[key],
                                tuple(privacy.protect(s, threshold) for s in built)))
    shown, left_out = overview.clients(ctx)
    rows_read = (f"{source['n_rows']:,}" if not left_out else
                 "not shown while small counts are hidden")
    a, b = pair if pair else ("–", "–")
    provenance = (("File", source["file_name"]), ("SHA-256 of the file", source["sha256"]),
                  ("Rows read", rows_read),
                  (f"{ctx.unit.capitalize()} after filters",
                   f"{sum(shown.values()):,} in {len(shown)} delivery modes"),
                  *used, ("Filters", "; ".join(filters) or "none"),
                  ("Small-count hiding", f"counts under {threshold} hidden" if threshold
                   else "off"),
                  ("Groups compared", f"{a} (A) vs {b} (B); differences are A minus B"),
                  ("Software", f"CounselCompare; {versions()}"))
    table = Table("provenance", "Data provenance", (Column("item"), Column("value")), provenance)
    return Document("CounselCompare report", dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                    table, tuple(chapters), methods_text(chapters, margin))


def _data(ctx: Context, **_) -> list[Section]:
    return [data.data_section(ctx)]


def _satisfaction(ctx: Context, *, pair, margin, used, **_) -> list[Section]:
    if ctx.dataset.validation.blocking(OUTCOME):
        raise DataError(ctx.dataset.validation.blocking(OUTCOME)[0].message, "blocked")
    built = [outcome.descriptives_section(ctx, title="Descriptives"),
             outcome.distribution_section(ctx, "histogram")]
    if pair is None or any(g not in outcome.groups(ctx) for g in pair):
        why = (f"with counts under {ctx.k} hidden, a group this small is not compared"
               if ctx.k else "a group has fewer than two values")
        return built + [Section("not_compared", "", (Paragraph(f"Not compared: {why}.", "note"),))]
    default = outcome.margin(ctx)
    chosen = default if margin is None else custom_margin(margin, default)
    result = outcome.comparison(ctx, pair=pair, margin=chosen.value)
    used.append((f"{ctx.unit.capitalize()} used: {ctx.outcome_label}",
                 f"{result.exclusions.n_used:,}"))
    return built + outcome.comparison_sections(ctx, result, chosen)


def _problems(ctx: Context, **_) -> list[Section]:
    if ctx.dataset.validation.blocking(PROBLEMS):
        raise DataError(ctx.dataset.validation.blocking(PROBLEMS)[0].message, "blocked")
    pair = default_groups(problems.modes(ctx))
    built = [problems.table_section(ctx)]
    return built + (problems.test_sections(ctx, pair) if pair else [])


def _subgroups(ctx: Context, *, pair, covariates, **_) -> list[Section]:
    if ctx.dataset.validation.blocking(OUTCOME):
        raise DataError(ctx.dataset.validation.blocking(OUTCOME)[0].message, "blocked")
    if pair is None or any(g not in outcome.groups(ctx) for g in pair):
        raise DataError("two groups with enough values are needed.", "too_few_groups")
    chosen = list(covariates) if covariates is not None else [
        c for c in ("problem", "age") if c in subgroups.covariates(ctx)]
    return [Section("caveat", "", (Paragraph(subgroups.CAVEAT, "info"),)),
            subgroups.within_section(ctx, pair), subgroups.adjusted_section(ctx, pair, chosen)]


def _adjusted(ctx: Context, *, pair, covariates, clusters, estimand, **_) -> list[Section]:
    if ctx.dataset.validation.blocking(OUTCOME):
        raise DataError(ctx.dataset.validation.blocking(OUTCOME)[0].message, "blocked")
    if pair is None or any(g not in outcome.groups(ctx) for g in pair):
        raise DataError("two groups with enough values are needed.", "too_few_groups")
    if not adjusted.covariate_choices(ctx):
        raise DataError("the data have no covariate columns to adjust for.", "no_column")
    if clusters is None:
        clusters = tuple(r for r in adjusted.cluster_choices(ctx) if r == "counselor")
    chosen = None if covariates is None else tuple(
        c for c in covariates if c in adjusted.covariate_choices(ctx))
    return adjusted.sections(ctx, pair, chosen, tuple(clusters), estimand)


def _trends(ctx: Context, **_) -> list[Section]:
    if not ctx.dataset.has["date"]:
        raise DataError("the data have no date column.", "no_dates")
    return [trends.section(ctx)]


def _yes_no(ctx: Context, *, pair, yes_no, **_) -> list[Section]:
    chosen = yes_no if yes_no is not None else [(c, binary.events(ctx, c)[0])
                                                 for c in binary.columns(ctx)]
    if not chosen:
        raise DataError("the data have no column with two values.", "no_column")
    built = []
    for column, event in chosen:
        built.append(binary.shares_section(ctx, column, event))
        if pair is not None and set(pair) <= set(binary.result(ctx, column, event)[0].by_group):
            built.append(binary.comparison_section(ctx, column, event, pair))
    return built


def _categories(ctx: Context, *, categories, **_) -> list[Section]:
    from analysis.variables import category_columns

    chosen = categories if categories is not None else [
        c for c in category_columns(ctx.dataset.frame, max_levels=DEFAULT_CATEGORY_LEVELS)
        if c not in binary.columns(ctx) and c != "channel"]  # channels are online only
    if not chosen:
        raise DataError("the data have no column with a few categories.", "no_column")
    built = []
    for column in chosen:
        topic = problems.category_topic(column)
        built.append(problems.table_section(ctx, topic=topic))
        pair = default_groups(problems.modes(ctx, topic))
        built += problems.test_sections(ctx, pair, topic) if pair else []
    return built


def _periods(ctx: Context, *, period_spec, **_) -> list[Section]:
    from analysis.periods import parse_period_spec

    if not ctx.dataset.has["date"]:
        raise DataError("the data have no date column.", "no_dates")
    spec = parse_period_spec(period_spec)
    chosen = list(spec.periods or periods.available(ctx, spec.unit))
    if len(chosen) < 2:
        raise DataError("the data span fewer than two periods.", "too_few_periods")
    return [periods.section(ctx, spec.unit, chosen)]


BUILDERS = {"data": _data, "satisfaction": _satisfaction, "yes_no": _yes_no,
            "problems": _problems, "categories": _categories, "subgroups": _subgroups,
            "adjusted": _adjusted,
            "trends": _trends, "periods": _periods}


def methods_text(chapters, margin: float | None) -> tuple[str, ...]:
    """The methods paragraph: every method whose results the report shows, and why."""
    keys = list(dict.fromkeys(block.method for chapter in chapters for s in chapter.sections
                              for block in walk(s.blocks) if isinstance(block, MethodHelp)))
    lines = [f"{METHODS[k].name}: {METHODS[k].what} {METHODS[k].when} ({METHODS[k].reference})"
             for k in keys]
    if margin is not None and any(c.key == "satisfaction" for c in chapters):
        lines.append(f"The equivalence margin was ±{margin:g} outcome points.")
    lines.append("All tests are two-sided at alpha = .05; confidence intervals are 95% unless "
                 "stated. Rows with a missing value are left out of the analyses that need it "
                 "and counted beside each result.")
    return tuple(lines)


def _heading(chapter: Chapter, section: Section) -> str:
    """A section's heading inside its chapter ("" when it would repeat the chapter's title)."""
    return "" if section.title.casefold() == chapter.title.casefold() else section.title


def _shown(blocks):
    """The blocks a report writes: tabs give their first view; app links and help are left out
    (the methods paragraph holds the help)."""
    for block in blocks:
        if isinstance(block, Tabs):
            yield from _shown(block.panes[0])
        elif not isinstance(block, (Link, MethodHelp)):
            yield block


def _metrics_table(block: Metrics) -> Table:
    return Table("metrics", "", (Column("group"), Column("value"), Column("")),
                 tuple((m.label, m.text(), m.note) for m in block.items))


# ---- HTML ---------------------------------------------------------------------------------

PRINT_CSS = """
body { font-family: "Source Sans Pro", Arial, sans-serif; max-width: 1000px; margin: 2em auto;
       color: #222; line-height: 1.45; padding: 0 1em; }
h1 { margin-bottom: 0; } .created { color: #666; margin-top: 0.2em; }
figure.table { margin: 0.5em 0 1.2em; break-inside: avoid; page-break-inside: avoid; }
figure.table figcaption { font-style: italic; margin-bottom: 0.2em; break-after: avoid; }
table.apa { border-collapse: collapse; font-size: 0.92em; }
table.apa th { border-top: 2px solid #222; border-bottom: 1px solid #222; text-align: left;
               padding: 4px 10px; }
table.apa td { padding: 3px 10px; } table.apa td.number { white-space: nowrap; }
table.apa tr:last-child td { border-bottom: 2px solid #222; }
.caveat, .info { background: #eef5fb; padding: 0.6em 1em; border-left: 4px solid #0072B2; }
.lead { font-size: 1.08em; background: #f3f7f0; padding: 0.6em 1em; border-left: 4px solid #555;
        break-inside: avoid; page-break-inside: avoid; }
.note { color: #555; font-size: 0.92em; } pre.apa { white-space: pre-wrap; background: #f6f6f6;
  padding: 0.6em 1em; font-family: inherit; }
h3 { break-after: avoid; page-break-after: avoid; }
@media print {
  section.chapter { page-break-before: always; } .figure { page-break-inside: avoid; }
  body { max-width: none; margin: 0; } a { color: inherit; text-decoration: none; }
}
"""


def to_html(doc: Document) -> str:
    """A single self-contained HTML page: plotly.js inline (no network), print-friendly."""
    parts = [f"<h1>{html.escape(doc.title)}</h1>",
             f"<p class='created'>Created {html.escape(doc.created)}</p>",
             f"<p class='caveat'>{html.escape(doc.caveat)}</p>", _html_table(doc.provenance)]
    for number, chapter in enumerate(doc.chapters, start=1):
        parts.append(f"<section class='chapter' id='{chapter.key}'><h2>{number}. "
                     f"{html.escape(chapter.title)}</h2>")
        for section in chapter.sections:
            if _heading(chapter, section):
                parts.append(f"<h3>{html.escape(section.title)}</h3>")
            parts += [_html_block(b) for b in _shown(section.blocks)]
        parts.append("</section>")
    parts.append("<section class='chapter' id='methods'><h2>Methods</h2>"
                 + "".join(f"<p>{html.escape(line)}</p>" for line in doc.methods) + "</section>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(doc.title)}</title><style>{PRINT_CSS}</style>"
            f"<script>{plotly.offline.get_plotlyjs()}</script></head><body>"
            + "\n".join(parts) + "</body></html>")


def _html_block(block) -> str:
    if isinstance(block, Paragraph):
        if block.kind == "apa":
            return f"<pre class='apa'>{html.escape(block.text)}</pre>"
        return f"<p class='{block.kind}'>{html.escape(block.text)}</p>"
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, Metrics):
        return _html_table(_metrics_table(block))
    if isinstance(block, Metric):
        return f"<p>{html.escape(block.label)}: {html.escape(block.text())}</p>"
    if isinstance(block, Figure):
        return "<div class='figure'>" + block.figure().to_html(
            full_html=False, include_plotlyjs=False,
            config={"displaylogo": False, "responsive": True}) + "</div>"
    raise TypeError(f"cannot write {type(block).__name__}")


def _html_table(table: Table) -> str:
    """An APA table: numbers never break inside (a CI stays on one line), text wraps."""
    frame = table.formatted()
    caption = (f"<figcaption>{html.escape(table.title)}</figcaption>" if table.title else "")
    kinds = ["text" if c.fmt == "text" else "number" for c in table.columns]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td class='{k}'>{html.escape(str(v))}</td>"
                                    for k, v in zip(kinds, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return (f"<figure class='table'>{caption}<table class='apa'><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></figure>")


# ---- Markdown -----------------------------------------------------------------------------

def to_markdown(doc: Document) -> str:
    """The report as Markdown (the charts are in the HTML and Word versions)."""
    lines = [f"# {doc.title}", "", f"Created {doc.created}", "", f"> {_md_escape(doc.caveat)}",
             "", _md_table(doc.provenance)]
    for number, chapter in enumerate(doc.chapters, start=1):
        lines += [f"## {number}. {_md_escape(chapter.title)}", ""]
        for section in chapter.sections:
            if _heading(chapter, section):
                lines += [f"### {_md_escape(section.title)}", ""]
            for block in _shown(section.blocks):
                lines += _md_block(block)
    lines += ["## Methods", ""] + [_md_escape(line) + "\n" for line in doc.methods]
    return "\n".join(lines)


def _md_block(block) -> list[str]:
    if isinstance(block, Paragraph):
        if block.kind == "apa":
            return ["```", block.text.replace("```", "'''"), "```", ""]
        text = _md_escape(block.text)
        return [f"*{text}*" if block.kind == "note" else text, ""]
    if isinstance(block, Table):
        return [_md_table(block)]
    if isinstance(block, Metrics):
        return [_md_table(_metrics_table(block))]
    if isinstance(block, Metric):
        return [f"{_md_escape(block.label)}: {_md_escape(block.text())}", ""]
    if isinstance(block, Figure):
        title = block.figure().layout.title.text or block.name
        return [f"*Chart: {_md_escape(html.unescape(title))} (in the HTML and Word reports).*",
                ""]
    raise TypeError(f"cannot write {type(block).__name__}")


def _md_escape(text: object) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in _printable(text))


def _md_table(table: Table) -> str:
    frame = table.formatted()
    header = "| " + " | ".join(_md_escape(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(_md_escape(v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    title = [f"*{_md_escape(table.title)}*", ""] if table.title else []
    return "\n".join([*title, header, rule, *rows, ""])


# ---- Word ---------------------------------------------------------------------------------

#: Characters XML 1.0 (and so Word) cannot hold: control characters other than tab and newlines.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _printable(text: object) -> str:
    """``text`` without the control characters a document cannot hold (shown as "?")."""
    return _NOT_XML.sub("?", str(text))


#: Kaleido's Chromium gets this proxy, which nothing listens on: it must not reach the internet.
DEAD_PROXY = "127.0.0.1:9"
_IMAGES = threading.Lock()


@contextlib.contextmanager
def image_server():
    """Plotly's image export (kaleido, driving the machine's Chromium), started once for all the
    figures of a report, offline (no MathJax, every request to a dead proxy); yields whether it
    runs. Without kaleido or a Chromium the .docx points to the HTML report for the charts."""
    with _IMAGES:
        try:
            import kaleido

            kaleido.start_sync_server(mathjax=False, proxy_server=DEAD_PROXY,
                                      silence_warnings=True)
        except Exception:  # noqa: BLE001 - no kaleido, no browser: charts stay in the HTML
            yield False
            return
        try:
            yield True
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def figure_png(fig) -> bytes | None:
    """The figure as a PNG (within :func:`image_server`), or None when it cannot be drawn."""
    import plotly.io as pio

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pio.to_image(fig, format="png", width=900, scale=2)
    except Exception:  # noqa: BLE001 - a chart that cannot be drawn is named, not fatal
        return None


def to_docx(doc: Document) -> bytes:
    """The report as a Word document with APA-style tables (numbered, italic titles, horizontal
    rules only) and the charts as pictures when they can be rendered here."""
    with image_server() as images:
        return _docx(doc, images)


def _docx(doc: Document, images: bool) -> bytes:
    from docx import Document as WordDocument
    from docx.shared import Cm, Inches, Pt

    word = WordDocument()
    for part in word.sections:  # narrower margins: room for wide tables
        part.left_margin = part.right_margin = Cm(1.8)
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(11)
    word.add_heading(doc.title, level=0)
    word.add_paragraph(f"Created {doc.created}")
    word.add_paragraph().add_run(doc.caveat).italic = True
    counter = {"table": 0, "figure": 0}
    _docx_table(word, doc.provenance, counter)
    for number, chapter in enumerate(doc.chapters, start=1):
        word.add_heading(_printable(f"{number}. {chapter.title}"), level=1)
        for section in chapter.sections:
            if _heading(chapter, section):
                word.add_heading(_printable(section.title), level=2)
            for block in _shown(section.blocks):
                if isinstance(block, Paragraph):
                    paragraph = word.add_paragraph()
                    run = paragraph.add_run(_printable(block.text))
                    run.italic = block.kind == "note"
                    run.bold = block.kind == "lead"
                elif isinstance(block, (Table, Metrics)):
                    _docx_table(word, block if isinstance(block, Table)
                                else _metrics_table(block), counter)
                elif isinstance(block, Metric):
                    word.add_paragraph(_printable(f"{block.label}: {block.text()}"))
                elif isinstance(block, Figure):
                    fig = block.figure()
                    counter["figure"] += 1
                    number = word.add_paragraph()
                    number.add_run(f"Figure {counter['figure']}").bold = True
                    title = html.unescape((fig.layout.title.text or block.name)
                                          .replace("<br>", " "))
                    caption = word.add_paragraph()
                    caption.add_run(_printable(title)).italic = True
                    for paragraph in (number, caption):
                        paragraph.paragraph_format.keep_with_next = True
                    # APA: the title is the caption above the figure, not inside it
                    png = (figure_png(go.Figure(fig).update_layout(title_text="", margin_t=40))
                           if images else None)
                    if png:
                        word.add_picture(io.BytesIO(png), width=Inches(6.3))
                    else:
                        word.add_paragraph("The chart is in the HTML version of this report.")
    word.add_heading("Methods", level=1)
    for line in doc.methods:
        word.add_paragraph(_printable(line))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _docx_table(word, table: Table, counter: dict) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    frame = table.formatted()
    counter["table"] += 1
    number = word.add_paragraph()
    number.add_run(f"Table {counter['table']}").bold = True
    number.paragraph_format.keep_with_next = True  # never a caption alone at a page's end
    if table.title:
        title = word.add_paragraph()
        title.add_run(_printable(table.title)).italic = True
        title.paragraph_format.keep_with_next = True
    size = Pt(9 if len(frame.columns) <= 6 else 7.5)  # wide tables: smaller, words unbroken
    out = word.add_table(rows=1, cols=len(frame.columns))
    out.autofit = True
    header = out.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # the header row again on every page
    for cell, name in zip(out.rows[0].cells, frame.columns):
        cell.text = ""
        run = cell.paragraphs[0].add_run(_printable(name))
        run.bold, run.font.size = True, size
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    for row in frame.itertuples(index=False):
        added = out.add_row()
        added._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays whole
        for cell, value in zip(added.cells, row):
            cell.text = ""
            cell.paragraphs[0].add_run(_printable(value)).font.size = size
    borders = OxmlElement("w:tblBorders")  # APA: rules above and below the header and the table
    for edge, size in (("top", 12), ("bottom", 12), ("insideH", 0)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if size else "nil")
        element.set(qn("w:sz"), str(size))
        borders.append(element)
    out._tbl.tblPr.append(borders)
    for cell in out.rows[0].cells:
        properties = cell._tc.get_or_add_tcPr()
        cell_borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "6")
        cell_borders.append(bottom)
        properties.append(cell_borders)
