"""Standardised effect sizes with confidence intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize, special, stats

from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence, to_plain
from analysis.stats.weighted import moments


@dataclass(frozen=True, slots=True)
class EffectSize:
    """An effect size, its CI and how the CI was computed."""

    value: float
    ci: ConfidenceInterval
    method: str

    def to_dict(self) -> dict:
        return to_plain(self)


#: scipy's ``nct.cdf`` is used inside these bounds (fast and exact there, NaN or minutes outside).
_SCIPY_NCP = math.sqrt(2 * math.log(2) * 1021)  # 37.62, where R's pnt also stops
_SCIPY_T = 1e4
_SCIPY_DF = 4e5


def nct_cdf(t: float, df: float, ncp: float) -> float:
    r"""P(T <= t) for the noncentral t distribution with ``df`` degrees of freedom and
    noncentrality ``ncp``.

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


def noncentral_t_ci(t: float, df: float, confidence_level: float = CONFIDENCE_LEVEL
                    ) -> tuple[float, float]:
    """CI of the noncentrality parameter of an observed t (Steiger & Fouladi 1997).

    The bounds are the ncp values at which ``t`` is the upper and lower (1 - level)/2 quantile:
    ``pt(t, df, ncp) = 0.975`` and ``= 0.025`` at 95%. Each root is bracketed by stepping out
    from the observed t; the cdf is :func:`nct_cdf` (never NaN, exact also far in the tail), so
    a huge t (an outcome with almost no spread) gives the right interval quickly. R:
    ``uniroot(function(ncp) pt(t, df, ncp) - 0.975, ...)``, which agrees wherever R's own
    ``pt`` is exact (|ncp| <= 37.62). NaN bounds for a t or df that is not finite and positive.
    """
    if not (math.isfinite(t) and math.isfinite(df) and df > 0):
        return float("nan"), float("nan")
    tail = (1 - checked_confidence(confidence_level)) / 2

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
    """Exact small-sample correction J(df) = Γ(df/2) / (√(df/2) Γ((df-1)/2)) (Hedges 1981)."""
    return math.exp(special.gammaln(df / 2) - 0.5 * math.log(df / 2) - special.gammaln((df - 1) / 2))


def cohens_d(a, b, *, weights_a=None, weights_b=None,
             confidence_level: float = CONFIDENCE_LEVEL) -> EffectSize:
    """Cohen's d = (mean A - mean B) / pooled SD, with a noncentral-t CI.

    The CI inverts the noncentral t distribution of the Student t statistic
    (Steiger & Fouladi 1997): d's bounds are the ncp bounds times sqrt(1/nA + 1/nB).
    """
    return cohens_d_from_moments(*moments(a, weights_a), *moments(b, weights_b),
                                 confidence_level=confidence_level)


def cohens_d_from_moments(na, ma, va, nb, mb, vb, *,
                          confidence_level: float = CONFIDENCE_LEVEL) -> EffectSize:
    """:func:`cohens_d` from each group's n, mean and variance."""
    df = na + nb - 2
    pooled = math.sqrt(((na - 1) * va + (nb - 1) * vb) / df)
    d = (ma - mb) / pooled if pooled > 0 else float("nan")
    scale = math.sqrt(1 / na + 1 / nb)
    low, high = noncentral_t_ci(d / scale, df, confidence_level) if np.isfinite(d) else (np.nan,) * 2
    return EffectSize(float(d), ConfidenceInterval(low * scale, high * scale),
                      "pooled SD; noncentral-t CI (Steiger & Fouladi 1997)")


def hedges_g(d: EffectSize, n_a: float, n_b: float) -> EffectSize:
    """Hedges' g = d · J(nA + nB - 2) with the exact gamma-function J; its CI is d's CI times J."""
    j = hedges_correction(n_a + n_b - 2)
    return EffectSize(d.value * j, ConfidenceInterval(d.ci.low * j, d.ci.high * j),
                      "d times the exact correction J (Hedges 1981); CI = d's CI times J")


def rank_biserial(u_a: float, n_a: float, n_b: float,
                  confidence_level: float = CONFIDENCE_LEVEL) -> EffectSize:
    """Rank-biserial r = 2U/(nA nB) - 1 from A's U (Kerby 2014): positive when A tends higher.

    CI by Fisher's z with SE = sqrt((nA + nB + 1) / (3 nA nB)), as R's effectsize package.
    """
    r = 2 * u_a / (n_a * n_b) - 1
    se = math.sqrt((n_a + n_b + 1) / (3 * n_a * n_b))
    z = stats.norm.ppf(0.5 + checked_confidence(confidence_level) / 2)
    r_clipped = min(max(r, -1 + 1e-15), 1 - 1e-15)
    centre = math.atanh(r_clipped)
    return EffectSize(float(r), ConfidenceInterval(math.tanh(centre - z * se),
                                                   math.tanh(centre + z * se)),
                      "2U/(nA nB) - 1 (Kerby 2014); Fisher-z CI")
