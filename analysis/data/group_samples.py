"""The outcome of each delivery mode as compressed frequency-weighted samples.

Every statistic here accepts frequency weights, so a group's values are reduced once to their
distinct values and counts: a 1-5 rating of a million clients becomes five numbers, and the rank
tests, quantiles and moments that follow cost nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.dataset import no_reasons
from analysis.data.exclusions import Exclusions, usable_rows
from analysis.options import MAX_ABS_OUTCOME

Sample = tuple[np.ndarray, np.ndarray]


def with_outcome(data: pd.DataFrame, column: str) -> pd.DataFrame:
    """``data`` with ``column`` as its outcome.

    Values that are not numbers are missing; infinite values and values of
    ``options.MAX_ABS_OUTCOME`` or more in size are left out as the outcome's are (with that
    reason in ``outcome_issue``).
    """
    if column == "outcome":
        return data
    if column not in data.columns:
        raise KeyError(f"no column {column!r}")
    values = pd.to_numeric(data[column], errors="coerce").astype(float)
    infinite = np.isinf(values.to_numpy())
    huge = ~infinite & (values.abs() >= MAX_ABS_OUTCOME).to_numpy()
    reasons = no_reasons(data.index)
    reasons[infinite] = "infinite"
    reasons[huge] = "too large"
    return data.assign(outcome=values.mask(infinite | huge), outcome_issue=reasons)


def compress(values: np.ndarray, weights: np.ndarray) -> Sample:
    """Distinct values (ascending) and the total weight of each (hashing, not sorting, the
    values: linear time however many rows)."""
    codes, uniq = pd.factorize(values, sort=False)
    totals = np.bincount(codes, weights=weights, minlength=len(uniq))
    order = np.argsort(uniq, kind="stable")
    return np.asarray(uniq, dtype=float)[order], totals[order]


def outcome_samples(data: pd.DataFrame, outcome: str = "outcome",
                    groups: list[str] | None = None, *,
                    group: str = "mode") -> tuple[dict[str, Sample], Exclusions]:
    """``{group: (values, weights)}`` of the usable rows, in ``groups`` order (every group of the
    ``group`` column present, largest first and then alphabetical, when None), and the
    exclusions. A group without values is absent."""
    used, exclusions = usable_rows(with_outcome(data, outcome), ("outcome",), groups=groups,
                                   group=group)
    codes, modes = pd.factorize(used[group])
    x = used["outcome"].to_numpy(float)
    w = used["weight"].to_numpy(float)
    totals = np.bincount(codes, weights=w, minlength=len(modes))
    index = {str(m): k for k, m in enumerate(modes)}
    order = groups if groups is not None else [
        str(modes[k]) for k in sorted(range(len(modes)), key=lambda k: (-totals[k], str(modes[k])))]
    samples = {}
    for mode in order:
        k = index.get(mode)
        if k is not None and totals[k] > 0:
            sel = (codes == k) & (w > 0)
            samples[mode] = compress(x[sel], w[sel])
    return samples, exclusions
