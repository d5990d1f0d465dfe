"""Frequency-weighted building blocks: a row with weight w counts as w identical rows.

Also :class:`Moments`, a group's n, mean and variance: what the t-tests, Cohen's d and
Welch's ANOVA need of a sample, and what a paper reports of one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from analysis.errors import DataError

__all__ = ["Moments", "moments", "checked_moments", "as_weighted", "expand", "weighted_var",
           "weighted_quantiles",
           "sorted_with_weights", "order_statistic"]


@dataclass(frozen=True, slots=True)
class Moments:
    """A group's size, mean and variance (n - 1 denominator).

    Attributes
    ----------
    n : float
        Number of values (the sum of the frequency weights; need not be whole).
    mean : float
        Arithmetic mean (NaN when n is 0).
    var : float
        Sample variance with the n - 1 denominator (NaN when n < 2).

    Examples
    --------
    >>> Moments.from_sd(10, 25.0, 2.0)
    Moments(n=10.0, mean=25.0, var=4.0)
    """

    n: float
    mean: float
    var: float

    @classmethod
    def from_sd(cls, n: float, mean: float, sd: float) -> Moments:
        """The moments of a group reported as n, mean and standard deviation."""
        return cls(float(n), float(mean), float(sd) ** 2)

    @property
    def sd(self) -> float:
        """Standard deviation, the square root of ``var``."""
        return math.sqrt(self.var) if self.var >= 0 else float("nan")


def checked_moments(m: Moments, name: str = "group", *, min_n: float = 2) -> Moments:
    """``m`` when its n is finite and at least ``min_n``, its mean finite and its variance
    finite and not negative, else a DataError: ``too_few_values`` (n below ``min_n``) or
    ``not_finite`` (a NaN or infinite n, mean or variance, or a negative variance);
    ``bad_argument`` when ``m`` is not a Moments.

    >>> checked_moments(Moments(1, 3.0, float("nan")))
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: group: 1 value(s); at least 2 are needed.
    """
    if not isinstance(m, Moments):
        raise DataError(f"{name}: expected Moments(n, mean, var), got {type(m).__name__}.",
                        "bad_argument")
    if not math.isfinite(m.n):
        raise DataError(f"{name}: n must be a finite number (got {m.n!r}).", "not_finite")
    if m.n < min_n:
        raise DataError(f"{name}: {m.n:g} value(s); at least {min_n:g} are needed.",
                        "too_few_values")
    if not (math.isfinite(m.mean) and math.isfinite(m.var) and m.var >= 0):
        raise DataError(f"{name}: the mean and variance must be finite numbers and the variance "
                        f"not negative (got mean {m.mean!r}, variance {m.var!r}).", "not_finite")
    return m


def weighted_var(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sample variance (n - 1 denominator, n = sum of weights) of each column of ``values``.

    >>> weighted_var(np.array([1.0, 2.0, 4.0]), np.array([1.0, 2.0, 1.0])).round(6).tolist()
    [1.583333]
    """
    a = np.asarray(values, dtype=float).reshape(len(weights), -1)
    w = np.asarray(weights, dtype=float)
    n = w.sum()
    mean = w @ a / n
    return w @ (a - mean) ** 2 / (n - 1)


def sorted_with_weights(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values in ascending order and the total weight of each.

    >>> sorted_with_weights([3, 1, 3], [1, 1, 2])
    (array([1., 3.]), array([1., 3.]))
    """
    uniq, inverse = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return uniq, np.bincount(inverse.ravel(), weights=np.asarray(weights, dtype=float))


def order_statistic(uniq: np.ndarray, cum_weight: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The k-th smallest value(s) (1-based) of the data that ``uniq``/``cum_weight`` expand to.

    >>> order_statistic(np.array([1.0, 3.0]), np.array([1.0, 4.0]), [1, 2]).tolist()
    [1.0, 3.0]
    """
    idx = np.searchsorted(cum_weight, np.asarray(k, dtype=float) - 1e-9, side="left")
    return uniq[np.clip(idx, 0, len(uniq) - 1)]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, probs) -> np.ndarray:
    """Quantiles by R's default definition (type 7) of the expanded data.

    h = (n - 1) p + 1; the quantile is x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
    R: ``quantile(rep(values, weights), probs)``.

    >>> weighted_quantiles([1, 2, 10], [1, 2, 1], [0.25, 0.5]).tolist()  # R: 1.75 2.00
    [1.75, 2.0]
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

    >>> as_weighted([3, 4, 5], [1, 0, 2])
    (array([3., 5.]), array([1., 2.]))
    >>> as_weighted([3, float("nan")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: 1 value(s) are missing (NaN) or infinite: drop them before ...
    """
    try:
        x = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as error:
        raise DataError(f"The values must be numbers ({error}).", "not_numeric") from None
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


def moments(values, weights=None) -> Moments:
    """The :class:`Moments` (n, mean, variance with n - 1) of frequency-weighted data.

    Parameters
    ----------
    values : array_like
        Finite numbers.
    weights : array_like, optional
        Frequency weights, one per value (default 1 each); n is their sum.

    Returns
    -------
    Moments
        Mean NaN for no values, variance NaN for fewer than two.

    Raises
    ------
    DataError
        ``not_finite``, ``bad_weights`` or ``length_mismatch`` (see :func:`as_weighted`).

    Examples
    --------
    >>> moments([1, 2, 4], weights=[1, 2, 1])
    Moments(n=4.0, mean=2.25, var=1.5833333333333333)
    """
    x, w = as_weighted(values, weights)
    n = float(w.sum())
    if n == 0:
        return Moments(0.0, float("nan"), float("nan"))
    mean = float(w @ x / n)
    var = float(w @ (x - mean) ** 2 / (n - 1)) if n > 1 else float("nan")
    return Moments(n, mean, var)


def expand(values, weights=None) -> np.ndarray:
    """The data a weighted sample stands for, one element per client (for small samples only).

    >>> expand([1, 2], [2, 1]).tolist()
    [1.0, 1.0, 2.0]
    """
    x, w = as_weighted(values, weights)
    return np.repeat(x, w.astype(np.int64))
