"""Which rows an analysis can use, and what it left out and why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: The column of a prepared frame whose rows stand for several of the file's rows (the duckdb
#: engine's grouped input): how many each stands for. Absent when each row is one of the file's.
FILE_ROWS = "file_rows"

_ISSUE_OF = {"mode": "mode_issue", "outcome": "outcome_issue", "problem": "problem_issue",
             "date": "date_issue"}


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

    def text(self, unit: str = "clients") -> str:
        """E.g. "N = 1,482 of 1,500 clients; left out: 12 with outcome missing".

        ``unit`` names what the counts count (``Dataset.unit``: clients, appointments, ...).
        """
        head = f"N = {self.n_used:,} of {self.n_total:,} {unit}"
        if not self.dropped:
            return head + "; none left out."
        parts = [f"{clients:,} {unit} with {reason} ({rows:,} rows)" if clients != rows
                 else f"{rows:,} with {reason}" for reason, rows, clients in self.dropped]
        return head + "; left out: " + ", ".join(parts) + "."


def usable_rows(frame: pd.DataFrame, needs: tuple[str, ...] = ("mode",), *,
                groups: list[str] | None = None, group: str = "mode",
                columns: tuple[str, ...] = ()) -> tuple[pd.DataFrame, Exclusions]:
    """The rows usable for an analysis that needs the roles in ``needs``, and the exclusions.

    A row is left out for the first reason that applies, in this order: an unusable count, then
    each needed role's issue (``mode_issue``, ``outcome_issue``, ``problem_issue``). ``group``
    names the column that holds the groups (``mode``, or one derived from it such as
    :data:`analysis.grouping.CHANNEL_GROUP`); with ``groups``, rows of other groups are out of
    scope (neither used nor counted as dropped). The rows come back with the columns ``row``,
    ``weight``, ``mode``, ``group``, the needed roles and ``columns`` only, so that a
    million-row frame is not copied whole. Rows counted are the file's: a frame of grouped rows
    (with :data:`FILE_ROWS`) counts each group's rows.
    """
    n = len(frame)
    scope = (np.ones(n, dtype=bool) if groups is None
             else frame[group].isin(groups).to_numpy(dtype=bool, na_value=False))
    open_rows = scope.copy()
    dropped: list[tuple[str, int, int]] = []
    weight = frame["weight"].to_numpy()
    sizes = frame[FILE_ROWS].to_numpy() if FILE_ROWS in frame.columns else None
    stages = [("count", frame["count_issue"].notna().to_numpy(), frame["count_issue"])]
    for role in dict.fromkeys(("mode", *needs)):
        if role in _ISSUE_OF:
            stages.append((role, frame[role].isna().to_numpy(), frame[_ISSUE_OF[role]]))
    for role, bad, issue in stages:
        hit = open_rows & bad
        if hit.any():
            reasons = issue[hit].astype(object).fillna("missing").astype(str)
            if role != "count":
                reasons = role + " " + reasons
            table = pd.DataFrame({"reason": reasons.to_numpy(), "w": weight[hit]})
            if sizes is None:
                table = table.groupby("reason")["w"].agg(["size", "sum"])
            else:  # grouped rows: each stands for ``file_rows`` of the file's rows
                table = table.assign(rows=sizes[hit]).groupby("reason").agg(
                    size=("rows", "sum"), sum=("w", "sum"))
            dropped += [(str(r), int(row["size"]), int(row["sum"])) for r, row in table.iterrows()]
            open_rows &= ~bad
    dropped.sort(key=lambda item: -item[1])  # ties: stage by stage, reasons by name
    keep = list(dict.fromkeys(["row", FILE_ROWS, "weight", "mode", group, *needs, *columns]))
    used = frame.loc[open_rows, [c for c in keep if c in frame.columns]]
    return used, Exclusions(int(weight[open_rows].sum()), int(weight[scope].sum()), tuple(dropped))
