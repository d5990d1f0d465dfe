"""Clients choose their mode, so the raw comparison is confounded: the mode difference within
each problem type, the mode x problem interaction, and a covariate-adjusted mode effect."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.covariates import covariate_frame
from analysis.data.exclusions import Exclusions, usable_rows
from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.problems import explode_problems
from analysis.results import ConfidenceInterval
from analysis.stats.multiple import p_adjust
from analysis.stats.ttests import welch_t

#: Frequency-weighted rows are expanded for regression up to this many clients.
MAX_EXPANDED = 5_000_000


@dataclass(frozen=True, slots=True)
class WithinProblem:
    """Welch's t of A vs B among clients with one problem type (Holm across problem types)."""

    problem: str
    n_a: int
    n_b: int
    mean_diff: float
    ci: ConfidenceInterval
    t: float
    df: float
    p: float
    p_holm: float
    note: str = ""


def compare_within_problems(data: pd.DataFrame, *, groups: tuple[str, str], sep: str | None,
                            confidence_level: float = CONFIDENCE_LEVEL
                            ) -> tuple[WithinProblem, ...]:
    """The outcome difference A - B within each problem type, by Welch's t, Holm-adjusted.

    With multi-label data a client counts in every problem type listed. Problem types where a
    group has fewer than two clients with an outcome are listed with NaN and a note.
    """
    used, _ = usable_rows(data, ("outcome", "problem"), groups=list(groups))
    long = explode_problems(used[used["weight"] > 0], sep)
    a, b = groups
    rows = []
    for problem, part in sorted(long.groupby("problem"), key=lambda item: str(item[0]).casefold()):
        ga, gb = part[part["mode"] == a], part[part["mode"] == b]
        na, nb = int(ga["weight"].sum()), int(gb["weight"].sum())
        if na < 2 or nb < 2:
            rows.append(WithinProblem(str(problem), na, nb, np.nan,
                                      ConfidenceInterval(np.nan, np.nan), np.nan, np.nan, np.nan,
                                      np.nan, "fewer than two clients in a group"))
            continue
        w = welch_t(ga["outcome"], gb["outcome"], weights_a=ga["weight"], weights_b=gb["weight"],
                    confidence_level=confidence_level)
        rows.append(WithinProblem(str(problem), na, nb, w.mean_diff, w.ci, w.t, w.df, w.p, np.nan))
    holm = p_adjust([r.p for r in rows], "holm")
    return tuple(WithinProblem(r.problem, r.n_a, r.n_b, r.mean_diff, r.ci, r.t, r.df, r.p,
                               float(h), r.note) for r, h in zip(rows, holm))


def _expanded(frame: pd.DataFrame) -> pd.DataFrame:
    weights = frame["weight"].to_numpy()
    if (weights == 1).all():
        return frame
    if weights.sum() > MAX_EXPANDED:
        raise DataError(f"Regression on aggregated rows expands them to one row per client; "
                        f"{int(weights.sum()):,} clients is over the limit of {MAX_EXPANDED:,}.",
                        "too_many_clients")
    return frame.loc[frame.index.repeat(weights)]


@dataclass(frozen=True, slots=True)
class InteractionTest:
    """Mode x problem interaction in a two-way ANOVA of the outcome (groups A and B)."""

    f: float
    df1: float
    df2: float
    p: float
    n: int
    problems: tuple[str, ...]
    note: str = ""


