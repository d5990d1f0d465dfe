"""Presenting problems by delivery mode: counts and percentages (single- or multi-label)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.exclusions import Exclusions, usable_rows


def explode_problems(frame: pd.DataFrame, sep: str | None) -> pd.DataFrame:
    """One row per (input row, problem label); single-label data are returned as they are."""
    if sep is None:
        return frame
    labels = frame["problem"].str.split(sep, regex=False)
    return frame.assign(problem=labels).explode("problem").assign(
        problem=lambda f: f["problem"].astype("string"))


@dataclass(frozen=True, slots=True, eq=False)
class ProblemTable:
    """A mode x problem table.

    Attributes
    ----------
    counts : DataFrame
        Clients per problem (rows, most frequent first) and mode (columns). With multi-label data
        a client counts once for each problem listed.
    clients : Series
        Clients per mode with at least one problem recorded (the denominator of the column %).
    multi_label : bool
        True when cells may list several problems (so columns can sum to more than 100%).
    exclusions : Exclusions
    """

    counts: pd.DataFrame
    clients: pd.Series
    multi_label: bool
    exclusions: Exclusions

    def percent_of_mode(self) -> pd.DataFrame:
        """Percentage of each mode's clients who have each problem (column %)."""
        return self.counts.div(self.clients, axis=1) * 100

    def percent_of_problem(self) -> pd.DataFrame:
        """Percentage of each problem's mentions in each mode (row %)."""
        return self.counts.div(self.counts.sum(axis=1), axis=0) * 100

    def top(self, k: int = 3) -> dict[str, list[tuple[str, int, float]]]:
        """The ``k`` most common problems of each mode: (problem, clients, % of the mode)."""
        pct = self.percent_of_mode()
        result = {}
        for mode in self.counts.columns:
            ranked = self.counts[mode].sort_values(ascending=False, kind="stable").head(k)
            result[str(mode)] = [(str(p), int(c), float(pct.at[p, mode]))
                                 for p, c in ranked.items() if c > 0]
        return result


def problem_table(data: pd.DataFrame, *, sep: str | None, groups: list[str] | None = None,
                  group: str = "mode") -> ProblemTable:
    """Clients per problem type and group, with weights honoured.

    Parameters
    ----------
    data : DataFrame
        A prepared frame (``mode``, ``weight``, ``problem`` and the ``*_issue`` columns).
    sep : str or None
        The separator of multi-label cells ("anxiety; work"), or None for one problem a row.
    groups : list of str, optional
        The groups (columns) in order; default every group present, largest first.
    group : str
        The column holding the groups (the delivery mode by default).

    Returns
    -------
    ProblemTable
        Counts (problems as rows, most frequent first; groups as columns), the clients of each
        group with a problem recorded (the column percentages' denominators), whether cells
        are multi-label, and the rows left out (no mode or no problem) with their reasons.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> frame = frame_from_columns(["online", "online", "face-to-face"],
    ...                            problem=["anxiety;work", "anxiety", "work"])
    >>> table = problem_table(frame, sep=";")
    >>> table.counts.to_dict()
    {'online': {'anxiety': 2, 'work': 1}, 'face-to-face': {'anxiety': 0, 'work': 1}}
    >>> table.clients.to_dict(), table.multi_label
    ({'online': 2, 'face-to-face': 1}, True)
    """
    used, exclusions = usable_rows(data, ("problem",), groups=groups, group=group)
    long = explode_problems(used, sep)
    problem_codes, problems = pd.factorize(long["problem"])
    mode_codes, modes = pd.factorize(long[group])
    grid = np.bincount(problem_codes * len(modes) + mode_codes,
                       weights=long["weight"].to_numpy(float),
                       minlength=len(problems) * len(modes)).reshape(len(problems), len(modes))
    counts = pd.DataFrame(grid.astype(np.int64), index=[str(p) for p in problems],
                          columns=[str(m) for m in modes])
    clients = used.groupby(group, observed=True)["weight"].sum()
    clients.index = clients.index.astype(str)
    order = groups if groups is not None else sorted(clients.index,
                                                     key=lambda m: (-clients[m], m))
    counts = counts.reindex(columns=order, fill_value=0)
    totals = counts.sum(axis=1)  # most mentioned first; ties by name, whatever the rows' order
    counts = counts.loc[sorted(counts.index, key=lambda p: (-totals[p], p))]
    counts.columns.name, counts.index.name = "mode", "problem"
    clients = clients.reindex(order, fill_value=0).astype(int)
    return ProblemTable(counts, clients, sep is not None, exclusions)


def keep_problems(frame: pd.DataFrame, sep: str | None, problems: list[str]) -> pd.DataFrame:
    """``frame`` with only the rows that list one of ``problems`` (a multi-label cell keeps just
    those labels), e.g. to test within the problem types whose counts are shown."""
    wanted = set(problems)
    if sep is None:
        return frame[frame["problem"].isin(wanted).fillna(False).astype(bool)]
    labels = frame["problem"].str.split(sep, regex=False)
    kept = labels.map(lambda items: sep.join(p for p in items if p in wanted)
                      if isinstance(items, list) else None)
    kept = kept.where(kept.str.len() > 0)
    return frame.assign(problem=kept.astype("string"))[kept.notna()]
