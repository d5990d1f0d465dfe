"""Descriptive checks of the t-test's assumptions: equal spread and normality per group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.errors import DataError
from analysis.stats.weighted import as_weighted, expand, weighted_quantiles

__all__ = ["TestStatistic", "levene_brown_forsythe", "shapiro_wilk", "SHAPIRO_MAX_N"]

#: scipy's Shapiro-Wilk is accurate up to this many values.
SHAPIRO_MAX_N = 5000


@dataclass(frozen=True, slots=True)
class TestStatistic:
    """A statistic and its p-value, with a note when it could not be computed.

    Attributes
    ----------
    statistic, p : float
        NaN when not computed.
    note : str
        Why not ("" when computed).
    """

    statistic: float
    p: float
    note: str = ""


def _validate_samples(samples) -> list[tuple[np.ndarray, np.ndarray]]:
    """The samples through :func:`as_weighted`, at least two (``too_few_groups``), each with a
    value (``too_few_values``)."""
    if len(samples) < 2:
        raise DataError(f"{len(samples)} group(s); at least two are needed.", "too_few_groups")
    groups = [as_weighted(v, w) for v, w in samples]
    if any(w.sum() == 0 for _, w in groups):
        raise DataError("Each group needs at least one value.", "too_few_values")
    return groups


def levene_brown_forsythe(samples: list[tuple[np.ndarray, np.ndarray | None]]) -> TestStatistic:
    """Brown-Forsythe test of equal spread in two or more groups.

    Parameters
    ----------
    samples : list of (values, weights)
        One ``(values, weights)`` pair per group (weights may be None); at least two groups.

    Returns
    -------
    TestStatistic
        F and its p (NaN with a note when no group has any spread).

    Raises
    ------
    DataError
        ``too_few_groups``, ``too_few_values``, ``not_finite``, ``bad_weights``,
        ``length_mismatch``.

    Notes
    -----
    One-way ANOVA on |x - group median|. Equals ``scipy.stats.levene(..., center="median")``
    and R's ``car::leveneTest`` default. A descriptive check: Welch's t does not need equal
    variances, and is never chosen by it.

    References
    ----------
    Brown, M. B., & Forsythe, A. B. (1974). Robust tests for the equality of variances.
    *JASA, 69*, 364-367.

    Examples
    --------
    >>> r = levene_brown_forsythe([([1, 2, 3, 4], None), ([3, 5, 6, 8], None)])
    >>> round(r.statistic, 4), round(r.p, 4)  # scipy.stats.levene(..., center="median")
    (0.6, 0.468)
    """
    groups = _validate_samples(samples)
    dev = [(np.abs(x - weighted_quantiles(x, w, [0.5])[0]), w) for x, w in groups]
    n = np.array([w.sum() for _, w in dev])
    means = np.array([w @ z / w.sum() for z, w in dev])
    grand = (n * means).sum() / n.sum()
    k, total = len(groups), n.sum()
    between = (n * (means - grand) ** 2).sum()
    within = sum(w @ (z - mz) ** 2 for (z, w), mz in zip(dev, means))
    if within == 0:
        return TestStatistic(float("nan"), float("nan"), "no spread within the groups")
    f = (total - k) * between / ((k - 1) * within)
    return TestStatistic(float(f), float(stats.f.sf(f, k - 1, total - k)))


def shapiro_wilk(values, weights=None) -> TestStatistic:
    """Shapiro-Wilk test of normality of one group.

    Parameters
    ----------
    values : array_like
        Finite numbers.
    weights : array_like, optional
        Frequency weights, one per value.

    Returns
    -------
    TestStatistic
        W and its p; NaN with a note for fewer than 3 or more than 5,000 values, or no spread.

    Raises
    ------
    DataError
        ``not_finite``, ``bad_weights``, ``length_mismatch``.

    Notes
    -----
    R: ``shapiro.test(x)``. In large samples it flags departures too small to matter, so the
    distribution chart is the better guide.

    References
    ----------
    Shapiro, S. S., & Wilk, M. B. (1965). An analysis of variance test for normality (complete
    samples). *Biometrika, 52*, 591-611.

    Examples
    --------
    >>> r = shapiro_wilk([5.1, 4.8, 6.0, 5.7, 6.2])
    >>> round(r.statistic, 4), round(r.p, 4)  # R: shapiro.test(x)
    (0.9329, 0.6163)
    """
    x, w = as_weighted(values, weights)
    n = w.sum()
    if n < 3:
        return TestStatistic(float("nan"), float("nan"), "fewer than 3 values")
    if n > SHAPIRO_MAX_N:
        return TestStatistic(float("nan"), float("nan"),
                             f"not computed for more than {SHAPIRO_MAX_N:,} values")
    data = expand(x, w)
    if np.ptp(data) == 0:
        return TestStatistic(float("nan"), float("nan"), "all values are equal")
    # W does not change with location and scale; centring and scaling first keeps scipy from
    # warning about a zero range when the values are tiny (around 1e-300) or huge
    result = stats.shapiro((data - np.median(data)) / np.ptp(data))
    return TestStatistic(float(result.statistic), float(result.pvalue))
