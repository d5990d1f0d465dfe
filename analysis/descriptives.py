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
    """Descriptives of one sample.

    Parameters
    ----------
    values : array-like of float
        The values (finite; drop missing ones first).
    weights : array-like of float, optional
        Frequency weights: a value with weight w counts w times (default 1 each).
    group : str
        The group's name, kept in the result.
    confidence_level : float
        Of the mean's and the median's CIs.
    scale : (float, float), optional
        The outcome's possible range: the mean's CI is clipped to it (a mean cannot lie
        outside it) and ``pct_at_max`` is the share at its maximum.

    Returns
    -------
    GroupSummary
        n, mean, sd (n - 1), se, the mean's t interval, the median with its distribution-free
        order-statistic CI (Conover 1999), quartiles (R's type 7), the range; NaN where n is
        too small (no error: an empty group is described as empty).

    Examples
    --------
    >>> s = summarise([28, 31, 24, 32, 32, 19, 27, 30, 26, 32, 29, 22])
    >>> round(s.mean, 4), round(s.sd, 4)  # R: mean(x), sd(x)
    (27.6667, 4.2498)
    >>> [round(float(v), 4) for v in s.mean_ci.to_list()]  # R: t.test(x)$conf.int
    [24.9665, 30.3668]
    >>> s.median, (s.median_ci.low, s.median_ci.high), (s.q1, s.q3)
    (28.5, (24.0, 32.0), (25.5, 31.25))
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
    """Descriptives of ``outcome`` per group (:func:`summarise` of each).

    Parameters
    ----------
    data : DataFrame
        A prepared frame (``mode``, ``weight``, the outcome and the ``*_issue`` columns).
    outcome : str
        The outcome column.
    groups : list of str, optional
        The groups in order (default: every group present, largest first).
    group : str
        The column holding the groups (the delivery mode by default).
    confidence_level : float
        Of the CIs.
    scale : (float, float), optional
        The outcome's possible range (see :func:`summarise`).

    Returns
    -------
    OutcomeSummary
        One :class:`GroupSummary` per group, and the rows left out (no usable mode or outcome)
        with their reasons.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> frame = frame_from_columns(["online"] * 3 + ["face-to-face"] * 3, [4, 5, None, 3, 4, 2])
    >>> summary = describe_outcome(frame)
    >>> [(g.group, g.n, g.mean) for g in summary.groups]
    [('face-to-face', 3, 3.0), ('online', 2, 4.5)]
    >>> summary.exclusions.text()
    'N = 5 of 6 clients; left out: 1 with outcome missing.'
    """
    samples, exclusions = outcome_samples(data, outcome, groups, group=group)
    order = groups if groups is not None else list(samples)
    empty = (np.array([]), np.array([]))
    summaries = tuple(summarise(*samples.get(m, empty), group=str(m),
                                confidence_level=confidence_level, scale=scale)
                      for m in order)
    return OutcomeSummary(summaries, exclusions, confidence_level)
