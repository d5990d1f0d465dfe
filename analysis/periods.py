"""Periods compared: the mode mix of months, quarters, calendar years or UK financial years
(April to March), with each mode's share and its CI, the change in share with its CI, and the
chi-square of mode by period with Cramér's V."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.categories import category_labels, level_list
from analysis.data.exclusions import Exclusions, usable_rows
from analysis.data.parsing import parse_dates
from analysis.data.validation import printable
from analysis.descriptives import GroupSummary, describe_outcome
from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence
from analysis.stats.contingency import ChiSquareResult, chi_square_test
from analysis.stats.proportions import newcombe_interval, pearson_2x2, wilson_interval

__all__ = ["COMPARISONS", "PERIOD_UNITS", "PeriodComparison", "PeriodShare", "PeriodSpec",
           "ShareChange", "compare_periods", "parse_period_spec", "period_labels"]

#: Period units and what they mean.
PERIOD_UNITS = {"month": "calendar months (2024-01)", "quarter": "calendar quarters (2024 Q1)",
                "year": "calendar years (2024)",
                "fy": "UK financial years, April to March (2023/24)"}
_UNIT_WORDS = {"month": "month", "months": "month", "monthly": "month", "m": "month",
               "quarter": "quarter", "quarters": "quarter", "quarterly": "quarter", "q": "quarter",
               "year": "year", "years": "year", "yearly": "year", "calendar year": "year",
               "calendar years": "year", "annual": "year", "y": "year", "fy": "fy",
               "financial year": "fy", "financial years": "fy", "fiscal year": "fy",
               "fiscal years": "fy", "uk financial year": "fy", "uk financial years": "fy"}
#: Which periods the changes in share compare.
COMPARISONS = ("consecutive", "first_last")


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A period unit (``PERIOD_UNITS``) and, optionally, the periods to compare, in order."""

    unit: str
    periods: tuple[str, ...] | None = None


def _bad_spec(spec: str, why: str) -> DataError:
    return DataError(f"The period setting '{printable(spec)}' cannot be read: {why}. Write a "
                     "unit (month, quarter, year or fy for UK financial years), optionally "
                     "followed by the periods to compare, such as 'fy:2023/24,2024/25' or "
                     "'quarter:2024 Q1,2025 Q1'.", "bad_period_spec")


def _period_label(unit: str, text: str, spec: str) -> str:
    """``text`` written as the label of a ``unit`` period ("2023-24" -> "2023/24")."""
    t = text.strip().upper().removeprefix("FY").strip()
    patterns = {"month": r"(\d{4})\s*[-/.]\s*(\d{1,2})", "year": r"(\d{4})",
                "quarter": r"(?:(\d{4})\s*-?\s*Q([1-4])|Q([1-4])\s*-?\s*(\d{4}))",
                "fy": r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})"}
    m = re.fullmatch(patterns[unit], t)
    if m is None:
        raise _bad_spec(spec, f"'{printable(text)}' is not a {unit} "
                              f"({PERIOD_UNITS[unit].split('(')[1].rstrip(')')} is)")
    if unit == "month":
        if not 1 <= int(m[2]) <= 12:
            raise _bad_spec(spec, f"'{printable(text)}' has no month {int(m[2])}")
        return f"{m[1]}-{int(m[2]):02d}"
    if unit == "quarter":
        year, quarter = (m[1], m[2]) if m[1] else (m[4], m[3])
        return f"{year} Q{quarter}"
    if unit == "fy":
        start, end = int(m[1]), int(m[2])
        label = f"{start}/{(start + 1) % 100:02d}"
        if end % 100 != (start + 1) % 100 or (end >= 100 and end != start + 1):
            raise _bad_spec(spec, f"'{printable(text)}' is not one financial year (April "
                                  f"{start} to March {start + 1} is {label})")
        return label
    return m[1]


