"""Planning: power, sample size and the smallest detectable effect.

Two-sided two-sample t-test (Cohen's d) by exact noncentral-t power, and chi-square tests
(Cohen's w) by noncentral chi-square power. Every function works for group sizes from 2 into
the millions: scipy's noncentral t returns NaN far in its lower tail, where the exact tail is
computed by quadrature instead (``_nct_sf``), and every root is bracketed before it is solved.

``plan`` gathers the numbers of the Planner page as one JSON-ready dict, so the page and
``python -m analysis plan`` print the very same numbers.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize, special, stats

from analysis.errors import DataError
from analysis.options import ALPHA

__all__ = ["PowerResult", "power_t", "sample_size_t", "detectable_d", "power_chisq",
           "sample_size_chisq", "detectable_w", "planned_n", "plan"]

#: Default target power of the planning functions.
POWER = 0.8
#: Solutions are never below two clients per group: a group needs two values for a variance.
MIN_GROUP = 2.0
#: The root finder's tolerances (absolute and relative, on n, d or w).
_XTOL, _RTOL = 1e-12, 4 * np.finfo(float).eps
#: Upper limit of a bracket search (n, d or w): beyond it the target power is not reachable.
_MAX_BRACKET = 1e15
#: Tolerances of the integration limits (where the integrand is exp(-60) of its peak).
_ENDS = {"xtol": 1e-300, "rtol": 1e-9, "maxiter": 500}


@dataclass(frozen=True, slots=True)
class PowerResult:
    """A planning result: the quantity solved for and the inputs it was solved from.

    Attributes
    ----------
    test : str
        ``"t"`` (two-sided two-sample t-test).
    effect_size : float
        Cohen's d (solved for by ``detectable_d``, given otherwise).
    alpha, power : float
        Significance level; the power (solved for by ``power_t``, the target otherwise).
    n_a, n_b : float
        Group sizes, unrounded (solved for by ``sample_size_t``; ``planned_n`` rounds up).
    """

    test: str
    effect_size: float
    alpha: float
    power: float
    n_a: float
    n_b: float


# ---- input checks ----------------------------------------------------------------------------

def _check_alpha(alpha: float) -> float:
    if not (math.isfinite(alpha) and 0 < alpha < 1):
        raise DataError(f"alpha must be between 0 and 1 (got {alpha:g}).", "bad_alpha")
    return float(alpha)


def _check_power(power: float, alpha: float) -> float:
    if not (math.isfinite(power) and alpha < power < 1):
        raise DataError(f"The target power must be above alpha ({alpha:g}) and below 1 "
                        f"(got {power:g}).", "bad_power")
    return float(power)


def _check_group(n: float, name: str) -> float:
    if not (math.isfinite(n) and n >= MIN_GROUP):
        raise DataError(f"{name} must be at least 2 clients (got {n:g}).", "bad_n")
    return float(n)


def _check_effect(value: float, name: str) -> float:
    if not (math.isfinite(value) and value != 0):
        raise DataError(f"{name} must be a number other than 0 (got {value:g}).", "bad_effect")
    return abs(float(value))


def _check_df(df: int) -> int:
    if not (float(df).is_integer() and df >= 1):
        raise DataError(f"The chi-square degrees of freedom must be a whole number of at least 1 "
                        f"(got {df:g}).", "bad_df")
    return int(df)


# ---- noncentral t ----------------------------------------------------------------------------

def _stirling_error(k: float) -> float:
    """ln Gamma(k) - ((k - 1/2) ln k - k + ln(2 pi) / 2), by its asymptotic series for large k
    (where the direct difference cancels) and directly for small k."""
    if k < 15:
        return float(special.gammaln(k) - ((k - 0.5) * math.log(k) - k
                                           + 0.5 * math.log(2 * math.pi)))
    k2 = k * k
    return (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * k2)) / k2) / k2) / k


def _chi_over_sqrt_df_logpdf(df: float):
    """log density of S = sqrt(V / df), V ~ chi-square(df), written without the cancellation of
    ln Gamma(df / 2) against df ln s for large df:

    log f(s) = ln 2 + ln(k) / 2 - ln(2 pi) / 2 - stirling_error(k) + k (ln u - (u - 1)) - ln s,
    with k = df / 2 and u = s^2.
    """
    k = df / 2
    const = math.log(2) + 0.5 * math.log(k / (2 * math.pi)) - _stirling_error(k)

    def log_f(s: float) -> float:
        if s <= 0:
            return -math.inf if df > 1 else const  # df = 1: the half-normal density at 0
        v = s * s - 1
        log_u = math.log1p(v) if v > -0.5 else 2 * math.log(s)
        return const + k * (log_u - v) - math.log(s)

    return log_f


def _nct_sf_quadrature(x: float, df: float, ncp: float) -> float:
    """P(T > x) for T ~ t(df, ncp) by quadrature: T = (Z + ncp) / S with S = sqrt(V / df),
    V ~ chi-square(df), so P(T > x) = E[Phi(ncp - x S)] for x >= 0.

    The integrand Phi(ncp - x s) f_S(s) is log-concave in s: it is integrated, divided by its
    peak value (no underflow), over the one interval where it is above exp(-60) of its peak.
    Relative accuracy about 1e-8 (checked against mpmath at 40 digits and against scipy where
    scipy is finite); it is only used for tails that scipy cannot give, far below alpha.
    """
    log_f_s = _chi_over_sqrt_df_logpdf(df)

    def log_f(s: float) -> float:
        return float(special.log_ndtr(ncp - x * s)) + log_f_s(s)

    hi = 1 + 60 / math.sqrt(df) + 60
    peak = optimize.minimize_scalar(lambda s: -log_f(s), bounds=(0, hi), method="bounded",
                                    options={"xatol": 1e-12}).x
    top = log_f(peak)
    if top < -745:  # below the smallest double
        return 0.0
    # the integrand is above exp(-60) of its peak on [left, right] (one interval: log-concave)
    floor = top - 60

    def above(s: float) -> float:
        return log_f(s) - floor

    left = 0.0 if above(0.0) >= 0 else optimize.brentq(above, 0.0, peak, **_ENDS)
    step = max(peak, 1e-3)
    while above(peak + step) > 0:
        step *= 2
    right = optimize.brentq(above, peak, peak + step, **_ENDS)
    with warnings.catch_warnings():  # roundoff near 1e-10 is far below what power needs
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        value, _ = integrate.quad(lambda s: math.exp(log_f(s) - top), left, right,
                                  points=[peak] if left < peak < right else None,
                                  epsabs=0, epsrel=1e-10, limit=200)
    return float(math.exp(top) * value)


def _nct_sf(x: float, df: float, ncp: float) -> float:
    """P(T > x), T ~ noncentral t(df, ncp), x >= 0: scipy where it is finite, else quadrature.

    scipy's noncentral t returns NaN far in its lower tail (scipy 1.17:
    ``nct.cdf(-2.5706, 5, 10)``, which statsmodels' power fed to its root finder); a NaN from
    ``nct.sf`` goes to the quadrature. The result is kept at or below Phi(ncp), the probability
    that Z + ncp > 0, which T > x >= 0 needs (scipy's far lower tail can exceed it slightly).
    """
    bound = float(special.ndtr(ncp))  # T > x >= 0 needs Z + ncp > 0
    value = float(stats.nct.sf(x, df, ncp))
    if math.isfinite(value):
        return min(max(value, 0.0), bound)
    if bound == 0:
        return 0.0
    return min(_nct_sf_quadrature(x, df, ncp), bound)


def _t_power(d: float, n_a: float, n_b: float, alpha: float) -> float:
    """Two-sided power of the two-sample t-test, both rejection tails counted."""
    df = n_a + n_b - 2
    ncp = abs(d) * math.sqrt(n_a * n_b / (n_a + n_b))
    q = float(stats.t.isf(alpha / 2, df))
    return min(_nct_sf(q, df, ncp) + _nct_sf(q, df, -ncp), 1.0)


def _solve_increasing(f, lo: float, start: float, target: float) -> float:
    """The root of f(x) = target for an increasing f on [lo, inf), bracketed by doubling from
    ``start``; ``lo`` itself when f(lo) already reaches the target."""
    if f(lo) >= target:
        return lo
    hi = max(start, lo * 2)
    if hi > _MAX_BRACKET:
        raise DataError("The target power is out of reach: the effect is too small for any "
                        "practical sample (over 10^15 clients).", "unreachable_power")
    while f(hi) < target:
        lo, hi = hi, hi * 2
        if hi > _MAX_BRACKET:
            raise DataError("The target power is out of reach: the effect is too small for "
                            "any practical sample (over 10^15 clients).", "unreachable_power")
    return float(optimize.brentq(lambda x: f(x) - target, lo, hi, xtol=_XTOL, rtol=_RTOL,
                                 maxiter=500))


def power_t(d: float, n_a: float, n_b: float, *, alpha: float = ALPHA) -> PowerResult:
    """Power of a two-sided two-sample t-test with these group sizes to detect Cohen's d.

    Parameters
    ----------
    d : float
        Cohen's d, the standardised difference; only its size matters (two-sided).
    n_a, n_b : float
        Group sizes, each at least 2.
    alpha : float
        Significance level.

    Returns
    -------
    PowerResult
        ``power`` is P(|T| > t_{1 - alpha/2, df}) under the alternative.

    Notes
    -----
    Exact noncentral-t power counting both rejection tails: with df = n_a + n_b - 2 and
    ncp = d sqrt(n_a n_b / (n_a + n_b)),

    .. math:: 1 - \\beta = P(T_{df,ncp} > q) + P(T_{df,ncp} < -q),\\quad q = t_{1-\\alpha/2, df}.

    For equal groups this is R's ``power.t.test(n, delta = d, sd = 1, strict = TRUE)``
    (``power.t.test`` has equal groups only; unequal groups are the same formula, in R
    ``pt(q, df, ncp, lower.tail = FALSE) + pt(-q, df, ncp)``). R switches to a normal
    approximation above 400,000 df; this does not.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 2.

    Examples
    --------
    >>> round(power_t(0.5, 20, 20).power, 6)  # R: power.t.test(n = 20, delta = .5, strict = TRUE)
    0.337939
    """
    alpha = _check_alpha(alpha)
    n_a, n_b = _check_group(n_a, "Group A"), _check_group(n_b, "Group B")
    if not math.isfinite(d):
        raise DataError(f"Cohen's d must be a finite number (got {d:g}).", "bad_effect")
    return PowerResult("t", d, alpha, _t_power(d, n_a, n_b, alpha), n_a, n_b)


def sample_size_t(d: float, *, alpha: float = ALPHA, power: float = POWER,
                  ratio: float = 1.0) -> PowerResult:
    """Clients per group for a two-sided two-sample t-test to detect Cohen's d with this power.

    Parameters
    ----------
    d : float
        Cohen's d to detect (not 0; its sign does not matter).
    alpha, power : float
        Significance level and target power (alpha < power < 1).
    ratio : float
        n_b / n_a.

    Returns
    -------
    PowerResult
        Unrounded ``n_a`` and ``n_b = ratio * n_a``; ``planned_n`` rounds them up.

    Notes
    -----
    Solves ``power_t(d, n_a, ratio * n_a) = power`` for n_a by Brent's method on a bracket
    found by doubling (power rises with n). Equal groups: R's ``power.t.test(delta = d,
    sd = 1, power = power, strict = TRUE)$n``. Never fewer than 2 clients per group: with a
    very large d the answer is 2 (or 2 / ratio), where R's ``uniroot`` may go below 2.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 2.

    Examples
    --------
    >>> round(sample_size_t(0.5).n_a, 4)  # R: power.t.test(delta = .5, power = .8, strict = TRUE)$n
    63.7656
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power, alpha)
    d = _check_effect(d, "Cohen's d")
    if not (math.isfinite(ratio) and ratio > 0):
        raise DataError(f"The ratio n_b / n_a must be above 0 (got {ratio:g}).", "bad_ratio")
    lo = max(MIN_GROUP, MIN_GROUP / ratio)
    z = stats.norm.isf(alpha / 2) + stats.norm.isf(1 - power)
    guess = max(lo, (1 + 1 / ratio) * (z / d) ** 2)  # the normal approximation
    n_a = _solve_increasing(lambda n: _t_power(d, n, ratio * n, alpha), lo, guess, power)
    return PowerResult("t", d, alpha, power, n_a, n_a * ratio)


