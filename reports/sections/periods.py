"""Periods compared: the mode mix of two or more months, quarters, years or UK financial years,
with each mode's share and its CI, the change in share between periods with its CI, and the
chi-square of mode by period with Cramér's V beside it. The count table (periods x modes) is
declared once, and a statistic is shown only when none of the counts it uses is hidden."""

from __future__ import annotations

import pandas as pd

from analysis.formats import ci as fmt_ci
from analysis.formats import num, p_text
from analysis.periods import PERIOD_UNITS, PeriodComparison, compare_periods, period_labels
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

UNITS = PERIOD_UNITS


class _NothingShown(Exception):
    """Every mode is under the small-count threshold in the periods chosen."""


def _periods_present(frame: pd.DataFrame, *, unit: str) -> list[str]:
    labels, starts = period_labels(frame["date"], unit)
    found = pd.DataFrame({"label": labels, "start": starts}).dropna().drop_duplicates("label")
    return found.sort_values("start")["label"].astype(str).tolist()


def available(ctx: Context, unit: str) -> list[str]:
    """The periods of ``unit`` that have rows with a date, oldest first."""
    return ctx.run(_periods_present, unit=unit)


def _compare(frame: pd.DataFrame, *, spec: str, comparison: str, modes=None, scale=None):
    return compare_periods(frame, spec, comparison=comparison, scale=scale,
                           modes=None if modes is None else list(modes))


def result(ctx: Context, unit: str, periods: list[str], comparison: str = "consecutive"
           ) -> tuple[PeriodComparison, CountTable, list[str]]:
    """The comparison of the modes shown (at least k clients in the periods when hiding), its
    count table and the modes left out."""
    spec = f"{unit}:{','.join(periods)}"
    every = ctx.run(_compare, spec=spec, comparison=comparison, scale=ctx.dataset.scale)
    shown, left_out = privacy.groups_in_scope(
        {str(m): int(n) for m, n in every.counts.sum(axis=0).items()}, ctx.k)
    if not shown:
        raise _NothingShown
    found = every if not left_out else ctx.run(_compare, spec=spec, comparison=comparison,
                                               modes=tuple(shown), scale=ctx.dataset.scale)
    counts = found.counts.copy()
    counts.index, counts.columns = counts.index.astype(str), counts.columns.astype(str)
    return found, CountTable(f"periods:{unit}", counts), left_out


def section(ctx: Context, unit: str, periods: list[str], comparison: str = "consecutive"):
    """Shares per period (table and chart), the changes in share, and the chi-square."""
    label = ctx.unit
    try:
        r, counts, left_out = result(ctx, unit, periods, comparison)
    except _NothingShown:
        return SectionBuilder("periods", "Periods compared").add(Paragraph(
            f"Every mode has fewer than {ctx.k} {label} in these periods, so nothing is shown "
            "while small counts are hidden.", "info")).build()
    built = SectionBuilder("periods", "Periods compared").uses(counts)
    shares = Table("period_shares", f"Each mode's share of the {label} of each period",
                   (Column("period"), Column("mode"), Column(label, "int"),
                    Column(f"% of the period's {label}", "pct"), Column("95% CI (%)", "ci1")),
                   tuple(_share_row(s, counts) for s in r.shares))
    built.add(Figure("period_shares", "period_shares", lambda values: charts.period_shares_chart(
        _chart_rows(values, label), title=f"Share of each period's {label} (95% CI)",
        unit=label), data=shares), shares)
    built.add(_changes_table(r, counts), *_chi_square(r, counts, ctx.k))
    if r.outcomes and _outcomes_safe(r, counts, ctx.k):
        with_value = _outcome_counts(r)
        built.uses(with_value).add(_outcome_table(r, with_value, ctx))
    elif r.outcomes:
        built.add(Paragraph(f"{ctx.outcome_label} per period is not shown while small counts "
                            "are hidden: a count in it, or the number without a value beside "
                            f"it, is under {ctx.k}.", "note"))
    built.add(
              exclusions_note(r.exclusions, label), *(Paragraph(n, "note") for n in r.notes))
    built.add(*(Paragraph(line, "note") for line in privacy.notes(
        ctx.k, left_out, label, drawn="A hidden share is not drawn.")), MethodHelp("periods"))
    return built.build()


