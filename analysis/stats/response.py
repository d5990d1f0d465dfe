"""Missing outcomes: the response rate per mode with a test, what predicts not responding, and
the mode difference weighted by the inverse probability of responding (a sensitivity estimate).

``treated`` is True for group A; a NaN outcome is a client who did not answer. ``weights``
are frequencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence
from analysis.stats.propensity import PropensityModel, WeightedEffect, fit_logistic
from analysis.stats.propensity import weighted_difference as _weighted_difference

__all__ = ["OddsRatio", "ResponseComparison", "ResponseRates", "response_comparison",
           "response_rates"]


@dataclass(frozen=True, slots=True)
class ResponseRates:
    """Who answered, per group, and whether the rates differ.

    Attributes
    ----------
    n_a, n_b : int
        Clients in A and in B.
    responded_a, responded_b : int
        Of them, clients with an outcome.
    rate_a, rate_b : float
        Response rates.
    difference : float
        rate_a minus rate_b.
    chi_square, df, p_chi_square : float
        Pearson's chi-square of group x responded (no continuity correction), NaN when a
        margin is empty (e.g. everyone answered).
    p_fisher : float
        Fisher's exact test, two-sided.
    """

    n_a: int
    n_b: int
    responded_a: int
    responded_b: int
    rate_a: float
    rate_b: float
    difference: float
    chi_square: float
    df: float
    p_chi_square: float
    p_fisher: float


@dataclass(frozen=True, slots=True)
class OddsRatio:
    """One term of the response model: the odds ratio of responding, Wald CI and p."""

    term: str
    odds_ratio: float
    ci: ConfidenceInterval
    p: float


@dataclass(frozen=True, slots=True)
class ResponseComparison:
    """Response rates, predictors of responding and the response-weighted mode difference.

    Attributes
    ----------
    rates : ResponseRates
    model : PropensityModel or None
        Logistic model of responding on the mode and the covariates (None when it cannot be
        fitted; ``notes`` says why).
    predictors : tuple of OddsRatio
        Odds ratios of responding per term (the intercept left out); ``mode`` is A vs B.
    respondents : WeightedEffect
        The mode difference among respondents, unweighted (A minus B).
    weighted : WeightedEffect or None
        The same weighted by 1 / P(responding | mode, covariates).
    notes : tuple of str
        In words.
    """

    rates: ResponseRates
    model: PropensityModel | None
    predictors: tuple[OddsRatio, ...]
    respondents: WeightedEffect
    weighted: WeightedEffect | None
    notes: tuple[str, ...]


def _inputs(outcome, treated, weights):
    y = np.asarray(outcome, dtype=float).ravel()
    a = np.asarray(treated, dtype=bool).ravel()
    f = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float).ravel()
    if len(a) != len(y) or len(f) != len(y):
        raise DataError("The outcome, groups and weights differ in length.", "length_mismatch")
    if np.isinf(y).any() or not np.isfinite(f).all() or (f < 0).any():
        raise DataError("Outcomes must be finite or missing, and weights not negative.",
                        "bad_weights")
    if f[a].sum() < 1 or f[~a].sum() < 1:
        raise DataError("Both groups need clients for a comparison.", "empty_group")
    return y, a, f


def response_rates(outcome, treated, *, weights=None) -> ResponseRates:
    """The share of clients with an outcome in A and in B, with chi-square and Fisher tests.

    Parameters
    ----------
    outcome : array
        The outcome of each row; NaN where the client did not answer.
    treated : array of bool
        True for group A.
    weights : array, optional
        Frequency weights (whole numbers).

    Returns
    -------
    ResponseRates

    Notes
    -----
    Pearson's chi-square without continuity correction (R: ``chisq.test(table(a, responded),
    correct = FALSE)``) and Fisher's exact test (``fisher.test``) of the 2 x 2 table.

    Examples
    --------
    >>> y = [4.0, 5, None, None, 3, 4, 5, 4, 3, None]
    >>> rates = response_rates(np.array(y, dtype=float), [1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    >>> rates.rate_a, rates.rate_b, round(rates.p_chi_square, 3)
    (0.6, 0.8, 0.49)
    """
    y, a, f = _inputs(outcome, treated, weights)
    answered = np.isfinite(y)
    table = np.array([[f[g & answered].sum(), f[g & ~answered].sum()] for g in (a, ~a)])
    if table[:, 0].sum() == 0:
        raise DataError("No client has an outcome.", "no_responses")
    if (table.sum(axis=0) == 0).any():
        chi2, df, p = np.nan, np.nan, np.nan
    else:
        chi2, p, df, _ = stats.chi2_contingency(table, correction=False)
    fisher = stats.fisher_exact(np.rint(table).astype(int)).pvalue
    n_a, n_b = table.sum(axis=1)
    return ResponseRates(int(n_a), int(n_b), int(table[0, 0]), int(table[1, 0]),
                         float(table[0, 0] / n_a), float(table[1, 0] / n_b),
                         float(table[0, 0] / n_a - table[1, 0] / n_b), float(chi2), float(df),
                         float(p), float(fisher))


def _odds_ratios(model: PropensityModel, level: float) -> tuple[OddsRatio, ...]:
    z = float(stats.norm.ppf(0.5 + level / 2))
    return tuple(OddsRatio(term, float(np.exp(b)),
                           ConfidenceInterval(float(np.exp(b - z * s)), float(np.exp(b + z * s))),
                           float(2 * stats.norm.sf(abs(b / s))))
                 for term, b, s in zip(model.terms, model.coef, model.se)
                 if term != "(Intercept)")


def response_comparison(outcome, treated, *, covariates: pd.DataFrame | None = None,
                        weights=None, confidence_level: float = CONFIDENCE_LEVEL
                        ) -> ResponseComparison:
    """Response rates, what predicts responding, and the inverse-probability-of-response
    weighted mode difference.

    Parameters
    ----------
    outcome : array
        The outcome of each row; NaN where the client did not answer.
    treated : array of bool
        True for group A.
    covariates : DataFrame, optional
        Numeric design columns (known for every client, answered or not).
    weights : array, optional
        Frequency weights.
    confidence_level : float
        Of the CIs.

    Returns
    -------
    ResponseComparison

    Notes
    -----
    The response model is the logistic regression of responding on the group-A indicator
    (term ``mode``) and the covariates (R: ``glm(responded ~ a + x, family = binomial)``;
    odds ratios exp(b) with Wald CIs and z p-values, as ``summary.glm``). Each respondent is
    then weighted by 1 / P(responding | mode, covariates), so respondents stand in for
    similar clients who did not answer (missing at random given these covariates), and the
    mode difference uses :func:`analysis.stats.propensity.weighted_difference` (R:
    ``svyglm(y ~ a, design = svydesign(ids = ~1, weights = ~1 / p))`` among respondents).
    Without covariates the weights are constant within each mode and the weighted estimate
    equals the respondents' one. It is a sensitivity estimate: if answering depends on the
    unobserved satisfaction itself, no weighting on covariates removes that bias.

    References
    ----------
    Seaman, S. R., & White, I. R. (2013). Review of inverse probability weighting for
    dealing with missing data. *Statistical Methods in Medical Research, 22*, 278-295.

    Examples
    --------
    >>> rng = np.random.default_rng(4)
    >>> online = rng.random(300) < 0.5
    >>> age = rng.uniform(18, 70, 300)
    >>> y = 25 + 0.05 * age + rng.normal(0, 3, 300)
    >>> answers = 1 / (1 + np.exp(-(0.5 - 0.8 * online + 0.03 * (age - 40))))
    >>> y[rng.random(300) > answers] = np.nan
    >>> out = response_comparison(y, online, covariates=pd.DataFrame({"age": age}))
    >>> round(out.rates.rate_a, 2), round(out.rates.rate_b, 2), out.predictors[0].term
    (0.45, 0.64, 'mode')
    """
    level = checked_confidence(confidence_level)
    y, a, f = _inputs(outcome, treated, weights)
    rates = response_rates(y, a, weights=f)
    answered = np.isfinite(y)
    keep = answered & (f > 0)
    if f[keep & a].sum() < 2 or f[keep & ~a].sum() < 2:
        raise DataError("Fewer than two clients answered in a group: no comparison of "
                        "respondents.", "too_few_clients")
    respondents = _weighted_difference(y[keep], a[keep], np.ones(keep.sum()), weights=f[keep],
                                       confidence_level=level)
    x = pd.concat([pd.DataFrame({"mode": a.astype(float)}),
                   (pd.DataFrame(index=range(len(y))) if covariates is None
                    else pd.DataFrame(covariates).reset_index(drop=True))], axis=1)
    notes: list[str] = []
    if f[~answered].sum() == 0:
        notes.append("Every client answered: there is no non-response to model or weight.")
        return ResponseComparison(rates, None, (), respondents, None, tuple(notes))
    try:
        model = fit_logistic(x, answered, weights=f, labels=("responding", "non-responding"))
    except DataError as err:
        notes.append(f"No model of responding: {err.message}")
        return ResponseComparison(rates, None, (), respondents, None, tuple(notes))
    weighted = _weighted_difference(y[keep], a[keep], 1 / model.fitted[keep], weights=f[keep],
                                    confidence_level=level)
    shift = weighted.estimate - respondents.estimate
    places = 2 if abs(shift) >= 0.005 else 3  # not "-0.00", nor "from -0.91 to -0.92"
    moved = (f"moves the difference by {shift:+.2f}" if places == 2
             else "moves the difference by less than 0.005")
    notes.append(f"Weighting respondents by their inverse probability of responding {moved} "
                 f"(from {respondents.estimate:.{places}f} to {weighted.estimate:.{places}f}).")
    return ResponseComparison(rates, model, _odds_ratios(model, level), respondents, weighted,
                              tuple(notes))
