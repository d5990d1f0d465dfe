"""A scale score computed from item columns, and its internal consistency (Cronbach's alpha)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.weighted import weighted_var


@dataclass(frozen=True, slots=True)
class ItemScoring:
    """How to turn item columns into one score.

    Attributes
    ----------
    items : tuple of str
        The item columns, in order.
    method : {"sum", "mean"}
        Total of the items, or their mean.
    reverse : tuple of str
        Items scored in reverse: ``item_min + item_max - value``.
    item_min, item_max : float
        Valid range of one item; values outside it count as missing (and are reported).
    max_missing : int
        A score is computed when at most this many items are missing. Missing items are then
        replaced by the mean of the client's answered items (proration), so a sum stays on the
        full scale's range. More missing items give no score.
    """

    items: tuple[str, ...]
    method: str = "sum"
    reverse: tuple[str, ...] = ()
    item_min: float = 1
    item_max: float = 4
    max_missing: int = 0

    def __post_init__(self) -> None:
        if len(self.items) < 2:
            raise ValueError("A scale needs at least two item columns.")
        if self.method not in ("sum", "mean"):
            raise ValueError("method must be 'sum' or 'mean'.")
        if not set(self.reverse) <= set(self.items):
            raise ValueError("Reverse-keyed items must be among the items.")
        if not self.item_min < self.item_max:
            raise ValueError("item_min must be below item_max.")
        if not 0 <= self.max_missing < len(self.items):
            raise ValueError("max_missing must be between 0 and the number of items minus one.")

    @property
    def score_range(self) -> tuple[float, float]:
        k = len(self.items) if self.method == "sum" else 1
        return self.item_min * k, self.item_max * k

    def describe(self) -> str:
        rev = f", items {', '.join(self.reverse)} reverse-keyed" if self.reverse else ""
        return (f"{self.method} of {len(self.items)} items ({self.item_min:g}-{self.item_max:g}"
                f"{rev}); computed when at most {self.max_missing} item(s) are missing, "
                "missing items prorated from the answered ones")

    def to_dict(self) -> dict:
        return {"items": list(self.items), "method": self.method, "reverse": list(self.reverse),
                "item_min": self.item_min, "item_max": self.item_max,
                "max_missing": self.max_missing}


def item_matrix(frame: pd.DataFrame, scoring: ItemScoring) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The items as numbers, reverse-keyed, with out-of-range values set missing.

    Returns ``(items, out_of_range)``: the cleaned item values and a boolean frame marking the
    cells that held a value outside ``[item_min, item_max]`` or not a number.
    """
    raw = frame[list(scoring.items)]
    items = raw.apply(lambda c: pd.to_numeric(c, errors="coerce")).astype(float)
    bad = (items.lt(scoring.item_min) | items.gt(scoring.item_max)
           | (items.isna() & raw.notna()))
    items = items.mask(bad)
    for col in scoring.reverse:
        items[col] = scoring.item_min + scoring.item_max - items[col]
    return items, bad


def score_items(frame: pd.DataFrame, scoring: ItemScoring) -> pd.Series:
    """The scale score per row (NaN when more than ``max_missing`` items are missing)."""
    items, _ = item_matrix(frame, scoring)
    answered = items.notna().sum(axis=1)
    mean = items.mean(axis=1, skipna=True)
    score = mean * len(scoring.items) if scoring.method == "sum" else mean
    return score.where(len(scoring.items) - answered <= scoring.max_missing)


def cronbach_alpha(items: pd.DataFrame, weights: pd.Series | None = None) -> float:
    """Cronbach's alpha of the complete rows of ``items`` (frequency ``weights`` honoured).

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total), with variances
    using n - 1 (Cronbach 1951). NaN when fewer than two complete rows or a zero total variance.
    Matches R: ``k/(k-1) * (1 - sum(apply(x, 2, var)) / var(rowSums(x)))`` on complete cases.
    """
    complete = items.notna().all(axis=1)
    x = items[complete].to_numpy(dtype=float)
    w = np.ones(len(x)) if weights is None else weights[complete].to_numpy(dtype=float)
    n, k = w.sum(), x.shape[1]
    if n < 2 or k < 2:
        return float("nan")

    total_var = weighted_var(x.sum(axis=1), w)[0]
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - weighted_var(x, w).sum() / total_var))
