"""Small-cell suppression: hide counts below a threshold, and enough others that a hidden count
cannot be worked out from the totals that stay visible."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.options import SUPPRESSION_THRESHOLD


def small(counts, threshold: int = SUPPRESSION_THRESHOLD) -> np.ndarray:
    """Primary suppression: counts from 1 to ``threshold - 1`` (zeros are not disclosive)."""
    values = np.asarray(counts, dtype=float)
    return (values > 0) & (values < threshold)


def suppress_table(counts: pd.DataFrame, threshold: int = SUPPRESSION_THRESHOLD
                   ) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Which cells of a count table to hide, with row and column totals assumed visible.

    Primary: cells under ``threshold``. Secondary: while a row or column has exactly one hidden
    cell, the smallest other non-zero cell of it is hidden too (else that cell would be its total
    minus the rest). When no such cell exists, the row's or column's total is hidden instead.

    Returns ``(cell_mask, row_total_mask, column_total_mask)``.
    """
    values = counts.to_numpy(dtype=float)
    hidden = small(values, threshold)
    row_total = np.zeros(values.shape[0], dtype=bool)
    col_total = np.zeros(values.shape[1], dtype=bool)
    changed = True
    while changed:
        changed = False
        for axis, totals in ((1, row_total), (0, col_total)):
            lines = hidden if axis == 1 else hidden.T
            data = values if axis == 1 else values.T
            for i in np.flatnonzero(lines.sum(axis=1) == 1):
                if totals[i]:
                    continue
                candidates = np.flatnonzero(~lines[i] & (data[i] > 0))
                if candidates.size:
                    j = candidates[np.argmin(data[i, candidates])]
                    if axis == 1:
                        hidden[i, j] = True
                    else:
                        hidden[j, i] = True
                else:
                    totals[i] = True
                changed = True
    index, columns = counts.index, counts.columns
    return (pd.DataFrame(hidden, index=index, columns=columns), pd.Series(row_total, index=index),
            pd.Series(col_total, index=columns))


def hide_small_months(table: pd.DataFrame, threshold: int) -> pd.DataFrame:
    """A monthly table (``analysis.trends.monthly``) with client counts under ``threshold`` and
    the means of fewer than ``threshold`` clients set missing."""
    few = table["n"] < threshold
    return table.assign(
        clients=table["clients"].where(~small(table["clients"], threshold)),
        mean=table["mean"].mask(few), ci_low=table["ci_low"].mask(few),
        ci_high=table["ci_high"].mask(few))


def large_enough(summaries, threshold: int | None) -> tuple:
    """The group summaries with clients, and at least ``threshold`` of them when suppressing."""
    return tuple(g for g in summaries if g.n > 0 and (threshold is None or g.n >= threshold))