def _share_row(s, counts: CountTable) -> tuple:
    refs = frozenset({counts.ref(s.period, s.group), counts.ref(s.period, None)})
    return (s.period, s.group, counts.cell(s.period, s.group), Cell(100 * s.share, refs),
            Cell((100 * s.ci.low, 100 * s.ci.high), refs))


def _chart_rows(values: pd.DataFrame, unit: str) -> pd.DataFrame:
    ci = values["95% CI (%)"]
    return pd.DataFrame({"period": values["period"], "mode": values["mode"],
                         "pct": values[f"% of the period's {unit}"],
                         "low": [c[0] if isinstance(c, tuple) else None for c in ci],
                         "high": [c[1] if isinstance(c, tuple) else None for c in ci]})


def _changes_table(r: PeriodComparison, counts: CountTable) -> Table:
    rows = []
    for c in r.changes:
        refs = frozenset({counts.ref(c.period_from, c.group), counts.ref(c.period_to, c.group),
                          counts.ref(c.period_from, None), counts.ref(c.period_to, None)})
        rows.append((c.group, c.period_from, c.period_to, Cell(100 * c.change, refs),
                     Cell((100 * c.ci.low, 100 * c.ci.high), refs), Cell(c.p, refs)))
    which = "first and last period" if r.comparison == "first_last" else "consecutive periods"
    return Table("period_changes", f"Change in each mode's share between {which} (later minus "
                 "earlier, percentage points)",
                 (Column("mode"), Column("from"), Column("to"), Column("change", "signed1"),
                  Column("95% CI", "ci1"), Column("p", "p")), tuple(rows))


def _outcomes_safe(r: PeriodComparison, counts: CountTable, k: int | None) -> bool:
    """Whether the outcome per period can be shown at threshold ``k``: no count of the shares
    is hidden, and every n with a value, and every number without one (the period's clients
    minus n), is 0 or at least k. The two tables are audited apart, so a difference between
    them must not give a small count away."""
    if k is None:
        return True
    if privacy.hidden_rows(counts, k):
        return False
    for o in r.outcomes:
        missing = int(counts.counts.at[o.period, o.summary.group]) - o.summary.n
        if 0 < o.summary.n < k or 0 < missing < k:
            return False
    return True


def _outcome_counts(r: PeriodComparison) -> CountTable:
    """Clients with an outcome per period (rows) and mode (columns)."""
    n = pd.DataFrame(0, index=list(r.periods), columns=list(r.counts.columns.astype(str)))
    for o in r.outcomes:
        n.at[o.period, o.summary.group] = o.summary.n
    return CountTable("periods_outcome_n", n, row_totals=False, col_totals=False,
                      grand_total=False)


def _outcome_table(r: PeriodComparison, with_value: CountTable, ctx: Context) -> Table:
    rows = []
    for o in r.outcomes:
        s, ref = o.summary, frozenset({with_value.ref(o.period, o.summary.group)})
        rows.append((o.period, s.group, with_value.cell(o.period, s.group), Cell(s.mean, ref),
                     Cell((s.mean_ci.low, s.mean_ci.high), ref)))
    return Table("period_outcomes", f"{ctx.outcome_label} per period and mode",
                 (Column("period"), Column("mode"), Column(f"n with {ctx.outcome_label}", "int"),
                  Column("mean", "num"), Column("95% CI", "ci")), tuple(rows))


def _chi_square(r: PeriodComparison, counts: CountTable, k: int | None) -> list[Paragraph]:
    x = r.chi_square
    if x is None:
        return []
    if privacy.hidden_rows(counts, k):
        return [Paragraph("The chi-square of mode by period is not shown while small counts "
                          "are hidden: a count it uses is hidden.", "note")]
    return [Paragraph(
        f"Mode by period: chi-square({x.df}, N = {x.n:,}) = {num(x.statistic)}, {p_text(x.p)}; "
        f"Cramér's V = {num(x.cramers_v, 3)}, 95% CI {fmt_ci(*x.cramers_v_ci.to_list(), 3)}. "
        "With many clients a tiny change is 'significant': V says how large it is (under .1 "
        "is negligible).", "apa")]
