"""Sensitivity to unmeasured confounding: the E-value of an estimate and of its CI bound
(VanderWeele & Ding 2017), for a risk ratio, an odds ratio, or a standardised mean difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.errors import DataError
from analysis.results import ConfidenceInterval

__all__ = ["EValue", "evalue", "evalue_mean_difference", "evalue_odds_ratio",
           "evalue_risk_ratio", "evalue_smd"]

#: RR ~ exp(0.91 d) for a standardised mean difference d (VanderWeele 2017, after Chinn 2000).
SMD_TO_LOG_RR = 0.91


@dataclass(frozen=True, slots=True)
class EValue:
    """The E-value of an estimate and of its confidence limit.

    Attributes
    ----------
    measure : str
        ``"risk ratio"``, ``"odds ratio"`` or ``"standardised mean difference"``.
    estimate : float
        The estimate on its own scale (A versus B).
    ci : ConfidenceInterval or None
        Its CI on its own scale, when given.
    risk_ratio : float
        The estimate as an (approximate) risk ratio.
    risk_ratio_ci : ConfidenceInterval or None
        The CI as risk ratios.
    evalue : float
        The smallest risk ratio an unmeasured confounder would need with both the mode and the
        outcome (beyond the measured covariates) to move the estimate to no difference.
    evalue_ci : float or None
        The same for the CI limit closer to no difference; 1 when the CI already includes it.
    text : str
        The two E-values in words.
    """

    measure: str
    estimate: float
    ci: ConfidenceInterval | None
    risk_ratio: float
    risk_ratio_ci: ConfidenceInterval | None
    evalue: float
    evalue_ci: float | None
    text: str


def evalue(rr: float) -> float:
    """The E-value of a risk ratio: RR + sqrt(RR (RR - 1)), with RR < 1 taken as 1 / RR.

    Examples
    --------
    >>> round(evalue(3.9), 2), round(evalue(0.5), 4), evalue(1.0)  # 3.9: VanderWeele & Ding
    (7.26, 3.4142, 1.0)
    """
    try:
        rr = float(rr)
    except (TypeError, ValueError):
        rr = float("nan")
    if not (math.isfinite(rr) and rr > 0):
        raise DataError(f"A risk ratio must be a positive number; got {rr!r}.", "bad_estimate")
    rr = 1 / rr if rr < 1 else rr
    return float(rr + math.sqrt(rr * (rr - 1)))


def _checked(estimate: float, low: float | None, high: float | None):
    if (low is None) != (high is None):
        raise DataError("Give both confidence limits or neither.", "bad_estimate")
    if low is not None and not low <= estimate <= high:
        raise DataError(f"The CI ({low}, {high}) does not contain the estimate {estimate}.",
                        "bad_estimate")


def _from_rr(measure: str, estimate: float, ci, rr: float, rr_low, rr_high) -> EValue:
    value = evalue(rr)
    if rr_low is None:
        bound_e, rr_ci = None, None
    else:
        rr_ci = ConfidenceInterval(float(rr_low), float(rr_high))
        bound_e = 1.0 if rr_low <= 1 <= rr_high else evalue(rr_low if rr > 1 else rr_high)
    text = (f"To explain away the estimate, an unmeasured confounder would have to be "
            f"associated with both the mode and the outcome by a risk ratio of at least "
            f"{value:.2f} each, beyond the measured covariates")
    if bound_e is None:
        text += "."
    elif bound_e == 1:
        text += "; the confidence interval already includes no difference (E-value 1)."
    else:
        text += (f"; to move the confidence interval to include no difference, a risk ratio "
                 f"of at least {bound_e:.2f} each.")
    return EValue(measure, float(estimate), ci, float(rr), rr_ci, value, bound_e, text)


def evalue_risk_ratio(rr: float, *, low: float | None = None,
                      high: float | None = None) -> EValue:
    """E-values of a risk ratio and of its CI limit closer to 1.

    Parameters
    ----------
    rr : float
        Risk ratio (A versus B), > 0.
    low, high : float, optional
        Its confidence limits.

    Returns
    -------
    EValue

    Notes
    -----
    E = RR + sqrt(RR (RR - 1)) for RR >= 1, and the same with 1 / RR for RR < 1; for the CI,
    the limit closer to 1 is used (the lower one for RR > 1, the upper one for RR < 1), and
    E = 1 when the CI includes 1 (VanderWeele & Ding 2017). Golden values: the formula
    written out in R (the EValue package is not in Debian); it matches
    ``EValue::evalues.RR(est, lo, hi)``.

    References
    ----------
    VanderWeele, T. J., & Ding, P. (2017). Sensitivity analysis in observational research:
    introducing the E-value. *Annals of Internal Medicine, 167*, 268-274.

    Examples
    --------
    >>> result = evalue_risk_ratio(1.8, low=1.3, high=2.5)
    >>> result.evalue, round(result.evalue_ci, 3)
    (3.0, 1.924)
    """
    _checked(rr, low, high)
    ci = None if low is None else ConfidenceInterval(float(low), float(high))
    return _from_rr("risk ratio", rr, ci, rr, low, high)


def evalue_odds_ratio(odds_ratio: float, *, low: float | None = None,
                      high: float | None = None, rare_outcome: bool) -> EValue:
    """E-values of an odds ratio, through its approximate risk ratio.

    Parameters
    ----------
    odds_ratio : float
        Odds ratio (A versus B), > 0.
    low, high : float, optional
        Its confidence limits.
    rare_outcome : bool
        True when the outcome is rare (under about 15% in both groups): RR ~ OR. Otherwise
        RR ~ sqrt(OR) (VanderWeele 2017).

    Returns
    -------
    EValue

    References
    ----------
    VanderWeele, T. J. (2017). On a square-root transformation of the odds ratio for a common
    outcome. *Epidemiology, 28*, e58-e60.

    Examples
    --------
    >>> round(evalue_odds_ratio(2.4, low=1.6, high=3.6, rare_outcome=False).evalue, 3)
    2.472
    """
    _checked(odds_ratio, low, high)
    ci = None if low is None else ConfidenceInterval(float(low), float(high))
    to_rr = (lambda v: v) if rare_outcome else math.sqrt
    return _from_rr("odds ratio", odds_ratio, ci, to_rr(odds_ratio),
                    None if low is None else to_rr(low), None if high is None else to_rr(high))


def evalue_smd(d: float, *, low: float | None = None, high: float | None = None) -> EValue:
    """E-values of a standardised mean difference d (A minus B, in SD units).

    Parameters
    ----------
    d : float
        Standardised mean difference.
    low, high : float, optional
        Its confidence limits.

    Returns
    -------
    EValue
        ``risk_ratio`` is exp(0.91 d).

    Notes
    -----
    d is turned into an approximate risk ratio RR = exp(0.91 d), and each CI limit the same way
    (VanderWeele 2017; VanderWeele & Ding 2017). The EValue package's ``evalues.MD(d, se)``
    builds the limits as exp(0.91 d -+ 1.78 se); from a 95% Wald CI of d this differs only by
    1.78 against 0.91 x 1.96 = 1.7836. The approximation assumes a roughly normal outcome.

    Examples
    --------
    >>> result = evalue_smd(-0.35, low=-0.62, high=-0.08)
    >>> round(result.evalue, 3), round(result.evalue_ci, 3)
    (2.093, 1.361)
    """
    _checked(d, low, high)
    ci = None if low is None else ConfidenceInterval(float(low), float(high))

    def to_rr(v):
        return math.exp(SMD_TO_LOG_RR * v)

    return _from_rr("standardised mean difference", d, ci, to_rr(d),
                    None if low is None else to_rr(low), None if high is None else to_rr(high))


def evalue_mean_difference(difference: float, *, sd: float, low: float | None = None,
                           high: float | None = None) -> EValue:
    """E-values of a mean difference (A minus B, raw units) through d = difference / sd.

    Parameters
    ----------
    difference : float
        The (adjusted) mean difference.
    sd : float
        The outcome's SD used to standardise it (e.g. the pooled SD of the raw groups); the
        CI limits are divided by the same SD, treating it as known.
    low, high : float, optional
        The difference's confidence limits.

    Returns
    -------
    EValue
        ``estimate`` and ``ci`` are on the d scale.

    Examples
    --------
    >>> round(evalue_mean_difference(-1.4, sd=4.0, low=-2.48, high=-0.32).evalue, 3)
    2.093
    """
    if not (math.isfinite(sd) and sd > 0):
        raise DataError(f"The SD must be a positive number; got {sd!r}.", "bad_estimate")
    return evalue_smd(difference / sd, low=None if low is None else low / sd,
                      high=None if high is None else high / sd)
