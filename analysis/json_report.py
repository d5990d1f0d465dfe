"""The JSON report of ``python -m analysis report`` (a public interface: see the README)."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.adjusted import CLUSTER_ROLES, AdjustedAnalysis, adjusted_comparison
from analysis.binary import BinaryComparison, compare_binary
from analysis.categories import CategoryAnalysis, compare_categories
from analysis.compare import (
    OmnibusResult,
    OutcomeComparison,
    ProblemAnalysis,
    analyse_problems,
    compare_modes,
    compare_outcome,
)
from analysis.covariates import COVARIATE_ROLES
from analysis.data.dataset import OUTCOME, PROBLEMS, Dataset
from analysis.data.modes import normalise_mode_label
from analysis.errors import DataError
from analysis.options import ALPHA
from analysis.periods import PeriodComparison, compare_periods
from analysis.results import to_plain
from analysis.subgroups import (
    AdjustedComparison,
    WithinProblem,
    adjusted_mode_effect,
    compare_within_problems,
)


@dataclass(frozen=True, slots=True, eq=False)
class Report:
    """All results of one report: the two-group comparison, the omnibus tests, the problems.

    ``outcome`` and ``problems`` are None only when the data cannot give them and an extra
    analysis was asked for (a counts file without an outcome, compared by period); then
    ``not_available`` says why, by analysis.
    """

    groups: tuple[str, str]
    outcome: OutcomeComparison | None
    omnibus: OmnibusResult | None
    problems: ProblemAnalysis | None
    outcome_label: str
    adjusted: AdjustedComparison | None = None
    within_problems: tuple[WithinProblem, ...] | None = None
    unit: str = "clients"
    binary_outcome: BinaryComparison | None = None
    category: CategoryAnalysis | None = None
    periods: PeriodComparison | None = None
    adjusted_analysis: AdjustedAnalysis | None = None
    not_available: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Extras:
    """The report's optional analyses (``--binary-outcome COL --event LEVEL``,
    ``--category-col COL``, ``--periods SPEC``, ``--cluster ROLES``, ``--weights W``): each
    None when not asked for."""

    binary_outcome: str | None = None
    event: str | None = None
    category: str | None = None
    periods: str | None = None
    cluster: tuple[str, ...] | None = None
    weights: str | None = None


def resolve_groups(dataset: Dataset, labels: list[str]) -> tuple[str, str]:
    """Normalise the user's group labels (as modes are) and check that both are in the data."""
    if len(labels) != 2:
        raise DataError("--groups needs exactly two modes, e.g. --groups online,face-to-face.",
                        "bad_groups")
    groups = []
    for label in labels:
        mode, _ = normalise_mode_label(label)
        if mode not in dataset.modes:
            raise DataError(f"Group '{label}' is not a delivery mode in the data. Modes present: "
                            f"{', '.join(dataset.modes) or 'none'}.", "unknown_group")
        groups.append(mode)
    if groups[0] == groups[1]:
        raise DataError("The two groups must be different modes.", "bad_groups")
    return groups[0], groups[1]


def resolve_covariates(dataset: Dataset, covariates: list[str]) -> tuple[str, ...]:
    """Check the covariate role names (``--covariates``) against the roles the data have."""
    chosen = []
    for name in covariates:
        role = name.strip().lower()
        if role not in COVARIATE_ROLES:
            raise DataError(f"--covariates: '{name}' is not a covariate; choose from "
                            f"{', '.join(COVARIATE_ROLES)}.", "bad_covariate")
        if not dataset.has[role]:
            raise DataError(f"--covariates: the data have no {role} column (none was detected "
                            f"or mapped).", "no_such_column")
        if role not in chosen:
            chosen.append(role)
    if not chosen:
        raise DataError("--covariates needs at least one of "
                        f"{', '.join(COVARIATE_ROLES)}.", "bad_covariate")
    return tuple(chosen)


def cluster_roles(dataset: Dataset, roles) -> tuple[str, ...]:
    """Check the cluster role names (``--cluster``) against the roles the data have."""
    chosen = tuple(dict.fromkeys(str(r).strip().lower() for r in roles if str(r).strip()))
    for role in chosen:
        if role not in CLUSTER_ROLES:
            raise DataError(f"--cluster: '{role}' is not a cluster; choose from "
                            f"{', '.join(CLUSTER_ROLES)}.", "bad_cluster")
        if not dataset.has[role]:
            raise DataError(f"--cluster: the data have no {role} column (none was detected "
                            "or mapped).", "no_such_column")
    return chosen


