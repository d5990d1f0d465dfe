"""The adjusted answer: the mode difference once who chose which mode, which counselor they saw
and who answered the questionnaire are taken into account.

One function, :func:`adjusted_comparison`, runs the pieces of analysis/stats on the clients of
groups A and B: propensity-score weighting (with balance, overlap and a doubly robust
estimate), the E-value of the weighted estimate, clustering by counselor, site or client
(ICC, design effect, CR2 and a mixed model), non-response, and a proportional-odds model when
the outcome is a rating. A piece that cannot run on these data is left out with a note saying
why; the others still run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.covariates import COVARIATE_NAMES, COVARIATE_ROLES, covariate_frame, covariate_roles
from analysis.data.exclusions import Exclusions, usable_rows
from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.stats.clustering import ClusteredComparison, clustered_comparison
from analysis.stats.evalue import EValue, evalue_mean_difference
from analysis.stats.ordinal import (
    MAX_LEVELS,
    ProportionalOdds,
    Superiority,
    probability_of_superiority,
    proportional_odds,
)
from analysis.stats.propensity import (
    ESTIMANDS,
    OverlapHistogram,
    PropensityComparison,
    WeightedEffect,
    covariate_matrix,
    overlap_histogram,
    propensity_comparison,
    weighted_difference,
)
from analysis.stats.response import ResponseComparison, response_comparison

#: Roles whose clients can be alike (``--cluster``); ``client_id`` groups repeated episodes.
CLUSTER_ROLES = ("counselor", "site", "client_id")
#: What each cluster role is called in sentences.
CLUSTER_NAMES = {"counselor": "counselor", "site": "site", "client_id": "client"}


@dataclass(frozen=True, slots=True)
class Clustering:
    """The mode effect with clients of one counselor (site, client) treated as alike."""

    role: str
    comparison: ClusteredComparison


@dataclass(frozen=True, slots=True)
class OrdinalComparison:
    """The outcome treated as ordered ratings: proportional odds, probability of superiority."""

    model: ProportionalOdds
    superiority: Superiority


@dataclass(frozen=True, slots=True)
class AdjustedAnalysis:
    """Everything the adjusted answer shows, A minus B.

    Attributes
    ----------
    groups : (str, str)
        Groups A and B.
    covariates : tuple of str
        The covariate roles adjusted for.
    estimand : str
        ``"overlap"`` or ``"ate"``.
    exclusions : Exclusions
        Clients with an outcome and every covariate, and what was left out.
    raw : WeightedEffect
        The plain difference on those clients (robust CI).
    propensity : PropensityComparison or None
        The weighted comparison; None with a note when it cannot run.
    overlap : OverlapHistogram or None
        The propensity distributions by group (aggregated, for the overlap plot).
    evalue : EValue or None
        Of the weighted estimate, through the standardised difference.
    clusters : tuple of Clustering
        One per cluster role asked for and present.
    response : ResponseComparison or None
        Response rates and the inverse-probability-of-response weighted estimate.
    response_exclusions : Exclusions or None
        The clients the response analysis used (answered or not).
    ordinal : OrdinalComparison or None
        When the outcome has at most ``MAX_LEVELS`` whole-number values.
    notes : tuple of str
        What could not run and why, and choices made on the way.
    """

    groups: tuple[str, str]
    covariates: tuple[str, ...]
    estimand: str
    exclusions: Exclusions
    raw: WeightedEffect
    propensity: PropensityComparison | None
    overlap: OverlapHistogram | None
    evalue: EValue | None
    clusters: tuple[Clustering, ...]
    response: ResponseComparison | None
    response_exclusions: Exclusions | None
    ordinal: OrdinalComparison | None
    notes: tuple[str, ...]

    @property
    def adjusted(self) -> WeightedEffect | None:
        """The headline adjusted estimate: the propensity-weighted difference."""
        return None if self.propensity is None else self.propensity.weighted


def _scoped(data: pd.DataFrame, groups: tuple[str, str], covariates: tuple[str, ...],
            columns: tuple[str, ...]):
    """The rows of A and B with an outcome and every covariate (and ``columns``), their
    covariate frame, and the exclusions (a missing covariate is one more reason)."""
    used, exclusions = usable_rows(data, ("outcome",), groups=list(groups),
                                   columns=covariates + columns)
    used = used[used["weight"] > 0]
    x = covariate_frame(used, covariates)
    complete = x.notna().all(axis=1).to_numpy()
    dropped = list(exclusions.dropped)
    if not complete.all():
        dropped.append(("a covariate missing", int((~complete).sum()),
                        int(used.loc[~complete, "weight"].sum())))
    used, x = used[complete], x[complete]
    if used["mode"].nunique() < 2:
        raise DataError("Fewer than two groups have clients with an outcome and every "
                        "covariate known: no adjusted comparison.", "not_estimable")
    return used, x, Exclusions(int(used["weight"].sum()), exclusions.n_total, tuple(dropped))


def _attempt(notes: list[str], what: str, run):
    """``run()``, or None with a note naming ``what`` could not run and why."""
    try:
        return run()
    except DataError as err:
        notes.append(f"{what}: {err.message}")
    except np.linalg.LinAlgError:
        notes.append(f"{what}: the model is singular here (too few clients for its terms, or "
                     "a covariate determined by the others).")
    return None


def _pooled_sd(y: np.ndarray, a: np.ndarray, f: np.ndarray) -> float:
    """The pooled within-group SD (frequency weighted), as Cohen's d uses."""
    ss = df = 0.0
    for g in (a, ~a):
        mean = np.average(y[g], weights=f[g])
        ss += float((f[g] * (y[g] - mean) ** 2).sum())
        df += float(f[g].sum()) - 1
    return float(np.sqrt(ss / df))


