"""Sections about a category by delivery mode, the presenting problems or any column's levels
(site, gender, status): the mode x category table (counts with the % of each mode and of each
category), bars, the chi-square with Cramér's V and residuals, and Fisher tests per category
with odds ratios. The count table is declared once (:func:`count_table`), so every page and
report hides the same cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from analysis import apa
from analysis.categories import compare_categories
from analysis.compare import analyse_problem_table
from analysis.formats import ci as fmt_ci
from analysis.formats import num, p_text, pretty_label
from analysis.problems import ProblemTable, problem_table
from reports import charts, privacy
from reports.blocks import (
    Cell,
    Column,
    CountTable,
    Figure,
    MethodHelp,
    Paragraph,
    SectionBuilder,
    Table,
    Tabs,
)
from reports.context import Context
from reports.sections.common import exclusions_note

#: Problem types drawn on the Overview (the most common ones).
CHART_TOP = 8
#: The row that holds the problem types pooled because a count of theirs is hidden.
POOLED = "other (small counts pooled)"


def _table(frame: pd.DataFrame, *, sep, groups=None) -> ProblemTable:
    return problem_table(frame, sep=sep, groups=None if groups is None else list(groups))


def _category_table(frame: pd.DataFrame, *, column: str, groups=None) -> ProblemTable:
    """A column's levels by mode as a mode x category table (one level per client)."""
    found = compare_categories(frame, column, modes=None if groups is None else list(groups))
    counts = found.counts.rename_axis(index="problem", columns="mode")
    return ProblemTable(counts, counts.sum(axis=0), False, found.exclusions)


@dataclass(frozen=True, slots=True)
class Topic:
    """What the table tabulates by mode: the problem types, or one column's levels.

    ``row`` titles the first column and names a category in sentences; ``plural`` names them
    all ("problem types", or the column); ``tabulate(frame, groups=..., **args)`` counts them.
    """

    key: str
    title: str
    row: str
    plural: str
    tabulate: Callable
    args: tuple = ()
    page: str = "app_pages/problems.py"


def problem_topic(ctx: Context) -> Topic:
    return Topic("problems", "Problem types", "problem", "problem types", _table,
                 (("sep", ctx.dataset.problem_sep),))


def category_topic(column: str) -> Topic:
    return Topic(f"category:{column}", pretty_label(column), column, column, _category_table,
                 (("column", column),), "app_pages/categories.py")


def table(ctx: Context, topic: Topic | None = None
          ) -> tuple[ProblemTable, CountTable, list[str]]:
    """The mode x category table of the modes shown, its count table (what privacy protects),
    and the modes left out (fewer than k clients with a category recorded)."""
    topic = topic or problem_topic(ctx)
    every = ctx.run(topic.tabulate, **dict(topic.args))
    shown, left_out = privacy.groups_in_scope(every.clients.to_dict(), ctx.k)
    result = every if not left_out else ctx.run(topic.tabulate, **dict(topic.args),
                                                 groups=tuple(shown))
    return result, count_table(result, topic.key), left_out


def count_table(result: ProblemTable, key: str = "problems") -> CountTable:
    """Categories x modes. Row totals are published (row percentages), column totals too when
    each client has one category (then they are the mode's clients, the % denominators)."""
    single = not result.multi_label
    return CountTable(key, result.counts, row_totals=True, col_totals=single,
                      grand_total=single)


def modes(ctx: Context, topic: Topic | None = None) -> list[str]:
    return [str(m) for m in table(ctx, topic)[0].counts.columns]