def mode_problem_interaction(data: pd.DataFrame, *, groups: tuple[str, str]) -> InteractionTest:
    """F test of the mode x problem interaction: does the mode difference vary by problem?

    Two-way ANOVA by OLS (statsmodels); the interaction is the last term, so its F is the same
    in Type I, II and III sums of squares (R: ``anova(lm(y ~ mode * problem))``). Single-label
    problems only; problem types without clients in both groups are left out.
    """
    import statsmodels.formula.api as smf
    from statsmodels.stats.anova import anova_lm

    used, _ = usable_rows(data, ("outcome", "problem"), groups=list(groups))
    used = used[used["weight"] > 0]
    both = used.groupby("problem")["mode"].nunique()
    keep = both[both == 2].index
    dropped = sorted(set(both.index) - set(keep))
    frame = _expanded(used[used["problem"].isin(keep)])
    if len(keep) < 2:
        raise DataError("The interaction needs at least two problem types with clients of both "
                        "groups.", "too_few_problems")
    model_frame = pd.DataFrame({"y": frame["outcome"].to_numpy(float),
                                "mode": frame["mode"].astype(str).to_numpy(),
                                "problem": frame["problem"].astype(str).to_numpy()})
    fit = smf.ols("y ~ C(mode) * C(problem)", data=model_frame).fit()
    row = anova_lm(fit, typ=1).loc["C(mode):C(problem)"]
    note = (f"left out (clients of one group only): {', '.join(dropped)}" if dropped else "")
    return InteractionTest(float(row["F"]), float(row["df"]), float(fit.df_resid),
                           float(row["PR(>F)"]), len(model_frame), tuple(str(k) for k in keep),
                           note)


@dataclass(frozen=True, slots=True)
class ModeEffect:
    """The A - B difference from an OLS model with HC3 robust standard errors.

    Attributes
    ----------
    estimate : float
        The coefficient of the group-A indicator: A minus B, other terms held fixed.
    se : float
        Its HC3 standard error.
    ci : ConfidenceInterval
        estimate +- t_{1 - (1 - level)/2, df} se.
    p : float
        Two-sided p of t = estimate / se on ``df`` degrees of freedom.
    df : float
        Residual degrees of freedom, n - k (k coefficients, intercept included).
    n : int
        Clients in the model.
    """

    estimate: float
    se: float
    ci: ConfidenceInterval
    p: float
    df: float = float("nan")
    n: int = 0


@dataclass(frozen=True, slots=True)
class AdjustedComparison:
    """The mode effect unadjusted and adjusted for covariates, on the same clients."""

    groups: tuple[str, str]
    covariates: tuple[str, ...]
    unadjusted: ModeEffect
    adjusted: ModeEffect
    exclusions: Exclusions
    formula: str


def adjusted_mode_effect(data: pd.DataFrame, *, groups: tuple[str, str],
                         covariates: list[str],
                         confidence_level: float = CONFIDENCE_LEVEL) -> AdjustedComparison:
    """Mode effect (A - B) adjusted for covariates by OLS with HC3 standard errors (MacKinnon &
    White 1985), beside the unadjusted effect on the same clients.

    Parameters
    ----------
    data : DataFrame
        Dataset-style frame (``mode``, ``outcome``, ``weight`` and the covariate columns).
    groups : (str, str)
        Groups A and B; the effect is A minus B.
    covariates : list of str
        Column names. Numeric covariates enter linearly, text covariates as categories
        (treatment coding).
    confidence_level : float
        Of the CIs.

    Returns
    -------
    AdjustedComparison
        ``unadjusted`` (outcome ~ mode) and ``adjusted`` (outcome ~ mode + covariates), each with
        estimate, HC3 se, CI, p, residual df and n; the exclusions; the formula.

    Notes
    -----
    Rows missing a covariate are left out of both models and counted. Rows with a count
    (aggregated data) stand for that many clients: the model is fitted to one row per client.
    Inference uses the t distribution with the residual df n - k, as R does:
    ``coeftest(fit, vcov. = vcovHC(fit, type = "HC3"))`` and ``coefci(fit, vcov. = ...)``
    (packages sandwich and lmtest); statsmodels ``fit(cov_type="HC3", use_t=True)``. Still
    observational: it adjusts only for what was measured.

    References
    ----------
    MacKinnon, J. G., & White, H. (1985). Some heteroskedasticity-consistent covariance matrix
    estimators with improved finite sample properties. *Journal of Econometrics, 29*, 305-325.
    Long, J. S., & Ervin, L. H. (2000). Using heteroscedasticity consistent standard errors in
    the linear regression model. *The American Statistician, 54*, 217-224.
    """
    missing = [c for c in covariates if c not in data.columns]
    if missing:
        raise DataError(f"No such covariate column: {', '.join(missing)}.", "no_such_column")
    used, exclusions = _complete_cases(data, groups, covariates)
    frame = _expanded(used).reset_index(drop=True)  # expanded rows repeat index labels
    y = frame["outcome"].to_numpy(float)
    X = _design(frame, groups[0], covariates)
    if len(y) <= X.shape[1] + 1 or np.linalg.matrix_rank(
            np.column_stack([np.ones(len(y)), X.to_numpy(float)])) < X.shape[1] + 1:
        raise DataError(f"The mode effect cannot be adjusted for {', '.join(covariates)}: with "
                        f"{len(y):,} clients left, the covariates do not leave a unique estimate "
                        "(too few clients, or a covariate level seen with one mode only). "
                        "Choose fewer covariates.", "not_estimable")
    formula = "outcome ~ mode" + "".join(f" + {c}" for c in covariates)
    return AdjustedComparison(groups, tuple(covariates),
                              _hc3_mode_effect(y, X[["mode"]], confidence_level),
                              _hc3_mode_effect(y, X, confidence_level), exclusions, formula)


