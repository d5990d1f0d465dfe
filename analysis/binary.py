"""A binary outcome by delivery mode (completed vs dropped out, recovered, attended): each
group's proportion with its Wilson CI, and groups A and B compared (risk difference, ratios,
chi-square, Fisher, the number needed to treat)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.categories import chosen_pair, label_of, labelled_rows, level_list
from analysis.data.exclusions import Exclusions
from analysis.data.validation import printable
from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import checked_alternative, checked_confidence
from analysis.stats.contingency import ChiSquareResult, chi_square_test
from analysis.stats.proportions import (
    Proportion,
    ProportionComparison,
    compare_proportions,
    proportion,
)

__all__ = ["BinaryComparison", "compare_binary"]


@dataclass(frozen=True, slots=True)
class BinaryComparison:
    """A two-level column by group (see :func:`compare_binary`).

    Attributes
    ----------
    column, event : str
        The column and the level counted as the event.
    other : str or None
        The column's other level (None when only the event occurs).
    group : str
        The grouping column.
    by_group : dict of str to Proportion
        Every group with clients: events, n, proportion of the event and its Wilson CI;
        groups A and B first, then the others largest first.
    groups : (str, str) or None
        Groups A and B of ``comparison``.
    comparison : ProportionComparison or None
        A vs B: risk difference (A minus B, Newcombe CI), risk ratio (A over B, Katz CI),
        odds ratio (Woolf CI; exact conditional one when counts are small), Pearson's
        chi-square without Yates, Fisher's exact p and the number needed to treat.
    omnibus : ChiSquareResult or None
        The chi-square of group by event over every group present, with Cramér's V (phi for
        two groups) and its CI; None when fewer than two groups, or only one level, occur.
    exclusions : Exclusions
        Clients used and the rows left out (the column missing, an unusable mode or count).
    notes : tuple of str
    """

    column: str
    event: str
    other: str | None
    group: str
    by_group: dict[str, Proportion]
    groups: tuple[str, str] | None
    comparison: ProportionComparison | None
    omnibus: ChiSquareResult | None
    exclusions: Exclusions
    confidence_level: float
    alternative: str
    notes: tuple[str, ...] = ()


def _levels(rows: pd.DataFrame, column: str, event) -> tuple[str, str | None]:
    """The event label and the other level; DataError unless the column has at most two
    levels and ``event`` is one of them."""
    sizes = rows.groupby("label", sort=False)["weight"].sum().sort_values(ascending=False,
                                                                          kind="stable")
    levels = [str(v) for v in sizes.index]
    if len(levels) > 2:
        shown = level_list([f"{v} ({sizes[v]:,})" for v in levels])
        raise DataError(f"'{printable(column)}' has {len(levels)} levels, not two: {shown}. "
                        "Choose a column with two levels (such as completed / dropped out), or "
                        "analyse it as a category.", "not_binary")
    label = label_of(event)
    if label not in levels:
        raise DataError(f"The event '{printable(label)}' never occurs in "
                        f"'{printable(column)}'; its levels are {level_list(levels)}.",
                        "unknown_event")
    others = [v for v in levels if v != label]
    return label, (others[0] if others else None)


def compare_binary(frame: pd.DataFrame, column: str, event, *,
                   groups: tuple[str, str] | None = None, group: str = "mode",
                   alternative: str = "two-sided",
                   confidence_level: float = CONFIDENCE_LEVEL) -> BinaryComparison:
    """The proportion of clients with ``event`` in ``column``, by group, and A vs B.

    Parameters
    ----------
    frame : DataFrame
        A Dataset frame (``Dataset.frame``): ``weight`` (clients per row), ``mode`` and the
        file's columns.
    column : str
        A column with two levels (text, 0/1 or true/false); missing values are left out and
        counted in ``exclusions``.
    event : str or number
        The level counted as the event ("dropped out", 1); compared as a trimmed label
        (1 and 1.0 are "1").
    groups : (str, str), optional
        Groups A and B (differences are A minus B); by default the two groups when there are
        two, else only the per-group proportions and the omnibus test.
    group : str
        The grouping column (the delivery mode by default).
    alternative : {"two-sided", "less", "greater"}
        "greater": the event is more common in A (the comparison's p-values and CIs are then
        one-sided; each group's own Wilson CI stays two-sided).
    confidence_level : float
        Of every CI.

    Returns
    -------
    BinaryComparison
        Per group n, events, proportion and Wilson CI; A vs B (risk difference = pA - pB).

    Raises
    ------
    DataError
        ``unknown_column``, ``not_binary`` (three or more levels; the message lists them),
        ``unknown_event`` (the event never occurs), ``bad_groups``, ``group_too_small``,
        ``no_values``, ``bad_alternative``, ``bad_confidence_level``.

    Notes
    -----
    See :func:`analysis.stats.proportions.compare_proportions` for the methods. The counts are
    frequency weights: a row with weight w counts as w clients.

    Examples
    --------
    >>> from analysis.data.bundled import load_sample
    >>> frame = load_sample().frame
    >>> r = compare_binary(frame, "completed", "dropped out", groups=("online", "face-to-face"))
    >>> {g: (p.events, p.n) for g, p in r.by_group.items()}
    {'online': (134, 643), 'face-to-face': (117, 857)}
    >>> round(r.comparison.risk_difference.value, 3), round(r.comparison.chi_square.statistic, 2)
    (0.072, 13.62)
    >>> print(r.comparison.nnt.text)  # doctest: +NORMALIZE_WHITESPACE
    For every 13.9 clients in online rather than face-to-face, one more client with 'dropped out'
    (CI 9.0 to 30.0).
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    rows, exclusions = labelled_rows(frame, column, group=group)
    if rows.empty:
        raise DataError(f"No row with a usable {printable(group)} has a value of "
                        f"'{printable(column)}'.", "no_values")
    label, other = _levels(rows, column, event)
    is_event = (rows["label"] == label).to_numpy()
    table = pd.DataFrame({"group": rows["group"], "events": rows["weight"].where(is_event, 0),
                          "n": rows["weight"]}).groupby("group", sort=False).sum()
    present = sorted(table.index, key=lambda g: (-table.at[g, "n"], g))
    pair = chosen_pair(groups, present, group)
    order = list(pair or ()) + [g for g in present if g not in (pair or ())]
    kw = {"confidence_level": confidence_level, "alternative": alternative}
    by_group = {g: proportion(table.at[g, "events"], table.at[g, "n"],
                              confidence_level=confidence_level) for g in order}
    comparison = None
    if pair is not None:
        (a, b) = (by_group[g] for g in pair)
        comparison = compare_proportions(a.events, a.n, b.events, b.n, event=label, names=pair,
                                         **kw)
    notes = [] if pair is not None else ["Choose two groups to compare (A and B)."]
    omnibus = None
    if len(present) >= 2 and other is not None:
        counts = pd.DataFrame({label: table["events"], other: table["n"] - table["events"]})
        omnibus = chi_square_test(counts.loc[order], confidence_level=confidence_level)
    elif other is None:
        notes.append(f"Every client has '{printable(label)}': there is nothing to compare.")
    return BinaryComparison(str(column), label, other, group, by_group, pair, comparison, omnibus,
                            exclusions, confidence_level, alternative, tuple(notes))