def parse_period_spec(spec: str | PeriodSpec) -> PeriodSpec:
    """Read a period setting: a unit, then optionally ":" and the periods to compare.

    Units: "month", "quarter" (calendar), "year" (calendar), "fy" (UK financial year, April to
    March, labelled "2023/24"); plurals and "financial year" are understood. Periods are
    normalised ("2023-24" -> "2023/24", "Q1 2024" -> "2024 Q1", "2024-1" -> "2024-01").

    Raises DataError ``bad_period_spec`` with what to write instead.

    Examples
    --------
    >>> parse_period_spec("fy:2023-24, 2024/25")
    PeriodSpec(unit='fy', periods=('2023/24', '2024/25'))
    >>> parse_period_spec("Quarters")
    PeriodSpec(unit='quarter', periods=None)
    """
    if isinstance(spec, PeriodSpec):
        return spec
    if not isinstance(spec, str):
        raise _bad_spec(str(spec), "it is not text")
    head, _, tail = spec.partition(":")
    unit = _UNIT_WORDS.get(" ".join(head.lower().replace("_", " ").split()))
    if unit is None:
        raise _bad_spec(spec, f"'{printable(head.strip())}' is not a period unit")
    if not tail.strip():
        return PeriodSpec(unit)
    periods = tuple(_period_label(unit, p, spec) for p in tail.split(",") if p.strip())
    if len(set(periods)) != len(periods):
        raise _bad_spec(spec, "a period is listed twice")
    return PeriodSpec(unit, periods)