def frame_column(dataset: Dataset, name: str, option: str) -> str:
    """The prepared frame's column for the file's column ``name`` (a column mapped to a role is
    named by its role there); DataError ``no_such_column`` naming the columns there are."""
    by_role = {col: role for role, col in dataset.roles.mapped().items()}
    if name in by_role:
        return by_role[name]
    internal = {"row", "weight"} | {c for c in dataset.frame.columns if c.endswith("_issue")}
    if name in dataset.frame.columns and name not in internal:
        return name
    columns = [c for c in dataset.frame.columns if c not in internal]
    raise DataError(f"{option}: the data have no column '{name}'. Columns: "
                    f"{', '.join(map(str, columns[:30]))}.", "no_such_column")


def build_extras(dataset: Dataset, groups: tuple[str, str], extras: Extras) -> dict:
    """The optional analyses asked for, by the Report's field names."""
    frame, found = dataset.frame, {}
    if extras.binary_outcome is not None:
        if extras.event is None:
            raise DataError("--binary-outcome needs --event LEVEL: the value counted as the "
                            "event (such as 'dropped out').", "bad_option")
        column = frame_column(dataset, extras.binary_outcome, "--binary-outcome")
        found["binary_outcome"] = compare_binary(frame, column, extras.event, groups=groups)
    elif extras.event is not None:
        raise DataError("--event goes with --binary-outcome COLUMN.", "bad_option")
    if extras.category is not None:
        column = frame_column(dataset, extras.category, "--category-col")
        found["category"] = compare_categories(frame, column, groups=groups)
    if extras.periods is not None:
        if not dataset.has["date"]:
            raise DataError("--periods needs dates: the data have no date column (none was "
                            "detected).", "no_such_column")
        found["periods"] = compare_periods(frame, extras.periods, scale=dataset.scale)
    return found


def build_report(dataset: Dataset, labels: list[str], *, margin: float | None = None,
                 alpha: float = ALPHA, covariates: list[str] | None = None,
                 extras: Extras = Extras()) -> Report:
    """Run every analysis of the report; DataError when the data cannot give it.

    With ``covariates`` (role names, see ``COVARIATE_ROLES``) the report also has the mode
    effect adjusted for them (OLS, HC3) and the A - B differences within each problem type;
    with ``extras``, a yes/no outcome, a category and periods compared.
    """
    blocked = {a: dataset.validation.blocking(a) for a in (OUTCOME, PROBLEMS)}
    adjusting = covariates is not None or extras.cluster is not None or extras.weights is not None
    plain = extras in (Extras(), Extras(cluster=extras.cluster, weights=extras.weights))
    for issues in blocked.values():  # with an extra analysis asked for, what can run runs
        if issues and (plain or adjusting):
            raise DataError(issues[0].message + " " + issues[0].action, issues[0].code)
    groups = resolve_groups(dataset, labels)
    frame = dataset.frame
    outcome = omnibus = problems = adjusted = within = None
    found = build_extras(dataset, groups, extras)
    if not blocked[OUTCOME]:
        outcome = compare_outcome(frame, groups=groups, margin=margin, alpha=alpha,
                                  scale=dataset.scale)
        try:
            omnibus = compare_modes(frame)
        except DataError:
            omnibus = None
    if not blocked[PROBLEMS]:
        problems = analyse_problems(frame, sep=dataset.problem_sep, groups=groups)
    if covariates is not None:
        chosen = resolve_covariates(dataset, covariates)
        adjusted = adjusted_mode_effect(frame, groups=groups, covariates=list(chosen))
        within = compare_within_problems(frame, groups=groups, sep=dataset.problem_sep)
    if adjusting:
        found["adjusted_analysis"] = adjusted_comparison(
            frame, groups=groups, covariates=None if covariates is None else chosen,
            clusters=cluster_roles(dataset, extras.cluster or ()),
            estimand=extras.weights or "overlap")
    missing = tuple(("outcome" if a == OUTCOME else "problems", f"{i[0].message} {i[0].action}")
                    for a, i in blocked.items() if i)
    return Report(groups, outcome, omnibus, problems, dataset.outcome_label, adjusted, within,
                  dataset.unit, **found, not_available=missing)


