"""Propensity-score weighting: a logistic model of the mode, overlap or inverse-probability
weights, covariate balance, the weighted mode difference and its augmented (doubly robust) form.

Everything works on arrays: ``treated`` is True for group A (the first of ``--groups``), so a
propensity is P(group A | covariates) and every difference is A minus B. ``weights`` are
frequencies (a row with count w stands for w identical clients): every result equals the one
from the expanded data.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import NOT_PLAIN, ConfidenceInterval, checked_confidence

__all__ = ["ESTIMANDS", "Balance", "OverlapHistogram", "PropensityComparison",
           "PropensityModel", "WeightedEffect", "balance_table", "balancing_weights",
           "covariate_matrix", "doubly_robust", "effective_sample_size", "fit_logistic",
           "fit_propensity", "overlap_histogram", "propensity_comparison", "reference_level",
           "weighted_difference"]

#: ``overlap``: weights 1 - e (group A) and e (group B), the average effect in the population
#: with the most overlap (Li, Morgan & Zaslavsky 2018). ``ate``: 1 / e and 1 / (1 - e), the
#: average effect over all clients (inverse probability of treatment weights).
ESTIMANDS = ("overlap", "ate")
#: Overlap is called poor when more than POOR_OVERLAP_SHARE of the clients have a propensity
#: outside PROPENSITY_RANGE, or one client carries more than MAX_WEIGHT_SHARE of its group's
#: weight, or a group's effective sample size is under MIN_ESS_SHARE of its clients.
PROPENSITY_RANGE = (0.05, 0.95)
POOR_OVERLAP_SHARE = 0.05
MAX_WEIGHT_SHARE = 0.10
MIN_ESS_SHARE = 0.5
#: Balance is reached when every |SMD| after weighting is at most SMD_LIMIT (Austin 2009) and
#: every variance ratio of a non-binary covariate lies within VARIANCE_RATIO_RANGE.
SMD_LIMIT = 0.1
VARIANCE_RATIO_RANGE = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class PropensityModel:
    """A logistic regression of group A membership (or of responding) on covariates.

    Attributes
    ----------
    terms : tuple of str
        ``"(Intercept)"`` and the covariate columns, in the order of the coefficients.
    coef, se : tuple of float
        Log-odds coefficients and their model-based standard errors (as R's ``glm``).
    n : int
        Clients in the model (sum of the frequency weights).
    fitted : ndarray
        The fitted probability of each row (not part of the JSON).
    """

    terms: tuple[str, ...]
    coef: tuple[float, ...]
    se: tuple[float, ...]
    n: int
    fitted: np.ndarray = field(repr=False, compare=False, metadata=NOT_PLAIN)


@dataclass(frozen=True, slots=True)
class Balance:
    """One covariate's balance between the groups, before and after weighting.

    Attributes
    ----------
    covariate : str
        The design column (a text covariate gives one 0/1 column per level but the first).
    binary : bool
        Whether the column holds only 0 and 1.
    smd_before, smd_after : float
        Standardised mean difference, A minus B, unweighted and weighted; both divided by the
        same unweighted SD (see :func:`balance_table`).
    variance_ratio_before, variance_ratio_after : float
        Variance of A over variance of B, unweighted and weighted; NaN for a 0/1 column.
    """

    covariate: str
    binary: bool
    smd_before: float
    smd_after: float
    variance_ratio_before: float
    variance_ratio_after: float


@dataclass(frozen=True, slots=True)
class WeightedEffect:
    """A weighted mode difference, A minus B.

    Attributes
    ----------
    estimate : float
        Weighted mean of A minus weighted mean of B (or the augmented estimate).
    se : float
        Robust standard error (see the function that made it).
    ci : ConfidenceInterval
        estimate +- q se, with q from t on ``df`` (normal when ``df`` is infinite).
    p : float
        Two-sided p of estimate / se.
    df : float
        Degrees of freedom of the reference distribution (``inf``: normal).
    mean_a, mean_b : float
        The weighted (or augmented) mean outcome of each group.
    method : str
        What was computed, in words.
    """

    estimate: float
    se: float
    ci: ConfidenceInterval
    p: float
    df: float
    mean_a: float
    mean_b: float
    method: str


@dataclass(frozen=True, slots=True)
class PropensityComparison:
    """The propensity-weighted comparison: model, weights, balance, estimates, warnings.

    Attributes
    ----------
    estimand : str
        ``"overlap"`` or ``"ate"`` (see :data:`ESTIMANDS`).
    model : PropensityModel
        The logistic model of group A membership.
    balance : tuple of Balance
        One row per design column.
    n_a, n_b : int
        Clients per group.
    ess_a, ess_b : float
        Kish effective sample sizes under the weights.
    share_outside : float
        Share of clients with a propensity outside :data:`PROPENSITY_RANGE`.
    max_weight_share : float
        The largest share of its group's total weight that one client carries.
    unweighted, weighted, doubly_robust : WeightedEffect
        Raw difference, weighted difference and augmented estimate (all A minus B).
    warnings : tuple of str
        Poor overlap or balance not reached, in words; empty when neither.
    """

    estimand: str
    model: PropensityModel
    balance: tuple[Balance, ...]
    n_a: int
    n_b: int
    ess_a: float
    ess_b: float
    share_outside: float
    max_weight_share: float
    unweighted: WeightedEffect
    weighted: WeightedEffect
    doubly_robust: WeightedEffect
    warnings: tuple[str, ...]


def reference_level(values, weights=None) -> str:
    """The reference level of a text covariate: its most common level (clients, i.e. summed
    frequency ``weights``), the first in sorted order among ties -- R's
    ``relevel(factor(x), ref = names(which.max(table(x))))``. Odds ratios and coefficients
    of the other levels are against it, so it is the level they are best compared with."""
    text = pd.Series(np.asarray(values, dtype=object)).astype(str)
    f = np.ones(len(text)) if weights is None else np.asarray(weights, dtype=float)
    totals = pd.Series(f).groupby(text.to_numpy()).sum()  # sorted by level
    return str(totals.idxmax())


def covariate_matrix(frame: pd.DataFrame, weights=None, *, every_level: bool = False,
                     name_reference: bool = False) -> pd.DataFrame:
    """The design columns of ``frame``: numeric columns as they are, text columns as 0/1
    columns ``"name: level"`` in sorted order, one per level but the reference (treatment
    coding). The reference is the most common level (:func:`reference_level`, counting
    frequency ``weights``). ``every_level``: a column for the reference too (for balance
    tables, which show every level; not for a model, where the columns would be collinear).
    ``name_reference``: columns ``"name: level (vs reference)"``, for odds ratios read alone.

    Examples
    --------
    >>> covariate_matrix(pd.DataFrame({"age": [30, 41, 52], "site": ["North", "West", "West"]}))
        age  site: North
    0  30.0          1.0
    1  41.0          0.0
    2  52.0          0.0
    """
    parts = []
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            parts.append(values.astype(float).rename(str(col)))
        else:
            text = values.astype(str)
            reference = None if every_level else reference_level(text, weights)
            for level in sorted(text.unique()):
                if level != reference:
                    name = f"{col}: {level}" + (f" (vs {reference})" if name_reference else "")
                    parts.append((text == level).astype(float).rename(name))
    return pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)


def _arrays(treated, weights, n: int) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(treated, dtype=bool).ravel()
    f = np.ones(n) if weights is None else np.asarray(weights, dtype=float).ravel()
    if len(a) != n or len(f) != n:
        raise DataError("The group indicator, weights and covariates differ in length.",
                        "length_mismatch")
    if not np.isfinite(f).all() or (f < 0).any():
        raise DataError("Frequency weights must be finite and not negative.", "bad_weights")
    if f[a].sum() < 1 or f[~a].sum() < 1:
        raise DataError("Both groups need clients for a comparison.", "empty_group")
    return a, f


def _check_covariates(x: pd.DataFrame, a: np.ndarray, f: np.ndarray,
                      labels: tuple[str, str]) -> None:
    """A DataError naming the covariate when one is missing, or constant within a group."""
    values = x.to_numpy(float)
    if not np.isfinite(values).all():
        bad = [c for c, ok in zip(x.columns, np.isfinite(values).all(axis=0)) if not ok]
        raise DataError(f"Covariate {bad[0]} has missing or non-numeric values; leave those "
                        "clients out first.", "missing_covariate")
    for col, column in zip(x.columns, values.T):
        for inside, label in ((a, labels[0]), (~a, labels[1])):
            seen = np.unique(column[inside & (f > 0)])
            if len(seen) != 1:
                continue
            name, _, level = str(col).partition(": ")
            if level and seen[0] in (0.0, 1.0):
                what = (f"no {label} client has {name} {level}" if seen[0] == 0 else
                        f"every {label} client has {name} {level}")
            else:
                what = f"covariate {col} is {seen[0]:g} for every {label} client"
            raise DataError(f"The groups cannot be balanced on {name}: {what}. Leave {name} "
                            "out, merge its levels, or restrict the clients.",
                            "constant_within_group")


def _separating_terms(design: np.ndarray, a: np.ndarray, terms: list[str]) -> list[str]:
    """The terms of a direction that separates the groups (Albert & Anderson 1984): a
    non-zero b with s_i x_i'b >= 0 for every row (s = +1 in A, -1 in B); empty if none."""
    signed = np.unique(design * np.where(a, 1.0, -1.0)[:, None], axis=0)
    scale = np.abs(design).max(axis=0)
    scale[scale == 0] = 1
    signed = signed / scale
    res = optimize.linprog(np.zeros(design.shape[1]), A_ub=-signed, b_ub=np.zeros(len(signed)),
                           A_eq=signed.sum(axis=0)[None, :], b_eq=[1.0],
                           bounds=[(None, None)] * design.shape[1], method="highs")
    if res.status != 0:
        return []
    b = res.x / max(np.abs(res.x).max(), 1e-300)
    return [t for t, v in zip(terms, b) if abs(v) > 1e-6 and t != "(Intercept)"] or terms[1:]


def fit_logistic(x: pd.DataFrame, a, *, weights=None,
                 labels: tuple[str, str] = ("group A", "group B")) -> PropensityModel:
    """Logistic regression of the 0/1 ``a`` on the columns of ``x`` and an intercept.

    Parameters
    ----------
    x : DataFrame
        Numeric design columns (see :func:`covariate_matrix`).
    a : array of bool
        The response (group A membership, or responding).
    weights : array, optional
        Frequency weights.
    labels : (str, str)
        What ``a`` true and false stand for, in messages.

    Returns
    -------
    PropensityModel

    Raises
    ------
    DataError
        ``constant_within_group`` naming the covariate, ``separation`` naming the covariates
        that separate the groups perfectly (propensities of 0 or 1), ``not_estimable``.

    Notes
    -----
    statsmodels ``GLM(family=Binomial(), freq_weights=weights)``; matches R's
    ``glm(a ~ ..., family = binomial)`` (coefficients and standard errors). (Quasi-)complete
    separation is checked when the fit does not converge or puts a propensity within 1e-6 of
    0 or 1, by a linear programme: a non-zero direction b with s_i x_i'b >= 0 for every row
    (s_i = +1 in A, -1 in B) means no finite maximum likelihood estimate (Albert & Anderson
    1984).
    """
    import statsmodels.api as sm

    a, f = _arrays(a, weights, len(x))
    _check_covariates(x, a, f, labels)
    keep = f > 0
    design = np.column_stack([np.ones(len(x)), x.to_numpy(float)])
    terms = ["(Intercept)", *map(str, x.columns)]
    if np.linalg.matrix_rank(design[keep]) < design.shape[1]:
        raise DataError("The covariates are collinear (one is determined by the others); "
                        "leave one out.", "not_estimable")
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        fit = sm.GLM(a.astype(float), design, family=sm.families.Binomial(),
                     freq_weights=f).fit()
        fitted = np.asarray(fit.fittedvalues, dtype=float)  # lazily computed: may overflow
    extreme = not fit.converged or np.minimum(fitted, 1 - fitted)[keep].min() < 1e-6
    separating = _separating_terms(design[keep], a[keep], terms) if extreme else []
    if separating:
        raise DataError(f"The covariates separate {labels[0]} from {labels[1]} perfectly "
                        f"({', '.join(separating)}): some clients could only be in one group, "
                        "so their propensities are 0 or 1 and no weighting can compare them. "
                        "Leave those covariates out or restrict the clients.", "separation")
    return PropensityModel(tuple(terms), tuple(map(float, fit.params)),
                           tuple(map(float, fit.bse)), int(round(f.sum())), fitted)


def fit_propensity(covariates: pd.DataFrame, treated, *, weights=None) -> PropensityModel:
    """The propensity model: logistic regression of group A membership on the covariates.

    Parameters
    ----------
    covariates : DataFrame
        Numeric design columns (see :func:`covariate_matrix`).
    treated : array of bool
        True for group A clients.
    weights : array, optional
        Frequency weights.

    Returns
    -------
    PropensityModel
        ``fitted`` is the propensity e = P(A | covariates) of each row.

    Examples
    --------
    >>> x = pd.DataFrame({"age": [20.0, 25, 30, 35, 40, 45, 50, 55]})
    >>> model = fit_propensity(x, [1, 1, 0, 1, 0, 1, 0, 0])
    >>> model.terms, round(model.coef[1], 3)
    (('(Intercept)', 'age'), -0.119)
    """
    return fit_logistic(covariates, treated, weights=weights)


@dataclass(frozen=True, slots=True)
class OverlapHistogram:
    """Clients per propensity bin in each group: the data of the overlap plot.

    Attributes
    ----------
    edges : tuple of float
        Bin edges from 0 to 1 (``bins`` + 1 of them).
    counts_a, counts_b : tuple of float
        Clients of group A and of group B per bin (frequency weights summed).
    """

    edges: tuple[float, ...]
    counts_a: tuple[float, ...]
    counts_b: tuple[float, ...]


def overlap_histogram(propensity, treated, *, weights=None, bins: int = 20) -> OverlapHistogram:
    """The propensity distribution of each group in equal bins over [0, 1].

    Aggregates only, so a chart's payload does not grow with the number of clients.

    Examples
    --------
    >>> hist = overlap_histogram([0.1, 0.3, 0.35, 0.8], [False, False, True, True], bins=4)
    >>> hist.counts_a, hist.counts_b
    ((0.0, 1.0, 0.0, 1.0), (1.0, 1.0, 0.0, 0.0))
    """
    e = np.asarray(propensity, dtype=float)
    a, f = _arrays(treated, weights, len(e))
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    counts = [np.histogram(e[g], bins=edges, weights=f[g])[0] for g in (a, ~a)]
    return OverlapHistogram(tuple(map(float, edges)), tuple(map(float, counts[0])),
                            tuple(map(float, counts[1])))


def balancing_weights(propensity, treated, *, estimand: str = "overlap") -> np.ndarray:
    """Propensity-score weights for ``estimand``.

    Parameters
    ----------
    propensity : array
        e = P(group A | covariates), strictly between 0 and 1.
    treated : array of bool
        True for group A.
    estimand : {"overlap", "ate"}
        ``overlap``: 1 - e for A and e for B (Li, Morgan & Zaslavsky 2018), bounded by 1;
        ``ate``: 1 / e for A and 1 / (1 - e) for B.

    Returns
    -------
    ndarray
        One weight per row (multiply by frequency weights where there are any).

    Examples
    --------
    >>> balancing_weights([0.2, 0.5], [True, False]).tolist()
    [0.8, 0.5]
    >>> balancing_weights([0.2, 0.5], [True, False], estimand="ate").tolist()
    [5.0, 2.0]
    """
    if estimand not in ESTIMANDS:
        raise DataError(f"Weights must be one of {', '.join(ESTIMANDS)}; got {estimand!r}.",
                        "bad_estimand")
    e = np.asarray(propensity, dtype=float)
    a = np.asarray(treated, dtype=bool)
    if estimand == "overlap":
        return np.where(a, 1 - e, e)
    with np.errstate(divide="ignore"):
        return np.where(a, 1 / e, 1 / (1 - e))


def _weighted_variance(x: np.ndarray, w: np.ndarray, w2: np.ndarray) -> float:
    """Austin (2009): sum(w) / (sum(w)^2 - sum(w^2)) * sum(w (x - m)^2); ``w2`` holds the
    squared weights of the clients a row stands for (f b^2 for a row of f clients)."""
    total = w.sum()
    mean = (w * x).sum() / total
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(total / (total**2 - w2.sum()) * (w * (x - mean) ** 2).sum())


@np.errstate(divide="ignore", invalid="ignore")  # one client in a group: NaN, not an error
def _smd_row(name: str, x: np.ndarray, a: np.ndarray, f: np.ndarray,
             b: np.ndarray) -> Balance:
    binary = bool(np.isin(x[f > 0], (0.0, 1.0)).all())

    def spread(inside):
        p = (f[inside] * x[inside]).sum() / f[inside].sum()
        return p * (1 - p) if binary else _weighted_variance(x[inside], f[inside], f[inside])

    scale = np.sqrt((spread(a) + spread(~a)) / 2)
    out = []
    for w in (f, f * b):
        w2 = w * w / np.where(f > 0, f, 1)  # f b^2: the squared weights of f clients
        diff = ((w * x)[a].sum() / w[a].sum()) - ((w * x)[~a].sum() / w[~a].sum())
        ratio = (np.nan if binary else np.float64(_weighted_variance(x[a], w[a], w2[a]))
                 / _weighted_variance(x[~a], w[~a], w2[~a]))
        out += [float(np.float64(diff) / scale), float(ratio)]
    return Balance(name, binary, out[0], out[2], out[1], out[3])


def balance_table(covariates: pd.DataFrame, treated, balancing, *,
                  weights=None) -> tuple[Balance, ...]:
    """Standardised mean differences and variance ratios, before and after weighting.

    Parameters
    ----------
    covariates : DataFrame
        Numeric design columns.
    treated : array of bool
        True for group A.
    balancing : array
        The propensity-score weight of each row (:func:`balancing_weights`).
    weights : array, optional
        Frequency weights.

    Returns
    -------
    tuple of Balance
        One per column; SMDs are A minus B.

    Notes
    -----
    SMD = (m_A - m_B) / sqrt((s_A^2 + s_B^2) / 2) (Austin 2009), with the *unweighted* group
    variances in the denominator both before and after weighting, so that a change in the SMD
    is a change in the means alone (Austin & Stuart 2015); s^2 is p(1 - p) for a 0/1 column
    and the sample variance (n - 1) otherwise. Weighted means use the weights; the weighted
    variance is sum(w) / (sum(w)^2 - sum(w^2)) * sum(w (x - m)^2) (Austin 2009). Variance
    ratios (A over B) are given for non-binary columns only. With overlap weights from a
    logistic propensity model every SMD after weighting is 0 (Li, Morgan & Zaslavsky 2018).

    Examples
    --------
    >>> x = pd.DataFrame({"age": [20.0, 30, 40, 30, 50, 60]})
    >>> row = balance_table(x, [1, 1, 1, 0, 0, 0], np.ones(6))[0]
    >>> round(row.smd_before, 3), round(row.variance_ratio_before, 3)
    (-1.291, 0.429)
    """
    x = covariates.to_numpy(float)
    a, f = _arrays(treated, weights, len(x))
    b = np.asarray(balancing, dtype=float)
    return tuple(_smd_row(str(name), x[:, j], a, f, b) for j, name in enumerate(covariates))


def effective_sample_size(balancing, treated, *, weights=None) -> tuple[float, float]:
    """Kish's effective sample size of group A and of group B: (sum w)^2 / sum(w^2).

    Examples
    --------
    >>> effective_sample_size([1.0, 1.0, 0.5, 0.5], [True, True, False, False])
    (2.0, 2.0)
    >>> effective_sample_size([2.0, 1.0, 1.0, 1.0], [True, True, False, False])
    (1.8, 2.0)
    """
    b = np.asarray(balancing, dtype=float)
    a, f = _arrays(treated, weights, len(b))
    return tuple(float((f * b)[g].sum() ** 2 / (f * b * b)[g].sum()) for g in (a, ~a))


def _interval(estimate: float, se: float, df: float, level: float):
    ref = stats.norm if np.isinf(df) else stats.t(df)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = float(2 * ref.sf(abs(estimate / se))) if se > 0 else np.nan
    half = float(ref.ppf(0.5 + level / 2)) * se
    return ConfidenceInterval(float(estimate - half), float(estimate + half)), p


def weighted_difference(outcome, treated, balancing, *, weights=None,
                        confidence_level: float = CONFIDENCE_LEVEL) -> WeightedEffect:
    """The weighted mean of A minus the weighted mean of B, with a robust (sandwich) CI.

    Parameters
    ----------
    outcome : array
        The outcome of each row.
    treated : array of bool
        True for group A.
    balancing : array
        Analysis weights (propensity-score weights, response weights, or ones).
    weights : array, optional
        Frequency weights.
    confidence_level : float
        Of the CI.

    Returns
    -------
    WeightedEffect
        ``df`` = n - 2 (n clients).

    Notes
    -----
    The regression of the outcome on a group-A indicator weighted by w (Hajek estimator).
    Variance: the linearisation (sandwich) variance of a with-replacement design, n / (n - 1)
    B^-1 (sum_i u_i u_i') B^-1 with scores u_i = w_i x_i r_i and B = sum w_i x_i x_i'. It
    treats the weights as known: the estimation of the propensities is not propagated (for
    ATE weights this is conservative, Lunceford & Davidian 2004). Matches R's
    ``svyglm(y ~ a, design = svydesign(ids = ~1, weights = ~w))`` (package survey): estimate,
    ``SE``, ``df.residual`` = n - 2, the t p-value and ``confint`` (t on n - 2 df).

    References
    ----------
    Lumley, T. (2004). Analysis of complex survey samples. *Journal of Statistical Software,
    9*(8). Lunceford, J. K., & Davidian, M. (2004). Stratification and weighting via the
    propensity score in estimation of causal treatment effects. *Statistics in Medicine, 23*,
    2937-2960.

    Examples
    --------
    >>> effect = weighted_difference([3.0, 5, 4, 2, 3, 1], [1, 1, 1, 0, 0, 0], np.ones(6))
    >>> round(effect.estimate, 3), round(effect.se, 3), effect.df
    (2.0, 0.73, 4.0)
    """
    level = checked_confidence(confidence_level)
    y = np.asarray(outcome, dtype=float)
    a, f = _arrays(treated, weights, len(y))
    b = np.asarray(balancing, dtype=float)
    if not np.isfinite(y[f > 0]).all() or not np.isfinite(b[f > 0]).all() or (b < 0).any():
        raise DataError("Outcomes and weights must be finite numbers (weights not negative).",
                        "bad_weights")
    w = f * b
    means = [float((w * y)[g].sum() / w[g].sum()) for g in (a, ~a)]
    x = np.column_stack([np.ones(len(y)), a.astype(float)])
    resid = y - np.where(a, means[0], means[1])
    scores = (b * resid)[:, None] * x
    n = f.sum()
    bread = np.linalg.inv((x * w[:, None]).T @ x)
    meat = n / (n - 1) * (scores * f[:, None]).T @ scores
    se = float(np.sqrt((bread @ meat @ bread)[1, 1]))
    estimate = means[0] - means[1]
    ci, p = _interval(estimate, se, n - 2, level)
    return WeightedEffect(estimate, se, ci, p, float(n - 2), means[0], means[1],
                          "weighted difference of means, sandwich SE (survey::svyglm)")


def _arm_predictions(y, x, inside, f) -> np.ndarray:
    """Predictions for every row from the weighted least squares fit within one arm."""
    design = np.column_stack([np.ones(len(y)), x])
    keep = inside & (f > 0)
    root = np.sqrt(f[keep])[:, None]
    if keep.sum() <= design.shape[1] or np.linalg.matrix_rank(design[keep]) < design.shape[1]:
        raise DataError("The outcome regression within a group is not estimable (fewer clients "
                        "than terms, or collinear covariates in that group).", "not_estimable")
    coef = np.linalg.lstsq(design[keep] * root, y[keep] * root[:, 0], rcond=None)[0]
    return design @ coef


def _ratio(num: np.ndarray, den: np.ndarray, f: np.ndarray) -> tuple[float, np.ndarray]:
    """sum(f num) / sum(f den) and its influence function (num_i - R den_i) / mean(den)."""
    n = f.sum()
    r = float((f * num).sum() / (f * den).sum())
    return r, (num - r * den) / ((f * den).sum() / n)


def _aipw(y, a, f, e, m_a, m_b):
    """Augmented IPW means of A and B, the influence function of their difference, a name."""
    t = a.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu_a = t * y / e - (t - e) / e * m_a
        mu_b = (1 - t) * np.where(a, 0.0, y) / (1 - e) + (t - e) / (1 - e) * m_b
    n = f.sum()
    means = [float((f * mu_a).sum() / n), float((f * mu_b).sum() / n)]
    return (means, mu_a - mu_b - (means[0] - means[1]),
            "augmented inverse probability weighting (AIPW, ATE), influence-function SE")


def _augmented_overlap(y, a, f, e, m_a, m_b):
    """Augmented overlap-weighted means, the influence function of their difference, a name."""
    t = a.astype(float)
    h = e * (1 - e)
    base_a, inf_a0 = _ratio(h * m_a, h, f)
    base_b, inf_b0 = _ratio(h * m_b, h, f)
    fix_a, inf_a = _ratio(t * (1 - e) * np.where(a, y - m_a, 0.0), t * (1 - e), f)
    fix_b, inf_b = _ratio((1 - t) * e * np.where(a, 0.0, y - m_b), (1 - t) * e, f)
    return ([base_a + fix_a, base_b + fix_b], inf_a0 + inf_a - inf_b0 - inf_b,
            "augmented overlap weighting (Mao, Li & Greene 2019), influence-function SE")


def doubly_robust(outcome, treated, covariates: pd.DataFrame, propensity, *,
                  estimand: str = "overlap", weights=None,
                  confidence_level: float = CONFIDENCE_LEVEL) -> WeightedEffect:
    """The augmented (doubly robust) weighting estimate of A minus B.

    Parameters
    ----------
    outcome : array
        The outcome of each row.
    treated : array of bool
        True for group A.
    covariates : DataFrame
        Numeric design columns of the outcome regressions (usually those of the propensity
        model).
    propensity : array
        e = P(A | covariates) of each row.
    estimand : {"overlap", "ate"}
        Which augmented estimator (see Notes).
    weights : array, optional
        Frequency weights.
    confidence_level : float
        Of the CI.

    Returns
    -------
    WeightedEffect
        ``mean_a`` and ``mean_b`` are the augmented means; ``df`` is infinite (normal CI).

    Notes
    -----
    Outcome regressions m_A(x), m_B(x): least squares of the outcome on the covariates within
    each group, predicted for every client. ``ate``: augmented inverse probability weighting,
    mu_A = mean(a y / e - (a - e) m_A / e), mu_B = mean((1 - a) y / (1 - e) + (a - e) m_B /
    (1 - e)) (Lunceford & Davidian 2004). ``overlap``: the augmented overlap-weighting
    estimator of Mao, Li & Greene (2019), with h = e (1 - e),
    sum(h (m_A - m_B)) / sum(h) + sum(a (1 - e)(y - m_A)) / sum(a (1 - e))
    - sum((1 - a) e (y - m_B)) / sum((1 - a) e).
    Either is consistent when the propensity model or the outcome models are right. The
    standard error is sqrt(sum IF_i^2) / n from the influence function of the estimator with
    the propensities and outcome models treated as known (each ratio R = sum(num) / sum(den)
    contributes (num_i - R den_i) / mean(den)); the CI is normal. The golden values are this
    formula written out in R.

    References
    ----------
    Lunceford, J. K., & Davidian, M. (2004). *Statistics in Medicine, 23*, 2937-2960.
    Mao, H., Li, L., & Greene, T. (2019). Propensity score weighting analysis and treatment
    effect discovery. *Statistical Methods in Medical Research, 28*, 2439-2454.
    """
    level = checked_confidence(confidence_level)
    if estimand not in ESTIMANDS:
        raise DataError(f"Weights must be one of {', '.join(ESTIMANDS)}; got {estimand!r}.",
                        "bad_estimand")
    y = np.asarray(outcome, dtype=float)
    a, f = _arrays(treated, weights, len(y))
    e = np.asarray(propensity, dtype=float)
    x = covariates.to_numpy(float)
    m_a, m_b = _arm_predictions(y, x, a, f), _arm_predictions(y, x, ~a, f)
    parts = (_aipw if estimand == "ate" else _augmented_overlap)(y, a, f, e, m_a, m_b)
    means, influence, name = parts
    se = float(np.sqrt((f * influence**2).sum()) / f.sum())
    estimate = means[0] - means[1]
    ci, p = _interval(estimate, se, np.inf, level)
    return WeightedEffect(estimate, se, ci, p, float("inf"), means[0], means[1], name)


def _overlap_warnings(share_outside: float, max_share: float, ess: tuple[float, float],
                      n: tuple[int, int], labels: tuple[str, str]) -> list[str]:
    notes = []
    lo, hi = PROPENSITY_RANGE
    if share_outside > POOR_OVERLAP_SHARE:
        notes.append(f"Poor overlap: {share_outside:.0%} of clients have a propensity below "
                     f"{lo} or above {hi}, so the covariates nearly decide the mode for them "
                     "and few comparable clients exist in the other group.")
    if max_share > MAX_WEIGHT_SHARE:
        notes.append(f"One client carries {max_share:.0%} of their group's weight: the "
                     "weighted estimate leans on very few clients.")
    for label, size, count in zip(labels, ess, n):
        if size < MIN_ESS_SHARE * count:
            notes.append(f"Weighting leaves {label} with an effective sample size of "
                         f"{size:.0f} of {count} clients.")
    return notes


def _balance_warnings(balance: tuple[Balance, ...]) -> list[str]:
    lo, hi = VARIANCE_RATIO_RANGE
    off = [r.covariate for r in balance if abs(r.smd_after) > SMD_LIMIT]
    spread = [r.covariate for r in balance
              if not r.binary and not lo <= r.variance_ratio_after <= hi]
    notes = []
    if off:
        notes.append(f"Balance not reached: after weighting the standardised mean difference "
                     f"is above {SMD_LIMIT} for {', '.join(off)}.")
    if spread:
        notes.append(f"After weighting the groups' variances still differ by more than a "
                     f"factor of {hi:g} for {', '.join(spread)}.")
    return notes


def propensity_comparison(outcome, treated, covariates: pd.DataFrame, *,
                          estimand: str = "overlap", weights=None,
                          confidence_level: float = CONFIDENCE_LEVEL,
                          labels: tuple[str, str] = ("group A", "group B"),
                          balance_on: pd.DataFrame | None = None) -> PropensityComparison:
    """The propensity-score weighted comparison of A and B, with balance and warnings.

    Parameters
    ----------
    outcome : array
        The outcome of each row (finite).
    treated : array of bool
        True for group A.
    covariates : DataFrame
        Numeric design columns (see :func:`covariate_matrix`).
    estimand : {"overlap", "ate"}
        Overlap weights (default: bounded, exact mean balance) or ATE weights.
    weights : array, optional
        Frequency weights.
    confidence_level : float
        Of the CIs.
    labels : (str, str)
        Names of groups A and B, for messages.
    balance_on : DataFrame, optional
        The columns balance is shown on, default ``covariates``; e.g.
        ``covariate_matrix(frame, every_level=True)`` to show the reference levels too.

    Returns
    -------
    PropensityComparison
        Differences are A minus B.

    Notes
    -----
    The propensity e comes from :func:`fit_propensity`, the weights from
    :func:`balancing_weights`, the estimates from :func:`weighted_difference` (unweighted
    and weighted) and :func:`doubly_robust` (same estimand). ``warnings`` says in words when
    more than 5% of clients have e outside [0.05, 0.95], when one client carries more than
    10% of their group's weight, when a group's Kish effective sample size is under half of
    its clients, when an |SMD| after weighting exceeds 0.1, or when a variance ratio after
    weighting lies outside [0.5, 2] (Austin 2009; Stuart 2010).

    References
    ----------
    Li, F., Morgan, K. L., & Zaslavsky, A. M. (2018). Balancing covariates via propensity
    score weighting. *Journal of the American Statistical Association, 113*, 390-400.
    Austin, P. C. (2009). Balance diagnostics for comparing the distribution of baseline
    covariates between treatment groups in propensity-score matched samples. *Statistics in
    Medicine, 28*, 3083-3107.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> age = rng.uniform(18, 70, 400)
    >>> online = rng.random(400) < 1 / (1 + np.exp((age - 40) / 10))
    >>> y = 20 + 0.1 * age - 1.0 * online + rng.normal(0, 2, 400)
    >>> result = propensity_comparison(y, online, pd.DataFrame({"age": age}))
    >>> round(result.unweighted.estimate, 1), round(result.weighted.estimate, 1)
    (-2.9, -1.3)
    >>> abs(result.balance[0].smd_after) < 1e-8, result.warnings
    (True, ())
    """
    level = checked_confidence(confidence_level)
    y = np.asarray(outcome, dtype=float)
    a, f = _arrays(treated, weights, len(y))
    if not np.isfinite(y[f > 0]).all():
        raise DataError("The outcome must be a finite number for every client; leave clients "
                        "without one out first.", "missing_outcome")
    model = fit_logistic(covariates, a, weights=f, labels=labels)
    e = model.fitted
    b = balancing_weights(e, a, estimand=estimand)
    balance = balance_table(covariates if balance_on is None else balance_on, a, b, weights=f)
    ess = effective_sample_size(b, a, weights=f)
    n = (int(round(f[a].sum())), int(round(f[~a].sum())))
    share_outside = float(f[(e < PROPENSITY_RANGE[0]) | (e > PROPENSITY_RANGE[1])].sum()
                          / f.sum())
    max_share = max(float(b[g & (f > 0)].max() / (f * b)[g].sum()) for g in (a, ~a))
    notes = (_overlap_warnings(share_outside, max_share, ess, n, labels)
             + _balance_warnings(balance))
    return PropensityComparison(
        estimand, model, balance, n[0], n[1], ess[0], ess[1], share_outside, max_share,
        weighted_difference(y, a, np.ones(len(y)), weights=f, confidence_level=level),
        weighted_difference(y, a, b, weights=f, confidence_level=level),
        doubly_robust(y, a, covariates, e, estimand=estimand, weights=f,
                      confidence_level=level),
        tuple(notes))