def period_labels(dates: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """The period of each date as a label, and the period's first day (for ordering).

    Months "2024-01", calendar quarters "2024 Q1", calendar years "2024", UK financial years
    "2023/24" (1 April 2023 to 31 March 2024). Missing dates give missing labels.

    Examples
    --------
    >>> labels, starts = period_labels(pd.Series(pd.to_datetime(["2024-03-31", "2024-04-01"])),
    ...                                "fy")
    >>> labels.tolist(), [str(s.date()) for s in starts]
    (['2023/24', '2024/25'], ['2023-04-01', '2024-04-01'])
    """
    if unit not in PERIOD_UNITS:
        raise _bad_spec(str(unit), f"'{printable(unit)}' is not a period unit")
    year, month = dates.dt.year, dates.dt.month
    first_month = {"month": month, "quarter": (month - 1) // 3 * 3 + 1, "year": 1,
                   "fy": 4}[unit]
    first_year = year - (month < 4) if unit == "fy" else year
    start = pd.to_datetime(pd.DataFrame({"year": first_year, "month": first_month, "day": 1}),
                           errors="coerce")
    codes, uniques = pd.factorize(start)  # each distinct period labelled once
    labels = pd.array([_label_of_start(s, unit) for s in uniques], dtype="string")
    label = pd.Series(labels.take(codes, allow_fill=True), index=dates.index, dtype="string")
    return label, start


def _label_of_start(start: pd.Timestamp, unit: str) -> str:
    """The label of the ``unit`` period that begins on ``start``."""
    if unit == "month":
        return f"{start.year}-{start.month:02d}"
    if unit == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if unit == "fy":
        return f"{start.year}/{(start.year + 1) % 100:02d}"
    return str(start.year)


@dataclass(frozen=True, slots=True)
class PeriodShare:
    """One group's share of one period's clients: ``count`` of ``n``, with its Wilson CI."""

    period: str
    group: str
    count: int
    n: int
    share: float
    ci: ConfidenceInterval


@dataclass(frozen=True, slots=True)
class ShareChange:
    """The change in one group's share from one period to a later one.

    ``change`` is the later share minus the earlier one, with Newcombe's hybrid score CI;
    ``p`` is Pearson's chi-square (no Yates) of this group vs the rest by the two periods.
    """

    group: str
    period_from: str
    period_to: str
    share_from: float
    share_to: float
    change: float
    ci: ConfidenceInterval
    p: float


@dataclass(frozen=True, slots=True)
class PeriodOutcome:
    """The outcome of one group in one period: its descriptives (n, mean with its t CI, SD,
    median, ...; see :class:`analysis.descriptives.GroupSummary`)."""

    period: str
    summary: GroupSummary


@dataclass(frozen=True, slots=True, eq=False)
class PeriodComparison:
    """The mode mix of two or more periods (see :func:`compare_periods`).

    Attributes
    ----------
    unit : str
        One of ``PERIOD_UNITS``.
    periods : tuple of str
        The periods compared, oldest first.
    counts : DataFrame
        Clients (summed weights) per period (rows) and group (columns).
    shares : tuple of PeriodShare
        Each group's share of each period, with its Wilson CI.
    changes : tuple of ShareChange
        Per group, the change in share between consecutive periods, or first vs last
        (``comparison``): later minus earlier, Newcombe CI.
    chi_square : ChiSquareResult or None
        Pearson's chi-square of group by period (no Yates) with Cramér's V and its CI: with
        very many clients every difference is "significant", so read V beside the p.
    exclusions : Exclusions
    notes : tuple of str
    outcomes : tuple of PeriodOutcome
        The outcome of each group in each period (when the data have one): who was seen
        changed, and how they fared.
    """

    unit: str
    periods: tuple[str, ...]
    group: str
    counts: pd.DataFrame
    shares: tuple[PeriodShare, ...]
    changes: tuple[ShareChange, ...]
    chi_square: ChiSquareResult | None
    comparison: str
    confidence_level: float
    exclusions: Exclusions
    notes: tuple[str, ...] = ()
    outcomes: tuple[PeriodOutcome, ...] = ()

    def share_table(self) -> pd.DataFrame:
        """The shares as a tidy table: period, group, count, n, share, ci_low, ci_high."""
        return pd.DataFrame([(s.period, s.group, s.count, s.n, s.share, s.ci.low, s.ci.high)
                             for s in self.shares],
                            columns=["period", "group", "count", "n", "share", "ci_low",
                                     "ci_high"])



def _dated_rows(frame: pd.DataFrame, date: str, group: str,
                unit: str) -> tuple[pd.DataFrame, Exclusions]:
    """Rows with a usable mode, count, date and group: weight, group, period, start."""
    for name in (date, group):
        if name not in frame.columns:
            shown = ", ".join(printable(c) for c in list(frame.columns)[:20])
            raise DataError(f"There is no column '{printable(name)}' in the data (columns: "
                            f"{shown}).", "unknown_column")
    used, exclusions = usable_rows(frame, columns=(date, group))
    dates, unreadable, _ = parse_dates(used[date])
    labels, starts = period_labels(dates, unit)
    rows = pd.DataFrame({"weight": used["weight"].to_numpy(),
                         "group": category_labels(used[group]).to_numpy(),
                         "period": labels.to_numpy(), "start": starts.to_numpy()})
    reasons = [(f"{date} not a date", unreadable.to_numpy(dtype=bool)),
               (f"{date} missing", rows["period"].isna().to_numpy() & ~unreadable.to_numpy()),
               (f"{group} missing", rows["group"].isna().to_numpy())]
    dropped, n_used, keep = list(exclusions.dropped), exclusions.n_used, np.ones(len(rows), bool)
    weight = rows["weight"].to_numpy()
    for reason, bad in reasons:
        hit = bad & keep
        if hit.any():
            dropped.append((reason, int(hit.sum()), int(weight[hit].sum())))
            n_used -= int(weight[hit].sum())
            keep &= ~hit
    dropped.sort(key=lambda item: -item[1])
    rows = rows.loc[keep & (weight > 0)].reset_index(drop=True)
    return rows, Exclusions(n_used, exclusions.n_total, tuple(dropped))


def _periods_between(first: pd.Timestamp, last: pd.Timestamp, unit: str) -> int:
    """How many periods of ``unit`` run from the one starting ``first`` to ``last``'s."""
    months = (last.year - first.year) * 12 + last.month - first.month
    return months // {"month": 1, "quarter": 3}.get(unit, 12) + 1


def _chosen_periods(spec: PeriodSpec, present: list[str], starts: dict[str, pd.Timestamp],
                    unit: str) -> tuple[list[str], list[str]]:
    """The periods to compare (oldest first unless listed) and notes; DataError
    ``empty_period`` for a listed period with no rows, ``too_few_periods`` under two."""
    span = (f"the data's {PERIOD_UNITS[unit].split(' (')[0]} with rows run from {present[0]} "
            f"to {present[-1]}" if present else "no row has a usable date")
    if spec.periods is not None:
        empty = [p for p in spec.periods if p not in starts]
        if empty:
            raise DataError(f"No rows fall in {level_list(empty)}: {span}.", "empty_period")
        chosen, notes = list(spec.periods), []
    else:
        chosen = present
        gaps = _periods_between(starts[present[0]], starts[present[-1]], unit) - len(present) \
            if present else 0
        notes = ([f"{gaps} {unit}(s) between the first and the last have no rows and are left "
                  "out; the changes compare the periods with rows."] if gaps > 0 else [])
    if len(chosen) < 2:
        raise DataError(f"Periods compared need at least two periods with rows; {span}.",
                        "too_few_periods")
    return chosen, notes


def compare_periods(frame: pd.DataFrame, periods: str | PeriodSpec = "fy", *, date: str = "date",
                    group: str = "mode", modes: list[str] | None = None,
                    comparison: str = "consecutive", scale: tuple[float, float] | None = None,
                    confidence_level: float = CONFIDENCE_LEVEL) -> PeriodComparison:
    """Compare the mode mix of two or more periods.

    Parameters
    ----------
    frame : DataFrame
        A Dataset frame (``weight``, ``mode``, the date column).
    periods : str or PeriodSpec
        A period setting (:func:`parse_period_spec`): "month", "quarter", "year" or "fy" (UK
        financial years, April to March), optionally with the periods to compare
        ("fy:2023/24,2024/25"); without them, every period with rows.
    date : str
        The date column: dates, or text read as dates (ISO 8601, else day first).
    group : str
        The grouping column (the delivery mode by default).
    modes : list of str, optional
        The groups to include (default: every group present).
    comparison : {"consecutive", "first_last"}
        Which periods the changes in share compare.
    scale : (float, float), optional
        The outcome's possible range (its means' CIs are clipped to it).
    confidence_level : float
        Of the shares', changes', Cramér's V's and the outcome means' CIs.

    Returns
    -------
    PeriodComparison
        Counts per period and group; each group's share of each period with its Wilson CI; the
        change in share, later minus earlier, with Newcombe's CI; the chi-square of group by
        period with Cramér's V; each group's outcome in each period, when the data have one.

    Raises
    ------
    DataError
        ``bad_period_spec``, ``unknown_column``, ``empty_period`` (a period listed has no rows),
        ``too_few_periods``, ``bad_option`` (``comparison``), ``bad_confidence_level``.

    Notes
    -----
    Shares: R ``prop.test(x, n, correct = FALSE)$conf.int``. Changes: Newcombe (1998) method
    10. Chi-square: R ``chisq.test(tab, correct = FALSE)``; Cramér's V with the noncentral
    chi-square CI. Rows without a usable date or group are left out and counted.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> f = frame_from_columns(["online", "face-to-face"] * 2, weight=[40, 60, 70, 30],
    ...                        date=["2023-05-01", "2024-01-31", "2024-04-01", "2025-03-31"])
    >>> r = compare_periods(f, "fy")
    >>> r.periods, r.counts.to_numpy().tolist()
    (('2023/24', '2024/25'), [[40, 60], [70, 30]])
    >>> c = r.changes[0]
    >>> c.group, round(c.change, 2), round(c.ci.low, 3), round(c.ci.high, 3)
    ('online', 0.3, 0.163, 0.422)
    >>> round(r.chi_square.cramers_v, 3)
    0.302
    """
    confidence_level = checked_confidence(confidence_level)
    if comparison not in COMPARISONS:
        raise DataError(f"The comparison must be one of {', '.join(COMPARISONS)}; got "
                        f"{comparison!r}.", "bad_option")
    spec = parse_period_spec(periods)
    rows, exclusions = _dated_rows(frame, date, group, spec.unit)
    if modes is not None:
        rows = rows.loc[rows["group"].isin([str(m) for m in modes])]
    starts = rows.groupby("period")["start"].min().sort_values().to_dict()
    chosen, notes = _chosen_periods(spec, list(starts), starts, spec.unit)
    rows = rows.loc[rows["period"].isin(chosen)]
    exclusions = _in_scope(exclusions, int(rows["weight"].sum()))
    counts = rows.pivot_table(index="period", columns="group", values="weight", aggfunc="sum",
                              fill_value=0, observed=True)
    order = modes if modes is not None else sorted(counts.columns,
                                                   key=lambda g: (-counts[g].sum(), g))
    counts = counts.reindex(index=chosen, columns=[str(g) for g in order],
                            fill_value=0).astype(np.int64)
    counts.index.name, counts.columns.name = "period", group
    shares = tuple(PeriodShare(p, g, int(counts.at[p, g]), int(counts.loc[p].sum()),
                               counts.at[p, g] / counts.loc[p].sum(),
                               wilson_interval(counts.at[p, g], counts.loc[p].sum(),
                                               confidence_level=confidence_level))
                   for p in chosen for g in counts.columns)
    pairs = (list(zip(chosen[:-1], chosen[1:])) if comparison == "consecutive"
             else [(chosen[0], chosen[-1])])
    changes = tuple(_change(counts, g, earlier, later, confidence_level)
                    for g in counts.columns for earlier, later in pairs)
    table = counts.loc[:, counts.sum(axis=0) > 0]
    chi = None
    if table.shape[1] < 2:
        notes.append("Only one group has clients in these periods: there is no mix to test.")
    else:
        chi = chi_square_test(table, confidence_level=confidence_level)
        notes.extend(chi.notes)
    return PeriodComparison(spec.unit, tuple(chosen), group, counts, shares, changes, chi,
                            comparison, confidence_level, exclusions, tuple(notes),
                            _outcomes(frame, spec.unit, chosen, date=date, group=group,
                                      groups=[str(g) for g in counts.columns], scale=scale,
                                      confidence_level=confidence_level))


def _outcomes(frame: pd.DataFrame, unit: str, chosen: list[str], *, date: str, group: str,
              groups: list[str], scale, confidence_level: float) -> tuple[PeriodOutcome, ...]:
    """Each group's outcome descriptives in each chosen period (none without an outcome)."""
    if "outcome" not in frame.columns or not frame["outcome"].notna().any():
        return ()
    labels, _ = period_labels(parse_dates(frame[date])[0], unit)
    found = []
    for period in chosen:
        part = frame.loc[(labels == period).fillna(False).to_numpy(dtype=bool)]
        summary = describe_outcome(part, groups=groups, group=group, scale=scale,
                                   confidence_level=confidence_level)
        found += [PeriodOutcome(period, g) for g in summary.groups]
    return tuple(found)


def _in_scope(exclusions: Exclusions, n_used: int) -> Exclusions:
    """``exclusions`` with the clients of other periods (or groups) out of scope: neither used
    nor counted as left out, as the rows of other modes are when two modes are compared."""
    out = exclusions.n_used - n_used
    return Exclusions(n_used, exclusions.n_total - out, exclusions.dropped)


def _change(counts: pd.DataFrame, group: str, earlier: str, later: str,
            confidence_level: float) -> ShareChange:
    x0, n0 = int(counts.at[earlier, group]), int(counts.loc[earlier].sum())
    x1, n1 = int(counts.at[later, group]), int(counts.loc[later].sum())
    ci = newcombe_interval(x1, n1, x0, n0, confidence_level=confidence_level)
    return ShareChange(group, earlier, later, x0 / n0, x1 / n1, x1 / n1 - x0 / n0, ci,
                       pearson_2x2(x1, n1, x0, n0).p)
