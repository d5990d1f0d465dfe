"""Two-sample t-tests (Welch, Student) and the TOST equivalence test, from frequency-weighted data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence, to_plain
from analysis.stats.weighted import moments


@dataclass(frozen=True, slots=True)
class WelchResult:
    """Welch's t-test of A vs B.

    Attributes
    ----------
    t, df, p : float
        Statistic, Welch-Satterthwaite degrees of freedom, two-sided p.
    mean_diff : float
        Mean of A minus mean of B.
    ci : ConfidenceInterval
        CI of ``mean_diff`` at ``confidence_level``.
    se : float
        Standard error of the difference.
    """

    t: float
    df: float
    p: float
    mean_diff: float
    ci: ConfidenceInterval
    se: float
    confidence_level: float = CONFIDENCE_LEVEL

    def to_dict(self) -> dict:
        return to_plain(self)


@dataclass(frozen=True, slots=True)
class StudentResult:
    """Student's t-test (pooled variance) of A vs B: statistic, df = nA + nB - 2, two-sided p."""

    t: float
    df: float
    p: float
    mean_diff: float
    ci: ConfidenceInterval

    def to_dict(self) -> dict:
        return to_plain(self)


@dataclass(frozen=True, slots=True)
class TostResult:
    """Two one-sided Welch tests of equivalence within ``[low, high]`` (raw units).

    Attributes
    ----------
    margin : float or None
        The symmetric margin m as given; None when asymmetric bounds were given.
    low, high : float
        Equivalence bounds for A minus B.
    p_lower, p_upper : float
        p of H0: diff <= low, and of H0: diff >= high.
    p : float
        The larger of the two; equivalence is declared when ``p < alpha``.
    ci : ConfidenceInterval
        The (1 - 2 alpha) CI of the difference (90% at alpha = .05), drawn against the bounds.
    """

    margin: float | None
    low: float
    high: float
    p_lower: float
    p_upper: float
    p: float
    equivalent: bool
    mean_diff: float
    ci: ConfidenceInterval
    alpha: float

    def to_dict(self) -> dict:
        return to_plain(self)


def _welch_parts(na, ma, va, nb, mb, vb):
    if na < 2 or nb < 2:
        raise ValueError("each group needs at least two values")
    sa, sb = va / na, vb / nb
    se = np.sqrt(sa + sb)
    df = (sa + sb) ** 2 / (sa**2 / (na - 1) + sb**2 / (nb - 1)) if se > 0 else np.nan
    return ma - mb, se, df


def welch_t(a, b, *, weights_a=None, weights_b=None,
            confidence_level: float = CONFIDENCE_LEVEL) -> WelchResult:
    """Welch's unequal-variances t-test of mean(A) - mean(B) (Welch 1947).

    The primary two-group test: it does not assume equal variances, and choosing it by a
    variance pre-test is not recommended (Delacre, Lakens & Leys 2017). Matches R's
    ``t.test(a, b)``. Weights are frequencies: a value with weight w counts w times.
    """
    return welch_from_moments(*moments(a, weights_a), *moments(b, weights_b),
                              confidence_level=confidence_level)


def welch_from_moments(na, ma, va, nb, mb, vb, *,
                       confidence_level: float = CONFIDENCE_LEVEL) -> WelchResult:
    """:func:`welch_t` from each group's n, mean and variance (published summary statistics)."""
    confidence_level = checked_confidence(confidence_level)
    diff, se, df = _welch_parts(na, ma, va, nb, mb, vb)
    t = diff / se if se > 0 else np.nan
    p = 2 * stats.t.sf(abs(t), df)
    half = stats.t.ppf(0.5 + confidence_level / 2, df) * se
    return WelchResult(float(t), float(df), float(p), float(diff),
                       ConfidenceInterval(float(diff - half), float(diff + half)), float(se),
                       confidence_level)


def student_t(a, b, *, weights_a=None, weights_b=None,
              confidence_level: float = CONFIDENCE_LEVEL) -> StudentResult:
    """Student's t-test with pooled variance. Matches R's ``t.test(a, b, var.equal = TRUE)``."""
    return student_from_moments(*moments(a, weights_a), *moments(b, weights_b),
                                confidence_level=confidence_level)


def student_from_moments(na, ma, va, nb, mb, vb, *,
                         confidence_level: float = CONFIDENCE_LEVEL) -> StudentResult:
    """:func:`student_t` from each group's n, mean and variance."""
    confidence_level = checked_confidence(confidence_level)
    if na < 2 or nb < 2:
        raise ValueError("each group needs at least two values")
    df = na + nb - 2
    pooled = ((na - 1) * va + (nb - 1) * vb) / df
    se = np.sqrt(pooled * (1 / na + 1 / nb))
    diff = ma - mb
    t = diff / se if se > 0 else np.nan
    half = stats.t.ppf(0.5 + confidence_level / 2, df) * se
    return StudentResult(float(t), float(df), float(2 * stats.t.sf(abs(t), df)), float(diff),
                         ConfidenceInterval(float(diff - half), float(diff + half)))


def tost(a, b, margin: float | tuple[float, float], *, weights_a=None, weights_b=None,
         alpha: float = 0.05) -> TostResult:
    """Equivalence of A and B by two one-sided Welch tests (Schuirmann 1987; Lakens 2017).

    ``margin`` is a raw-unit margin m (bounds -m and +m) or explicit ``(low, high)`` bounds for
    A minus B, which may be asymmetric. The lower test uses ``low`` and the upper test ``high``
    (each with its own bound, the mistake once made by JASP and statsmodels being to use one
    bound for both). A margin that is not a finite number above 0 raises DataError
    ``bad_margin``; with no spread in either group the p-values are NaN (never "equivalent"). R: ``t.test(a, b, mu = low, alternative = "greater")$p.value`` and
    ``t.test(a, b, mu = high, alternative = "less")$p.value``.
    """
    return tost_from_moments(*moments(a, weights_a), *moments(b, weights_b), margin=margin,
                             alpha=alpha)


def tost_from_moments(na, ma, va, nb, mb, vb, *, margin: float | tuple[float, float],
                      alpha: float = 0.05) -> TostResult:
    """:func:`tost` from each group's n, mean and variance."""
    if np.isscalar(margin):
        if not (margin > 0 and np.isfinite(margin)):
            raise DataError(f"The equivalence margin must be a number above 0 (got {margin!r}); "
                            "set one in outcome points, the smallest difference that matters.",
                            "bad_margin")
        low, high = -float(margin), float(margin)
    else:
        low, high = (float(v) for v in margin)
        if not low < high:
            raise DataError("The lower equivalence bound must be below the upper one.",
                            "bad_margin")
    diff, se, df = _welch_parts(na, ma, va, nb, mb, vb)
    if se > 0:
        p_lower = stats.t.sf((diff - low) / se, df)
        p_upper = stats.t.cdf((diff - high) / se, df)
    else:  # no spread in either group: the one-sided t tests are undefined
        p_lower = p_upper = np.nan
    p = max(p_lower, p_upper) if se > 0 else np.nan
    half = stats.t.ppf(1 - alpha, df) * se if se > 0 else np.nan
    return TostResult(float(margin) if np.isscalar(margin) else None, low, high, float(p_lower),
                      float(p_upper), float(p), bool(p < alpha), float(diff),
                      ConfidenceInterval(float(diff - half), float(diff + half)), alpha)