def detectable_d(n_a: float, n_b: float, *, alpha: float = ALPHA, power: float = POWER
                 ) -> PowerResult:
    """The smallest Cohen's d these group sizes detect with this power (two-sided).

    Parameters
    ----------
    n_a, n_b : float
        Group sizes, each at least 2.
    alpha, power : float
        Significance level and target power (alpha < power < 1).

    Returns
    -------
    PowerResult
        ``effect_size`` is the positive d at which ``power_t`` equals ``power``.

    Notes
    -----
    Power rises from alpha at d = 0; the root is bracketed by doubling and found by Brent's
    method. Equal groups: R's ``power.t.test(n, sd = 1, power = power, strict = TRUE)$delta``.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 2.

    Examples
    --------
    >>> round(detectable_d(50, 50).effect_size, 6)  # R: power.t.test(n = 50, power = .8)$delta
    0.565882
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power, alpha)
    n_a, n_b = _check_group(n_a, "Group A"), _check_group(n_b, "Group B")
    z = stats.norm.isf(alpha / 2) + stats.norm.isf(1 - power)
    guess = z * math.sqrt(1 / n_a + 1 / n_b)
    d = _solve_increasing(lambda x: _t_power(x, n_a, n_b, alpha), 0.0, guess, power)
    return PowerResult("t", d, alpha, power, n_a, n_b)


def planned_n(result: PowerResult) -> tuple[int, int]:
    """Group sizes rounded up, as one plans them.

    Parameters
    ----------
    result : PowerResult
        From :func:`sample_size_t` (unrounded sizes).

    Returns
    -------
    (int, int)
        ``n_a`` and ``n_b`` rounded up (less 1e-9, so that 64.0000000001 is 64).

    Notes
    -----
    A fraction of a client is a whole client: rounding up keeps the power at or above the
    target.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 2.

    Examples
    --------
    >>> planned_n(sample_size_t(0.5))
    (64, 64)
    """
    return math.ceil(result.n_a - 1e-9), math.ceil(result.n_b - 1e-9)


# ---- chi-square ------------------------------------------------------------------------------

def _ncx2_sf(x: float, df: int, nc: float) -> float:
    """P(X > x), X ~ noncentral chi-square(df, nc): scipy, or, should it ever give NaN, the
    Poisson mixture sum_j Pois(j; nc/2) P(chi-square(df + 2j) > x)."""
    value = float(stats.ncx2.sf(x, df, nc))
    if math.isfinite(value):
        return min(max(value, 0.0), 1.0)
    mean = nc / 2
    spread = 40 * math.sqrt(mean) + 40
    j = np.arange(max(0, int(mean - spread)), int(mean + spread) + 1)
    return float(min(np.sum(stats.poisson.pmf(j, mean) * stats.chi2.sf(x, df + 2 * j)), 1.0))


def _chisq_power(w: float, n: float, df: int, alpha: float) -> float:
    return _ncx2_sf(float(stats.chi2.isf(alpha, df)), df, n * w * w)


def power_chisq(w: float, n: float, df: int, *, alpha: float = ALPHA) -> float:
    """Power of a chi-square test with ``df`` degrees of freedom on ``n`` clients for Cohen's w.

    Parameters
    ----------
    w : float
        Cohen's w (0 or more).
    n : float
        Total clients (above 0).
    df : int
        Degrees of freedom (a whole number, 1 or more).
    alpha : float
        Significance level.

    Returns
    -------
    float
        The power.

    Raises
    ------
    DataError
        ``bad_alpha``, ``bad_df``, ``bad_n``, ``bad_effect``.

    Notes
    -----
    Power = P(chi-square(df, ncp = n w^2) > chi-square_{1 - alpha, df}) (Cohen 1988, ch. 7),
    R's ``pwr::pwr.chisq.test(w, N = n, df, sig.level = alpha)$power``.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 7.

    Examples
    --------
    >>> round(power_chisq(0.3, 200, 4), 6)  # R: pchisq(qchisq(.95, 4), 4, 200 * .09, FALSE)
    0.94312
    """
    alpha = _check_alpha(alpha)
    df = _check_df(df)
    if not (math.isfinite(n) and n > 0):
        raise DataError(f"The number of clients must be above 0 (got {n:g}).", "bad_n")
    if not (math.isfinite(w) and w >= 0):
        raise DataError(f"Cohen's w must be 0 or more (got {w:g}).", "bad_effect")
    return _chisq_power(w, n, df, alpha)


def sample_size_chisq(w: float, df: int, *, alpha: float = ALPHA, power: float = POWER) -> float:
    """Total clients for a chi-square test with ``df`` degrees of freedom to detect Cohen's w.

    Parameters
    ----------
    w : float
        Cohen's w (not 0).
    df : int
        Degrees of freedom.
    alpha, power : float
        Significance level and target power (alpha < power < 1).

    Returns
    -------
    float
        The unrounded total n (round up to plan).

    Raises
    ------
    DataError
        ``bad_alpha``, ``bad_power``, ``bad_effect``, ``bad_df``, ``unreachable_power``.

    Notes
    -----
    Solved by Brent's method on a bracket found by doubling; R:
    ``pwr::pwr.chisq.test(w, df = df, sig.level = alpha, power = power)$N`` (whose ``uniroot``
    stops at its default tolerance, about 1e-4).

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 7.

    Examples
    --------
    >>> round(sample_size_chisq(0.3, 4), 4)  # R: uniroot on the power of power_chisq's example
    132.6143
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power, alpha)
    w = _check_effect(w, "Cohen's w")
    df = _check_df(df)
    guess = stats.ncx2.ppf(0.5, df, 1) / w ** 2  # a start: the bracket search does the rest
    return _solve_increasing(lambda n: _chisq_power(w, n, df, alpha), 1.0,
                             max(2.0, float(guess) if math.isfinite(guess) else 2.0), power)