def report_json(report: Report) -> dict:
    """The report as the documented JSON object (unrounded numbers, normalised mode labels)."""
    a, b = report.groups
    document = {"groups": [a, b], "outcome_label": report.outcome_label, "unit": report.unit,
                "outcome": None if report.outcome is None else outcome_json(report),
                "problems": None if report.problems is None else problems_json(report)}
    for key in ("binary_outcome", "category", "periods"):
        if getattr(report, key) is not None:
            document[key] = to_plain(getattr(report, key))
    if report.adjusted_analysis is not None:
        document["adjusted"] = adjusted_analysis_json(report.adjusted_analysis)
    if report.not_available:
        document["not_available"] = dict(report.not_available)
    return document


def outcome_json(report: Report) -> dict:
    """The ``outcome`` object: the two-group comparison, the omnibus tests, the adjusted one."""
    c = report.outcome
    mw = c.mann_whitney
    outcome = {
        "descriptives": {g.group: to_plain(g) for g in c.descriptives},
        "welch": to_plain(c.welch),
        "student": to_plain(c.student),
        "mann_whitney": {"u": mw.u, "p": mw.p, "rank_biserial": mw.rank_biserial.value,
                         "rank_biserial_ci": mw.rank_biserial.ci.to_list(), "method": mw.method,
                         "hodges_lehmann": mw.hodges_lehmann},
        "cohens_d": to_plain(c.cohens_d),
        "hedges_g": to_plain(c.hedges_g),
        "levene": to_plain(c.levene),
        "shapiro": to_plain(c.shapiro),
        "bayes_factor_10": c.bayes_factor_10,
        "log10_bayes_factor_10": c.log10_bayes_factor_10,
        "exclusions": to_plain(c.exclusions),
    }
    if c.tost is not None:
        outcome["tost"] = to_plain(c.tost)
    o = report.omnibus
    outcome["omnibus"] = None if o is None else {
        "groups": list(o.groups),
        "welch_anova": to_plain(o.welch_anova),
        "kruskal": to_plain(o.kruskal),
        "games_howell": to_plain(o.games_howell),
        "notes": list(o.notes),
    }
    if report.adjusted is not None:
        outcome["adjusted"] = adjusted_json(report.adjusted)
    if report.within_problems is not None:
        outcome["within_problems"] = [to_plain(r) for r in report.within_problems]
    return outcome


def problems_json(report: Report) -> dict:
    """The ``problems`` object: the A vs B table, chi-square, residuals, per-problem tests."""
    p = report.problems
    chi = p.chi_square
    return {
        "counts": {str(prob): {g: int(row[g]) for g in report.groups}
                   for prob, row in p.table.counts.iterrows()},
        "clients": {g: int(p.table.clients[g]) for g in report.groups},
        "multi_label": p.table.multi_label,
        "chi_square": None if chi is None else {
            "statistic": chi.statistic, "df": chi.df, "p": chi.p, "cramers_v": chi.cramers_v,
            "cramers_v_ci": chi.cramers_v_ci.to_list(), "g": chi.g, "g_p": chi.g_p,
            "min_expected": chi.min_expected, "monte_carlo_p": chi.monte_carlo_p},
        "adjusted_residuals": None if p.residuals is None else {
            str(prob): {g: float(row[g]) for g in report.groups}
            for prob, row in p.residuals.iterrows()},
        "per_problem": [to_plain(r) for r in p.per_problem],
        "exclusions": to_plain(p.table.exclusions),
        "notes": list(p.notes),
    }


def adjusted_json(result: AdjustedComparison) -> dict:
    """The adjusted comparison for the JSON report: each model with its formula."""
    unadjusted = {**to_plain(result.unadjusted), "formula": "outcome ~ mode"}
    adjusted = {**to_plain(result.adjusted), "formula": result.formula}
    return {"covariates": list(result.covariates), "unadjusted": unadjusted,
            "adjusted": adjusted, "method": "OLS; HC3 standard errors; t with the residual df",
            "exclusions": to_plain(result.exclusions)}


def adjusted_analysis_json(result: AdjustedAnalysis) -> dict:
    """The ``adjusted`` object: the adjusted answer, its clusters keyed by role."""
    plain = to_plain(result)
    plain["clusters"] = {c.role: to_plain(c.comparison) for c in result.clusters}
    return plain
