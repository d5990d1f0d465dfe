"""Clients nested in counselors (or sites, or repeated episodes of one client): the ICC, the
design effect, and the mode effect with cluster-robust standard errors (CR2 with Satterthwaite
df, CR1) and from a random-intercept mixed model.

Arrays in, frozen results out: ``treated`` is True for group A, so the mode effect is A minus
B; ``cluster`` holds one label per row; ``weights`` are frequencies (a row with count w stands
for w identical clients of the same cluster; the models are fitted to the expanded rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence

__all__ = ["ClusterICC", "ClusteredComparison", "MixedEffect", "RobustEffect",
           "cluster_robust_effect", "clustered_comparison", "intraclass_correlation",
           "mixed_model_effect"]

#: Rows are expanded by their frequency weights up to this many clients.
MAX_EXPANDED = 5_000_000
#: Fewer clusters than this are "few": the between-cluster variance (the ICC, the mixed
#: model) is then estimated roughly (Maas & Hox 2005 find its SE biased below ~30-50
#: clusters), and one-way cluster-robust errors need a small-sample correction (Cameron &
#: Miller 2015 put the danger zone below 20-50 clusters).
FEW_CLUSTERS = 20
#: CR2 tests with fewer Satterthwaite df than this can reject too often even so (Tipton 2015,
#: Pustejovsky & Tipton 2018 flag df < 4).
FEW_DF = 4


@dataclass(frozen=True, slots=True)
class ClusterICC:
    """The intraclass correlation of the outcome within clusters.

    Attributes
    ----------
    icc : float
        tau^2 / (tau^2 + sigma^2): the share of the outcome's variance between clusters.
    between_variance, within_variance : float
        tau^2 (random intercepts) and sigma^2 (residual), REML.
    n, n_clusters : int
        Clients and clusters.
    mean_size : float
        n / n_clusters, the m-bar of the design effect.
    design_effect : float
        1 + (mean_size - 1) icc: how much clustering inflates the variance of a mean.
    notes : tuple of str
        E.g. a between-cluster variance estimated at the boundary 0.
    """

    icc: float
    between_variance: float
    within_variance: float
    n: int
    n_clusters: int
    mean_size: float
    design_effect: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RobustEffect:
    """The mode coefficient (A minus B) with one kind of standard error.

    Attributes
    ----------
    estimate, se : float
        The OLS coefficient of the group-A indicator and its standard error.
    df : float
        Degrees of freedom of the t reference distribution.
    ci : ConfidenceInterval
        estimate +- t_{df} se.
    p : float
        Two-sided p.
    method : str
        The standard error, in words.
    """

    estimate: float
    se: float
    df: float
    ci: ConfidenceInterval
    p: float
    method: str


@dataclass(frozen=True, slots=True)
class MixedEffect:
    """The mode effect from a random-intercept mixed model (REML).

    Attributes
    ----------
    estimate, se : float
        The fixed effect of the group-A indicator (A minus B) and its model-based SE.
    ci : ConfidenceInterval
        Wald: estimate +- z se.
    p : float
        Two-sided Wald p (normal).
    between_variance, within_variance : float
        Random-intercept variance and residual variance, after adjustment.
    n, n_clusters : int
        Clients and clusters.
    """

    estimate: float
    se: float
    ci: ConfidenceInterval
    p: float
    between_variance: float
    within_variance: float
    n: int
    n_clusters: int


@dataclass(frozen=True, slots=True)
class ClusteredComparison:
    """The mode effect with and without regard to clustering.

    Attributes
    ----------
    icc : ClusterICC
        Of the outcome (no covariates).
    independent : RobustEffect
        Clients treated as independent (HC3, t on n - k df).
    cr2, cr1 : RobustEffect
        Cluster-robust (CR2 with Satterthwaite df; CR1 with n_clusters - 1 df).
    mixed : MixedEffect or None
        Random-intercept model; None when it cannot be fitted (see ``notes``).
    ci_width_ratio : float
        Width of the CR2 CI over the width of the independent CI (1.3 = 30% wider).
    notes : tuple of str
        In words.
    """

    icc: ClusterICC
    independent: RobustEffect
    cr2: RobustEffect
    cr1: RobustEffect
    mixed: MixedEffect | None
    ci_width_ratio: float
    notes: tuple[str, ...]


def _prepared(outcome, cluster, weights, others=()) -> tuple:
    """Finite outcome, cluster codes and the other arrays, expanded by the frequency weights;
    DataError when fewer than two clusters are left or the outcome does not vary."""
    y = np.asarray(outcome, dtype=float).ravel()
    labels = pd.Series(np.asarray(cluster, dtype=object).ravel())
    if len(labels) != len(y) or any(len(o) != len(y) for o in others):
        raise DataError("The outcome, groups, covariates and clusters differ in length.",
                        "length_mismatch")
    if labels.isna().any() or not np.isfinite(y).all():
        raise DataError("Every client needs an outcome and a cluster label; leave clients "
                        "without one out first.", "missing_cluster")
    f = np.ones(len(y), dtype=int) if weights is None else np.asarray(weights).ravel()
    if (f < 0).any() or not np.array_equal(f, np.round(f)) or f.sum() > MAX_EXPANDED:
        raise DataError(f"Frequency weights must be whole numbers >= 0 adding up to at most "
                        f"{MAX_EXPANDED:,} clients for the clustered models.", "bad_weights")
    rows = np.repeat(np.arange(len(y)), f.astype(int))
    codes, _ = pd.factorize(labels.iloc[rows], sort=True)
    if len(np.unique(codes)) < 2:
        raise DataError("Clustering needs at least two clusters (counselors, sites); all "
                        "clients here share one, so clients and clusters cannot be told "
                        "apart.", "one_cluster")
    if np.ptp(y[rows]) == 0:
        raise DataError("The outcome is the same for every client: there is no variation to "
                        "compare or to split between clusters.", "constant_outcome")
    return (y[rows], codes, *(np.asarray(o)[rows] for o in others))


def intraclass_correlation(outcome, cluster, *, weights=None) -> ClusterICC:
    """The ICC of the outcome within clusters, from a random-intercept model (REML).

    Parameters
    ----------
    outcome : array
        The outcome of each row.
    cluster : array
        The cluster (counselor, site, client id) of each row.
    weights : array, optional
        Frequency weights (whole numbers).

    Returns
    -------
    ClusterICC

    Raises
    ------
    DataError
        ``one_cluster``; ``singleton_clusters`` when every cluster has one client (between and
        within variance cannot be told apart).

    Notes
    -----
    y_ij = mu + u_j + e_ij with u_j ~ N(0, tau^2), e_ij ~ N(0, sigma^2), fitted by REML
    (statsmodels ``MixedLM``); ICC = tau^2 / (tau^2 + sigma^2). Matches R's
    ``lmer(y ~ 1 + (1 | cluster), REML = TRUE)`` (lme4) through ``VarCorr``. The design
    effect 1 + (m - 1) ICC (Kish 1965) uses the mean cluster size m = n / k; with unequal
    sizes the variance inflation of a mean is somewhat larger (Eldridge, Ashby & Kerry 2006).

    References
    ----------
    Kish, L. (1965). *Survey sampling*. Wiley.
    Eldridge, S. M., Ashby, D., & Kerry, S. (2006). Sample size for cluster randomized trials:
    effect of coefficient of variation of cluster size and analysis method. *International
    Journal of Epidemiology, 35*, 1292-1300.

    Examples
    --------
    >>> y = [20.0, 22, 21, 26, 27, 25, 30, 31, 33]
    >>> result = intraclass_correlation(y, ["a"] * 3 + ["b"] * 3 + ["c"] * 3)
    >>> round(result.icc, 3), round(result.design_effect, 3)
    (0.948, 2.896)
    """
    y, codes = _prepared(outcome, cluster, weights)
    sizes = np.bincount(codes)
    if sizes.max() < 2:
        raise DataError("Every cluster has a single client, so differences between clusters "
                        "and between clients cannot be told apart: no ICC.",
                        "singleton_clusters")
    tau2, sigma2, _, _ = _random_intercept(y, np.ones((len(y), 1)), codes)
    icc = tau2 / (tau2 + sigma2)
    m = len(y) / len(sizes)
    notes = (("The between-cluster variance is estimated as 0: no detectable clustering.",)
             if tau2 <= 1e-10 * sigma2 else ())
    return ClusterICC(float(icc), float(tau2), float(sigma2), len(y), len(sizes), float(m),
                      float(1 + (m - 1) * icc), notes)


def _random_intercept(y: np.ndarray, x: np.ndarray, codes: np.ndarray):
    """REML fit of y = x b + u_cluster + e: (tau^2, sigma^2, b, cov(b)).

    With lambda = tau^2 / sigma^2 each cluster's V_j = I + lambda 11' has the closed-form
    inverse I - c_j 11', c_j = lambda / (1 + n_j lambda), and determinant 1 + n_j lambda, so
    the REML criterion profiled over sigma^2, (n - p) log(s^2) + log|V| + log|X'V^-1 X|, is a
    function of lambda alone, minimised over a grid of log lambda and then by Brent's method.
    Near its minimum the criterion is flat to rounding (it pins lambda only to about 1e-6), so
    the estimate is then polished to the zero of the criterion's analytic slope.
    """
    g, p = codes.max() + 1, x.shape[1]
    sizes = np.bincount(codes, minlength=g).astype(float)
    s = np.zeros((g, p))
    np.add.at(s, codes, x)
    t = np.bincount(codes, weights=y, minlength=g)
    xtx, xty, yty = x.T @ x, x.T @ y, y @ y

    def parts(lam):
        c = lam / (1 + sizes * lam)
        a = xtx - (s * c[:, None]).T @ s
        b = xty - s.T @ (c * t)
        beta = np.linalg.solve(a, b)
        s2 = max((yty - c @ t**2 - b @ beta) / (len(y) - p), 1e-300)  # 0 up to rounding
        crit = ((len(y) - p) * np.log(s2) + np.log1p(sizes * lam).sum()
                + np.linalg.slogdet(a)[1])
        return crit, beta, s2, a

    def slope(v):
        """d criterion / d log lambda at lambda = e^v (dc_j / d log lambda = lambda / (1 +
        n_j lambda)^2; RSS' = -sum dc_j t_j^2 - 2 beta' b' + beta' A' beta)."""
        lam = np.exp(v)
        _, beta, s2, a = parts(lam)
        dc = lam / (1 + sizes * lam) ** 2
        da, db = -(s * dc[:, None]).T @ s, -s.T @ (dc * t)
        drss = -dc @ t**2 - 2 * db @ beta + beta @ da @ beta
        return (drss / s2 + (sizes * lam / (1 + sizes * lam)).sum()
                + np.trace(np.linalg.solve(a, da)))

    if parts(0.0)[2] <= 1e-12 * np.var(y):
        raise DataError("The mode and covariates fit the outcome exactly (too few clients for "
                        "the terms): no variance left to split.", "not_estimable")
    grid = np.linspace(-12, 12, 97)
    values = [parts(np.exp(v))[0] for v in grid]
    best = int(np.argmin(values))
    lam = 0.0
    if parts(0.0)[0] > values[best]:
        lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
        res = optimize.minimize_scalar(lambda v: parts(np.exp(v))[0], bounds=(lo, hi),
                                       method="bounded", options={"xatol": 1e-10})
        v = res.x
        if slope(v - 1e-3) < 0 < slope(v + 1e-3):
            v = optimize.brentq(slope, v - 1e-3, v + 1e-3, xtol=1e-14)
        lam = float(np.exp(v)) if best > 0 else 0.0
    _, beta, s2, a = parts(lam)
    return float(lam * s2), float(s2), beta, s2 * np.linalg.inv(a)


def _design(treated, covariates, n: int) -> tuple[np.ndarray, list[str]]:
    a = np.asarray(treated, dtype=bool).ravel().astype(float)
    x = (pd.DataFrame(index=range(n)) if covariates is None
         else pd.DataFrame(covariates).reset_index(drop=True))
    if len(a) != n or len(x) != n:
        raise DataError("The outcome, groups, covariates and clusters differ in length.",
                        "length_mismatch")
    values = x.to_numpy(float)
    if not np.isfinite(values).all():
        raise DataError("A covariate has missing or non-numeric values; leave those clients "
                        "out first.", "missing_covariate")
    return np.column_stack([np.ones(n), a, values]), ["(Intercept)", "mode", *map(str, x)]


def _effect(estimate, se, df, level, method) -> RobustEffect:
    half = float(stats.t.ppf(0.5 + level / 2, df)) * se
    p = float(2 * stats.t.sf(abs(estimate / se), df)) if se > 0 else float("nan")
    return RobustEffect(float(estimate), float(se), float(df),
                        ConfidenceInterval(float(estimate - half), float(estimate + half)), p,
                        method)


def _inverse_root(matrix: np.ndarray) -> np.ndarray:
    """The symmetric (pseudo-)inverse square root, as clubSandwich's ``Sym_power(x, -1/2)``."""
    values, vectors = np.linalg.eigh(matrix)
    keep = values > 1e-12 * max(values.max(), 1.0)
    root = np.zeros_like(values)
    root[keep] = 1 / np.sqrt(values[keep])
    return (vectors * root) @ vectors.T


def _adjusted(xj: np.ndarray, bread: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(I - H_jj)^(-1/2) = I + W diag(d) W' for a stack of clusters of one size, with
    H_jj = X_j M X_j' of rank <= k: W (m x r) and d from the thin QR of X_j, so no m x m
    matrix is formed. Eigenvalues of I - H at most 1e-12 get a root of 0, as clubSandwich's
    pseudo-inverse ``Sym_power(x, -1/2)``."""
    q, r = np.linalg.qr(xj)
    lam, v = np.linalg.eigh(r @ bread @ np.swapaxes(r, -1, -2))
    rest = 1 - lam
    root = np.where(rest > 1e-12, 1 / np.sqrt(np.maximum(rest, 1e-300)), 0.0)
    return q @ v, root - 1


def _times_adjusted(w: np.ndarray, d: np.ndarray, z: np.ndarray) -> np.ndarray:
    """(I + W diag(d) W') z for each cluster of the stack (z: clusters x m)."""
    return z + np.einsum("gmr,gr->gm", w, d * np.einsum("gmr,gm->gr", w, z))


def _cr2(x, resid, codes, bread, column: int) -> tuple[float, float]:
    """CR2 variance of coefficient ``column`` and its Satterthwaite df (Bell & McCaffrey).

    Clusters of one size are done together (a stack), each in O(m k^2): many small clusters
    (repeated episodes of one client) and a few large ones (counselors) alike.
    """
    c = bread[:, column]  # M c
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes)
    starts = np.concatenate([[0], np.cumsum(sizes)])[:-1]
    meat = np.zeros((x.shape[1], x.shape[1]))
    us, vs = [], []
    for m in np.unique(sizes):
        first = starts[sizes == m]
        rows = order[first[:, None] + np.arange(m)]  # clusters x m
        xj = x[rows]
        w, d = _adjusted(xj, bread)
        scores = np.einsum("gmk,gm->gk", xj, _times_adjusted(w, d, resid[rows]))
        meat += scores.T @ scores
        u = _times_adjusted(w, d, xj @ c)
        us.append((u * u).sum(axis=1))
        vs.append(np.einsum("gmk,gm->gk", xj, u))
    # G'G = diag(u) - V' M V of Pustejovsky & Tipton (2018) is g x g: its trace and squared
    # Frobenius norm come from k x k products instead.
    us, v = np.concatenate(us), np.concatenate(vs).T
    q = np.einsum("ij,ik,kj->j", v, bread, v)
    mp = bread @ (v @ v.T)
    trace = us.sum() - q.sum()
    squares = (us ** 2).sum() - 2 * (us * q).sum() + np.sum(mp * mp.T)
    variance = (bread @ meat @ bread)[column, column]
    with np.errstate(divide="ignore", invalid="ignore"):  # no information: df NaN
        return float(variance), float(trace ** 2 / squares)


def cluster_robust_effect(outcome, treated, cluster, *, covariates=None, weights=None,
                          confidence_level: float = CONFIDENCE_LEVEL
                          ) -> tuple[RobustEffect, RobustEffect, RobustEffect]:
    """The OLS mode effect (A minus B) with CR2, CR1 and independent (HC3) standard errors.

    Parameters
    ----------
    outcome : array
        The outcome of each row.
    treated : array of bool
        True for group A.
    cluster : array
        The cluster of each row.
    covariates : DataFrame, optional
        Numeric design columns adjusted for.
    weights : array, optional
        Frequency weights (whole numbers).
    confidence_level : float
        Of the CIs.

    Returns
    -------
    (cr2, cr1, independent) : RobustEffect
        The same estimate with three standard errors.

    Notes
    -----
    OLS of the outcome on an intercept, the group-A indicator and the covariates.
    CR2 (Bell & McCaffrey 2002): M (sum_j X_j' A_j e_j e_j' A_j X_j) M with M = (X'X)^-1 and
    A_j = (I - X_j M X_j')^(-1/2), with the Satterthwaite df tr(G'G)^2 / ||G'G||^2 under the
    working model of independent, equal-variance errors (Pustejovsky & Tipton 2018); matches
    R's ``clubSandwich::coef_test(fit, vcov = "CR2", cluster = cluster,
    test = "Satterthwaite")`` and ``conf_int``. CR1: the same sandwich without A_j, times
    G / (G - 1) (n - 1) / (n - k), as ``sandwich::vcovCL(fit, cluster = ~cluster,
    type = "HC1")``; its CI uses t on G - 1 df (G clusters). Independent: HC3 with t on the
    residual df n - k, as the unclustered adjusted comparison.

    References
    ----------
    Bell, R. M., & McCaffrey, D. F. (2002). Bias reduction in standard errors for linear
    regression with multi-stage samples. *Survey Methodology, 28*, 169-181.
    Pustejovsky, J. E., & Tipton, E. (2018). Small-sample methods for cluster-robust variance
    estimation and hypothesis testing in fixed effects models. *Journal of Business &
    Economic Statistics, 36*, 672-683.

    Examples
    --------
    >>> y = [20.0, 22, 21, 26, 27, 25, 30, 31, 33, 24, 22, 28]
    >>> online = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0]
    >>> cr2, cr1, hc3 = cluster_robust_effect(y, online, ["a"] * 3 + ["b"] * 3 + ["c"] * 3
    ...                                       + ["d"] * 3)
    >>> round(cr2.estimate, 3), round(cr2.se, 3), round(cr2.df, 2), round(hc3.se, 3)
    (-3.833, 1.356, 2.99, 2.434)
    """
    level = checked_confidence(confidence_level)
    n_rows = len(np.asarray(outcome))
    x0, _ = _design(treated, covariates, n_rows)
    y, codes, x = _prepared(outcome, cluster, weights, (x0,))
    n, k, g = len(y), x.shape[1], codes.max() + 1
    if n <= k or np.linalg.matrix_rank(x) < k:
        raise DataError("The mode effect is not estimable here: too few clients, or a "
                        "covariate determined by the others or by the mode.", "not_estimable")
    bread = np.linalg.inv(x.T @ x)
    beta = bread @ x.T @ y
    resid = y - x @ beta
    leverage = np.einsum("ij,jk,ik->i", x, bread, x)
    if leverage.max() > 1 - 1e-10:
        raise DataError("Robust standard errors are undefined here: a client alone in a "
                        "covariate level fixes its own fitted value (leverage 1). Choose "
                        "fewer covariates.", "not_estimable")
    variance, df = _cr2(x, resid, codes, bread, 1)
    sums = np.zeros((g, k))
    np.add.at(sums, codes, x * resid[:, None])
    cr1 = (bread @ sums.T @ sums @ bread)[1, 1] * g / (g - 1) * (n - 1) / (n - k)
    scores = x * (resid / (1 - leverage))[:, None]
    hc3 = (bread @ scores.T @ scores @ bread)[1, 1]
    se2, se1, se3 = np.sqrt(np.maximum([variance, cr1, hc3], 0.0))  # -1e-30 is 0
    return (_effect(beta[1], se2, df, level, "CR2, Satterthwaite df"),
            _effect(beta[1], se1, g - 1, level, "CR1, clusters - 1 df"),
            _effect(beta[1], se3, n - k, level, "HC3, clients independent"))


def mixed_model_effect(outcome, treated, cluster, *, covariates=None, weights=None,
                       confidence_level: float = CONFIDENCE_LEVEL) -> MixedEffect:
    """The mode effect (A minus B) from a random-intercept mixed model fitted by REML.

    Parameters
    ----------
    outcome : array
        The outcome of each row.
    treated : array of bool
        True for group A.
    cluster : array
        The cluster of each row.
    covariates : DataFrame, optional
        Numeric design columns adjusted for.
    weights : array, optional
        Frequency weights (whole numbers).
    confidence_level : float
        Of the Wald CI.

    Returns
    -------
    MixedEffect

    Raises
    ------
    DataError
        ``one_cluster``, ``singleton_clusters`` (no cluster has two clients), ``not_estimable``.

    Notes
    -----
    y = X b + u_cluster + e, u ~ N(0, tau^2), e ~ N(0, sigma^2), REML; the SE is from
    sigma^2 (X' V^-1 X)^-1 at the REML estimates. Matches R's
    ``lmer(y ~ a + covariates + (1 | cluster), REML = TRUE)`` (lme4): ``fixef`` and the SEs
    of ``vcov``. lme4 gives no df; the CI and p here are Wald (normal), as
    ``confint(fit, method = "Wald")``. With few clusters this is optimistic: read the CR2
    result beside it.

    Examples
    --------
    >>> y = [20.0, 22, 21, 26, 27, 25, 30, 31, 33, 24, 22, 28]
    >>> online = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0]
    >>> fit = mixed_model_effect(y, online, ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d"] * 3)
    >>> round(fit.estimate, 3), round(fit.se, 3), round(fit.between_variance, 2)
    (-2.214, 0.903, 14.94)
    """
    level = checked_confidence(confidence_level)
    x0, _ = _design(treated, covariates, len(np.asarray(outcome)))
    y, codes, x = _prepared(outcome, cluster, weights, (x0,))
    if np.bincount(codes).max() < 2:
        raise DataError("Every cluster has a single client: a random-intercept model cannot "
                        "tell clusters from clients.", "singleton_clusters")
    if len(y) <= x.shape[1] or np.linalg.matrix_rank(x) < x.shape[1]:
        raise DataError("The mode effect is not estimable here: too few clients, or a "
                        "covariate determined by the others or by the mode.", "not_estimable")
    tau2, sigma2, beta, cov = _random_intercept(y, x, codes)
    se = float(np.sqrt(cov[1, 1]))
    half = float(stats.norm.ppf(0.5 + level / 2)) * se
    p = float(2 * stats.norm.sf(abs(beta[1] / se))) if se > 0 else float("nan")
    return MixedEffect(float(beta[1]), se, ConfidenceInterval(float(beta[1] - half),
                                                              float(beta[1] + half)),
                       p, tau2, sigma2, len(y), int(codes.max() + 1))


def clustered_comparison(outcome, treated, cluster, *, covariates=None, weights=None,
                         confidence_level: float = CONFIDENCE_LEVEL,
                         cluster_name: str = "cluster") -> ClusteredComparison:
    """The ICC, the design effect and the mode effect (A minus B) with and without regard to
    clustering, and how much wider the CI gets.

    Parameters
    ----------
    outcome, treated, cluster, covariates, weights, confidence_level
        As :func:`cluster_robust_effect`.
    cluster_name : str
        What a cluster is ("counselor", "site"), for the notes.

    Returns
    -------
    ClusteredComparison
        ``ci_width_ratio`` is the CR2 CI's width over the independent (HC3) CI's width.

    Notes
    -----
    Every cluster of size 1 gives no ICC and no mixed model: the ICC is then NaN, ``mixed``
    None and a note says why; the CR2 result still stands (it equals HC2 there). One cluster
    is a DataError ``one_cluster``. Fewer than :data:`FEW_CLUSTERS` clusters, or CR2 df under
    :data:`FEW_DF`, add a note that the clusters are few.

    References
    ----------
    Bell, R. M., & McCaffrey, D. F. (2002). Bias reduction in standard errors for linear
    regression with multi-stage samples. *Survey Methodology, 28*, 169-181.
    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to cluster-robust
    inference. *Journal of Human Resources, 50*, 317-372.
    Maas, C. J. M., & Hox, J. J. (2005). Sufficient sample sizes for multilevel modeling.
    *Methodology, 1*, 86-92.
    Tipton, E. (2015). Small sample adjustments for robust variance estimation with
    meta-regression. *Psychological Methods, 20*, 375-393.

    Examples
    --------
    >>> y = [20.0, 22, 21, 26, 27, 25, 30, 31, 33, 24, 22, 28]
    >>> online = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0]
    >>> out = clustered_comparison(y, online, ["a"] * 3 + ["b"] * 3 + ["c"] * 3 + ["d"] * 3,
    ...                            cluster_name="counselor")
    >>> round(out.icc.icc, 2), round(out.ci_width_ratio, 2)
    (0.83, 0.8)
    """
    cr2, cr1, independent = cluster_robust_effect(outcome, treated, cluster,
                                                  covariates=covariates, weights=weights,
                                                  confidence_level=confidence_level)
    notes = []
    member = "episode" if cluster_name == "client" else "client"  # what a cluster is made of
    try:
        icc = intraclass_correlation(outcome, cluster, weights=weights)
        notes += list(icc.notes)
        mixed = mixed_model_effect(outcome, treated, cluster, covariates=covariates,
                                   weights=weights, confidence_level=confidence_level)
    except DataError as err:
        if err.code not in ("singleton_clusters", "not_estimable"):
            raise
        if err.code == "singleton_clusters":
            n = int(len(outcome) if weights is None else np.sum(weights))
            icc = ClusterICC(float("nan"), float("nan"), float("nan"), n, n, 1.0, 1.0)
            notes.append(f"Every {cluster_name} has a single {member}: there is no clustering "
                         "to estimate, and the cluster-robust result equals the usual robust "
                         "one.")
        else:
            notes.append(f"No mixed model: {err.message}")
        mixed = None
    with np.errstate(divide="ignore", invalid="ignore"):  # no width: NaN, no note
        ratio = (np.float64(cr2.ci.high - cr2.ci.low)
                 / (independent.ci.high - independent.ci.low))
    if np.isfinite(ratio):
        notes.append(f"Allowing for {member}s of the same {cluster_name} being alike makes the "
                     f"confidence interval {abs(ratio - 1):.0%} "
                     f"{'wider' if ratio >= 1 else 'narrower'} than treating {member}s as "
                     "independent.")
    notes += _few_clusters(icc.n_clusters, cr2.df, cluster_name)
    return ClusteredComparison(icc, independent, cr2, cr1, mixed, float(ratio), tuple(notes))


def _few_clusters(n_clusters: int, df: float, cluster_name: str) -> list[str]:
    """A note when the clusters are few (:data:`FEW_CLUSTERS`), stronger when the CR2 test has
    under :data:`FEW_DF` Satterthwaite df."""
    if n_clusters >= FEW_CLUSTERS and not df < FEW_DF:
        return []
    text = (f"Only {n_clusters} {cluster_name}s: the ICC and the mixed model's "
            f"between-{cluster_name} variance rest on few clusters and are rough, and the CR2 "
            f"interval allows for that through its small df ({df:.1f}).")
    if df < FEW_DF:
        text += (" With under 4 df even the CR2 p-value can be too small (Tipton 2015): read "
                 "this interval as a rough guide.")
    return [text]