def table_section(ctx: Context, *, stacked: bool = False, topic: Topic | None = None):
    """The table (as % of each mode and as % of each category) and the bar chart."""
    topic = topic or problem_topic(ctx)
    result, counts, left_out = table(ctx, topic)
    unit = ctx.unit
    section = SectionBuilder("problem_table" if topic.key == "problems" else "category_table",
                             f"{topic.title} per mode").uses(counts)
    by_mode, by_problem = _percent_tables(result, counts, unit, topic)
    section.add(Tabs((f"% of each mode's {unit}", f"% of each {topic.row}'s {unit}"),
                     ((by_mode,), (by_problem,))),
                exclusions_note(result.exclusions, unit))
    if result.multi_label:
        section.add(Paragraph(f"{unit.capitalize()} can list several problems: each problem "
                              f"counts everyone who lists it, so a mode's percentages add up to "
                              "more than 100%.", "note"))
    section.add(*(Paragraph(line, "note") for line in privacy.notes(
        ctx.k, left_out, unit, drawn="The chart leaves out what the table hides.")))
    section.add(Figure("problem_bars", "problem_types" if topic.key == "problems" else
                       "categories", lambda values: _bars(values, result, unit, stacked),
                       data=by_mode))
    return section.build()


def _percent_tables(result: ProblemTable, counts: CountTable, unit: str,
                    topic: Topic) -> tuple[Table, Table]:
    modes = [str(m) for m in result.counts.columns]
    pct_mode, pct_problem = result.percent_of_mode(), result.percent_of_problem()
    columns = (Column(topic.row),) + tuple(c for m in modes for c in (Column(f"{m}", "int"),
                                                                       Column(f"{m} %", "pct")))
    mode_rows, problem_rows = [], []
    for problem in result.counts.index:
        row_m, row_p = [problem], [problem]
        for m in modes:
            cell = counts.cell(problem, m)
            row_m += [cell, Cell(pct_mode.at[problem, m], frozenset({cell.count,
                                                                      counts.ref(None, m)}))]
            row_p += [cell, Cell(pct_problem.at[problem, m], frozenset({cell.count,
                                                                         counts.ref(problem)}))]
        mode_rows.append(tuple(row_m))
        problem_rows.append(tuple(row_p))
    name = "problem_types" if topic.key == "problems" else "categories"
    return (Table(name, f"{topic.title}: {unit} and % of each mode's {unit}",
                  columns, tuple(mode_rows)),
            Table(f"{name}_by_{topic.row}",
                  f"{topic.title}: {unit} and % of each {topic.row}'s {unit}", columns,
                  tuple(problem_rows)))


def _bars(values: pd.DataFrame, result: ProblemTable, unit: str, stacked: bool):
    modes = [str(m) for m in result.counts.columns]
    index = values[values.columns[0]]
    pct = pd.DataFrame({m: values[f"{m} %"].to_numpy(dtype=float) for m in modes}, index=index)
    n = pd.DataFrame({m: values[m].to_numpy(dtype=float) for m in modes}, index=index)
    return charts.problems_chart(pct, n, multi_label=result.multi_label, stacked=stacked,
                                 unit=unit)


def top_section(ctx: Context, k_top: int = 3):
    """The most common problem types of each mode (from the same protected table)."""
    result, counts, left_out = table(ctx)
    pct = result.percent_of_mode()
    rows = []
    for mode in result.counts.columns:
        ranked = result.counts[mode].sort_values(ascending=False, kind="stable").head(k_top)
        for problem, n in ranked.items():
            if n > 0:
                cell = counts.cell(problem, mode)
                rows.append((str(mode), problem, cell,
                             Cell(pct.at[problem, mode], frozenset({cell.count,
                                                                    counts.ref(None, mode)}))))
    section = SectionBuilder("top_problems", "Most common problem types").uses(counts)
    by_mode, _ = _percent_tables(result, counts, ctx.unit, problem_topic(ctx))
    top = replace(by_mode, rows=by_mode.rows[:CHART_TOP])
    section.add(Table("top_problems", f"The {k_top} most common problem types of each mode",
                      (Column("mode"), Column("problem"), Column(ctx.unit, "int"),
                       Column("% of the mode", "pct")), tuple(rows)),
                exclusions_note(result.exclusions, ctx.unit),
                Figure("top_problem_bars", "problem_types",
                       lambda values: _bars(values, result, ctx.unit, False), data=top))
    if left_out:
        section.add(Paragraph(privacy.left_out_note(left_out, ctx.k, ctx.unit), "note"))
    return section.build()


