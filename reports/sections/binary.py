"""Sections about a yes/no outcome (completed / dropped out, recovered, attended) by group:
each group's share with its CI, and two groups compared (risk difference, ratios, chi-square,
Fisher's test, the number needed to treat). The count table (events and non-events per group)
is declared once, so every page and report hides the same cells, and a statistic is shown only
when none of the counts it is computed from is hidden."""

from __future__ import annotations

import pandas as pd

from analysis import apa
from analysis.binary import BinaryComparison, compare_binary
from analysis.variables import binary_columns, levels
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
)
from reports.context import Context
from reports.sections.common import exclusions_note


def _comparison(frame: pd.DataFrame, *, column: str, event: str, groups=None, modes=None):
    data = frame if modes is None else frame[frame["mode"].isin(modes)]
    return compare_binary(data, column, event, groups=groups)


def columns(ctx: Context) -> tuple[str, ...]:
    """The yes/no columns of the data (two values each)."""
    return binary_columns(ctx.dataset.frame)


def events(ctx: Context, column: str) -> list[str]:
    """The levels of ``column``, the less common first (the usual event: dropout)."""
    return list(reversed(levels(ctx.dataset.frame, column)))


def result(ctx: Context, column: str, event: str,
           pair: tuple[str, str] | None = None) -> tuple[BinaryComparison, CountTable, list[str]]:
    """The comparison over the groups shown (at least k clients with a value when hiding), its
    count table, and the groups left out."""
    every = ctx.run(_comparison, column=column, event=event)
    sizes = {g: p.n for g, p in every.by_group.items()}
    shown, left_out = privacy.groups_in_scope(sizes, ctx.k)
    if pair is not None and not set(pair) <= set(shown):
        pair = None
    found = every if not left_out and pair == every.groups else ctx.run(
        _comparison, column=column, event=event, groups=pair, modes=tuple(shown))
    return found, count_table(found), left_out


def count_table(r: BinaryComparison) -> CountTable:
    """Groups x (event, other level). The groups' n (row totals) are published; the total
    number of events is not shown anywhere, so that a hidden count of one group cannot be
    worked out from it and the others."""
    groups = list(r.by_group)
    counts = pd.DataFrame({"event": [r.by_group[g].events for g in groups],
                           "other": [r.by_group[g].n - r.by_group[g].events for g in groups]},
                          index=groups)
    return CountTable(f"binary:{r.column}:{r.event}", counts, col_totals=False)


def _refs(counts: CountTable, *groups: str) -> frozenset:
    return frozenset(counts.ref(g, c) for g in groups for c in ("event", "other"))


def shares_section(ctx: Context, column: str, event: str,
                   pair: tuple[str, str] | None = None):
    """Each group's clients, events and share with its Wilson CI: a table and a chart."""
    r, counts, left_out = result(ctx, column, event, pair)
    unit = ctx.unit
    rows = []
    for g, p in r.by_group.items():
        refs = _refs(counts, g)
        rows.append((g, counts.row_total(g), counts.cell(g, "event"),
                     Cell(100 * p.proportion, refs), Cell((100 * p.ci.low, 100 * p.ci.high),
                                                          refs)))
    table = Table("binary_shares", f"'{r.event}' by group ({column})",
                  (Column("group"), Column(unit, "int"), Column(f"with '{r.event}'", "int"),
                   Column("%", "pct"), Column("95% CI (%)", "ci1")), tuple(rows))
    section = SectionBuilder("binary_shares", f"'{r.event}' by group").uses(counts)
    section.add(Figure("binary_chart", "proportions", lambda values: charts.proportions_chart(
        _chart_rows(values), title=f"{unit.capitalize()} with '{r.event}' (95% CI)",
        x_title=f"% with '{r.event}'", unit=unit), data=table),
        table, exclusions_note(r.exclusions, unit))
    section.add(*(Paragraph(line, "note") for line in privacy.notes(
        ctx.k, left_out, unit, drawn="A hidden share is not drawn.")))
    return section.build()


def _chart_rows(values: pd.DataFrame) -> pd.DataFrame:
    ci = values["95% CI (%)"]
    return pd.DataFrame({"group": values["group"], "n": values.iloc[:, 1], "pct": values["%"],
                         "low": [c[0] if isinstance(c, tuple) else None for c in ci],
                         "high": [c[1] if isinstance(c, tuple) else None for c in ci]})


def comparison_section(ctx: Context, column: str, event: str, pair: tuple[str, str]):
    """Groups A and B compared: the reading in words, the statistics table, the APA sentences
    and the number needed to treat; withheld when a count they use is hidden."""
    r, counts, _ = result(ctx, column, event, pair)
    a, b = pair
    section = SectionBuilder("binary_comparison", f"{a} vs {b}").uses(counts)
    if r.comparison is None:
        return section.add(Paragraph(f"Not compared: with counts under {ctx.k} hidden, a group "
                                     "this small is not shown.", "note")).build()
    hidden = privacy.hidden_rows(counts, ctx.k)
    if set(hidden) & set(pair):
        return section.add(Paragraph(
            f"Not shown while small counts are hidden: a count of '{r.event}' in {a} or {b} "
            f"is under {ctx.k}, and every statistic of the comparison would give it away.",
            "note")).build()
    c = r.comparison
    refs = _refs(counts, a, b)
    section.add(Paragraph(apa.binary_reading(r, unit=ctx.unit), "lead"),
                _statistics_table(r, refs),
                *(Paragraph(line, "apa") for line in apa.binary_sentences(r)),
                Paragraph(c.nnt.text, "note"),
                *(Paragraph(note, "note") for note in (*c.notes, *r.notes)),
                MethodHelp("proportions"))
    return section.build()


def _statistics_table(r: BinaryComparison, refs: frozenset) -> Table:
    c = r.comparison
    a, b = r.groups
    nan = float("nan")
    estimates = [(f"Risk difference, {a} − {b} (percentage points)", c.risk_difference, 100),
                 (f"Risk ratio, {a} / {b}", c.risk_ratio, 1),
                 (f"Odds ratio, {a} / {b} (Woolf)", c.odds_ratio, 1)]
    if c.exact_odds_ratio is not None:
        estimates.append((f"Odds ratio, {a} / {b} (exact conditional)", c.exact_odds_ratio, 1))
    body = [(name, Cell(k * e.value, refs), Cell((k * e.ci.low, k * e.ci.high), refs),
             Cell(nan, refs)) for name, e, k in estimates]
    x = c.chi_square
    body += [(f"Pearson's chi-square, df = {x.df} (no Yates)", Cell(x.statistic, refs),
              Cell((nan, nan), refs), Cell(x.p, refs)),
             ("Fisher's exact test", Cell(nan, refs), Cell((nan, nan), refs),
              Cell(c.fisher_p, refs))]
    return Table("binary_statistics", f"'{r.event}': {a} vs {b}",
                 (Column("statistic"), Column("value", "num"), Column("95% CI", "ci"),
                  Column("p", "p")), tuple(body))


def overview_lines(ctx: Context, column: str, event: str,
                   pair: tuple[str, str]) -> list[Paragraph]:
    """The comparison in one sentence for the Overview (nothing while a count it uses is
    hidden)."""
    r, counts, _ = result(ctx, column, event, pair)
    if r.comparison is None or set(privacy.hidden_rows(counts, ctx.k)) & set(pair):
        return []
    return [Paragraph(apa.binary_reading(r, unit=ctx.unit))]