def _ordinal(y, a, design, f, level) -> OrdinalComparison:
    """The proportional-odds model and the probability of superiority, for ratings only."""
    values = np.unique(y)
    if len(values) > MAX_LEVELS or not np.array_equal(values, np.round(values)):
        raise DataError(f"the outcome is not a rating (it has {len(values)} distinct values; "
                        f"an ordinal model takes whole numbers with at most {MAX_LEVELS}).",
                        "too_many_levels")
    return OrdinalComparison(
        proportional_odds(y, a, covariates=design, weights=f, confidence_level=level),
        probability_of_superiority(y[a], y[~a], weights_a=f[a], weights_b=f[~a],
                                   confidence_level=level))


def _clusters(used, y, a, design, f, roles, level, notes) -> tuple[Clustering, ...]:
    """The clustered comparison for each role, with the covariates (without them, noted,
    when they leave no estimate). A role that is also a covariate enters as the cluster only:
    beside a fixed effect per site, a random intercept per site has nothing left to estimate
    (its variance is not identified) and the CR2 errors would lean on within-site contrasts
    only."""
    out = []
    for role in roles:
        name = CLUSTER_NAMES[role]
        codes = _cluster_codes(used, role, notes)
        own = f"{COVARIATE_NAMES[role]}: " if role in COVARIATE_NAMES else None
        x = design.loc[:, [c for c in design.columns if not (own and c.startswith(own))]]
        if x.shape[1] < design.shape[1]:
            notes.append(f"Clustering by {name}: {name} is the cluster there, not also a "
                         "covariate.")

        def run(x=x, codes=codes, name=name):
            return clustered_comparison(y, a, codes, covariates=x, weights=f,
                                        confidence_level=level, cluster_name=name)

        result = _attempt(notes, f"Clustering by {name}", run)
        if result is None and x.shape[1]:
            result = _attempt(notes, f"Clustering by {name} without covariates",
                              lambda: run(None))
        if result is not None:
            out.append(Clustering(role, result))
    return tuple(out)