def analysis(ctx: Context, pair: tuple[str, str], topic: Topic | None = None):
    """The A vs B analysis. With small counts hidden, categories with a hidden count are
    pooled into one row for the chi-square and are not tested one by one."""
    topic = topic or problem_topic(ctx)
    result, counts, _ = table(ctx, topic)
    hidden = privacy.hidden_rows(counts, ctx.k, list(pair))
    return ctx.run(_analysis, tabulate=topic.tabulate, args=topic.args,
                   shown=tuple(result.counts.columns), pair=tuple(pair),
                   pooled=tuple(hidden)), hidden


def _analysis(frame: pd.DataFrame, *, tabulate: Callable, args: tuple, shown: tuple[str, ...],
              pair: tuple[str, str], pooled: tuple[str, ...]):
    result = tabulate(frame, **dict(args), groups=shown)
    if pooled:
        kept = result.counts.drop(index=list(pooled))
        merged = pd.concat([kept, result.counts.loc[list(pooled)].sum().to_frame(POOLED).T])
        result = ProblemTable(merged, result.clients, result.multi_label, result.exclusions)
    tested = [p for p in result.counts.index if p != POOLED]
    return analyse_problem_table(result, groups=pair, tested=tested)


def _pooled_name(hidden: list[str], topic: Topic) -> dict[str, str]:
    return {POOLED: f"the small {topic.plural} pooled ({', '.join(hidden)})"}


def _pooled_note(hidden: list[str], topic: Topic) -> str:
    return (f"While small counts are hidden, {', '.join(hidden)} "
            f"{'is' if len(hidden) == 1 else 'are'} tested together as '{POOLED}' and not one by "
            f"one; Holm's and BH's adjustments cover the {topic.plural} tested one by one, so "
            "adjusted p-values differ from the view with every count shown.")


def test_sections(ctx: Context, pair: tuple[str, str], topic: Topic | None = None):
    """The chi-square with Cramér's V and the residual heat map; a Fisher test per category
    with odds ratios (forest plot and table)."""
    topic = topic or problem_topic(ctx)
    a, b = pair
    result, hidden = analysis(ctx, pair, topic)
    _, counts, _ = table(ctx, topic)
    problems = topic.key == "problems"
    omnibus = SectionBuilder("problem_test" if problems else "category_test",
                             f"Does the {'problem' if problems else topic.plural} mix differ "
                             "between the two?")
    omnibus.add(Paragraph(apa.problem_reading(result, unit=ctx.unit,
                                              names=_pooled_name(hidden, topic),
                                              what=topic.plural), "lead"),
                *(Paragraph(note, "info") for note in result.notes))
    if hidden:
        omnibus.add(Paragraph(_pooled_note(hidden, topic), "note"))
    x = result.chi_square
    if x is not None:
        omnibus.add(Paragraph(
            f"Pearson's chi-square({x.df}, N = {x.n:,}) = {num(x.statistic)}, {p_text(x.p)}; "
            f"Cramér's V = {num(x.cramers_v)}, 95% CI {fmt_ci(*x.cramers_v_ci.to_list())}; "
            f"likelihood-ratio G = {num(x.g)}, {p_text(x.g_p)}. No Yates correction."),
            *(Paragraph(note, "note") for note in x.notes))
        if x.monte_carlo_p is not None:
            omnibus.add(Paragraph(f"Monte Carlo {p_text(x.monte_carlo_p)}."))
        omnibus.add(MethodHelp("chi_square"))
        residuals = result.residuals
        omnibus.add(Figure("problem_residuals", "adjusted_residuals",
                           lambda: charts.residual_heatmap(residuals)),
                    Paragraph("Adjusted standardized residuals: beyond ±1.96 a cell has clearly "
                              f"more (+) or fewer (−) than if {topic.row} and mode were "
                              "unrelated.", "note"),
                    MethodHelp("residuals"))
    rows = result.per_problem
    one_by_one = SectionBuilder("per_problem" if problems else "per_category",
                                f"Each {topic.row} on its own (Fisher's exact test, "
                                "Holm-adjusted)", level=3).uses(counts)
    one_by_one.add(
        Figure("problem_forest", "odds_ratios", lambda: charts.forest_chart(
            [r.problem for r in rows], [r.odds_ratio for r in rows], [r.ci.low for r in rows],
            [r.ci.high for r in rows], reference=1, log_x=True,
            highlight=[r.p_holm < 0.05 for r in rows],
            title=f"Odds ratios, {a} vs {b}",
            x_title=f"odds ratio (above 1: more common in {a})")),
        Paragraph(f"Black: significant after Holm's adjustment across {topic.plural}; grey: "
                  "not.", "note"),
        MethodHelp("fisher"),
        _per_problem_table(rows, counts, pair, ctx.unit, topic))
    return [omnibus.build(), one_by_one.build()]


