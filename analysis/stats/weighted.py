"""Frequency-weighted building blocks: a row with weight w counts as w identical rows."""

from __future__ import annotations

import numpy as np

from analysis.errors import DataError


def weighted_var(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sample variance (n - 1 denominator, n = sum of weights) of each column of ``values``."""
    a = np.asarray(values, dtype=float).reshape(len(weights), -1)
    w = np.asarray(weights, dtype=float)
    n = w.sum()
    mean = w @ a / n
    return w @ (a - mean) ** 2 / (n - 1)


def sorted_with_weights(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values in ascending order and the total weight of each."""
    uniq, inverse = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return uniq, np.bincount(inverse.ravel(), weights=np.asarray(weights, dtype=float))


def order_statistic(uniq: np.ndarray, cum_weight: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The k-th smallest value(s) (1-based) of the data that ``uniq``/``cum_weight`` expand to."""
    idx = np.searchsorted(cum_weight, np.asarray(k, dtype=float) - 1e-9, side="left")
    return uniq[np.clip(idx, 0, len(uniq) - 1)]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, probs) -> np.ndarray:
    """Quantiles by R's default definition (type 7) of the expanded data.

    h = (n - 1) p + 1; the quantile is x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
    """
    uniq, w = sorted_with_weights(values, weights)
    cum = np.cumsum(w)
    n = cum[-1]
    h = (n - 1) * np.asarray(probs, dtype=float) + 1
    lo = np.floor(h)
    x_lo = order_statistic(uniq, cum, lo)
    x_hi = order_statistic(uniq, cum, np.minimum(lo + 1, n))
    return x_lo + (h - lo) * (x_hi - x_lo)


def as_weighted(values, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """``values`` and ``weights`` as float arrays (weights default to 1), rows of weight 0 dropped.

    The one check every sample passes on its way into a statistic: values must be finite
    numbers (a NaN would otherwise be ranked, summed or sorted as if it were a value) and
    weights finite and not negative, one per value; anything else is a DataError
    (``not_finite``, ``bad_weights``, ``length_mismatch``).
    """
    x = np.asarray(values, dtype=float).ravel()
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float).ravel()
    if w.shape != x.shape:
        raise DataError(f"{x.size:,} values but {w.size:,} weights: give one weight per value.",
                        "length_mismatch")
    if not np.isfinite(w).all() or (w < 0).any():
        raise DataError("Weights must be finite and not negative (they count how many times "
                        "each value occurs).", "bad_weights")
    keep = w > 0
    if not np.isfinite(x[keep]).all():
        raise DataError(f"{int((~np.isfinite(x[keep])).sum()):,} value(s) are missing (NaN) or "
                        "infinite: drop them before the test (a missing value is not a "
                        "value).", "not_finite")
    return x[keep], w[keep]


def moments(values, weights=None) -> tuple[float, float, float]:
    """(n, mean, variance with n - 1) of frequency-weighted data; n is the sum of weights."""
    x, w = as_weighted(values, weights)
    n = float(w.sum())
    if n == 0:
        return 0.0, float("nan"), float("nan")
    mean = float(w @ x / n)
    var = float(w @ (x - mean) ** 2 / (n - 1)) if n > 1 else float("nan")
    return n, mean, var


def expand(values, weights=None) -> np.ndarray:
    """The data a weighted sample stands for, one element per client (for small samples only)."""
    x, w = as_weighted(values, weights)
    return np.repeat(x, w.astype(np.int64))
