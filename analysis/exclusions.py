"""Which rows an analysis can use, and what it left out and why."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.results import to_plain

_ISSUE_OF = {"mode": "mode_issue", "outcome": "outcome_issue", "problem": "problem_issue"}


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Clients an analysis used, and the rows it left out, by reason.

    Attributes
    ----------
    n_used : int
        Clients used (the sum of the weights of the rows used).
    n_total : int
        Clients in scope before exclusions (rows with an unusable count add none).
    dropped : tuple of (reason, rows, clients)
        Rows left out per reason, and how many clients they stand for.
    """

    n_used: int
    n_total: int
    dropped: tuple[tuple[str, int, int], ...] = ()

    def text(self) -> str:
        """E.g. "N = 1,482 of 1,500 clients; left out: 12 without an outcome value (12 rows)"."""
        head = f"N = {self.n_used:,} of {self.n_total:,} clients"
        if not self.dropped:
            return head + "; none left out."
        parts = [f"{clients:,} clients with {reason} ({rows:,} rows)" if clients != rows
                 else f"{rows:,} with {reason}" for reason, rows, clients in self.dropped]
        return head + "; left out: " + ", ".join(parts) + "."

    def to_dict(self) -> dict:
        return to_plain(self)


def usable_rows(frame: pd.DataFrame, needs: tuple[str, ...] = ("mode",), *,
                groups: list[str] | None = None) -> tuple[pd.DataFrame, Exclusions]:
    """The rows usable for an analysis that needs the roles in ``needs``, and the exclusions.

    A row is left out for the first reason that applies, in this order: an unusable count, then
    each needed role's issue (``mode_issue``, ``outcome_issue``, ``problem_issue``). With
    ``groups``, rows of other modes are out of scope (neither used nor counted as dropped).
    """
    if groups is not None:
        frame = frame[frame["mode"].isin(groups).fillna(False).astype(bool)]
    reason = frame["count_issue"].copy()
    for role in ("mode", *needs):
        if role not in _ISSUE_OF:
            continue
        issue = frame[_ISSUE_OF[role]]
        value_missing = frame[role].isna()
        label = (f"{role} " + issue.fillna("missing")).where(value_missing)
        reason = reason.fillna(label)
    keep = reason.isna()
    dropped = []
    if (~keep).any():
        table = frame.loc[~keep].groupby(reason[~keep], sort=False)["weight"].agg(["size", "sum"])
        dropped = [(str(r), int(row["size"]), int(row["sum"]))
                   for r, row in table.sort_values("size", ascending=False).iterrows()]
    used = frame[keep]
    return used, Exclusions(int(used["weight"].sum()), int(frame["weight"].sum()), tuple(dropped))
