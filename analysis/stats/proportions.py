"""Proportions of a binary outcome in two groups: Wilson CIs, the risk difference (Newcombe),
risk and odds ratios, Pearson's chi-square without Yates, Fisher's exact test, the number needed
to treat. Counts may be frequency-weighted (a count of w is w clients); they must be whole.

Group A is the first group; differences are A minus B and ratios A over B. ``alternative``
follows scipy: "greater" means the event is more common in A (risk difference > 0, ratios > 1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import (
    ConfidenceInterval,
    checked_alternative,
    checked_confidence,
)

__all__ = ["MIN_EXPECTED", "Estimate", "NumberNeeded", "PearsonTest",
           "Proportion", "ProportionComparison", "compare_proportions",
           "exact_odds_ratio", "newcombe_interval", "number_needed", "odds_ratio",
           "pearson_2x2", "proportion", "risk_ratio", "wilson_interval"]

#: The exact conditional odds ratio is given (and is the one to read) when some expected count
#: of the 2x2 table is under this, or some cell is 0 (Cochran's rule for the chi-square).
MIN_EXPECTED = 5.0
INF = math.inf


@dataclass(frozen=True, slots=True)
class Proportion:
    """Events out of n, the proportion and its Wilson score CI (``method`` names it)."""

    events: int
    n: int
    proportion: float
    ci: ConfidenceInterval
    method: str = "Wilson score"


@dataclass(frozen=True, slots=True)
class Estimate:
    """An effect estimate with its CI and the method of the CI."""

    value: float
    ci: ConfidenceInterval
    method: str


@dataclass(frozen=True, slots=True)
class PearsonTest:
    """Pearson's chi-square of a 2x2 table without Yates' correction.

    ``p`` follows ``alternative`` as R's ``prop.test(correct = FALSE)``: two-sided from
    chi-square(1); one-sided from z = sign(pA - pB) sqrt(X^2). ``min_expected`` is the smallest
    expected count. NaN when no group has an event, or every client does.
    """

    statistic: float
    df: int
    p: float
    min_expected: float


@dataclass(frozen=True, slots=True)
class NumberNeeded:
    """The number needed to treat, 1 / risk difference (Altman 1998).

    Attributes
    ----------
    value : float
        1 / (pA - pB): positive when A has more events. For every ``abs(value)`` clients seen in
        A rather than B, one more event (positive) or one fewer (negative). Infinite when the
        risk difference is 0. Whether that is a benefit or a harm depends on whether the event
        is wanted (completion) or not (dropout).
    ci : ConfidenceInterval or None
        (1 / upper RD bound, 1 / lower RD bound), given only when the risk difference's CI
        excludes 0; otherwise None and ``spans_infinity`` is True: the CI runs from
        1 / upper bound through infinity to 1 / lower bound, one side "more events in A", the
        other "fewer" (Altman's NNTB ... to infinity to ... NNTH).
    text : str
        The reading in words.
    """

    value: float
    ci: ConfidenceInterval | None
    spans_infinity: bool
    text: str


@dataclass(frozen=True, slots=True)
class ProportionComparison:
    """Two groups' proportions compared (see :func:`compare_proportions`).

    Attributes
    ----------
    a, b : Proportion
        Events, n, proportion and Wilson CI of group A and group B.
    risk_difference : Estimate
        pA - pB (group A minus group B) with Newcombe's hybrid score CI.
    risk_ratio : Estimate
        pA / pB with the log (Katz) CI.
    odds_ratio : Estimate
        Sample odds ratio (eA / (nA - eA)) / (eB / (nB - eB)) with Woolf's logit CI.
    exact_odds_ratio : Estimate or None
        Conditional maximum-likelihood odds ratio with the exact CI (R's ``fisher.test``), given
        when some expected count is under ``MIN_EXPECTED`` or some cell is 0: then it is the
        one to read. None otherwise.
    chi_square : PearsonTest
    fisher_p : float
        Fisher's exact p (R's ``fisher.test``) for ``alternative``.
    nnt : NumberNeeded
    alternative, confidence_level
        As given.
    notes : tuple of str
        Zero cells, small expected counts, undefined statistics.
    """

    a: Proportion
    b: Proportion
    risk_difference: Estimate
    risk_ratio: Estimate
    odds_ratio: Estimate
    exact_odds_ratio: Estimate | None
    chi_square: PearsonTest
    fisher_p: float
    nnt: NumberNeeded
    alternative: str
    confidence_level: float
    notes: tuple[str, ...] = ()

    @property
    def small_counts(self) -> bool:
        """True when the exact odds ratio and Fisher's p are the ones to read."""
        return self.exact_odds_ratio is not None


def _checked_counts(events, n, label: str = "the group") -> tuple[int, int]:
    """Whole, finite counts with 0 <= events <= n and n > 0, as ints; else a DataError."""
    try:
        e, m = float(events), float(n)
    except (TypeError, ValueError):
        raise DataError(f"The counts of {label} must be numbers; got {events!r} of {n!r}.",
                        "bad_counts") from None
    if not (math.isfinite(e) and math.isfinite(m)) or e != round(e) or m != round(m) or e < 0:
        raise DataError(f"The counts of {label} must be whole numbers not below 0; got "
                        f"{events!r} events of {n!r}.", "bad_counts")
    if m <= 0:
        raise DataError(f"There are no clients in {label}: a proportion needs at least one.",
                        "empty_group")
    if e > m:
        raise DataError(f"{label.capitalize()} has more events ({e:,.0f}) than clients "
                        f"({m:,.0f}).", "bad_counts")
    return int(e), int(m)


def _z(confidence_level: float, alternative: str) -> float:
    """The normal quantile for a two-sided (1 - alpha/2) or one-sided (1 - alpha) bound."""
    level = confidence_level if alternative != "two-sided" else 0.5 + confidence_level / 2
    return float(stats.norm.ppf(level))


def _one_sided(low: float, high: float, alternative: str, bottom: float,
               top: float) -> ConfidenceInterval:
    """The interval with the side the alternative does not bound opened to the range's end."""
    if alternative == "less":
        low = bottom
    elif alternative == "greater":
        high = top
    return ConfidenceInterval(float(low), float(high))


def wilson_interval(events, n, *, confidence_level: float = CONFIDENCE_LEVEL,
                    alternative: str = "two-sided") -> ConfidenceInterval:
    """Wilson's score interval of a proportion (Wilson 1927), no continuity correction.

    Parameters
    ----------
    events, n : int
        Events and clients (whole counts; frequency weights summed).
    confidence_level : float
        Between 0 and 1 (DataError ``bad_confidence_level`` otherwise).
    alternative : {"two-sided", "less", "greater"}
        "less" gives [0, upper bound], "greater" [lower bound, 1], each at the full level.

    Returns
    -------
    ConfidenceInterval
        Within [0, 1].

    Notes
    -----
    (p + z^2/2n +- z sqrt(p(1 - p)/n + z^2/4n^2)) / (1 + z^2/n) with z the normal quantile,
    as R's ``prop.test(x, n, correct = FALSE)$conf.int``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA, 22*, 209-212.

    Examples
    --------
    >>> ci = wilson_interval(35, 79)
    >>> round(ci.low, 4), round(ci.high, 4)
    (0.3387, 0.5527)
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    x, m = _checked_counts(events, n)
    z = _z(confidence_level, alternative)
    p = x / m
    z2n = z * z / (2 * m)
    half = z * math.sqrt(p * (1 - p) / m + z2n / (2 * m))
    low = max(0.0, (p + z2n - half) / (1 + 2 * z2n)) if x > 0 else 0.0
    high = min(1.0, (p + z2n + half) / (1 + 2 * z2n)) if x < m else 1.0
    return _one_sided(low, high, alternative, 0.0, 1.0)


def proportion(events, n, *, confidence_level: float = CONFIDENCE_LEVEL,
               alternative: str = "two-sided") -> Proportion:
    """Events out of n with the Wilson score CI (see :func:`wilson_interval`).

    Examples
    --------
    >>> p = proportion(35, 79)
    >>> p.events, p.n, round(p.proportion, 4)
    (35, 79, 0.443)
    """
    ci = wilson_interval(events, n, confidence_level=confidence_level, alternative=alternative)
    x, m = _checked_counts(events, n)
    return Proportion(x, m, x / m, ci)


def newcombe_interval(events_a, n_a, events_b, n_b, *,
                      confidence_level: float = CONFIDENCE_LEVEL,
                      alternative: str = "two-sided") -> ConfidenceInterval:
    """Newcombe's hybrid score CI of the risk difference pA - pB (Newcombe 1998, method 10).

    Notes
    -----
    With (lA, uA) and (lB, uB) the Wilson intervals of each group at the same z,
    lower = d - sqrt((pA - lA)^2 + (uB - pB)^2) and upper = d + sqrt((uA - pA)^2 + (pB - lB)^2),
    d = pA - pB. One-sided alternatives use the one-sided z and open the other side (-1 or 1).

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. *Statistics in Medicine, 17*, 873-890.

    Examples
    --------
    >>> ci = newcombe_interval(35, 79, 46, 88)
    >>> round(ci.low, 4), round(ci.high, 4)
    (-0.2251, 0.0708)
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    xa, ma = _checked_counts(events_a, n_a, "group A")
    xb, mb = _checked_counts(events_b, n_b, "group B")
    # the bounds of each side come from two-sided Wilson intervals at this side's z
    level = confidence_level if alternative == "two-sided" else 2 * confidence_level - 1
    wa = wilson_interval(xa, ma, confidence_level=level) if level > 0 else None
    wb = wilson_interval(xb, mb, confidence_level=level) if level > 0 else None
    pa, pb = xa / ma, xb / mb
    d = pa - pb
    if wa is None:  # a one-sided level of 50% or less: z <= 0, the bound is the estimate
        return _one_sided(d, d, alternative, -1.0, 1.0)
    low = d - math.hypot(pa - wa.low, wb.high - pb)
    high = d + math.hypot(wa.high - pa, pb - wb.low)
    return _one_sided(max(low, -1.0), min(high, 1.0), alternative, -1.0, 1.0)


def _log_interval(log_value: float, se: float, z: float, alternative: str) -> ConfidenceInterval:
    return _one_sided(math.exp(log_value - z * se), math.exp(log_value + z * se), alternative,
                      0.0, INF)


def risk_ratio(events_a, n_a, events_b, n_b, *, confidence_level: float = CONFIDENCE_LEVEL,
               alternative: str = "two-sided") -> Estimate:
    """The risk ratio pA / pB with the log (Katz) CI.

    Notes
    -----
    exp(log RR +- z SE), SE = sqrt(1/eA - 1/nA + 1/eB - 1/nB) (Katz et al. 1978). With no
    event in a group the ratio is 0 or infinite (NaN when neither has one) and the CI is
    [0, inf): the log method has no finite bound then.

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P., & Pike, M. C. (1978). Obtaining confidence intervals
    for the risk ratio in cohort studies. *Biometrics, 34*, 469-474.

    Examples
    --------
    >>> rr = risk_ratio(35, 79, 46, 88)
    >>> round(rr.value, 4), round(rr.ci.low, 4), round(rr.ci.high, 4)
    (0.8476, 0.6168, 1.1646)
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    xa, ma = _checked_counts(events_a, n_a, "group A")
    xb, mb = _checked_counts(events_b, n_b, "group B")
    method = "log (Katz)"
    if xa == 0 or xb == 0:
        value = math.nan if xa == xb else (0.0 if xa == 0 else INF)
        return Estimate(value, ConfidenceInterval(0.0, INF), method)
    rr = (xa / ma) / (xb / mb)
    se = math.sqrt(1 / xa - 1 / ma + 1 / xb - 1 / mb)
    return Estimate(rr, _log_interval(math.log(rr), se, _z(confidence_level, alternative),
                                      alternative), method)


def odds_ratio(events_a, n_a, events_b, n_b, *, confidence_level: float = CONFIDENCE_LEVEL,
               alternative: str = "two-sided") -> Estimate:
    """The sample odds ratio (eA (nB - eB)) / ((nA - eA) eB) with Woolf's logit CI.

    Notes
    -----
    exp(log OR +- z SE), SE = sqrt(1/a + 1/b + 1/c + 1/d) over the four cells (Woolf 1955).
    With a zero cell the ratio is 0 or infinite (NaN when 0/0) and the CI is [0, inf): read
    :func:`exact_odds_ratio` then. No 0.5 is added to the cells.

    References
    ----------
    Woolf, B. (1955). On estimating the relation between blood group and disease. *Annals of
    Human Genetics, 19*, 251-253.

    Examples
    --------
    >>> o = odds_ratio(35, 79, 46, 88)
    >>> round(o.value, 4), round(o.ci.low, 4), round(o.ci.high, 4)
    (0.7263, 0.3946, 1.3366)
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    xa, ma = _checked_counts(events_a, n_a, "group A")
    xb, mb = _checked_counts(events_b, n_b, "group B")
    a, b, c, d = xa, ma - xa, xb, mb - xb
    method = "sample odds ratio, Woolf (logit) CI"
    if 0 in (a, b, c, d):
        top, bottom = a * d, b * c
        value = math.nan if top == bottom == 0 else (0.0 if top == 0 else INF)
        return Estimate(value, ConfidenceInterval(0.0, INF), method)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    log_or = math.log(a) + math.log(d) - math.log(b) - math.log(c)
    return Estimate(math.exp(log_or), _log_interval(log_or, se, _z(confidence_level, alternative),
                                                    alternative), method)


def exact_odds_ratio(events_a, n_a, events_b, n_b, *,
                     confidence_level: float = CONFIDENCE_LEVEL,
                     alternative: str = "two-sided") -> Estimate:
    """The conditional maximum-likelihood odds ratio with its exact CI (R's ``fisher.test``).

    Notes
    -----
    The estimate maximises the noncentral hypergeometric likelihood of the first cell given the
    margins; the CI inverts its tail probabilities (Cornfield 1956). With a zero cell the
    estimate is 0 or infinite and the CI is open on that side (R: ``fisher.test`` gives the
    same). R's algorithm, in numpy over the support of the first cell (at most
    ``EXACT_WINDOW`` values around the observed one: values further away carry no weight at any
    of the roots), so that a table of millions is as quick as a small one.

    References
    ----------
    Cornfield, J. (1956). A statistical problem arising from retrospective studies. *Proc.
    Third Berkeley Symposium, 4*, 135-148.

    Examples
    --------
    >>> o = exact_odds_ratio(3, 20, 0, 25)
    >>> o.value, round(o.ci.low, 4), o.ci.high
    (inf, 0.5373, inf)
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    xa, ma = _checked_counts(events_a, n_a, "group A")
    xb, mb = _checked_counts(events_b, n_b, "group B")
    if xa + xb in (0, ma + mb):  # one column empty: nothing is known of the odds ratio
        return Estimate(math.nan, ConfidenceInterval(0.0, INF), "conditional MLE, exact CI")
    family = _NoncentralHypergeometric(xa, xa + xb, ma + mb - xa - xb, ma)
    tail = 1 - confidence_level if alternative != "two-sided" else (1 - confidence_level) / 2
    low = 0.0 if alternative == "less" else family.lower(tail)
    high = INF if alternative == "greater" else family.upper(tail)
    return Estimate(family.mle(), ConfidenceInterval(low, high), "conditional MLE, exact CI")


#: Values of the first cell kept around the observed one by :func:`exact_odds_ratio`.
EXACT_WINDOW = 1_000_000


class _NoncentralHypergeometric:
    """Fisher's noncentral hypergeometric distribution of the first cell of a 2x2 table given
    its margins (``m`` events, ``n`` non-events, ``k`` clients in A), as R's ``fisher.test``
    builds it; the odds ratio enters as t = log(psi)."""

    def __init__(self, x: int, m: int, n: int, k: int) -> None:
        lo, hi = max(0, k - n), min(k, m)
        self.x, self.at_lo, self.at_hi = x, x == lo, x == hi
        lo, hi = max(lo, x - EXACT_WINDOW // 2), min(hi, x + EXACT_WINDOW // 2)
        s = np.arange(lo, hi + 1, dtype=float)
        # log dhyper up to a constant: the cumulated log ratios of neighbouring values
        step = np.log(m - s[:-1]) + np.log(k - s[:-1]) - np.log(s[:-1] + 1) \
            - np.log(n - k + s[:-1] + 1)
        self.support, self.log_weight = s, np.concatenate([[0.0], np.cumsum(step)])

    def _mass(self, t: float) -> np.ndarray:
        w = self.log_weight + t * self.support
        d = np.exp(w - w.max())
        return d / d.sum()

    def _root(self, f) -> float:
        """exp(t) where the increasing ``f`` crosses 0 (0 or inf when it never does)."""
        lo, hi = -1.0, 1.0
        while f(lo) > 0 and lo > -1e4:
            lo *= 2
        while f(hi) < 0 and hi < 1e4:
            hi *= 2
        if f(lo) > 0:
            return 0.0
        if f(hi) < 0:
            return INF
        return math.exp(optimize.brentq(f, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps))

    def mle(self) -> float:
        if self.at_lo or self.at_hi:
            return 0.0 if self.at_lo else INF
        return self._root(lambda t: float(self._mass(t) @ self.support) - self.x)

    def lower(self, alpha: float) -> float:
        """psi with P(X >= x) = alpha (0 when x is the smallest value possible)."""
        if self.at_lo:
            return 0.0
        return self._root(lambda t: float(self._mass(t)[self.support >= self.x].sum()) - alpha)

    def upper(self, alpha: float) -> float:
        """psi with P(X <= x) = alpha (inf when x is the largest value possible)."""
        if self.at_hi:
            return INF
        return self._root(lambda t: alpha - float(self._mass(t)[self.support <= self.x].sum()))


def pearson_2x2(events_a, n_a, events_b, n_b, *, alternative: str = "two-sided") -> PearsonTest:
    """Pearson's chi-square of the 2x2 table without Yates' correction.

    R: ``prop.test(c(eA, eB), c(nA, nB), correct = FALSE)``, i.e. ``chisq.test(tab,
    correct = FALSE)``; X^2 = N (ad - bc)^2 / (nA nB m1 m2) with m the event margins.

    Examples
    --------
    >>> t = pearson_2x2(35, 79, 46, 88)
    >>> round(t.statistic, 4), round(t.p, 4)
    (1.0584, 0.3036)
    """
    alternative = checked_alternative(alternative)
    xa, ma = _checked_counts(events_a, n_a, "group A")
    xb, mb = _checked_counts(events_b, n_b, "group B")
    total, events = ma + mb, xa + xb
    expected = min(ma, mb) * min(events, total - events) / total
    if events in (0, total):
        return PearsonTest(math.nan, 1, math.nan, float(expected))
    a, b, c, d = (float(v) for v in (xa, ma - xa, xb, mb - xb))
    x2 = total * (a * d - b * c) ** 2 / (ma * mb * events * (total - events))
    if alternative == "two-sided":
        p = stats.chi2.sf(x2, 1)
    else:
        z = math.copysign(math.sqrt(x2), xa / ma - xb / mb)
        p = stats.norm.cdf(z) if alternative == "less" else stats.norm.sf(z)
    return PearsonTest(float(x2), 1, float(p), float(expected))


def number_needed(difference: float, ci: ConfidenceInterval, *, event: str = "event",
                  names: tuple[str, str] = ("A", "B")) -> NumberNeeded:
    """The number needed to treat, 1 / risk difference, and its CI from the difference's CI.

    Parameters
    ----------
    difference : float
        pA - pB.
    ci : ConfidenceInterval
        Its CI (Newcombe's, from :func:`newcombe_interval`).
    event, names : str, (str, str)
        The event and the groups as :attr:`NumberNeeded.text` names them.

    Returns
    -------
    NumberNeeded
        The CI only when the difference's CI excludes 0 (Altman 1998); otherwise the text says
        it spans infinity.

    References
    ----------
    Altman, D. G. (1998). Confidence intervals for the number needed to treat. *BMJ, 317*,
    1309-1312.

    Examples
    --------
    >>> nnt = number_needed(0.2, ConfidenceInterval(0.1, 0.3))
    >>> round(nnt.value, 2), round(nnt.ci.low, 2), round(nnt.ci.high, 2)
    (5.0, 3.33, 10.0)
    >>> number_needed(0.05, ConfidenceInterval(-0.05, 0.15)).spans_infinity
    True
    """
    value = 1 / difference if difference != 0 else INF
    a, b = names
    thing = "event" if event == "event" else f"client with '{event}'"

    def side(d: float) -> str:
        return f"{1 / abs(d):.1f} (one {'more' if d > 0 else 'fewer'} {thing} in {a})"

    if ci.low > 0 or ci.high < 0:
        nnt_ci = ConfidenceInterval(1 / ci.high, 1 / ci.low)
        low, high = sorted((abs(nnt_ci.low), abs(nnt_ci.high)))
        text = (f"For every {abs(value):.1f} clients in {a} rather than {b}, one "
                f"{'more' if value > 0 else 'fewer'} {thing} (CI {low:.1f} to {high:.1f}).")
        return NumberNeeded(float(value), nnt_ci, False, text)
    ends = [side(d) for d in (ci.high, ci.low) if d != 0 and math.isfinite(1 / d)]
    text = ("The CI of the difference includes 0, so the number needed to treat is not "
            "reported: its CI spans infinity" + (f" ({' to infinity to '.join(ends)})."
                                                 if len(ends) == 2 else "."))
    return NumberNeeded(float(value), None, True, text)


def compare_proportions(events_a, n_a, events_b, n_b, *, alternative: str = "two-sided",
                        confidence_level: float = CONFIDENCE_LEVEL, event: str = "event",
                        names: tuple[str, str] = ("A", "B")) -> ProportionComparison:
    """Compare the proportion of clients with the event in group A and group B.

    Parameters
    ----------
    events_a, n_a, events_b, n_b : int
        Events and clients in each group: whole counts (summed frequency weights).
    alternative : {"two-sided", "less", "greater"}
        "greater": the event is more common in A. The CIs of the comparison (difference,
        ratios) are then one-sided, open on the other side; each group's own CI stays
        two-sided (it describes the group).
    confidence_level : float
        Of every CI, between 0 and 1.
    event, names : str, (str, str)
        Only for the words of the number needed to treat.

    Returns
    -------
    ProportionComparison
        Each group's proportion with its Wilson CI; the risk difference pA - pB (group A minus
        group B; Newcombe's hybrid score CI); the risk ratio pA / pB (Katz log CI); the sample
        odds ratio (Woolf CI) and, when counts are small, the exact conditional one; Pearson's
        chi-square (no Yates); Fisher's exact p; the number needed to treat.

    Raises
    ------
    DataError
        ``empty_group`` (n = 0), ``bad_counts``, ``bad_alternative``,
        ``bad_confidence_level``.

    Notes
    -----
    The exact conditional odds ratio (R's ``fisher.test``) is computed, and is the one to read,
    when some expected count is under ``MIN_EXPECTED`` (5) or some cell is 0: Woolf's CI
    then is too wide or undefined. Fisher's p is always given; with small expected counts it,
    not the chi-square p, is the one to read.

    References
    ----------
    Newcombe, R. G. (1998). *Statistics in Medicine, 17*, 873-890 (method 10).
    Altman, D. G. (1998). *BMJ, 317*, 1309-1312 (the number needed to treat).
    Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.), sections 3.1 and 16.6.

    Examples
    --------
    Retention at 12 months in Lippke et al. (2021): 35 of 79 online, 46 of 88 face-to-face.

    >>> c = compare_proportions(35, 79, 46, 88)
    >>> round(c.risk_difference.value, 4), round(c.chi_square.statistic, 2)
    (-0.0797, 1.06)
    >>> round(c.fisher_p, 4), c.exact_odds_ratio is None, c.nnt.spans_infinity
    (0.353, True, True)
    """
    confidence_level = checked_confidence(confidence_level)
    alternative = checked_alternative(alternative)
    xa, ma = _checked_counts(events_a, n_a, "group A")
    xb, mb = _checked_counts(events_b, n_b, "group B")
    kw = {"confidence_level": confidence_level, "alternative": alternative}
    counts = (xa, ma, xb, mb)
    rd_ci = newcombe_interval(*counts, **kw)
    difference = xa / ma - xb / mb
    chi = pearson_2x2(*counts, alternative=alternative)
    cells = (xa, ma - xa, xb, mb - xb)
    small = chi.min_expected < MIN_EXPECTED or 0 in cells
    table = np.array([[xa, ma - xa], [xb, mb - xb]])
    fisher_p = float(stats.fisher_exact(table, alternative=alternative).pvalue)
    return ProportionComparison(
        a=proportion(xa, ma, confidence_level=confidence_level),
        b=proportion(xb, mb, confidence_level=confidence_level),
        risk_difference=Estimate(difference, rd_ci, "Newcombe hybrid score"),
        risk_ratio=risk_ratio(*counts, **kw), odds_ratio=odds_ratio(*counts, **kw),
        exact_odds_ratio=exact_odds_ratio(*counts, **kw) if small else None,
        chi_square=chi, fisher_p=min(fisher_p, 1.0),
        nnt=number_needed(difference, rd_ci, event=event, names=names), alternative=alternative,
        confidence_level=confidence_level, notes=_notes(cells, chi))


def _notes(cells: tuple[int, int, int, int], chi: PearsonTest) -> tuple[str, ...]:
    notes = []
    if cells[0] + cells[2] == 0 or cells[1] + cells[3] == 0:
        notes.append("Every client has the same value (no group has "
                     + ("an event" if cells[0] + cells[2] == 0 else "a non-event")
                     + "): the chi-square and the ratios are undefined.")
    elif 0 in cells:
        notes.append("A zero cell: the odds ratio is 0 or infinite and its CI is open on one "
                     "side; the exact conditional odds ratio is the one to read.")
    if math.isfinite(chi.statistic) and chi.min_expected < MIN_EXPECTED:
        notes.append(f"An expected count is under {MIN_EXPECTED:.0f} (smallest "
                     f"{chi.min_expected:.2f}): read Fisher's exact p and the exact conditional "
                     "odds ratio rather than the chi-square and Woolf's CI.")
    return tuple(notes)
