"""The Overview's sections: the answer in brief, clients per mode, and data quality (the
outcome and problem-type parts come from ``outcome`` and ``problems``)."""

from __future__ import annotations

import pandas as pd

from analysis.data.dataset import OUTCOME, PROBLEMS
from analysis.errors import DataError
from analysis.formats import ci as fmt_ci
from analysis.formats import df_text, num, p_text
from analysis.groups import group_sizes
from reports import charts, privacy
from reports.blocks import Figure, Link, Metric, Metrics, Paragraph, SectionBuilder
from reports.context import Context
from reports.sections import binary, outcome, problems

OBSERVATIONAL = ("Clients choose how they are seen, so differences between modes are "
                 "associations, not effects of the mode.")


def _sizes(frame: pd.DataFrame):
    return group_sizes(frame)


def clients(ctx: Context) -> tuple[dict[str, int], list[str]]:
    """Clients per delivery mode shown (largest first) and the modes left out (below k)."""
    every = ctx.run(_sizes)
    shown, left_out = privacy.groups_in_scope(every, ctx.k)
    return {m: every[m] for m in shown}, left_out


def caption(ctx: Context) -> str:
    """"Data: file · N = 1,500 clients in 2 delivery modes after filters (no filters)"."""
    shown, left_out = clients(ctx)
    total = sum(shown.values())
    active = "; ".join(ctx.filters) if ctx.filters else "no filters"
    text = (f"N = {total:,} {ctx.unit} in {len(shown)} delivery mode"
            f"{'' if len(shown) == 1 else 's'} after filters ({active})")
    without = ctx.frame["mode"].isna() | (ctx.frame["weight"] <= 0)
    if without.any():
        text += f"; {int(without.sum()):,} rows without a usable mode left out"
    if left_out:
        text += f"; {len(left_out)} mode(s) with fewer than {ctx.k} {ctx.unit} not shown"
    return text


def headline_sections(ctx: Context) -> list:
    """The answer in brief: what the outcome comparison says in words, its statistics, where
    the margin comes from, and the problem-type test; each linking to its page."""
    section = SectionBuilder("answer", "The answer in brief")
    section.add(Paragraph(OBSERVATIONAL, "info"))
    report = ctx.dataset.validation
    pair = outcome.default_pair(ctx) if ctx.dataset.has["outcome"] else None
    if not report.blocking(OUTCOME) and pair is not None:
        try:
            margin = outcome.margin(ctx)
            result = outcome.comparison(ctx, pair=pair, margin=margin.value)
        except DataError as exc:
            section.add(Paragraph(f"{ctx.outcome_label}: {exc.message}", "note"))
        else:
            w, d, t = result.welch, result.cohens_d, result.tost
            from analysis import apa

            section.add(
                Paragraph(apa.plain_reading(result, ctx.outcome_label, unit=ctx.unit,
                                            margin=margin, scale=ctx.dataset.scale), "lead"),
                Paragraph(f"{pair[0]} − {pair[1]}: Welch's t({df_text(w.df)}) = {num(w.t)}, "
                          f"{p_text(w.p)}; d = {num(d.value)}, 95% CI "
                          f"{fmt_ci(*d.ci.to_list())}; TOST within ±{t.high:g}: "
                          f"{p_text(t.p)}. Set your own margin on the Satisfaction page.",
                          "note"),
                Link("app_pages/satisfaction.py", f"{ctx.outcome_label} in detail"))
    elif report.blocking(OUTCOME):
        issue = report.blocking(OUTCOME)[0]
        section.add(Paragraph(f"{issue.message} {issue.action}", "note"))
    pair_p = _problem_pair(ctx)
    if not report.blocking(PROBLEMS) and pair_p is not None:
        try:
            lines = problems.headline(ctx, pair_p)
        except DataError as exc:
            lines = [Paragraph(f"Problem types: {exc.message}", "note")]
        section.add(*lines, Link("app_pages/problems.py", "Problem types in detail"))
    section.add(*_yes_no_lines(ctx))
    if pair is None and pair_p is None:
        section.add(Paragraph("Two delivery modes are needed for a comparison.", "info"))
    return [section.build()]


def _yes_no_lines(ctx: Context) -> list:
    """The first yes/no outcome (dropout, say) of the two largest modes in words, with a link;
    nothing when the data have none or a count it uses is hidden."""
    from analysis.groups import default_groups

    columns = binary.columns(ctx)
    if not columns:
        return []
    column = columns[0]
    event = binary.events(ctx, column)[0]
    try:
        shown = list(binary.result(ctx, column, event)[0].by_group)
        pair = default_groups(shown)
        lines = binary.overview_lines(ctx, column, event, pair) if pair else []
    except DataError as exc:
        return [Paragraph(f"{column}: {exc.message}", "note")]
    return [*lines, Link("app_pages/yes_no.py", "Yes/no outcomes in detail")] if lines else []


def _problem_pair(ctx: Context):
    from analysis.groups import default_groups

    if not ctx.dataset.has["problem"]:
        return None
    return default_groups(problems.modes(ctx))


def clients_section(ctx: Context):
    """Clients per delivery mode: a tile each (with its share) and a bar chart."""
    shown, left_out = clients(ctx)
    unit = ctx.unit
    section = SectionBuilder("clients", f"{unit.capitalize()} per delivery mode")
    if not shown:
        return section.add(Paragraph(f"No {unit} have a usable delivery mode after the filters.",
                                     "warning")).build()
    total = sum(shown.values())
    of = f"of {unit} shown" if left_out else f"of {unit}"
    section.add(Metrics(tuple(Metric(mode, f"{n:,}", f"{n / total:.0%} {of}")
                              for mode, n in shown.items())))
    section.add(Figure("overview_clients", f"{unit}_per_mode",
                       lambda: charts.clients_chart(shown, unit=unit)))
    if left_out:
        section.add(Paragraph(privacy.left_out_note(left_out, ctx.k, unit), "note"))
    return section.build()


def quality_section(ctx: Context):
    """The data problems found, and a link to the full report (with small counts hidden, only
    how many there are: messages can name small counts)."""
    report = ctx.dataset.validation
    section = SectionBuilder("quality", "Data quality")
    if not report.issues:
        section.add(Paragraph(f"{report.n_rows:,} rows read; no problems found.", "info"))
    elif ctx.k:
        section.add(Paragraph(f"{len(report.errors)} error(s) and {len(report.warnings)} "
                              "warning(s) were found. Their details (row numbers, values, the "
                              "groups they concern) are on the Data page while small counts are "
                              "not hidden.", "note"))
    else:
        section.add(Paragraph(
            f"{report.n_rows:,} rows read: {len(report.errors)} error(s), "
            f"{len(report.warnings)} warning(s). Each analysis leaves out the rows it cannot use "
            "and says so under its result."))
        for issue in report.sorted():
            where = f" [{issue.column}]" if issue.column else ""
            section.add(Paragraph(f"{issue.severity.upper()}{where}: {issue.message}", "note"))
    section.add(Link("app_pages/data.py", "The full validation report and the column mapping"))
    return section.build()
