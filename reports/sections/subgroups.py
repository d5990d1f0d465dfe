"""Sections about confounding: the mode difference within each problem type, the mode x problem
interaction, and the covariate-adjusted mode effect beside the raw one."""

from __future__ import annotations

import pandas as pd

from analysis import apa, subgroups
from analysis.covariates import COVARIATE_ROLES
from analysis.errors import DataError
from analysis.options import ALPHA
from analysis.problems import keep_problems
from reports import charts, privacy
from reports.blocks import Cell, Column, CountTable, Figure, Paragraph, SectionBuilder, Table
from reports.context import Context

CAVEAT = ("Clients choose how they are seen, and the clients who choose online differ from those "
          "who choose face-to-face (in age and in the problems they bring, for a start). A raw "
          "difference between modes mixes the effect of the mode with these differences. "
          "Comparing within problem types and adjusting for measured covariates removes part of "
          "that; what was not measured stays mixed in.")


def _within(frame: pd.DataFrame, *, pair: tuple[str, str], sep, problems=None):
    if problems is not None:
        frame = keep_problems(frame, sep, list(problems))
    return subgroups.compare_within_problems(frame, groups=pair, sep=sep)


def _interaction(frame: pd.DataFrame, *, pair: tuple[str, str], problems=None):
    if problems is not None:
        frame = keep_problems(frame, None, list(problems))
    return subgroups.mode_problem_interaction(frame, groups=pair)


def _adjusted(frame: pd.DataFrame, *, pair: tuple[str, str], covariates: tuple[str, ...]):
    return subgroups.adjusted_mode_effect(frame, groups=pair, covariates=list(covariates))


def covariates(ctx: Context) -> list[str]:
    """The covariate roles the data have."""
    return [c for c in COVARIATE_ROLES if ctx.dataset.has.get(c)]


def within_section(ctx: Context, pair: tuple[str, str]):
    """Welch's t of A vs B within each problem type (forest plot and table, Holm-adjusted).
    With small counts hidden, problem types with a hidden n are listed but not tested."""
    a, b = pair
    sep = ctx.dataset.problem_sep
    section = SectionBuilder("within", "The difference within each problem type")
    if not ctx.dataset.has["problem"]:
        return section.add(Paragraph("No problem-type column is mapped.", "info")).build()
    rows = ctx.run(_within, pair=tuple(pair), sep=sep)
    n = CountTable(f"within:{a}:{b}", pd.DataFrame(
        {a: [r.n_a for r in rows], b: [r.n_b for r in rows]}, index=[r.problem for r in rows]),
        row_totals=False)
    section.uses(n)
    hidden = privacy.hidden_rows(n, ctx.k)
    if hidden:
        shown = [r.problem for r in rows if r.problem not in hidden]
        tested = {r.problem: r for r in ctx.run(_within, pair=tuple(pair), sep=sep,
                                               problems=tuple(shown))}
    else:
        tested = {r.problem: r for r in rows}
    drawn = [r for r in tested.values() if not r.note]
    if hidden:
        section.add(Paragraph(f"While small counts are hidden, {', '.join(hidden)} "
                              f"{'is' if len(hidden) == 1 else 'are'} not tested: Holm's "
                              "adjustment covers the problem types tested, so adjusted p-values "
                              "differ from the view with every count shown.", "note"))
    if drawn:
        section.add(Figure("within_forest", "within_problem_differences",
                           lambda: charts.forest_chart(
                               [r.problem for r in drawn], [r.mean_diff for r in drawn],
                               [r.ci.low for r in drawn], [r.ci.high for r in drawn],
                               reference=0, highlight=[r.p_holm < ALPHA for r in drawn],
                               title=f"{a} − {b} by problem type",
                               x_title=f"difference in {ctx.outcome_label}")),
                    Paragraph("Black: significant after Holm's adjustment across problem "
                              "types; grey: not.", "note"))
    body = []
    for r in rows:
        refs = frozenset({n.ref(r.problem, a), n.ref(r.problem, b)})
        t = tested.get(r.problem)
        note = ("not tested while small counts are hidden" if r.problem in hidden
                else (t.note if t else r.note))
        stats = ((t.mean_diff, (t.ci.low, t.ci.high), t.p, t.p_holm) if t and not t.note
                 else (None, None, None, None))
        body.append((r.problem, n.cell(r.problem, a), n.cell(r.problem, b),
                     *(Cell(v, refs) if v is not None else None for v in stats), note))
    columns = (Column("problem"), Column(f"n {a}", "int"), Column(f"n {b}", "int"),
               Column("difference", "num"), Column("95% CI", "ci"), Column("p", "p"),
               Column("p (Holm)", "p"), Column("note"))
    if not any(row[-1] for row in body):  # no row needs a note: no empty column
        columns, body = columns[:-1], [row[:-1] for row in body]
    section.add(Table("within_problem_differences",
                      f"{a} − {b} within each problem type (Welch's t)", columns, tuple(body)))
    section.add(_interaction_paragraph(ctx, pair, [p for p in tested]))
    return section.build()


def _interaction_paragraph(ctx: Context, pair, problems: list[str]) -> Paragraph:
    if ctx.dataset.problem_sep is not None:
        return Paragraph("The interaction test needs one problem per client; these data are "
                         "multi-label.", "note")
    try:
        inter = ctx.run(_interaction, pair=tuple(pair),
                        problems=tuple(problems) if ctx.k else None)
    except DataError as exc:
        return Paragraph(exc.message, "note")
    text = apa.interaction_reading(inter.f, inter.df1, inter.df2, inter.p, inter.n, ALPHA)
    return Paragraph(text + (f" ({inter.note})" if inter.note else ""))


def adjusted_section(ctx: Context, pair: tuple[str, str], chosen: list[str]):
    """The A - B difference raw and adjusted for the chosen covariates (OLS, HC3 errors)."""
    a, b = pair
    section = SectionBuilder("adjusted", "Adjusted for covariates")
    try:
        result = ctx.run(_adjusted, pair=tuple(pair), covariates=tuple(chosen))
    except DataError as exc:
        return section.add(Paragraph(exc.message, "info")).build()
    u, d = result.unadjusted, result.adjusted
    n = result.exclusions.n_used
    rows = ((f"raw (mode only; the same {n:,} {ctx.unit})", u.estimate, u.se,
             (u.ci.low, u.ci.high), u.p),
            ("adjusted for " + (", ".join(chosen) or "nothing"), d.estimate, d.se,
             (d.ci.low, d.ci.high), d.p))
    section.add(
        Table("adjusted_mode_effect",
              "Mode difference, raw and adjusted (OLS, HC3 robust standard errors)",
              (Column("model"), Column("difference", "num"), Column("robust SE", "num3"),
               Column("95% CI", "ci"), Column("p", "p")), rows),
        Paragraph(f"N = {result.exclusions.n_used:,} {ctx.unit} with every covariate known "
                  f"({result.formula}).", "note"),
        Paragraph(apa.adjustment_reading(a, b, u.estimate, d.estimate, list(chosen))))
    return section.build()
