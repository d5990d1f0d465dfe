"""Standardised effect sizes with confidence intervals: Cohen's d and Hedges' g (noncentral-t
CIs) and the rank-biserial r (Fisher-z CI)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize, special, stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence
from analysis.stats.weighted import Moments, checked_moments, moments

__all__ = ["EffectSize", "cohens_d", "cohens_d_from_moments", "hedges_g", "hedges_correction",
           "rank_biserial", "noncentral_t_ci", "nct_cdf"]


@dataclass(frozen=True, slots=True)
class EffectSize:
    """An effect size, its CI and how the CI was computed.

    Attributes
    ----------
    value : float
        The effect size (its sign convention is given by the function that returns it).
    ci : ConfidenceInterval
        Its confidence interval.
    method : str
        How the value and the CI were computed, in words.
    """

    value: float
    ci: ConfidenceInterval
    method: str


def _check_sizes(n_a: float, n_b: float, minimum: float) -> None:
    for name, n in (("Group A", n_a), ("Group B", n_b)):
        if not (isinstance(n, (int, float, np.number)) and math.isfinite(n)):
            raise DataError(f"{name}: the group size must be a finite number (got {n!r}).",
                            "not_finite")
        if n < minimum:
            raise DataError(f"{name}: {n:g} value(s); at least {minimum:g} are needed.",
                            "too_few_values")


#: scipy's ``nct.cdf`` is used inside these bounds (fast and exact there, NaN or minutes outside).
_SCIPY_NCP = math.sqrt(2 * math.log(2) * 1021)  # 37.62, where R's pnt also stops
_SCIPY_T = 1e4
_SCIPY_DF = 4e5


def nct_cdf(t: float, df: float, ncp: float) -> float:
    r"""P(T <= t) for the noncentral t distribution with ``df`` degrees of freedom and
    noncentrality ``ncp``.

    Notes
    -----
    scipy's ``nct.cdf`` is exact but returns NaN far in the tail and can take minutes for a
    large ``t`` (t = 1e8, df = 2). R's ``pt`` switches to the normal approximation of
    Abramowitz & Stegun 26.7.10 for |ncp| > 37.62, which is poor with few degrees of freedom
    (for t = 1000, df = 2 it puts the 95% CI's lower bound of the ncp at 37.6 instead of 159).
    Here, as in R, df > 400,000 uses that approximation (its error is of order 1/df); otherwise
    scipy is used for |ncp| <= 37.62 and |t| <= 1e4 when it gives a number, and elsewhere the
    exact distribution is integrated: with S = sqrt(V / df), V ~ chi2(df), T = (Z + ncp) / S,
    so for t > 0

    .. math:: P(T \le t) = \int \phi(z)\, P\big(V \ge df\,((z + ncp)/t)^2\big)\, dz

    over z > -ncp (plus Phi(-ncp)), and P(T <= t | ncp) = 1 - P(T <= -t | -ncp) for t < 0.

    Parameters
    ----------
    t : float
        The point at which the cdf is taken.
    df : float
        Degrees of freedom (> 0).
    ncp : float
        Noncentrality parameter.

    Returns
    -------
    float
        The probability, in [0, 1]; never NaN for finite arguments.

    References
    ----------
    Abramowitz, M. & Stegun, I. A. (1964). Handbook of Mathematical Functions, 26.7.10.

    Examples
    --------
    >>> round(nct_cdf(2.0, 10, 1.0), 6)  # R: pt(2, 10, 1) = 0.80761156253031108
    0.807612
    >>> round(nct_cdf(1000.0, 2, 159.0), 4)  # scipy 0.9750349627; 4,000,000 draws: 0.9749
    0.975
    """
    if math.isnan(t) or math.isnan(ncp) or not df > 0:
        raise DataError(f"nct_cdf needs a t and ncp that are numbers and df above 0 (got t = "
                        f"{t!r}, df = {df!r}, ncp = {ncp!r}).", "not_finite")
    if df > _SCIPY_DF:  # Abramowitz & Stegun 26.7.10, as R's pnt
        s = 1 / (4 * df)
        return float(special.ndtr((t * (1 - s) - ncp) / math.sqrt(1 + t * t * 2 * s)))
    if abs(ncp) <= _SCIPY_NCP and abs(t) <= _SCIPY_T:
        p = float(stats.nct.cdf(t, df, ncp))
        if math.isfinite(p):
            return p
    return _nct_cdf_integral(t, df, ncp)


def _nct_cdf_integral(t: float, df: float, ncp: float) -> float:
    if t < 0:
        return 1.0 - _nct_cdf_integral(-t, df, -ncp)
    if t == 0:
        return float(special.ndtr(-ncp))

    root_2pi = math.sqrt(2 * math.pi)

    def integrand(z: float) -> float:
        x = (z + ncp) / t
        return math.exp(-z * z / 2) / root_2pi * float(special.chdtrc(df, df * x * x))

    # below z = -ncp the integrand is phi(z) (S >= a negative number always holds)
    below = float(special.ndtr(-ncp))
    low = max(-ncp, -40.0)
    if low >= 40.0:
        return min(1.0, below)
    above, _ = integrate.quad(integrand, low, 40.0, limit=200, epsabs=1e-14, epsrel=1e-12)
    return min(1.0, max(0.0, below + above))


def noncentral_t_ci(t: float, df: float, *, confidence_level: float = CONFIDENCE_LEVEL
                    ) -> tuple[float, float]:
    """CI of the noncentrality parameter of an observed t.

    Parameters
    ----------
    t : float
        The observed t statistic.
    df : float
        Its degrees of freedom.
    confidence_level : float
        In (0, 1).

    Returns
    -------
    (float, float)
        Lower and upper bound of the ncp; NaN bounds for a t or df that is not finite and
        positive (the undefined t of groups without spread: the caller reports it as NaN).

    Raises
    ------
    DataError
        ``bad_confidence_level``.

    Notes
    -----
    The bounds are the ncp values at which ``t`` is the upper and lower (1 - level)/2 quantile:
    ``pt(t, df, ncp) = 0.975`` and ``= 0.025`` at 95%. Each root is bracketed by stepping out
    from the observed t; the cdf is :func:`nct_cdf` (never NaN, exact also far in the tail), so
    a huge t (an outcome with almost no spread) gives the right interval quickly. R:
    ``uniroot(function(ncp) pt(t, df, ncp) - 0.975, ...)``, which agrees wherever R's own
    ``pt`` is exact (|ncp| <= 37.62).

    References
    ----------
    Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation and the
    evaluation of statistical models. In *What if there were no significance tests?* (pp.
    221-257). Erlbaum.

    Examples
    --------
    >>> [round(x, 4) for x in noncentral_t_ci(2.0, 10)]  # R: uniroot(...): -0.18352 4.10114
    [-0.1835, 4.1011]
    """
    tail = (1 - checked_confidence(confidence_level)) / 2
    if not (math.isfinite(t) and math.isfinite(df) and df > 0):
        return float("nan"), float("nan")

    def root(target: float, direction: int) -> float:
        def f(ncp: float) -> float:
            return nct_cdf(t, df, ncp) - target

        step = max(1.0, abs(t) * 0.1)
        inner = t
        f_in = f(inner)
        for _ in range(200):
            outer = inner + direction * step
            f_out = f(outer)
            if f_in * f_out <= 0:
                return float(optimize.brentq(f, min(inner, outer), max(inner, outer),
                                             xtol=1e-12, rtol=1e-12))
            inner, f_in, step = outer, f_out, step * 1.5
        return float("nan")

    return root(1 - tail, -1), root(tail, +1)


def hedges_correction(df: float) -> float:
    """Exact small-sample correction J(df) = Γ(df/2) / (√(df/2) Γ((df-1)/2)) of Cohen's d.

    Parameters
    ----------
    df : float
        Degrees of freedom nA + nB - 2 (above 1).

    Returns
    -------
    float
        J, in (0, 1); about 1 - 3 / (4 df - 1).

    Raises
    ------
    DataError
        ``bad_df`` for a df that is not a number above 1.

    Notes
    -----
    Computed in logs with ``gammaln``, so it holds for any df (the gamma functions overflow
    above df = 340).

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. *Journal of Educational Statistics, 6*, 107-128.

    Examples
    --------
    >>> round(hedges_correction(14), 6)  # R: exp(lgamma(7) - log(sqrt(7)) - lgamma(6.5))
    0.945288
    """
    if not (isinstance(df, (int, float, np.number)) and math.isfinite(df) and df > 1):
        raise DataError(f"Hedges' correction needs degrees of freedom above 1 (got {df!r}).",
                        "bad_df")
    return math.exp(special.gammaln(df / 2) - 0.5 * math.log(df / 2)
                    - special.gammaln((df - 1) / 2))


def cohens_d(a, b, *, weights_a=None, weights_b=None,
             confidence_level: float = CONFIDENCE_LEVEL) -> EffectSize:
    """Cohen's d = (mean A - mean B) / pooled SD, with a noncentral-t CI.

    Parameters
    ----------
    a, b : array_like
        The two groups' values (finite; at least two in each group).
    weights_a, weights_b : array_like, optional
        Frequency weights, one per value.
    confidence_level : float
        In (0, 1).

    Returns
    -------
    EffectSize
        d, positive when A's mean is higher; NaN (with a NaN CI) when neither group has
        any spread.

    Raises
    ------
    DataError
        ``not_finite``, ``bad_weights``, ``length_mismatch``, ``too_few_values``,
        ``bad_confidence_level``.

    Notes
    -----
    Pooled SD sqrt(((nA - 1) sA^2 + (nB - 1) sB^2) / (nA + nB - 2)). The CI inverts the
    noncentral t distribution of the Student t statistic (:func:`noncentral_t_ci`): d's bounds
    are the ncp bounds times sqrt(1/nA + 1/nB). R: ``effectsize::cohens_d(a, b)``.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.).
    Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation and the
    evaluation of statistical models.

    Examples
    --------
    >>> d = cohens_d([5.1, 4.8, 6.0, 5.7, 6.2], [4.2, 4.9, 5.0, 4.4])  # R: uniroot on pt, as Notes
    >>> round(d.value, 4), [round(x, 4) for x in d.ci.to_list()]
    (1.8141, [0.1614, 3.3841])
    """
    return cohens_d_from_moments(moments(a, weights_a), moments(b, weights_b),
                                 confidence_level=confidence_level)


def cohens_d_from_moments(a: Moments, b: Moments, *,
                          confidence_level: float = CONFIDENCE_LEVEL) -> EffectSize:
    """:func:`cohens_d` from each group's n, mean and variance.

    Parameters
    ----------
    a, b : Moments
        Each group's n (at least 2), mean and variance.
    confidence_level : float
        In (0, 1).

    Returns
    -------
    EffectSize
        As :func:`cohens_d`: positive when A's mean is higher.

    Raises
    ------
    DataError
        ``too_few_values``, ``not_finite``, ``bad_confidence_level``.

    Notes
    -----
    Uses only n, mean and variance, so it equals :func:`cohens_d` on the data.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.).

    Examples
    --------
    >>> d = cohens_d_from_moments(Moments(5, 5.56, 0.353), Moments(4, 4.625, 0.1491667))
    >>> round(d.value, 4)
    1.8141
    """
    checked_moments(a, "Group A")
    checked_moments(b, "Group B")
    confidence_level = checked_confidence(confidence_level)
    df = a.n + b.n - 2
    pooled = math.sqrt(((a.n - 1) * a.var + (b.n - 1) * b.var) / df)
    d = (a.mean - b.mean) / pooled if pooled > 0 else float("nan")
    scale = math.sqrt(1 / a.n + 1 / b.n)
    low, high = (noncentral_t_ci(d / scale, df, confidence_level=confidence_level) if np.isfinite(d)
                 else (np.nan, np.nan))
    return EffectSize(float(d), ConfidenceInterval(low * scale, high * scale),
                      "pooled SD; noncentral-t CI (Steiger & Fouladi 1997)")


def hedges_g(d: EffectSize, n_a: float, n_b: float) -> EffectSize:
    """Hedges' g = d · J(nA + nB - 2) with the exact gamma-function J; its CI is d's CI times J.

    Parameters
    ----------
    d : EffectSize
        Cohen's d of the two groups (from :func:`cohens_d`).
    n_a, n_b : float
        The group sizes (at least 2 each).

    Returns
    -------
    EffectSize
        g, with d's sign (positive when A's mean is higher).

    Raises
    ------
    DataError
        ``too_few_values`` or ``not_finite`` for a group size.

    Notes
    -----
    J is :func:`hedges_correction`, not the 1 - 3 / (4 df - 1) shortcut.

    References
    ----------
    Hedges, L. V. (1981). *Journal of Educational Statistics, 6*, 107-128.

    Examples
    --------
    >>> d = EffectSize(1.0, ConfidenceInterval(0.0, 2.0), "d")
    >>> round(hedges_g(d, 8, 8).value, 4)  # J(14)
    0.9453
    """
    _check_sizes(n_a, n_b, 2)
    j = hedges_correction(n_a + n_b - 2)
    return EffectSize(d.value * j, ConfidenceInterval(d.ci.low * j, d.ci.high * j),
                      "d times the exact correction J (Hedges 1981); CI = d's CI times J")


def rank_biserial(u_a: float, n_a: float, n_b: float, *,
                  confidence_level: float = CONFIDENCE_LEVEL) -> EffectSize:
    """Rank-biserial r = 2U/(nA nB) - 1 from A's Mann-Whitney U.

    Parameters
    ----------
    u_a : float
        U of group A: the pairs in which A's value is higher, ties counting one half (0 to
        nA nB).
    n_a, n_b : float
        The group sizes (above 0).
    confidence_level : float
        In (0, 1).

    Returns
    -------
    EffectSize
        r in [-1, 1]: positive when A tends to be higher (the probability that A is higher
        minus the probability that B is).

    Raises
    ------
    DataError
        ``too_few_values`` (a group size of 0), ``not_finite``, ``bad_u`` (U outside
        [0, nA nB]), ``bad_confidence_level``.

    Notes
    -----
    CI by Fisher's z with SE = sqrt((nA + nB + 1) / (3 nA nB)), as R's effectsize package
    (``effectsize::rank_biserial``).

    References
    ----------
    Kerby, D. S. (2014). The simple difference formula: an approach to teaching
    nonparametric correlation. *Comprehensive Psychology, 3*, 11.IT.3.1.

    Examples
    --------
    >>> r = rank_biserial(18, 5, 4)  # R: tanh(atanh(0.8) + c(-1, 1) * qnorm(.975) * se)
    >>> round(r.value, 2), [round(x, 4) for x in r.ci.to_list()]
    (0.8, [0.2899, 0.9561])
    """
    _check_sizes(n_a, n_b, 1e-300)
    if not (isinstance(u_a, (int, float, np.number)) and 0 <= u_a <= n_a * n_b):
        raise DataError(f"U must be between 0 and nA nB = {n_a * n_b:g} (got {u_a!r}).", "bad_u")
    r = 2 * u_a / (n_a * n_b) - 1
    se = math.sqrt((n_a + n_b + 1) / (3 * n_a * n_b))
    z = stats.norm.ppf(0.5 + checked_confidence(confidence_level) / 2)
    r_clipped = min(max(r, -1 + 1e-15), 1 - 1e-15)
    centre = math.atanh(r_clipped)
    return EffectSize(float(r), ConfidenceInterval(math.tanh(centre - z * se),
                                                   math.tanh(centre + z * se)),
                      "2U/(nA nB) - 1 (Kerby 2014); Fisher-z CI")
