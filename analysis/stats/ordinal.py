"""Rating-scale outcomes with a ceiling: the proportional-odds (cumulative logit) model of the
outcome on the mode and covariates, and the probability of superiority of A over B.

``treated`` is True for group A; the odds ratio is for A versus B and the probability of
superiority is P(Y_A > Y_B) + P(Y_A = Y_B) / 2. ``weights`` are frequencies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence

__all__ = ["ProportionalOdds", "Superiority", "probability_of_superiority",
           "proportional_odds"]

#: An outcome with more distinct values than this is not treated as ordinal categories.
MAX_LEVELS = 40
#: Rows per block of the likelihood's derivatives (bounds the memory of a million-row fit).
CHUNK = 100_000


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
    """The outcome, group, design and frequency weights of the rows with a weight above 0."""
    y = np.asarray(outcome, dtype=float).ravel()
    a = np.asarray(treated, dtype=bool).ravel()
    x = (pd.DataFrame(index=range(len(y))) if covariates is None
         else pd.DataFrame(covariates).reset_index(drop=True).astype(float))
    f = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float).ravel()
    if len(a) != len(y) or len(x) != len(y) or len(f) != len(y):
        raise DataError("The outcome, groups, covariates and weights differ in length.",
                        "length_mismatch")
    if not np.isfinite(y).all() or not np.isfinite(x.to_numpy()).all():
        raise DataError("Every client needs an outcome and every covariate; leave clients "
                        "without one out first.", "missing_outcome")
    if not np.isfinite(f).all() or (f < 0).any():
        raise DataError("Frequency weights must be finite and not negative.", "bad_weights")
    keep = f > 0
    design = pd.concat([pd.Series(a[keep].astype(float), name="mode"),
                        x[keep].reset_index(drop=True)], axis=1)
    return y[keep], a[keep], design, f[keep]


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


def _derivatives(theta, beta, x, codes, f):
    """Log-likelihood, score and Hessian of the cumulative logit model in (beta, theta),
    summed over blocks of rows: logit P(Y <= j) = theta_j - x'beta, level j of row i being
    ``codes[i]`` (0-based)."""
    k, cuts = len(beta), len(theta)
    bounds = np.concatenate([[-np.inf], theta, [np.inf]])
    loglik, score, hess = 0.0, np.zeros(k + cuts), np.zeros((k + cuts, k + cuts))
    for start in range(0, len(codes), CHUNK):
        xb, cb, fb = (v[start:start + CHUNK] for v in (x, codes, f))
        eta = xb @ beta
        cdf, dens, slope = [], [], []
        for edge in (bounds[cb + 1], bounds[cb]):  # upper and lower cut of each row's level
            with np.errstate(over="ignore", invalid="ignore"):
                F = np.where(np.isfinite(edge), special.expit(edge - eta), edge > 0)
            d = F * (1 - F)
            cdf.append(F), dens.append(d), slope.append(d * (1 - 2 * F))
        p = cdf[0] - cdf[1]
        if (p <= 0).any():
            return -np.inf, None, None
        loglik += float(fb @ np.log(p))
        up = np.eye(cuts + 1)[cb][:, :cuts]  # one-hot of the upper cut (none for the top)
        low = np.eye(cuts + 1)[np.maximum(cb - 1, 0)][:, :cuts] * (cb > 0)[:, None]
        grad = np.hstack([-xb * (dens[0] - dens[1])[:, None],
                          up * dens[0][:, None] - low * dens[1][:, None]])
        score += grad.T @ (fb / p)
        hess -= (grad * (fb / p ** 2)[:, None]).T @ grad
        wu, wl = fb * slope[0] / p, fb * slope[1] / p
        hess[:k, :k] += (xb * (wu - wl)[:, None]).T @ xb
        cross = xb.T @ (-up * wu[:, None] + low * wl[:, None])
        hess[:k, k:] += cross
        hess[k:, :k] += cross.T
        hess[k:, k:] += np.diag(up.T @ wu - low.T @ wl)
    return loglik, score, hess


def _newton(x: np.ndarray, codes: np.ndarray, f: np.ndarray, levels: int):
    """Maximum likelihood by Newton-Raphson with step halving; (beta, theta, covariance)."""
    share = np.cumsum(np.bincount(codes, weights=f, minlength=levels))[:-1] / f.sum()
    params = np.concatenate([np.zeros(x.shape[1]), special.logit(share)])
    k = x.shape[1]
    loglik, score, hess = _derivatives(params[k:], params[:k], x, codes, f)
    for _ in range(100):
        step = _solve(hess, -score)
        for _ in range(60):
            trial = params + step
            new = _derivatives(trial[k:], trial[:k], x, codes, f)
            if new[0] >= loglik - 1e-12 * abs(loglik):
                break
            step /= 2
        params, (loglik, score, hess) = trial, new
        if np.abs(step).max() < 1e-10:
            break
    return params[:k], params[k:], -_solve(hess, np.eye(len(params)))


def _solve(hess: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """``hess``^-1 ``rhs``; a singular Hessian (no unique fit) is a DataError."""
    try:
        return np.linalg.solve(hess, rhs)
    except np.linalg.LinAlgError:
        raise DataError("The ordinal model has no unique fit on these data: too few clients "
                        "at some ratings, or a covariate that separates the ratings.",
                        "not_estimable") from None


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
    (Newton-Raphson with the analytic score and Hessian, frequency weights as they are, in
    blocks of rows so that a million clients fit in memory; SEs from the inverse observed
    information). R's ``MASS::polr(factor(y, ordered = TRUE) ~
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
    level = checked_confidence(confidence_level)
    y, a, design, f = _model_inputs(outcome, treated, covariates, weights)
    levels = _check_levels(y, a, design)
    codes = np.searchsorted(levels, y)
    with np.errstate(all="ignore"):
        coef, cuts, cov = _newton(design.to_numpy(float), codes, f, len(levels))
    beta, se = float(coef[0]), float(np.sqrt(cov[0, 0]))
    if not (np.isfinite(se) and abs(beta) < 20 and se < 1e3):
        raise DataError("The model does not converge to a finite odds ratio: given the covariates, "
                        "the groups' ratings do not overlap.", "separation")
    z = float(stats.norm.ppf(0.5 + level / 2))
    with np.errstate(over="ignore"):  # a very wide CI may reach infinity
        return ProportionalOdds(
            float(np.exp(beta)), ConfidenceInterval(float(np.exp(beta - z * se)),
                                                    float(np.exp(beta + z * se))),
            beta, se, float(2 * stats.norm.sf(abs(beta / se))), tuple(map(float, levels)),
            tuple(map(float, cuts)), tuple(map(str, design.columns)),
            tuple(map(float, coef)), int(round(f.sum())), int(round(f[a].sum())),
            int(round(f[~a].sum())))


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