def _per_problem_table(rows, counts: CountTable, pair: tuple[str, str], unit: str,
                       topic: Topic) -> Table:
    a, b = pair
    body = []
    for r in rows:
        refs = frozenset({counts.ref(r.problem, a), counts.ref(r.problem, b),
                          counts.ref(None, a), counts.ref(None, b)})
        cells = [Cell.of_count(r.a_with, counts.ref(r.problem, a)),
                 Cell(r.a_without, refs), Cell.of_count(r.b_with, counts.ref(r.problem, b)),
                 Cell(r.b_without, refs)]
        method = "exact" if r.or_method.startswith("conditional") else "Woolf"
        body.append((r.problem, *cells, Cell(r.odds_ratio, refs),
                     Cell((r.ci.low, r.ci.high), refs), Cell(r.p, refs), Cell(r.p_holm, refs),
                     Cell(r.p_bh, refs), method) + ((r.note,) if any(x.note for x in rows)
                                                    else ()))
    columns = (Column(topic.row), Column(f"{a} with", "int"), Column(f"{a} without", "int"),
               Column(f"{b} with", "int"), Column(f"{b} without", "int"),
               Column("odds ratio", "num"), Column("95% CI", "ci"), Column("p", "p"),
               Column("p (Holm)", "p"), Column("p (BH)", "p"), Column("OR method"))
    if any(r.note for r in rows):
        columns += (Column("note"),)
    return Table("per_problem_tests" if topic.key == "problems" else "per_category_tests",
                 f"Each {topic.row}: {unit} with and without it, "
                 "Fisher's exact test (OR method: exact conditional CI, or Woolf's for large "
                 "cells)", columns, tuple(body))


def headline(ctx: Context, pair: tuple[str, str]) -> list[Paragraph]:
    """The problem mix of A vs B for the Overview: in words, then the statistics."""
    a, b = pair
    topic = problem_topic(ctx)
    result, hidden = analysis(ctx, pair, topic)
    lines = [Paragraph(apa.problem_reading(result, unit=ctx.unit,
                                           names=_pooled_name(hidden, topic)))]
    if hidden:
        lines.append(Paragraph(_pooled_note(hidden, topic), "note"))
    x = result.chi_square
    if x is not None:
        lines.append(Paragraph(f"{a} vs {b}: chi-square({x.df}, N = {x.n:,}) = "
                               f"{num(x.statistic)}, {p_text(x.p)}, Cramér's V = "
                               f"{num(x.cramers_v)}, 95% CI {fmt_ci(*x.cramers_v_ci.to_list())}.",
                               "note"))
    return lines

