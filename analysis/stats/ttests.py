"""Two-sample t-tests (Welch, Student) and the TOST equivalence test, from frequency-weighted data
or from each group's :class:`~analysis.stats.weighted.Moments` (n, mean, variance)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import (
    OMIT_IF_DEFAULT,
    ConfidenceInterval,
    checked_alpha,
    checked_alternative,
    checked_confidence,
)
from analysis.stats.weighted import Moments, checked_moments, moments

__all__ = ["WelchResult", "StudentResult", "TostResult", "welch_t", "welch_from_moments",
           "student_t", "student_from_moments", "tost", "tost_from_moments"]


@dataclass(frozen=True, slots=True)
class WelchResult:
    """Welch's t-test of A vs B.

    Attributes
    ----------
    t, df, p : float
        Statistic, Welch-Satterthwaite degrees of freedom, p of ``alternative``.
    mean_diff : float
        Mean of A minus mean of B.
    ci : ConfidenceInterval
        CI of ``mean_diff`` at ``confidence_level``; one-sided (an infinite end) for a
        one-sided ``alternative``, as R's ``t.test``.
    se : float
        Standard error of the difference.
    confidence_level : float
        The CI's level.
    alternative : str
        "two-sided", "less" (A - B < 0) or "greater" (A - B > 0); serialised only when not
        "two-sided".
    """

    t: float
    df: float
    p: float
    mean_diff: float
    ci: ConfidenceInterval
    se: float
    confidence_level: float = CONFIDENCE_LEVEL
    alternative: str = field(default="two-sided", metadata=OMIT_IF_DEFAULT)


@dataclass(frozen=True, slots=True)
class StudentResult:
    """Student's t-test (pooled variance) of A vs B.

    Attributes
    ----------
    t, df, p : float
        Statistic, df = nA + nB - 2, p of ``alternative``.
    mean_diff : float
        Mean of A minus mean of B.
    ci : ConfidenceInterval
        CI of ``mean_diff`` (one-sided for a one-sided ``alternative``).
    alternative : str
        As in :class:`WelchResult`; serialised only when not "two-sided".
    """

    t: float
    df: float
    p: float
    mean_diff: float
    ci: ConfidenceInterval
    alternative: str = field(default="two-sided", metadata=OMIT_IF_DEFAULT)


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
    equivalent : bool
        ``p < alpha``.
    mean_diff : float
        Mean of A minus mean of B.
    ci : ConfidenceInterval
        The (1 - 2 alpha) CI of the difference (90% at alpha = .05), drawn against the bounds.
    alpha : float
        The significance level of each one-sided test.
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


# ---- the checks and the arithmetic shared by the tests -----------------------------------------

def _validate_two_sample(a: Moments, b: Moments, alternative: str = "two-sided",
                         confidence_level: float = CONFIDENCE_LEVEL) -> tuple[str, float]:
    """The checks of every two-sample t: each group at least two finite values (DataError
    ``too_few_values`` / ``not_finite``), a known ``alternative`` (``bad_alternative``), a
    confidence level in (0, 1) (``bad_confidence_level``)."""
    checked_moments(a, "Group A")
    checked_moments(b, "Group B")
    return checked_alternative(alternative), checked_confidence(confidence_level)


def _welch_parts(a: Moments, b: Moments) -> tuple[float, float, float]:
    """Difference of means, its Welch standard error and the Welch-Satterthwaite df."""
    sa, sb = a.var / a.n, b.var / b.n
    se = math.sqrt(sa + sb)
    df = (sa + sb) ** 2 / (sa**2 / (a.n - 1) + sb**2 / (b.n - 1)) if se > 0 else math.nan
    return a.mean - b.mean, se, df


def _t_p_and_ci(diff: float, se: float, df: float, alternative: str,
                confidence_level: float) -> tuple[float, float, ConfidenceInterval]:
    """t = diff / se, its p under ``alternative`` and the CI of diff, as R's ``t.test``:
    two-sided diff +- t_{(1 + level)/2} se; "less" (-inf, diff + t_level se];
    "greater" [diff - t_level se, inf)."""
    t = diff / se if se > 0 else math.nan
    if alternative == "less":
        p = stats.t.cdf(t, df)
        ci = (-math.inf, diff + stats.t.ppf(confidence_level, df) * se)
    elif alternative == "greater":
        p = stats.t.sf(t, df)
        ci = (diff - stats.t.ppf(confidence_level, df) * se, math.inf)
    else:
        p = 2 * stats.t.sf(abs(t), df)
        half = stats.t.ppf(0.5 + confidence_level / 2, df) * se
        ci = (diff - half, diff + half)
    return float(t), float(p), ConfidenceInterval(float(ci[0]), float(ci[1]))


# ---- Welch ---------------------------------------------------------------------------------------

def welch_t(a, b, *, weights_a=None, weights_b=None, alternative: str = "two-sided",
            confidence_level: float = CONFIDENCE_LEVEL) -> WelchResult:
    """Welch's unequal-variances t-test of mean(A) - mean(B).

    Parameters
    ----------
    a, b : array_like
        The two groups' values (finite numbers; at least two in each group).
    weights_a, weights_b : array_like, optional
        Frequency weights, one per value: a value with weight w counts w times.
    alternative : {"two-sided", "less", "greater"}
        The alternative hypothesis about mean(A) - mean(B): not 0, below 0, above 0.
    confidence_level : float
        Level of the CI of the difference, in (0, 1).

    Returns
    -------
    WelchResult
        ``t``, ``df``, ``p``, ``mean_diff`` (mean of A minus mean of B; t has its sign),
        ``ci``, ``se``. t and p are NaN when neither group has any spread.

    Raises
    ------
    DataError
        ``not_finite`` (a NaN or infinite value), ``bad_weights``, ``length_mismatch``,
        ``too_few_values`` (fewer than two values in a group), ``bad_alternative``,
        ``bad_confidence_level``.

    Notes
    -----
    t = (mean A - mean B) / sqrt(sA^2/nA + sB^2/nB), with the Welch-Satterthwaite df. The
    primary two-group test: it does not assume equal variances, and choosing it by a variance
    pre-test is not recommended (Delacre, Lakens & Leys 2017). Matches R's ``t.test(a, b,
    alternative = ..., conf.level = ...)``, one-sided CIs included.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika, 34*, 28-35.
    Delacre, M., Lakens, D., & Leys, C. (2017). Why psychologists should by default use
    Welch's t-test instead of Student's t-test. *International Review of Social Psychology,
    30*, 92-101.

    Examples
    --------
    >>> a, b = [5.1, 4.8, 6.0, 5.7, 6.2], [4.2, 4.9, 5.0, 4.4]
    >>> r = welch_t(a, b)  # R: t.test(a, b)
    >>> round(r.t, 4), round(r.df, 4), round(r.p, 4)
    (2.8465, 6.8088, 0.0256)
    >>> [round(x, 4) for x in r.ci.to_list()]
    [0.1539, 1.7161]
    >>> round(welch_t(a, b, alternative="greater").p, 5)  # R: alternative = "greater"
    0.01278
    >>> [round(x, 4) for x in welch_t(a, b, alternative="less").ci.to_list()]  # R: -Inf 1.5599
    [-inf, 1.5599]
    """
    return welch_from_moments(moments(a, weights_a), moments(b, weights_b),
                              alternative=alternative, confidence_level=confidence_level)


def welch_from_moments(a: Moments, b: Moments, *, alternative: str = "two-sided",
                       confidence_level: float = CONFIDENCE_LEVEL) -> WelchResult:
    """:func:`welch_t` from each group's n, mean and variance (published summary statistics).

    Parameters
    ----------
    a, b : Moments
        Each group's n (at least 2), mean and variance (n - 1 denominator).
    alternative : {"two-sided", "less", "greater"}
        About mean(A) - mean(B).
    confidence_level : float
        In (0, 1).

    Returns
    -------
    WelchResult
        As :func:`welch_t`; differences are A minus B.

    Raises
    ------
    DataError
        ``too_few_values``, ``not_finite``, ``bad_alternative``, ``bad_confidence_level``.

    Notes
    -----
    The test uses only n, mean and variance, so the result equals :func:`welch_t` on the data.

    References
    ----------
    Welch, B. L. (1947). *Biometrika, 34*, 28-35.

    Examples
    --------
    >>> r = welch_from_moments(Moments(5, 5.56, 0.353), Moments(4, 4.625, 0.1491667))
    >>> round(r.t, 4), round(r.mean_diff, 3)  # R: t.test(a, b) with the data of welch_t's example
    (2.8465, 0.935)
    """
    alternative, confidence_level = _validate_two_sample(a, b, alternative, confidence_level)
    diff, se, df = _welch_parts(a, b)
    t, p, ci = _t_p_and_ci(diff, se, df, alternative, confidence_level)
    return WelchResult(t, float(df), p, float(diff), ci, float(se), confidence_level, alternative)


# ---- Student -------------------------------------------------------------------------------------

def student_t(a, b, *, weights_a=None, weights_b=None, alternative: str = "two-sided",
              confidence_level: float = CONFIDENCE_LEVEL) -> StudentResult:
    """Student's two-sample t-test with pooled variance.

    Parameters
    ----------
    a, b : array_like
        The two groups' values (finite; at least two in each group).
    weights_a, weights_b : array_like, optional
        Frequency weights, one per value.
    alternative : {"two-sided", "less", "greater"}
        About mean(A) - mean(B).
    confidence_level : float
        In (0, 1).

    Returns
    -------
    StudentResult
        ``t``, ``df`` = nA + nB - 2, ``p``, ``mean_diff`` (A minus B), ``ci``.

    Raises
    ------
    DataError
        As :func:`welch_t`.

    Notes
    -----
    t = (mean A - mean B) / (s_p sqrt(1/nA + 1/nB)), s_p^2 = ((nA-1) sA^2 + (nB-1) sB^2) / df.
    Shown beside Welch's t, never chosen by a variance pre-test. Matches R's
    ``t.test(a, b, var.equal = TRUE)``.

    References
    ----------
    Student (1908). The probable error of a mean. *Biometrika, 6*, 1-25.

    Examples
    --------
    >>> a, b = [5.1, 4.8, 6.0, 5.7, 6.2], [4.2, 4.9, 5.0, 4.4]
    >>> r = student_t(a, b)  # R: t.test(a, b, var.equal = TRUE)
    >>> round(r.t, 4), r.df, round(r.p, 4)
    (2.7043, 7.0, 0.0304)
    """
    return student_from_moments(moments(a, weights_a), moments(b, weights_b),
                                alternative=alternative, confidence_level=confidence_level)


def student_from_moments(a: Moments, b: Moments, *, alternative: str = "two-sided",
                         confidence_level: float = CONFIDENCE_LEVEL) -> StudentResult:
    """:func:`student_t` from each group's n, mean and variance.

    Parameters
    ----------
    a, b : Moments
        Each group's n (at least 2), mean and variance.
    alternative : {"two-sided", "less", "greater"}
        About mean(A) - mean(B).
    confidence_level : float
        In (0, 1).

    Returns
    -------
    StudentResult
        As :func:`student_t`.

    Raises
    ------
    DataError
        ``too_few_values``, ``not_finite``, ``bad_alternative``, ``bad_confidence_level``.

    Notes
    -----
    Pooled variance ((nA - 1) vA + (nB - 1) vB) / (nA + nB - 2).

    References
    ----------
    Student (1908). *Biometrika, 6*, 1-25.

    Examples
    --------
    >>> r = student_from_moments(Moments(5, 5.56, 0.353), Moments(4, 4.625, 0.1491667))
    >>> round(r.t, 4), r.df
    (2.7043, 7.0)
    """
    alternative, confidence_level = _validate_two_sample(a, b, alternative, confidence_level)
    df = a.n + b.n - 2
    pooled = ((a.n - 1) * a.var + (b.n - 1) * b.var) / df
    se = math.sqrt(pooled * (1 / a.n + 1 / b.n))
    diff = a.mean - b.mean
    t, p, ci = _t_p_and_ci(diff, se, df, alternative, confidence_level)
    return StudentResult(t, float(df), p, float(diff), ci, alternative)


# ---- TOST ----------------------------------------------------------------------------------------

def _bounds(margin: float | tuple[float, float]) -> tuple[float | None, float, float]:
    """(margin or None, low, high) of a symmetric margin or explicit bounds, else DataError
    ``bad_margin``."""
    if np.isscalar(margin):
        if not (isinstance(margin, (int, float, np.number)) and margin > 0
                and np.isfinite(margin)):
            raise DataError(f"The equivalence margin must be a number above 0 (got {margin!r}); "
                            "set one in outcome points, the smallest difference that matters.",
                            "bad_margin")
        return float(margin), -float(margin), float(margin)
    try:
        low, high = (float(v) for v in margin)
    except (TypeError, ValueError):
        raise DataError(f"The equivalence bounds must be two numbers (low, high); got "
                        f"{margin!r}.", "bad_margin") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise DataError("The lower equivalence bound must be below the upper one, and both "
                        "finite.", "bad_margin")
    return None, low, high


def tost(a, b, margin: float | tuple[float, float], *, weights_a=None, weights_b=None,
         alpha: float = 0.05) -> TostResult:
    """Equivalence of A and B by two one-sided Welch tests.

    Parameters
    ----------
    a, b : array_like
        The two groups' values (finite; at least two in each group).
    margin : float or (float, float)
        A raw-unit margin m (bounds -m and +m) or explicit ``(low, high)`` bounds for A minus
        B, which may be asymmetric.
    weights_a, weights_b : array_like, optional
        Frequency weights, one per value.
    alpha : float
        Level of each one-sided test, in (0, 1); the CI is the 1 - 2 alpha one.

    Returns
    -------
    TostResult
        ``p_lower`` (H0: A - B <= low), ``p_upper`` (H0: A - B >= high), ``p`` (the larger),
        ``equivalent`` (p < alpha), ``mean_diff`` (A minus B) and its 1 - 2 alpha ``ci``.
        With no spread in either group the p-values are NaN (never "equivalent").

    Raises
    ------
    DataError
        ``bad_margin`` (a margin that is not a finite number above 0, or bounds not in order),
        ``bad_alpha``, and those of :func:`welch_t`.

    Notes
    -----
    The lower test uses ``low`` and the upper test ``high``, each with its own bound (the
    mistake once made by JASP and statsmodels being to use one bound for both). R:
    ``t.test(a, b, mu = low, alternative = "greater")$p.value`` and
    ``t.test(a, b, mu = high, alternative = "less")$p.value``.

    References
    ----------
    Schuirmann, D. J. (1987). A comparison of the two one-sided tests procedure and the power
    approach for assessing the equivalence of average bioavailability. *Journal of
    Pharmacokinetics and Biopharmaceutics, 15*, 657-680.
    Lakens, D. (2017). Equivalence tests. *Social Psychological and Personality Science, 8*,
    355-362.

    Examples
    --------
    >>> a, b = [5.1, 4.8, 6.0, 5.7, 6.2], [4.2, 4.9, 5.0, 4.4]
    >>> r = tost(a, b, 1.5)  # R: t.test(a, b, mu = -1.5, alternative = "greater"); mu = 1.5, "less"
    >>> round(r.p_lower, 7), round(r.p_upper, 5), r.equivalent
    (8.46e-05, 0.06515, False)
    """
    return tost_from_moments(moments(a, weights_a), moments(b, weights_b), margin=margin,
                             alpha=alpha)


def tost_from_moments(a: Moments, b: Moments, *, margin: float | tuple[float, float],
                      alpha: float = 0.05) -> TostResult:
    """:func:`tost` from each group's n, mean and variance.

    Parameters
    ----------
    a, b : Moments
        Each group's n (at least 2), mean and variance.
    margin : float or (float, float)
        As in :func:`tost`.
    alpha : float
        In (0, 1).

    Returns
    -------
    TostResult
        As :func:`tost`.

    Raises
    ------
    DataError
        ``bad_margin``, ``bad_alpha``, ``too_few_values``, ``not_finite``.

    Notes
    -----
    Each one-sided p uses Welch's standard error and df.

    References
    ----------
    Schuirmann, D. J. (1987). *J. Pharmacokinet. Biopharm., 15*, 657-680.

    Examples
    --------
    >>> r = tost_from_moments(Moments(5, 5.56, 0.353), Moments(4, 4.625, 0.1491667), margin=1.5)
    >>> round(r.p, 5)
    0.06515
    """
    given, low, high = _bounds(margin)
    alpha = checked_alpha(alpha)
    _validate_two_sample(a, b)
    diff, se, df = _welch_parts(a, b)
    if se > 0:
        p_lower = stats.t.sf((diff - low) / se, df)
        p_upper = stats.t.cdf((diff - high) / se, df)
        p = max(p_lower, p_upper)
        half = stats.t.ppf(1 - alpha, df) * se
    else:  # no spread in either group: the one-sided t tests are undefined
        p_lower = p_upper = p = half = math.nan
    return TostResult(given, low, high, float(p_lower), float(p_upper), float(p),
                      bool(p < alpha), float(diff),
                      ConfidenceInterval(float(diff - half), float(diff + half)), alpha)
