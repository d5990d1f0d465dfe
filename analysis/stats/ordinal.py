"""Rating-scale outcomes with a ceiling: the proportional-odds (cumulative logit) model of the
outcome on the mode and covariates, and the probability of superiority of A over B.

``treated`` is True for group A; the odds ratio is for A versus B and the probability of
superiority is P(Y_A > Y_B) + P(Y_A = Y_B) / 2. ``weights`` are frequencies.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence

__all__ = ["ProportionalOdds", "Superiority", "probability_of_superiority",
           "proportional_odds"]

#: An outcome with more distinct values than this is not treated as ordinal categories.
MAX_LEVELS = 40
#: Rows are expanded by their frequency weights up to this many clients for the model.
MAX_EXPANDED = 200_000


@dataclass(frozen=True, slots=True)
class ProportionalOdds:
    """The mode's odds ratio from a proportional-odds model.

    Attributes
    ----------
    odds_ratio : float
        exp(beta): the odds of a rating above any given level for A over those for B, other
        covariates held fixed (> 1: A rates higher).
    ci : ConfidenceInterval
        Wald CI of the odds ratio, exp(beta -+ z se).
    log_odds_ratio, se, p : float
        beta, its standard error and the two-sided Wald p.
    levels : tuple of float
        The outcome's ordered levels.
    thresholds : tuple of float
        The cut-points zeta_j of logit P(Y <= level_j) = zeta_j - x'beta.
    terms : tuple of str
        The model's terms (``"mode"`` first) and their coefficients in ``coef``.
    coef : tuple of float
        All slope coefficients, in the order of ``terms``.
    n, n_a, n_b : int
        Clients in the model, in A and in B.
    """

    odds_ratio: float
    ci: ConfidenceInterval
    log_odds_ratio: float
    se: float
    p: float
    levels: tuple[float, ...]
    thresholds: tuple[float, ...]
    terms: tuple[str, ...]
    coef: tuple[float, ...]
    n: int
    n_a: int
    n_b: int


@dataclass(frozen=True, slots=True)
class Superiority:
    """The probability that a random A client rates higher than a random B client.

    Attributes
    ----------
    probability : float
        P(Y_A > Y_B) + P(Y_A = Y_B) / 2 (0.5: no tendency either way). Equals
        (1 + rank-biserial r) / 2 and U_A / (n_A n_B).
    se : float
        DeLong standard error.
    ci : ConfidenceInterval
        probability -+ z se, clipped to [0, 1].
    n_a, n_b : int
        Clients in A and in B.
    """

    probability: float
    se: float
    ci: ConfidenceInterval
    n_a: int
    n_b: int


def _model_inputs(outcome, treated, covariates, weights):
    y = np.asarray(outcome, dtype=float).ravel()
    a = np.asarray(treated, dtype=bool).ravel()
    x = (pd.DataFrame(index=range(len(y))) if covariates is None
         else pd.DataFrame(covariates).reset_index(drop=True).astype(float))
    f = np.ones(len(y), dtype=int) if weights is None else np.asarray(weights).ravel()
    if len(a) != len(y) or len(x) != len(y) or len(f) != len(y):
        raise DataError("The outcome, groups, covariates and weights differ in length.",
                        "length_mismatch")
    if not np.isfinite(y).all() or not np.isfinite(x.to_numpy()).all():
        raise DataError("Every client needs an outcome and every covariate; leave clients "
                        "without one out first.", "missing_outcome")
    if (f < 0).any() or not np.array_equal(f, np.round(f)) or f.sum() > MAX_EXPANDED:
        raise DataError(f"Frequency weights must be whole numbers >= 0 adding up to at most "
                        f"{MAX_EXPANDED:,} clients for the ordinal model.", "bad_weights")
    rows = np.repeat(np.arange(len(y)), f.astype(int))
    design = pd.concat([pd.Series(a[rows].astype(float), name="mode"),
                        x.iloc[rows].reset_index(drop=True)], axis=1)
    return y[rows], a[rows], design


def _check_levels(y: np.ndarray, a: np.ndarray, design: pd.DataFrame) -> np.ndarray:
    levels = np.unique(y)
    if len(levels) < 2:
        raise DataError("The outcome has a single value: there is no order to model.",
                        "one_level")
    if len(levels) > MAX_LEVELS:
        raise DataError(f"The outcome has {len(levels)} distinct values, more than the "
                        f"{MAX_LEVELS} an ordinal model is meant for: use the mean comparison.",
                        "too_many_levels")
    if a.all() or not a.any():
        raise DataError("Both groups need clients for a comparison.", "empty_group")
    if y[a].min() >= y[~a].max() or y[~a].min() >= y[a].max():
        raise DataError("The groups' ratings do not overlap (one group's ratings are all at or "
                        "above the other's), so the odds ratio is infinite.", "separation")
    values = np.column_stack([np.ones(len(y)), design.to_numpy(float)])
    if np.linalg.matrix_rank(values) < values.shape[1]:
        raise DataError("A covariate is constant or determined by the others or by the mode; "
                        "leave it out.", "not_estimable")
    return levels


def proportional_odds(outcome, treated, *, covariates=None, weights=None,
                      confidence_level: float = CONFIDENCE_LEVEL) -> ProportionalOdds:
    """The proportional-odds model of an ordinal outcome on the mode and covariates.

    Parameters
    ----------
    outcome : array
        Ordered ratings (numbers; each distinct value is a level).
    treated : array of bool
        True for group A.
    covariates : DataFrame, optional
        Numeric design columns adjusted for.
    weights : array, optional
        Frequency weights (whole numbers).
    confidence_level : float
        Of the Wald CI.

    Returns
    -------
    ProportionalOdds
        The odds ratio is A versus B (> 1: A rates higher).

    Raises
    ------
    DataError
        ``one_level``, ``too_many_levels``, ``empty_group``, ``not_estimable``, and
        ``separation`` when the groups' ratings do not overlap (an infinite odds ratio).

    Notes
    -----
    logit P(Y <= level_j) = zeta_j - (beta mode + gamma'x), fitted by maximum likelihood
    (statsmodels ``OrderedModel``, logit link). R's ``MASS::polr(factor(y, ordered = TRUE) ~
    a + x, Hess = TRUE)`` uses the same parameterisation, so beta and the zeta_j agree in sign
    (golden: coefficient, SE from ``vcov``, ``zeta``). The CI is Wald, exp(beta -+ z se);
    ``confint`` on a polr fit profiles the likelihood instead and differs slightly. The model
    assumes one odds ratio for every cut-point (proportional odds).

    References
    ----------
    McCullagh, P. (1980). Regression models for ordinal data. *Journal of the Royal
    Statistical Society B, 42*, 109-142.

    Examples
    --------
    >>> y = [1, 2, 2, 3, 3, 3, 4, 5, 2, 3, 4, 4, 5, 5, 5, 3]
    >>> online = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
    >>> result = proportional_odds(y, online)
    >>> round(result.odds_ratio, 2), round(result.p, 3)
    (4.73, 0.109)
    """
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    level = checked_confidence(confidence_level)
    y, a, design = _model_inputs(outcome, treated, covariates, weights)
    levels = _check_levels(y, a, design)
    codes = pd.Categorical(y, categories=levels, ordered=True)
    model = OrderedModel(codes, design, distr="logit")
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = model.fit(method="bfgs", disp=False, maxiter=2000, gtol=1e-10)
    k = design.shape[1]
    beta, se = float(fit.params.iloc[0]), float(fit.bse.iloc[0])
    if not (np.isfinite(se) and abs(beta) < 20 and se < 1e3):
        raise DataError("The model does not converge to a finite odds ratio: given the covariates, "
                        "the groups' ratings do not overlap.", "separation")
    z = float(stats.norm.ppf(0.5 + level / 2))
    cuts = model.transform_threshold_params(fit.params.to_numpy())[1:-1]
    with np.errstate(over="ignore"):  # a very wide CI may reach infinity
        return ProportionalOdds(
            float(np.exp(beta)), ConfidenceInterval(float(np.exp(beta - z * se)),
                                                    float(np.exp(beta + z * se))),
            beta, se, float(2 * stats.norm.sf(abs(beta / se))), tuple(map(float, levels)),
            tuple(map(float, cuts)), tuple(map(str, design.columns)),
            tuple(map(float, fit.params.iloc[:k])), len(y), int(a.sum()), int((~a).sum()))


def _placements(values, weights, other, other_weights) -> np.ndarray:
    """For each value, the weighted share of ``other`` below it plus half the share equal."""
    order = np.argsort(other, kind="stable")
    sorted_other, cum = other[order], np.concatenate([[0.0], np.cumsum(other_weights[order])])
    below = cum[np.searchsorted(sorted_other, values, side="left")]
    upto = cum[np.searchsorted(sorted_other, values, side="right")]
    return (below + (upto - below) / 2) / cum[-1]


def probability_of_superiority(a, b, *, weights_a=None, weights_b=None,
                               confidence_level: float = CONFIDENCE_LEVEL) -> Superiority:
    """P(Y_A > Y_B) + P(Y_A = Y_B) / 2, from the data, with a DeLong CI.

    Parameters
    ----------
    a, b : array
        Outcomes of groups A and B.
    weights_a, weights_b : array, optional
        Frequency weights.
    confidence_level : float
        Of the CI.

    Returns
    -------
    Superiority

    Notes
    -----
    The probability is the mean over A clients of their placement V_i = P(Y_B < a_i) +
    P(Y_B = a_i) / 2, i.e. U_A / (n_A n_B) of the Mann-Whitney test (R: ``wilcox.test(a,
    b)$statistic / (nA * nB)``) and (1 + rank-biserial r) / 2. Its variance is
    var(V_A) / n_A + var(V_B) / n_B with the placements of each group in the other (DeLong,
    DeLong & Clarke-Pearson 1988; sample variances, n - 1); the CI is normal, clipped to
    [0, 1]. Golden: the same formula written out in R with ``outer``.

    References
    ----------
    DeLong, E. R., DeLong, D. M., & Clarke-Pearson, D. L. (1988). Comparing the areas under
    two or more correlated receiver operating characteristic curves: a nonparametric
    approach. *Biometrics, 44*, 837-845.
    Grissom, R. J., & Kim, J. J. (2012). *Effect sizes for research* (2nd ed.). Routledge.

    Examples
    --------
    >>> result = probability_of_superiority([3, 4, 5, 5], [2, 3, 3, 4])
    >>> result.probability, round(result.se, 3)
    (0.84375, 0.142)
    """
    level = checked_confidence(confidence_level)
    ya, yb = np.asarray(a, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
    fa = np.ones(len(ya)) if weights_a is None else np.asarray(weights_a, dtype=float).ravel()
    fb = np.ones(len(yb)) if weights_b is None else np.asarray(weights_b, dtype=float).ravel()
    if len(fa) != len(ya) or len(fb) != len(yb):
        raise DataError("Values and weights differ in length.", "length_mismatch")
    if not (np.isfinite(ya).all() and np.isfinite(yb).all()) or (fa < 0).any() or (fb < 0).any():
        raise DataError("Outcomes must be finite and weights not negative.", "bad_weights")
    na, nb = fa.sum(), fb.sum()
    if na < 2 or nb < 2:
        raise DataError("Each group needs at least two clients.", "too_few_clients")
    va = _placements(ya, fa, yb, fb)
    vb = 1 - _placements(yb, fb, ya, fa)  # P(Y_A > b_j) + P(Y_A = b_j) / 2
    prob = float((fa * va).sum() / na)
    var = ((fa * (va - prob) ** 2).sum() / (na - 1) / na
           + (fb * (vb - prob) ** 2).sum() / (nb - 1) / nb)
    se = float(np.sqrt(var))
    half = float(stats.norm.ppf(0.5 + level / 2)) * se
    return Superiority(prob, se, ConfidenceInterval(max(prob - half, 0.0), min(prob + half, 1.0)),
                       int(round(na)), int(round(nb)))
