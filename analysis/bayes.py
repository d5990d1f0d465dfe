"""The JZS Bayes factor for two independent groups."""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate

#: Scale of the Cauchy prior on the standardised effect ("medium", JASP's default).
CAUCHY_SCALE = math.sqrt(2) / 2


def jzs_bayes_factor(t: float, n_a: float, n_b: float, r: float = CAUCHY_SCALE) -> float:
    """BF10 of a two-sample Student t under a Cauchy(0, r) prior on delta (Rouder et al. 2009).

    BF10 > 1 favours a difference; BF01 = 1 / BF10 favours no difference ("evidence for the
    null", which a p-value cannot give). Integrates over g as in Rouder et al.'s eq. 1, as
    pingouin's ``bayesfactor_ttest`` and JASP do.
    """
    df = n_a + n_b - 2
    n_eff = n_a * n_b / (n_a + n_b)

    log_null = -(df + 1) / 2 * math.log1p(t**2 / df)

    def integrand(g: float) -> float:  # the integrand of eq. 1 divided by the null likelihood
        ng = 1 + n_eff * g * r**2
        log_alt = -0.5 * math.log(ng) - (df + 1) / 2 * math.log1p(t**2 / (ng * df))
        return (math.exp(log_alt - log_null) * (2 * math.pi) ** -0.5 * g**-1.5
                * math.exp(-1 / (2 * g)))

    return float(integrate.quad(integrand, 0, np.inf, limit=500, epsabs=0, epsrel=1e-10)[0])