def _complete_cases(data: pd.DataFrame, groups: tuple[str, str],
                    covariates: list[str]) -> tuple[pd.DataFrame, Exclusions]:
    """The rows of A and B with an outcome and every covariate, and the exclusions (a missing
    covariate is one more reason)."""
    used, exclusions = usable_rows(data, ("outcome",), groups=list(groups),
                                   columns=tuple(covariates))
    used = used[used["weight"] > 0]
    complete = used[covariates].notna().all(axis=1)
    dropped = list(exclusions.dropped)
    if (~complete).any():
        dropped.append(("a covariate missing", int((~complete).sum()),
                        int(used.loc[~complete, "weight"].sum())))
    used = used[complete]
    if used["mode"].nunique() < 2:
        raise DataError(f"The mode effect cannot be adjusted for {', '.join(covariates)}: fewer "
                        "than two groups have clients with every covariate known.", "not_estimable")
    return used, Exclusions(int(used["weight"].sum()), exclusions.n_total, tuple(dropped))


def _design(frame: pd.DataFrame, group_a: str, covariates: list[str]) -> pd.DataFrame:
    """The design matrix without its constant: ``mode`` (1 for group A, 0 for B), numeric
    covariates as they are, text covariates as treatment-coded dummies
    (:func:`analysis.covariates.covariate_frame` says how each role enters)."""
    parts = [pd.Series((frame["mode"] == group_a).to_numpy(float), name="mode", index=frame.index)]
    values = covariate_frame(frame, covariates, names=False)
    for col in covariates:
        if values[col].dtype == float:
            parts.append(values[col].rename(col))
        else:
            parts.append(pd.get_dummies(values[col].astype(str), prefix=col, drop_first=True,
                                        dtype=float))
    return pd.concat(parts, axis=1)


def _hc3_mode_effect(y: np.ndarray, X: pd.DataFrame, confidence_level: float) -> ModeEffect:
    """The ``mode`` coefficient of OLS of ``y`` on ``X`` and a constant, with its HC3 se, t CI
    and p on the residual df."""
    import statsmodels.api as sm

    with np.errstate(divide="ignore", invalid="ignore"):  # checked just below
        fit = sm.OLS(y, sm.add_constant(X, has_constant="add")).fit(cov_type="HC3", use_t=True)
    if not np.isfinite(fit.bse["mode"]):
        raise DataError("HC3 standard errors are undefined here: a client alone in a "
                        "covariate level fixes its own fitted value (leverage 1). Choose "
                        "fewer covariates.", "not_estimable")
    low, high = fit.conf_int(alpha=1 - confidence_level).loc["mode"]
    return ModeEffect(float(fit.params["mode"]), float(fit.bse["mode"]),
                      ConfidenceInterval(float(low), float(high)), float(fit.pvalues["mode"]),
                      float(fit.df_resid), int(fit.nobs))
