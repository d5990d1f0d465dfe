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
    """The check of a group's moments that the t-tests, Cohen's d and Welch's ANOVA share.

    Parameters
    ----------
    m : Moments
        The group's n, mean and variance.
    name : str
        The group's name, for the message.
    min_n : float
        The fewest values the statistic needs.

    Returns
    -------
    Moments
        ``m`` itself.

    Raises
    ------
    DataError
        ``too_few_values`` (n below ``min_n``), ``not_finite`` (a NaN or infinite n, mean or
        variance, or a negative variance), ``bad_argument`` (``m`` is not a Moments).

    Notes
    -----
    n is checked before the mean and variance, so a group of one value (whose variance is NaN)
    is "too few values", not "not finite".

    Examples
    --------
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

    Parameters
    ----------
    values : ndarray, shape (m,) or (m, k)
        Finite values, one row per weight (a building block: the caller has checked them, e.g.
        with :func:`as_weighted` or by keeping complete rows).
    weights : ndarray, shape (m,)
        Frequency weights.

    Returns
    -------
    ndarray, shape (k,)
        The variance of each column (one element for a vector).

    Notes
    -----
    sum w (x - mean)^2 / (sum w - 1), the variance of the data the weights expand to; as R's
    ``var(rep(x, w))``.

    References
    ----------
    Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    *Psychometrika, 16*, 297-334 (the item and total variances this serves).

    Examples
    --------
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

    Parameters
    ----------
    values, weights : ndarray
        Finite values and their frequency weights (a building block: checked by the caller,
        e.g. with :func:`as_weighted`).

    Returns
    -------
    (ndarray, ndarray)
        The distinct values and the summed weight of each.

    Notes
    -----
    One ``np.unique`` and one ``np.bincount``: the ranks, quantiles and order statistics of a
    million clients then cost as many steps as there are distinct scores.

    Examples
    --------
    >>> sorted_with_weights([3, 1, 3], [1, 1, 2])
    (array([1., 3.]), array([1., 3.]))
    """
    uniq, inverse = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    return uniq, np.bincount(inverse.ravel(), weights=np.asarray(weights, dtype=float))


def order_statistic(uniq: np.ndarray, cum_weight: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The k-th smallest value(s) (1-based) of the data that ``uniq``/``cum_weight`` expand to.

    Parameters
    ----------
    uniq : ndarray
        Distinct values in ascending order (from :func:`sorted_with_weights`).
    cum_weight : ndarray
        The cumulative weights of ``uniq``.
    k : array_like
        Ranks, 1 to the total weight.

    Returns
    -------
    ndarray
        The values at those ranks.

    Notes
    -----
    A binary search of ``cum_weight`` (less 1e-9, so that a whole-number rank falls on its
    own value); ranks beyond the ends give the smallest or largest value.

    Examples
    --------
    >>> order_statistic(np.array([1.0, 3.0]), np.array([1.0, 4.0]), [1, 2]).tolist()
    [1.0, 3.0]
    """
    idx = np.searchsorted(cum_weight, np.asarray(k, dtype=float) - 1e-9, side="left")
    return uniq[np.clip(idx, 0, len(uniq) - 1)]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, probs) -> np.ndarray:
    """Quantiles by R's default definition (type 7) of the data the weights expand to.

    Parameters
    ----------
    values : array_like
        Finite values (at least one with a weight above 0).
    weights : array_like
        Frequency weights, one per value.
    probs : array_like
        Probabilities in [0, 1].

    Returns
    -------
    ndarray
        One quantile per probability.

    Raises
    ------
    DataError
        ``not_finite``, ``bad_weights``, ``length_mismatch``, ``too_few_values`` (no values),
        ``bad_argument`` (a probability outside [0, 1]).

    Notes
    -----
    h = (n - 1) p + 1; the quantile is x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
    R: ``quantile(rep(values, weights), probs)``.

    References
    ----------
    Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
    Statistician, 50*, 361-365.

    Examples
    --------
    >>> weighted_quantiles([1, 2, 10], [1, 2, 1], [0.25, 0.5]).tolist()  # R: 1.75 2.00
    [1.75, 2.0]
    """
    values, weights = as_weighted(values, weights)
    if weights.sum() == 0:
        raise DataError("Quantiles need at least one value.", "too_few_values")
    p = np.asarray(probs, dtype=float)
    if not ((p >= 0) & (p <= 1)).all():
        raise DataError(f"Quantile probabilities must be between 0 and 1 (got {probs!r}).",
                        "bad_argument")
    uniq, w = sorted_with_weights(values, weights)
    cum = np.cumsum(w)
    n = cum[-1]
    h = (n - 1) * p + 1
    lo = np.floor(h)
    x_lo = order_statistic(uniq, cum, lo)
    x_hi = order_statistic(uniq, cum, np.minimum(lo + 1, n))
    return x_lo + (h - lo) * (x_hi - x_lo)


def as_weighted(values, weights=None) -> tuple[np.ndarray, np.ndarray]:
    """``values`` and ``weights`` as float arrays (weights default to 1), rows of weight 0 dropped.

    Parameters
    ----------
    values : array_like
        The sample's values.
    weights : array_like, optional
        Frequency weights, one per value (default 1 each).

    Returns
    -------
    (ndarray, ndarray)
        The values and weights of the rows with a weight above 0, as flat float arrays.

    Raises
    ------
    DataError
        ``not_numeric``, ``not_finite`` (a NaN or infinite value with a weight above 0),
        ``bad_weights`` (a NaN, infinite or negative weight), ``length_mismatch``.

    Notes
    -----
    The one check every sample passes on its way into a statistic: values must be finite
    numbers (a NaN would otherwise be ranked, summed or sorted as if it were a value) and
    weights finite and not negative, one per value. A row of weight 0 stands for no client, so
    its value is not looked at.

    Examples
    --------
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

    Notes
    -----
    mean = sum w x / n, var = sum w (x - mean)^2 / (n - 1), n = sum w: those of the data the
    weights expand to (R: ``mean(rep(x, w))``, ``var(rep(x, w))``).

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

    Parameters
    ----------
    values : array_like
        Finite values.
    weights : array_like, optional
        Whole-number frequency weights (a fraction is cut to its whole part).

    Returns
    -------
    ndarray
        Each value repeated as often as its weight says.

    Raises
    ------
    DataError
        As :func:`as_weighted`.

    Notes
    -----
    ``np.repeat``; used where a method needs the raw data (the exact Mann-Whitney p,
    Shapiro-Wilk), which happens only for small samples.

    Examples
    --------
    >>> expand([1, 2], [2, 1]).tolist()
    [1.0, 1.0, 2.0]
    """
    x, w = as_weighted(values, weights)
    return np.repeat(x, w.astype(np.int64))
