"""Descriptive checks of the t-test's assumptions: equal spread and normality per group."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.results import to_plain
from analysis.stats.weighted import as_weighted, expand, weighted_quantiles

#: scipy's Shapiro-Wilk is accurate up to this many values.
SHAPIRO_MAX_N = 5000


@dataclass(frozen=True, slots=True)
class TestStatistic:
    """A statistic and its p-value, with a note when it could not be computed."""

    statistic: float
    p: float
    note: str = ""

    def to_dict(self) -> dict:
        return to_plain(self)


def levene_brown_forsythe(samples: list[tuple[np.ndarray, np.ndarray | None]]) -> TestStatistic:
    """Brown-Forsythe test of equal spread: one-way ANOVA on |x - group median| (Brown &
    Forsythe 1974). Equals ``scipy.stats.levene(..., center="median")`` and R's
    ``car::leveneTest`` default. A descriptive check: Welch's t does not need equal variances.
    """
    groups = [as_weighted(v, w) for v, w in samples]
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
    """Shapiro-Wilk W of one group (Shapiro & Wilk 1965); R: ``shapiro.test(x)``.

    Not computed for fewer than 3 or more than 5,000 values; in large samples it flags
    departures too small to matter, so the distribution chart is the better guide.
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