def detectable_w(n: float, df: int, *, alpha: float = ALPHA, power: float = POWER) -> float:
    """The smallest Cohen's w a chi-square test on ``n`` clients detects with this power.

    Parameters
    ----------
    n : float
        Total clients (above 0).
    df : int
        Degrees of freedom.
    alpha, power : float
        Significance level and target power (alpha < power < 1).

    Returns
    -------
    float
        w.

    Raises
    ------
    DataError
        ``bad_alpha``, ``bad_power``, ``bad_df``, ``bad_n``.

    Notes
    -----
    R: ``pwr::pwr.chisq.test(N = n, df = df, sig.level = alpha, power = power)$w``; solved as
    ``sample_size_chisq`` is, on w.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.), ch. 7.

    Examples
    --------
    >>> round(detectable_w(200, 4), 6)  # R: uniroot on pchisq(qchisq(.95, 4), 4, 200 w^2, FALSE)
    0.244288
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power, alpha)
    df = _check_df(df)
    if not (math.isfinite(n) and n > 0):
        raise DataError(f"The number of clients must be above 0 (got {n:g}).", "bad_n")
    return _solve_increasing(lambda w: _chisq_power(w, n, df, alpha), 0.0,
                             math.sqrt(df + 10) / math.sqrt(n), power)


# ---- the Planner's numbers as one dict -------------------------------------------------------

def plan(*, n: tuple[float, ...] | None = None, d: float | None = None, w: float | None = None,
         df: int | None = None, alpha: float = ALPHA, power: float = POWER,
         ratio: float | None = None) -> dict:
    """The Planner's numbers as a JSON-ready dict (``python -m analysis plan`` prints it).

    Parameters
    ----------
    n : tuple of float, optional
        t-test: the two group sizes (A, B). Chi-square: one total.
    d : float, optional
        Cohen's d (t-test).
    w : float, optional
        Cohen's w (chi-square).
    df : int, optional
        Chi-square degrees of freedom; giving it (or ``w``) plans a chi-square test.
    alpha, power : float
        Significance level and target power.
    ratio : float, optional
        n_b / n_a for the t-test sample size (``d`` without ``n``); default 1.

    Returns
    -------
    dict
        Always ``test``, ``alpha``, ``target_power`` and the inputs given. t-test:
        with ``n``: ``n_a``, ``n_b``, ``detectable_d`` and, with ``d``, ``power``; with ``d``
        alone: ``n_per_group`` = {``n_a``, ``n_b`` (rounded up), ``n_a_unrounded``,
        ``n_b_unrounded``, ``ratio``, ``power`` (at the rounded sizes)}. Chi-square (needs
        ``df``): with ``w``: ``n_total`` (rounded up), ``n_total_unrounded``; with ``n``:
        ``detectable_w`` and, with ``w`` too, ``power``.

    Raises
    ------
    DataError
        When the inputs do not make a question (code ``bad_plan``) or a value is out of range.

    Notes
    -----
    The numbers are those of :func:`detectable_d`, :func:`sample_size_t`,
    :func:`sample_size_chisq` and :func:`detectable_w`; see those for the methods.

    References
    ----------
    Cohen, J. (1988). *Statistical power analysis for the behavioral sciences* (2nd ed.).

    Examples
    --------
    >>> out = plan(n=(60, 60), d=0.4)
    >>> out["test"], round(out["detectable_d"], 4), round(out["power"], 4)
    ('t', 0.5157, 0.5844)
    """
    alpha = _check_alpha(alpha)
    power = _check_power(power, alpha)
    if w is not None or df is not None:
        if d is not None or ratio is not None:
            raise DataError("--d and --ratio are for the t-test; the chi-square takes --w, --df "
                            "and --n.", "bad_plan")
        return {"test": "chi-square", "alpha": alpha, "target_power": power,
                **_plan_chisq(n, w, df, alpha, power)}
    return {"test": "t", "alpha": alpha, "target_power": power,
            **_plan_t(n, d, ratio, alpha, power)}


def _plan_chisq(n: tuple[float, ...] | None, w: float | None, df: int | None, alpha: float,
                power: float) -> dict:
    """The chi-square part of :func:`plan`: df, then w's clients needed, then n's w."""
    if df is None:
        raise DataError("The chi-square needs --df (degrees of freedom).", "bad_plan")
    if w is None and n is None:
        raise DataError("Give --w (for the clients needed) or --n (for the smallest "
                        "detectable w), or both.", "bad_plan")
    if n is not None and len(n) != 1:
        raise DataError("For the chi-square, --n is one total, e.g. --n 500.", "bad_plan")
    df = _check_df(df)
    out: dict = {"df": df}
    if w is not None:
        w = _check_effect(w, "Cohen's w")
        n_total = sample_size_chisq(w, df, alpha=alpha, power=power)
        out.update(w=w, n_total=math.ceil(n_total - 1e-9), n_total_unrounded=n_total)
    if n is not None:
        total = n[0]
        if not (math.isfinite(total) and total > 0):
            raise DataError(f"--n must be above 0 (got {total:g}).", "bad_n")
        out["n"] = total
        out["detectable_w"] = detectable_w(total, df, alpha=alpha, power=power)
        if w is not None:
            out["power"] = _chisq_power(w, total, df, alpha)
    return out


def _plan_t(n: tuple[float, ...] | None, d: float | None, ratio: float | None, alpha: float,
            power: float) -> dict:
    """The t-test part of :func:`plan`: with ``n``, the detectable d (and the power for ``d``);
    with ``d`` alone, the clients needed."""
    if n is None and d is None:
        raise DataError("Give --n A,B (power and the smallest detectable d) or --d (clients "
                        "needed), or --w and --df for a chi-square.", "bad_plan")
    if n is None:
        ratio = 1.0 if ratio is None else ratio
        result = sample_size_t(d, alpha=alpha, power=power, ratio=ratio)
        n_a, n_b = planned_n(result)
        return {"d": d, "n_per_group": {"n_a": n_a, "n_b": n_b, "n_a_unrounded": result.n_a,
                                        "n_b_unrounded": result.n_b, "ratio": ratio,
                                        "power": _t_power(d, n_a, n_b, alpha)}}
    if len(n) != 2:
        raise DataError("For the t-test, --n is two group sizes, e.g. --n 40,60.", "bad_plan")
    if ratio is not None:
        raise DataError("--ratio is for --d alone (the clients needed); --n gives both "
                        "group sizes.", "bad_plan")
    n_a, n_b = _check_group(n[0], "Group A"), _check_group(n[1], "Group B")
    out = {"n_a": n[0], "n_b": n[1],
           "detectable_d": detectable_d(n_a, n_b, alpha=alpha, power=power).effect_size}
    if d is not None:
        if not math.isfinite(d):
            raise DataError(f"--d must be a finite number (got {d:g}).", "bad_effect")
        out.update(d=d, power=_t_power(d, n_a, n_b, alpha))
    return out