def _cluster_codes(used: pd.DataFrame, role: str, notes: list[str]) -> np.ndarray:
    """The cluster label of each row; a row without one is a cluster of its own (nothing says
    whom it shares a counselor with, and an episode without a client id may be anyone's)."""
    labels = used[role].astype("string")
    missing = labels.isna().to_numpy()
    codes = labels.to_numpy(dtype=object)
    if missing.any():
        codes[missing] = [f"(unknown {i})" for i in range(int(missing.sum()))]
        name = CLUSTER_NAMES[role]
        who = "episodes without a client id count as clients" if role == "client_id" else (
            f"clients without a {name} count as {name}s")
        notes.append(f"Clustering by {name}: {int(used.loc[missing, 'weight'].sum()):,} {who} "
                     "of their own.")
    return codes


def _response_frame(data: pd.DataFrame, groups: tuple[str, str]) -> pd.DataFrame | None:
    """The rows with a ``responded`` column (a missing outcome is non-response; a present but
    unusable one stays an exclusion), the outcome of non-responders set to 0 so they are kept;
    None when every client of A and B answered."""
    issue = data["outcome_issue"].astype(object)
    unanswered = data["outcome"].isna() & (issue.isna() | (issue == "missing"))
    if not (unanswered & data["mode"].isin(groups)).any():
        return None
    return data.assign(outcome_issue=issue.where(~unanswered),
                       responded=(~unanswered).astype(float),
                       outcome=data["outcome"].where(~unanswered, 0.0))


def _response(data, groups, covariates, level, notes):
    """The non-response analysis on clients with every covariate (answered or not)."""
    frame = _response_frame(data, groups)
    if frame is None:
        return None, None
    used, x, excl = _scoped(frame, groups, covariates, ("responded",))
    y = np.where(used["responded"].to_numpy() > 0, used["outcome"].to_numpy(float), np.nan)
    design = covariate_matrix(x, used["weight"], name_reference=True)
    result = _attempt(notes, "Non-response", lambda: response_comparison(
        y, (used["mode"] == groups[0]).to_numpy(), covariates=design,
        weights=used["weight"].to_numpy(float), confidence_level=level))
    return result, excl if result is not None else None


def level_counts(data: pd.DataFrame, *, groups: tuple[str, str], covariates: tuple[str, ...],
                 by: str = "mode") -> dict[str, pd.DataFrame]:
    """The counts behind an adjusted comparison's tables, on the clients it uses.

    ``by="mode"``: clients of each group (columns) at each level of each text covariate
    (rows), among those with an outcome and every covariate -- what a balance table's rows
    reveal as shares -- and ``"clients"``: the clients used per group (one row).
    ``by="responded"``: clients who did and did not answer (columns) at each level, among the
    clients of A and B with every covariate -- what the odds ratios of responding rest on;
    empty when everyone answered.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> f = frame_from_columns(["online", "online", "F2F"], [1.0, 2.0, 3.0],
    ...                        gender=["man", "woman", "man"])
    >>> level_counts(f, groups=("online", "face-to-face"), covariates=("gender",))["gender"]
           online  face-to-face
    man         1             1
    woman       1             0
    """
    groups, covariates = tuple(groups), tuple(covariates)
    if by == "responded":
        data = _response_frame(data, groups)
        if data is None:
            return {}
        used, x, _ = _scoped(data, groups, covariates, ("responded",))
        column = pd.Categorical(np.where(used["responded"] > 0, "responded", "did not respond"),
                                categories=["responded", "did not respond"])
    else:
        used, x, _ = _scoped(data, groups, covariates, ())
        column = pd.Categorical(used["mode"], categories=list(groups))
    weight = used["weight"].astype(float)
    out = {}
    if by == "mode":
        out["clients"] = (weight.groupby(column, observed=False).sum().round().astype(int)
                          .to_frame().T.set_axis(["clients"]))
    for name in x.columns:
        if not pd.api.types.is_numeric_dtype(x[name]):
            counts = weight.groupby([x[name].astype(str), column], observed=False).sum()
            out[name] = counts.unstack(fill_value=0).round().astype(int)
            out[name].index.name = None
            out[name].columns.name = None
    return out


