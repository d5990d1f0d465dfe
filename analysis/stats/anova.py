"""More than two groups: Welch's ANOVA, omega squared and Games-Howell pairwise comparisons."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence
from analysis.stats.weighted import checked_moments, moments

__all__ = ["WelchAnovaResult", "PairwiseResult", "welch_anova", "games_howell"]


@dataclass(frozen=True, slots=True)
class WelchAnovaResult:
    """Welch's heteroscedastic one-way ANOVA, and omega squared from the classic ANOVA.

    Attributes
    ----------
    f, df1, df2, p : float
        Welch's F, its degrees of freedom (k - 1 and the Welch denominator df) and p; NaN
        (but df1) when a group has no spread.
    omega_squared : float
        (SSb - (k - 1) MSw) / (SSt + MSw) of the classic ANOVA (can be below 0).
    """

    f: float
    df1: float
    df2: float
    p: float
    omega_squared: float


def _validate_groups(samples, names: list[str] | None = None
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n, mean and variance per group, after the checks of the family: at least two groups
    (``too_few_groups``), one name per group (``length_mismatch``), at least two finite values
    in each group (``too_few_values``, ``not_finite``, ``bad_weights``)."""
    if len(samples) < 2:
        raise DataError(f"{len(samples)} group(s); at least two are needed.", "too_few_groups")
    if names is not None and len(names) != len(samples):
        raise DataError(f"{len(samples)} groups but {len(names)} names: give one name per group.",
                        "length_mismatch")
    labels = names or [f"Group {i + 1}" for i in range(len(samples))]
    ms = [checked_moments(moments(values, weights), str(label))
          for (values, weights), label in zip(samples, labels)]
    return (np.array([m.n for m in ms]), np.array([m.mean for m in ms]),
            np.array([m.var for m in ms]))


def welch_anova(samples: list[tuple[np.ndarray, np.ndarray | None]]) -> WelchAnovaResult:
    """Welch's F test of equal means in two or more groups, without assuming equal variances.

    Parameters
    ----------
    samples : list of (values, weights)
        One ``(values, weights)`` pair per group (weights may be None); at least two groups,
        each with at least two finite values.

    Returns
    -------
    WelchAnovaResult
        ``f``, ``df1``, ``df2``, ``p`` and ``omega_squared``.

    Raises
    ------
    DataError
        ``too_few_groups``, ``too_few_values``, ``not_finite``, ``bad_weights``,
        ``length_mismatch``.

    Notes
    -----
    With w_i = n_i / s_i^2, F = [sum w_i (m_i - m_w)^2 / (k - 1)] / [1 + 2 (k - 2) / (k^2 - 1)
    sum (1 - w_i / W)^2 / (n_i - 1)] on k - 1 and (k^2 - 1) / (3 sum ...) df. R:
    ``oneway.test(y ~ g, var.equal = FALSE)``. Omega squared is the less biased analogue of eta
    squared (Hays 1963).

    References
    ----------
    Welch, B. L. (1951). On the comparison of several mean values: an alternative approach.
    *Biometrika, 38*, 330-336.
    Hays, W. L. (1963). *Statistics for psychologists*. Holt, Rinehart & Winston.

    Examples
    --------
    >>> r = welch_anova([([1, 2, 3, 4], None), ([3, 5, 6, 8], None), ([7, 8, 9, 9], None)])
    >>> round(r.f, 4), r.df1, round(r.df2, 4), round(r.p, 4)  # R: oneway.test(y ~ g)
    (23.0469, 2.0, 5.5781, 0.002)
    """
    n, m, v = _validate_groups(samples)
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
    """One Games-Howell comparison.

    Attributes
    ----------
    a, b : str
        The two groups' names.
    mean_diff : float
        Mean of ``a`` minus mean of ``b``.
    se, t, df : float
        Welch's standard error, t and df of the pair.
    p : float
        p adjusted for all k (k - 1) / 2 pairs by the studentized range.
    ci : ConfidenceInterval
        Simultaneous CI of ``mean_diff``.
    """

    a: str
    b: str
    mean_diff: float
    se: float
    t: float
    df: float
    p: float
    ci: ConfidenceInterval


def games_howell(samples: list[tuple[np.ndarray, np.ndarray | None]], names: list[str], *,
                 confidence_level: float = CONFIDENCE_LEVEL) -> tuple[PairwiseResult, ...]:
    """Games-Howell pairwise comparisons of two or more groups.

    Parameters
    ----------
    samples : list of (values, weights)
        One ``(values, weights)`` pair per group; at least two groups of two finite values.
    names : list of str
        One name per group.
    confidence_level : float
        Level of the simultaneous CIs, in (0, 1).

    Returns
    -------
    tuple of PairwiseResult
        One per pair (i < j, in the order of ``samples``); ``mean_diff`` is group i minus
        group j. A pair without spread has NaN t, p and CI.

    Raises
    ------
    DataError
        ``too_few_groups``, ``length_mismatch``, ``too_few_values``, ``not_finite``,
        ``bad_weights``, ``bad_confidence_level``.

    Notes
    -----
    Welch's t per pair; p and CI from the studentized range with k groups and the pair's
    Welch df: p = ``ptukey(|t| * sqrt(2), k, df, lower.tail = FALSE)`` in R, and the CI is
    diff +- ``qtukey(level, k, df)`` / sqrt(2) * se.

    References
    ----------
    Games, P. A., & Howell, J. F. (1976). Pairwise multiple comparison procedures with unequal
    n's and/or variances: a Monte Carlo study. *Journal of Educational Statistics, 1*, 113-125.

    Examples
    --------
    >>> pairs = games_howell([([1, 2, 3, 4], None), ([3, 5, 6, 8], None)], ["x", "y"])
    >>> [(r.a, r.b, r.mean_diff, round(r.p, 4)) for r in pairs]  # two groups: Welch's p
    [('x', 'y', -3.0, 0.0579)]
    """
    confidence_level = checked_confidence(confidence_level)
    n, m, v = _validate_groups(samples, names)
    k = len(n)
    results = []
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
        p = _range_sf(float(abs(t) * np.sqrt(2)), k, float(df))
        half = _range_quantile(confidence_level, k, float(df)) / np.sqrt(2) * se
        results.append(PairwiseResult(names[i], names[j], float(diff), float(se), float(t),
                                      float(df), float(min(p, 1.0)),
                                      ConfidenceInterval(float(diff - half), float(diff + half))))
    return tuple(results)


# The studentized range's tail and quantile are double integrals (the quantile a root search
# over them: 50 ms or more): remembered, as the same groups come back (the same data read by
# another engine, a page drawn again).
@functools.lru_cache(maxsize=1024)
def _range_sf(q: float, k: int, df: float) -> float:
    return float(stats.studentized_range.sf(q, k, df))


@functools.lru_cache(maxsize=1024)
def _range_quantile(confidence_level: float, k: int, df: float) -> float:
    return float(stats.studentized_range.ppf(confidence_level, k, df))
