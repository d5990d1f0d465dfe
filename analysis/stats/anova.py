"""More than two groups: Welch's ANOVA, omega squared and Games-Howell pairwise comparisons."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, to_plain
from analysis.stats.weighted import moments


@dataclass(frozen=True, slots=True)
class WelchAnovaResult:
    """Welch's heteroscedastic one-way ANOVA, and omega squared from the classic ANOVA."""

    f: float
    df1: float
    df2: float
    p: float
    omega_squared: float

    def to_dict(self) -> dict:
        return to_plain(self)


def _group_moments(samples) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, m, v = np.array([moments(values, weights) for values, weights in samples]).T
    if (n < 2).any():
        raise ValueError("each group needs at least two values")
    return n, m, v


def welch_anova(samples: list[tuple[np.ndarray, np.ndarray | None]]) -> WelchAnovaResult:
    """Welch's F test of equal means without assuming equal variances (Welch 1951).

    R: ``oneway.test(y ~ g, var.equal = FALSE)``. Omega squared, (SSb - (k-1) MSw) /
    (SSt + MSw), is the less biased analogue of eta squared (Hays 1963).
    """
    n, m, v = _group_moments(samples)
    if (v == 0).any():  # Welch's weights n / s^2 are undefined
        nan = float("nan")
        return WelchAnovaResult(nan, float(len(n) - 1), nan, nan, nan)
    k = len(n)
    w = n / v
    total_w = w.sum()
    centre = (w * m).sum() / total_w
    a = (w * (m - centre) ** 2).sum() / (k - 1)
    tmp = ((1 - w / total_w) ** 2 / (n - 1)).sum()
    b = 1 + 2 * (k - 2) / (k**2 - 1) * tmp
    f = a / b
    df2 = (k**2 - 1) / (3 * tmp)
    grand = (n * m).sum() / n.sum()
    ss_between = (n * (m - grand) ** 2).sum()
    ss_within = ((n - 1) * v).sum()
    ms_within = ss_within / (n.sum() - k)
    omega = (ss_between - (k - 1) * ms_within) / (ss_between + ss_within + ms_within)
    return WelchAnovaResult(float(f), float(k - 1), float(df2), float(stats.f.sf(f, k - 1, df2)),
                            float(omega))


@dataclass(frozen=True, slots=True)
class PairwiseResult:
    """One Games-Howell comparison: mean of A minus mean of B, its CI and the adjusted p."""

    a: str
    b: str
    mean_diff: float
    se: float
    t: float
    df: float
    p: float
    ci: ConfidenceInterval

    def to_dict(self) -> dict:
        return to_plain(self)


def games_howell(samples: list[tuple[np.ndarray, np.ndarray | None]], names: list[str], *,
                 confidence_level: float = CONFIDENCE_LEVEL) -> tuple[PairwiseResult, ...]:
    """Games-Howell pairwise comparisons (Games & Howell 1976): Welch t per pair, p and CI from
    the studentized range with k groups and the pair's Welch df.

    p = ``ptukey(|t| * sqrt(2), k, df, lower.tail = FALSE)`` in R.
    """
    n, m, v = _group_moments(samples)
    k = len(n)
    results = []
    quantiles: dict[float, float] = {}  # the studentized range's quantile for each df met
    for i, j in itertools.combinations(range(k), 2):
        si, sj = v[i] / n[i], v[j] / n[j]
        se = np.sqrt(si + sj)
        if se == 0:
            nan = float("nan")
            results.append(PairwiseResult(names[i], names[j], float(m[i] - m[j]), 0.0, nan, nan,
                                          nan, ConfidenceInterval(nan, nan)))
            continue
        df = (si + sj) ** 2 / (si**2 / (n[i] - 1) + sj**2 / (n[j] - 1))
        diff = m[i] - m[j]
        t = diff / se
        p = stats.studentized_range.sf(abs(t) * np.sqrt(2), k, df)
        if df not in quantiles:  # a root search over a double integral: 50 ms or more
            quantiles[df] = stats.studentized_range.ppf(confidence_level, k, df)
        half = quantiles[df] / np.sqrt(2) * se
        results.append(PairwiseResult(names[i], names[j], float(diff), float(se), float(t),
                                      float(df), float(min(p, 1.0)),
                                      ConfidenceInterval(float(diff - half), float(diff + half))))
    return tuple(results)
