"""Descriptive statistics of an outcome per delivery mode."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.data.exclusions import Exclusions
from analysis.data.group_samples import outcome_samples
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval
from analysis.stats.weighted import order_statistic, sorted_with_weights, weighted_quantiles


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """Descriptives of one group.

    Attributes
    ----------
    group : str
    n : int
        Clients with a value (sum of weights).
    mean, sd, se : float
        Mean, standard deviation (n - 1) and standard error of the mean.
    mean_ci : ConfidenceInterval
        t-based CI of the mean (R: ``t.test(x)$conf.int``), clipped to the scale's range when
        that is known (a mean of ratings cannot lie outside it).
    median : float
    median_ci : ConfidenceInterval
        Distribution-free CI of the median from order statistics (binomial; Conover 1999):
        the l-th and (n - l + 1)-th smallest values, l = ``qbinom(alpha/2, n, 0.5)``. NaN when n
        is too small for the confidence level (n < 6 at 95%).
    q1, q3, minimum, maximum : float
        Quartiles by R's default (type 7) and the range.
    pct_at_max : float or None
        Percentage of clients at the scale's maximum (a ceiling check); None when the scale's
        range is not known.
    """

    group: str
    n: int
    mean: float
    sd: float
    se: float
    mean_ci: ConfidenceInterval
    median: float
    median_ci: ConfidenceInterval
    q1: float
    q3: float
    minimum: float
    maximum: float
    pct_at_max: float | None = None


@dataclass(frozen=True, slots=True)
class OutcomeSummary:
    """:func:`describe_outcome`'s result: one :class:`GroupSummary` per group, and exclusions."""

    groups: tuple[GroupSummary, ...]
    exclusions: Exclusions
    confidence_level: float


def summarise(values: np.ndarray, weights: np.ndarray | None = None, *, group: str = "",
              confidence_level: float = CONFIDENCE_LEVEL,
              scale: tuple[float, float] | None = None) -> GroupSummary:
    """Descriptives of one sample; ``weights`` are frequency weights (a row counts w times).

    The mean's CI is the t interval, clipped to ``scale`` (the outcome's possible range) when
    it is known: a mean cannot lie outside it. The median's CI is the distribution-free
    order-statistic interval. With ``scale``, ``pct_at_max`` is the share at its maximum.
    """
    scale_max = None if scale is None else scale[1]
    x = np.asarray(values, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    n = w.sum()
    nan_ci = ConfidenceInterval(np.nan, np.nan)
    if n == 0:
        return GroupSummary(group, 0, *[np.nan] * 3, nan_ci, np.nan, nan_ci, *[np.nan] * 4,
                            None if scale_max is None else np.nan)
    mean = float(w @ x / n)
    sd = float(np.sqrt(w @ (x - mean) ** 2 / (n - 1))) if n > 1 else np.nan
    se = sd / np.sqrt(n)
    alpha = 1 - confidence_level
    if n > 1:
        half = stats.t.ppf(1 - alpha / 2, n - 1) * se
        low, high = mean - half, mean + half
        if scale is not None:
            low, high = max(low, scale[0]), min(high, scale[1])
        mean_ci = ConfidenceInterval(low, high)
    else:
        mean_ci = nan_ci
    uniq, uw = sorted_with_weights(x, w)
    cum = np.cumsum(uw)
    q1, median, q3 = weighted_quantiles(x, w, [0.25, 0.5, 0.75])
    lo = stats.binom.ppf(alpha / 2, n, 0.5)
    median_ci = nan_ci
    if lo >= 1:
        low, high = order_statistic(uniq, cum, np.array([lo, n - lo + 1]))
        median_ci = ConfidenceInterval(float(low), float(high))
    at_max = None if scale_max is None else float(100 * w[x >= scale_max].sum() / n)
    return GroupSummary(group, int(n), mean, sd, float(se), mean_ci, float(median), median_ci,
                        float(q1), float(q3), float(uniq[0]), float(uniq[-1]), at_max)


def describe_outcome(data: pd.DataFrame, *, outcome: str = "outcome",
                     groups: list[str] | None = None, group: str = "mode",
                     confidence_level: float = CONFIDENCE_LEVEL,
                     scale: tuple[float, float] | None = None) -> OutcomeSummary:
    """Descriptives of ``outcome`` per group of the ``group`` column (the delivery mode by
    default): every group present, or ``groups`` in order.

    ``data`` is a :class:`~analysis.data.dataset.Dataset` frame (columns ``mode``, ``weight``
    and the ``*_issue`` columns). Rows without a usable mode or outcome are left out and counted.
    """
    samples, exclusions = outcome_samples(data, outcome, groups, group=group)
    order = groups if groups is not None else list(samples)
    empty = (np.array([]), np.array([]))
    summaries = tuple(summarise(*samples.get(m, empty), group=str(m),
                                confidence_level=confidence_level, scale=scale)
                      for m in order)
    return OutcomeSummary(summaries, exclusions, confidence_level)
