"""The complete report: one document built from the analysis results, written as self-contained
HTML (charts embedded, works offline, prints cleanly), Markdown or Word (.docx).

The Report page and ``python -m analysis report --format html|markdown|docx`` both call
:func:`build_document`, so the two give the same report.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import platform
from dataclasses import dataclass, field
from importlib import metadata

import pandas as pd
import plotly.graph_objects as go
import plotly.offline

from analysis import apa, compare, subgroups, trends
from analysis.dataset import OUTCOME, PROBLEMS, Dataset
from analysis.descriptives import describe_outcome
from analysis.errors import DataError
from analysis.samples import outcome_samples
from analysis.suppression import hide_small_months, large_enough, suppress_table
from reports import charts
from reports.methods import METHODS
from reports.tables import (
    comparison_tables,
    fmt_ci,
    fmt_p,
    problem_table_text,
    summary_table_suppressed,
)

SECTIONS = {"data": "Data and exclusions", "satisfaction": "Satisfaction comparison",
            "problems": "Problem types", "subgroups": "Subgroups and confounding",
            "trends": "Trends"}
CAVEAT = ("Clients chose how they were seen, so the differences reported here are associations "
          "between delivery mode and the outcomes, not effects of the mode. The adjusted "
          "comparison removes only the differences that were measured.")
PACKAGES = ("pandas", "numpy", "scipy", "statsmodels", "plotly", "streamlit")


@dataclass
class Section:
    """A titled part of the report: paragraphs, tables and figures, in order."""

    key: str
    title: str
    blocks: list = field(default_factory=list)

    def text(self, value: str) -> None:
        self.blocks.append(("text", value))

    def table(self, frame: pd.DataFrame, title: str) -> None:
        self.blocks.append(("table", (title, frame)))

    def figure(self, fig: go.Figure) -> None:
        self.blocks.append(("figure", fig))


@dataclass
class Document:
    title: str
    created: str
    provenance: pd.DataFrame
    sections: list[Section]
    methods: list[str]
    caveat: str = CAVEAT


def versions() -> str:
    found = [f"Python {platform.python_version()}"]
    for name in PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def build_document(dataset: Dataset, frame: pd.DataFrame, source: dict, *,
                   sections: list[str], groups: tuple[str, str],
                   margin: float | None = None, threshold: int | None = None,
                   filters: tuple[str, ...] = (), covariates: tuple[str, ...] | None = None
                   ) -> Document:
    """Run the analyses for ``sections`` on ``frame`` (the filtered rows) and lay them out.

    ``source`` describes the file (name, sha256, n_rows; as ``LoadedTable.to_dict``).
    ``threshold`` turns on small-cell suppression in every table and chart.
    """
    a, b = groups
    used: dict[str, str] = {}
    built = []
    for key in sections:
        section = Section(key, SECTIONS[key])
        try:
            {"data": _data, "satisfaction": _satisfaction, "problems": _problems,
             "subgroups": _subgroups, "trends": _trends}[key](
                section, dataset, frame, groups=groups, margin=margin, threshold=threshold,
                used=used, covariates=covariates)
        except DataError as exc:
            section.text(f"Not available: {exc.message}")
        built.append(section)
    provenance = pd.DataFrame([
        ("File", source["file_name"]), ("SHA-256 of the file", source["sha256"]),
        ("Rows read", f"{source['n_rows']:,}"),
        ("Clients after filters", f"{int(frame['weight'].sum()):,}"),
        *[(f"Clients used: {k}", v) for k, v in used.items()],
        ("Filters", "; ".join(filters) or "none"),
        ("Small-cell suppression", f"counts under {threshold} hidden" if threshold else "off"),
        ("Groups compared", f"{a} (A) vs {b} (B); differences are A minus B"),
        ("Software", f"CounselCompare; {versions()}"),
    ], columns=["item", "value"])
    return Document("CounselCompare report", dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                    provenance, built, methods_text(sections, margin))


def methods_text(sections: list[str], margin: float | None) -> list[str]:
    """The methods paragraph: every test that ran and why it was chosen."""
    keys = []
    if "satisfaction" in sections:
        keys += ["welch", "student", "mann_whitney", "cohens_d", "tost", "bayes", "assumptions"]
    if "problems" in sections:
        keys += ["chi_square", "residuals", "fisher"]
    if "subgroups" in sections:
        keys += ["subgroups"]
    lines = [f"{METHODS[k].name}: {METHODS[k].what} {METHODS[k].when} ({METHODS[k].reference})"
             for k in keys]
    if margin is not None and "satisfaction" in sections:
        lines.append(f"The equivalence margin was ±{margin:g} outcome points.")
    lines.append("All tests are two-sided at alpha = .05; confidence intervals are 95% unless "
                 "stated. Rows with a missing value are left out of the analyses that need it "
                 "and counted beside each result.")
    return lines


def _data(section: Section, dataset: Dataset, frame: pd.DataFrame, **_) -> None:
    roles = pd.DataFrame([(r, c) for r, c in dataset.roles.mapped().items()],
                         columns=["role", "column"])
    section.table(roles, "Columns used")
    mapping = dataset.mode_mapping.rename(columns={"original": "label in the file"})
    section.table(mapping, "How each delivery-mode label was read")
    issues = dataset.validation.to_frame()
    if issues.empty:
        section.text("No data problems were found.")
    else:
        section.table(issues[["severity", "column", "rows", "problem", "affects"]],
                      "Data problems found (row numbers count the header as row 1)")


def _satisfaction(section, dataset, frame, *, groups, margin, threshold, used, **_) -> None:
    if dataset.validation.blocking(OUTCOME):
        raise DataError(dataset.validation.blocking(OUTCOME)[0].message, "blocked")
    label = dataset.outcome_label
    scale_max = dataset.scale[1] if dataset.scale else None
    summary = describe_outcome(frame, scale_max=scale_max)
    section.table(summary_table_suppressed(summary, threshold), f"Descriptives of {label}")
    section.text(summary.exclusions.text())
    visible = large_enough(summary.groups, threshold)
    if visible:
        means = type(summary)(visible, summary.exclusions, summary.confidence_level)
        section.figure(charts.means_chart(means, outcome_label=label, scale=dataset.scale))
        samples = {g: s for g, s in outcome_samples(frame)[0].items()
                   if g in {v.group for v in visible}}
        section.figure(charts.distribution_chart(samples, "box", outcome_label=label))
    small_groups = [g.group for g in summary.groups if g.group in groups and threshold
                    and g.n < threshold]
    if small_groups:
        section.text(f"Not compared: with counts under {threshold} hidden, "
                     f"{', '.join(small_groups)} is too small to show.")
        return
    sd = max((g.sd for g in summary.groups if g.n > 1), default=1.0)
    margin = margin if margin is not None else apa.default_margin(dataset.scale, sd)
    result = compare.compare_outcome(frame, groups=groups, margin=margin, scale_max=scale_max)
    used["satisfaction"] = f"{result.exclusions.n_used:,} ({result.exclusions.text()})"
    section.text(apa.plain_reading(result, label))
    for sentence in apa.outcome_sentences(result, label):
        section.text(sentence)
    tests, effects = comparison_tables(result)
    section.table(tests, "Tests (Welch's t is the primary test)")
    section.table(effects, "Effect sizes")
    t = result.tost
    section.figure(charts.equivalence_chart(t.mean_diff, t.ci.low, t.ci.high, (t.low, t.high),
                                            level=1 - 2 * t.alpha,
                                            label=f"{groups[0]} − {groups[1]}"))
    for note in apa.assumption_notes(result):
        section.text(note)


def _problems(section, dataset, frame, *, groups, threshold, used, **_) -> None:
    if dataset.validation.blocking(PROBLEMS):
        raise DataError(dataset.validation.blocking(PROBLEMS)[0].message, "blocked")
    result = compare.analyse_problems(frame, sep=dataset.problem_sep, groups=groups)
    table = result.table
    hidden = suppress_table(table.counts, threshold)[0] if threshold else None
    section.table(problem_table_text(table.counts, table.percent_of_mode(), hidden, threshold),
                  "Problem types: clients (% of the mode's clients)")
    section.text(table.exclusions.text())
    used["problem types"] = f"{table.exclusions.n_used:,}"
    section.figure(charts.problems_chart(table, top=len(table.counts), hidden=hidden))
    for line in apa.problem_sentences(result):
        section.text(line)
    if result.residuals is not None:
        shown = result.residuals
        if hidden is not None:
            shown = shown.mask(hidden.reindex_like(shown).fillna(False).astype(bool))
        section.figure(charts.residual_heatmap(shown))
    rows = result.per_problem
    section.figure(charts.forest_chart(
        [r.problem for r in rows], [r.odds_ratio for r in rows], [r.ci.low for r in rows],
        [r.ci.high for r in rows], reference=1, log_x=True,
        highlight=[r.p_holm < 0.05 for r in rows],
        title=f"Odds of each problem, {groups[0]} vs {groups[1]} (95% CI)", x_title="odds ratio"))
    per_problem = pd.DataFrame([{
        "problem": r.problem, "odds ratio": f"{r.odds_ratio:.2f}",
        "95% CI": fmt_ci(r.ci.low, r.ci.high), "p": fmt_p(r.p), "p (Holm)": fmt_p(r.p_holm),
        "note": r.note} for r in rows])
    section.table(per_problem, "Each problem type: Fisher's exact test")


def _subgroups(section, dataset, frame, *, groups, threshold, used, covariates, **_) -> None:
    if dataset.validation.blocking(OUTCOME):
        raise DataError(dataset.validation.blocking(OUTCOME)[0].message, "blocked")
    section.text(CAVEAT)
    if dataset.has["problem"]:
        rows = subgroups.compare_within_problems(frame, groups=groups, sep=dataset.problem_sep)
        rows = [r for r in rows if not r.note and (threshold is None or
                                                   min(r.n_a, r.n_b) >= threshold)]
        section.table(pd.DataFrame([{
            "problem": r.problem, "difference": f"{r.mean_diff:.2f}",
            "95% CI": fmt_ci(r.ci.low, r.ci.high), "p": fmt_p(r.p), "p (Holm)": fmt_p(r.p_holm)}
            for r in rows]), "Difference A − B within each problem type (Welch)")
    if covariates is None:
        covariates = tuple(c for c in ("problem", "age") if dataset.has[c])
    if covariates:
        adjusted = subgroups.adjusted_mode_effect(frame, groups=groups, covariates=list(covariates))
        u, d = adjusted.unadjusted, adjusted.adjusted
        used["adjusted comparison"] = f"{adjusted.exclusions.n_used:,}"
        section.table(pd.DataFrame([
            {"model": "raw", "difference": f"{u.estimate:.2f}", "95% CI": fmt_ci(u.ci.low, u.ci.high),
             "p": fmt_p(u.p)},
            {"model": "adjusted for " + ", ".join(covariates), "difference": f"{d.estimate:.2f}",
             "95% CI": fmt_ci(d.ci.low, d.ci.high), "p": fmt_p(d.p)}]),
            "Mode difference, raw and adjusted (OLS, HC3 robust standard errors)")


def _trends(section, dataset, frame, *, threshold, **_) -> None:
    if not dataset.has["date"]:
        raise DataError("the data have no date column.", "no_dates")
    table, exclusions = trends.monthly(frame)
    if threshold:
        table = hide_small_months(table, threshold)
    section.figure(charts.trend_chart(table, value="clients", title="Clients per month",
                                      y_title="clients"))
    if table["mean"].notna().any():
        section.figure(charts.trend_chart(table, value="mean", title="Monthly mean with 95% CI",
                                          y_title=dataset.outcome_label))
    section.text(exclusions.text())


# ---- writers ------------------------------------------------------------------------------

PRINT_CSS = """
body { font-family: "Source Sans Pro", Arial, sans-serif; max-width: 1000px; margin: 2em auto;
       color: #222; line-height: 1.45; padding: 0 1em; }
h1 { margin-bottom: 0; } .created { color: #666; margin-top: 0.2em; }
table.apa { border-collapse: collapse; margin: 0.5em 0 1.2em; font-size: 0.92em; }
table.apa th { border-top: 2px solid #222; border-bottom: 1px solid #222; text-align: left;
               padding: 4px 10px; }
table.apa td { padding: 3px 10px; } table.apa tr:last-child td { border-bottom: 2px solid #222; }
.table-title { font-style: italic; margin-bottom: 0.2em; } .caveat { background: #eef5fb;
  padding: 0.6em 1em; border-left: 4px solid #0072B2; }
@media print {
  section { page-break-before: always; } .figure { page-break-inside: avoid; }
  body { max-width: none; margin: 0; } a { color: inherit; text-decoration: none; }
}
"""


def to_html(doc: Document) -> str:
    """A single self-contained HTML page: plotly.js inline (no network), print-friendly."""
    parts = [f"<h1>{html.escape(doc.title)}</h1>",
             f"<p class='created'>Created {html.escape(doc.created)}</p>",
             f"<p class='caveat'>{html.escape(doc.caveat)}</p>",
             _html_table(doc.provenance, "Data provenance")]
    for number, section in enumerate(doc.sections, start=1):
        parts.append(f"<section id='{section.key}'><h2>{number}. {html.escape(section.title)}</h2>")
        for kind, value in section.blocks:
            if kind == "text":
                parts.append(f"<p>{html.escape(value)}</p>")
            elif kind == "table":
                parts.append(_html_table(value[1], value[0]))
            else:
                parts.append("<div class='figure'>" + value.to_html(
                    full_html=False, include_plotlyjs=False,
                    config={"displaylogo": False, "responsive": True}) + "</div>")
        parts.append("</section>")
    parts.append("<section id='methods'><h2>Methods</h2>"
                 + "".join(f"<p>{html.escape(line)}</p>" for line in doc.methods) + "</section>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{html.escape(doc.title)}</title><style>{PRINT_CSS}</style>"
            f"<script>{plotly.offline.get_plotlyjs()}</script></head><body>"
            + "\n".join(parts) + "</body></html>")


def _html_table(frame: pd.DataFrame, title: str) -> str:
    return (f"<p class='table-title'>{html.escape(title)}</p>"
            + frame.to_html(index=False, escape=True, classes="apa", border=0, na_rep=""))


def to_markdown(doc: Document) -> str:
    """The report as Markdown (charts are in the HTML and Word versions)."""
    lines = [f"# {doc.title}", "", f"Created {doc.created}", "", f"> {doc.caveat}", "",
             _md_table(doc.provenance, "Data provenance")]
    for number, section in enumerate(doc.sections, start=1):
        lines += [f"## {number}. {section.title}", ""]
        for kind, value in section.blocks:
            if kind == "text":
                lines += [_md_escape(value), ""]
            elif kind == "table":
                lines.append(_md_table(value[1], value[0]))
        figures = sum(kind == "figure" for kind, _ in section.blocks)
        if figures:
            lines += [f"*{figures} chart(s) in the HTML report.*", ""]
    lines += ["## Methods", ""] + [_md_escape(line) + "\n" for line in doc.methods]
    return "\n".join(lines)


def _md_escape(text: object) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in str(text))


def _md_table(frame: pd.DataFrame, title: str) -> str:
    header = "| " + " | ".join(_md_escape(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(_md_escape("" if pd.isna(v) else v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([f"*{_md_escape(title)}*", "", header, rule, *rows, ""])


def to_docx(doc: Document) -> bytes:
    """The report as a Word document with APA-style tables (numbered, italic titles, horizontal
    rules only); the charts are in the HTML version."""
    from docx import Document as WordDocument
    from docx.shared import Pt

    word = WordDocument()
    word.styles["Normal"].font.name = "Calibri"
    word.styles["Normal"].font.size = Pt(11)
    word.add_heading(doc.title, level=0)
    word.add_paragraph(f"Created {doc.created}")
    word.add_paragraph().add_run(doc.caveat).italic = True
    counter = [0]
    _docx_table(word, doc.provenance, "Data provenance", counter)
    for number, section in enumerate(doc.sections, start=1):
        word.add_heading(f"{number}. {section.title}", level=1)
        for kind, value in section.blocks:
            if kind == "text":
                word.add_paragraph(value)
            elif kind == "table":
                _docx_table(word, value[1], value[0], counter)
    word.add_heading("Methods", level=1)
    for line in doc.methods:
        word.add_paragraph(line)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _docx_table(word, frame: pd.DataFrame, title: str, counter: list[int]) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    counter[0] += 1
    word.add_paragraph().add_run(f"Table {counter[0]}").bold = True
    word.add_paragraph().add_run(title).italic = True
    table = word.add_table(rows=1, cols=len(frame.columns))
    for cell, name in zip(table.rows[0].cells, frame.columns):
        cell.text = ""
        cell.paragraphs[0].add_run(str(name)).bold = True
    for row in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = "" if pd.isna(value) else str(value)
    borders = OxmlElement("w:tblBorders")  # APA: rules above and below the header and the table
    for edge, size in (("top", 12), ("bottom", 12), ("insideH", 0)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if size else "nil")
        element.set(qn("w:sz"), str(size))
        borders.append(element)
    table._tbl.tblPr.append(borders)
    for cell in table.rows[0].cells:
        properties = cell._tc.get_or_add_tcPr()
        cell_borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "6")
        cell_borders.append(bottom)
        properties.append(cell_borders)
