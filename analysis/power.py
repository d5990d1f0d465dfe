"""Planning: sample size, power and the smallest detectable effect (statsmodels.stats.power)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import optimize

from analysis.options import ALPHA
from analysis.results import to_plain


@dataclass(frozen=True, slots=True)
class PowerResult:
    """A planning result: the quantity solved for and the inputs it was solved from."""

    test: str
    effect_size: float
    alpha: float
    power: float
    n_a: float
    n_b: float

    def to_dict(self) -> dict:
        return to_plain(self)


def _t_power():
    from statsmodels.stats.power import TTestIndPower

    return TTestIndPower()


def sample_size_t(d: float, *, alpha: float = ALPHA, power: float = 0.8,
                  ratio: float = 1.0) -> PowerResult:
    """Clients per group for a two-sided two-sample t-test to detect Cohen's d with this power.

    ``ratio`` = nB / nA. Exact noncentral-t power counting both rejection tails, as R's
    ``power.t.test(delta = d, sd = 1, power = power, strict = TRUE)``. Round ``n_a`` up to plan.
    """
    n_a = _t_power().solve_power(effect_size=abs(d), alpha=alpha, power=power, ratio=ratio,
                                 alternative="two-sided")
    return PowerResult("t", d, alpha, power, float(n_a), float(n_a * ratio))


def power_t(d: float, n_a: float, n_b: float, *, alpha: float = ALPHA) -> PowerResult:
    """Power of a two-sided two-sample t-test with these group sizes to detect Cohen's d."""
    power = _t_power().power(effect_size=abs(d), nobs1=n_a, alpha=alpha, ratio=n_b / n_a,
                             alternative="two-sided")
    return PowerResult("t", d, alpha, float(power), n_a, n_b)


def detectable_d(n_a: float, n_b: float, *, alpha: float = ALPHA, power: float = 0.8
                 ) -> PowerResult:
    """The smallest Cohen's d these group sizes detect with this power (two-sided).

    Solved with brentq at a tight tolerance on statsmodels' power function (its own
    ``solve_power`` stops at about 1e-6 here).
    """
    analysis = _t_power()

    def shortfall(d: float) -> float:
        return analysis.power(effect_size=d, nobs1=n_a, alpha=alpha, ratio=n_b / n_a,
                              alternative="two-sided") - power

    d = optimize.brentq(shortfall, 1e-9, 100, xtol=1e-14, rtol=1e-14)
    return PowerResult("t", float(d), alpha, power, n_a, n_b)


def _chi_power():
    from statsmodels.stats.power import GofChisquarePower

    return GofChisquarePower()


def sample_size_chisq(w: float, df: int, *, alpha: float = ALPHA, power: float = 0.8) -> float:
    """Total clients for a chi-square test with ``df`` degrees of freedom to detect Cohen's w.

    Power = P(noncentral chi-square(df, n w^2) > critical value) (Cohen 1988, ch. 7).
    """
    n = _chi_power().solve_power(effect_size=w, alpha=alpha, power=power, n_bins=df + 1)
    return float(n)


def detectable_w(n: float, df: int, *, alpha: float = ALPHA, power: float = 0.8) -> float:
    """The smallest Cohen's w a chi-square test on ``n`` clients detects with this power."""
    return float(_chi_power().solve_power(nobs=n, alpha=alpha, power=power, n_bins=df + 1))


def planned_n(result: PowerResult) -> tuple[int, int]:
    """Group sizes rounded up, as one plans them."""
    return math.ceil(result.n_a - 1e-9), math.ceil(result.n_b - 1e-9)