def adjusted_comparison(data: pd.DataFrame, *, groups: tuple[str, str],
                        covariates: tuple[str, ...] | None = None, clusters: tuple[str, ...] = (),
                        estimand: str = "overlap",
                        confidence_level: float = CONFIDENCE_LEVEL) -> AdjustedAnalysis:
    """The adjusted mode difference (A minus B) and the checks a careful reader asks for.

    Parameters
    ----------
    data : DataFrame
        Dataset-style frame (``mode``, ``outcome``, ``weight`` and the role columns).
    groups : (str, str)
        Groups A and B.
    covariates : tuple of str, optional
        Covariate roles (:data:`analysis.covariates.COVARIATE_ROLES`); default every one
        with a value but counselor.
    clusters : tuple of str
        Cluster roles (:data:`CLUSTER_ROLES`) present in ``data``.
    estimand : {"overlap", "ate"}
        The balancing weights.
    confidence_level : float
        Of every CI.

    Returns
    -------
    AdjustedAnalysis

    Notes
    -----
    The clients are those of A and B with an outcome and every covariate (the exclusions say
    who was left out). Text covariates enter as treatment-coded levels, age as a number, the
    intake date as years since the first intake, a multi-label problem cell as its first
    problem. Propensity weighting is
    :func:`analysis.stats.propensity.propensity_comparison`; the E-value is of the weighted
    difference standardised by the pooled SD (VanderWeele & Ding 2017); clustering is
    :func:`analysis.stats.clustering.clustered_comparison` with the same covariates;
    non-response is :func:`analysis.stats.response.response_comparison` on clients with
    every covariate, answered or not; the ordinal model is
    :func:`analysis.stats.ordinal.proportional_odds` (MASS::polr), for whole-number outcomes
    with at most 40 values.
    """
    if estimand not in ESTIMANDS:
        raise DataError(f"Weights must be one of {', '.join(ESTIMANDS)}; got {estimand!r}.",
                        "bad_estimand")
    present = [c for c in COVARIATE_ROLES if c in data.columns and data[c].notna().any()]
    covariates = covariate_roles(present, chosen=covariates)
    bad = [c for c in clusters if c not in CLUSTER_ROLES or c not in data.columns]
    if bad:
        raise DataError(f"Cannot cluster by {bad[0]}: choose from the roles the data have "
                        f"({', '.join(c for c in CLUSTER_ROLES if c in data.columns)}).",
                        "no_such_column")
    used, x, exclusions = _scoped(data, groups, covariates, clusters)
    y, f = used["outcome"].to_numpy(float), used["weight"].to_numpy(float)
    a = (used["mode"] == groups[0]).to_numpy()
    design = covariate_matrix(x, f).reset_index(drop=True)
    notes: list[str] = []
    raw = weighted_difference(y, a, np.ones(len(y)), weights=f, confidence_level=confidence_level)
    weighted = None
    if covariates:
        weighted = _attempt(notes, "Propensity weighting", lambda: propensity_comparison(
            y, a, design, estimand=estimand, weights=f, confidence_level=confidence_level,
            labels=groups, balance_on=covariate_matrix(x, every_level=True)))
    else:
        notes.append("Propensity weighting: no covariates were chosen.")
    overlap = evalue = None
    if weighted is not None:
        overlap = overlap_histogram(weighted.model.fitted, a, weights=f)
        est = weighted.weighted
        evalue = _attempt(notes, "E-value", lambda: evalue_mean_difference(
            est.estimate, sd=_pooled_sd(y, a, f), low=est.ci.low, high=est.ci.high))
    response, response_excl = _response(data, groups, covariates, confidence_level, notes)
    ordinal = _attempt(notes, "Ordinal model",
                       lambda: _ordinal(y, a, design, f, confidence_level))
    return AdjustedAnalysis(
        groups, covariates, estimand, exclusions, raw, weighted, overlap, evalue,
        _clusters(used, y, a, design, f, clusters, confidence_level, notes),
        response, response_excl, ordinal, tuple(notes))
