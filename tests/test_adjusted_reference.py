"""The adjusted answer end to end against R: from the FILE tests/data/adjusted_clients.csv, through
the command line's loading path (column roles detected, the frame prepared), to every number of
:func:`analysis.adjusted.adjusted_comparison`, for overlap and ATE weights, clustered by
counselor, site and client.

R reads the same file and recodes it as analysis/ documents it (tests/reference/
make_adjusted_end_to_end.R writes tests/reference/adjusted_end_to_end_reference.py): which
clients are used and which left out, mode spellings, the first label of a multi-label problem,
the intake date as years since the first, an impossible age as missing, the most common level
as the reference, non-responders kept for the response model, site as the cluster only when
clustering by site, an episode without a client id or a counselor as a cluster of its own.
The statistics themselves are pinned on arrays in test_propensity, test_clustering,
test_evalue, test_ordinal and test_response; this file checks the path from a file to them.

Tolerances: closed-form results (the unweighted differences, OLS with HC3, CR1 and CR2 errors,
balance before weighting, response rates, the probability of superiority) to rel 1e-9; results
of an iterative fit (glm, lmer, polr, and everything computed from their fitted values) to rel
1e-6. lme4's REML variances are within 3.2e-7 of the zero of the criterion's slope here; the
Python fit solves for that zero (it used to stop up to 1.6e-6 away, on a criterion flat to
rounding there).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.__main__ import REPORT_ROLES, build_parser, load
from analysis.adjusted import CLUSTER_ROLES, adjusted_comparison
from analysis.covariates import COVARIATE_ROLES
from analysis.json_report import adjusted_analysis_json
from analysis.results import json_ready
from tests.helpers import run_cli
from tests.reference import adjusted_end_to_end_reference as R
from tests.reference.make_adjusted_clients import generate

CSV = Path(__file__).resolve().parent / "data" / "adjusted_clients.csv"
GROUPS = ("online", "face-to-face")
CLUSTERS = ("counselor", "site", "client_id")
PREFIX = {"overlap": "ATO", "ate": "ATE"}
EXACT = 1e-9  # closed form
FIT = 1e-6  # iterative fits (IRLS, REML, polr's optimiser)
#: python -m analysis report FILE --groups online,face-to-face --cluster counselor,site,client_id
COMMAND = ["report", str(CSV), "--groups", ",".join(GROUPS), "--cluster", ",".join(CLUSTERS)]


@pytest.fixture(scope="module")
def dataset():
    # the CLI's own loader, reading the columns `report` reads for COMMAND: its roles, every
    # covariate role (none were named) and the cluster roles
    _, data = load(build_parser().parse_args(COMMAND),
                   only=REPORT_ROLES + COVARIATE_ROLES + CLUSTER_ROLES)
    return data


@pytest.fixture(scope="module", params=["overlap", "ate"])
def result(request, dataset):
    return adjusted_comparison(dataset.frame, groups=GROUPS, clusters=CLUSTERS,
                               estimand=request.param)


def effect(e, *, means=True):
    out = (e.estimate, e.se, e.df, e.p, e.ci.low, e.ci.high)
    return out + (e.mean_a, e.mean_b) if means else out


def test_the_file_is_the_one_its_seeded_generator_writes():
    assert generate().to_csv(index=False, lineterminator="\n") == CSV.read_text(encoding="utf-8")


def test_the_file_is_read_with_the_documented_roles(dataset):
    roles = dataset.roles.mapped()
    assert roles == {"mode": "delivery_mode", "outcome": "satisfaction",
                     "problem": "problem_type", "date": "intake_date", "site": "site",
                     "counselor": "counselor_id", "age": "age", "gender": "gender",
                     "client_id": "client_id"}
    assert dataset.problem_sep == ";"
    assert len(dataset.frame) == R.N_ROWS


def test_clients_used_and_left_out_are_those_r_keeps_and_drops(result):
    e = result.exclusions
    # R: the rows of online and face-to-face (phone and a blank mode are out of scope)
    assert e.n_total == R.N_TOTAL and e.n_used == R.N_USED
    assert {reason: rows for reason, rows, _ in e.dropped} == dict(
        zip(R.DROPPED_REASONS, R.DROPPED_ROWS))
    assert all(rows == clients for _, rows, clients in e.dropped)  # no count column
    # the response model keeps the clients without an answer, not an answer that is no number
    r = result.response_exclusions
    assert r.n_total == R.N_TOTAL and r.n_used == R.RESP_N[0]
    assert {reason: rows for reason, rows, _ in r.dropped} == dict(
        zip(R.DROPPED_REASONS[1:], R.RESPONSE_DROPPED_ROWS))


def test_covariates_and_notes(result):
    assert result.groups == GROUPS
    assert result.covariates == ("problem", "age", "gender", "site", "date")
    assert [c.role for c in result.clusters] == list(CLUSTERS)
    # R: sum(is.na(cluster)) among the clients used, each of them a cluster of its own
    assert R.CL_COUNSELOR_UNKNOWN > 0 and R.CL_SITE_UNKNOWN == 0 and R.CL_CLIENT_UNKNOWN > 0
    assert result.notes == (
        f"Clustering by counselor: {R.CL_COUNSELOR_UNKNOWN} clients without a counselor count "
        "as counselors of their own.",
        "Clustering by site: site is the cluster there, not also a covariate.",
        f"Clustering by client: {R.CL_CLIENT_UNKNOWN} episodes without a client id count as "
        "clients of their own.")


def test_raw_difference_matches_svyglm(result):
    # R: svyglm(y ~ a, design = svydesign(ids = ~1, weights = ~1))
    assert effect(result.raw) == pytest.approx(R.RAW, rel=EXACT)
    assert effect(result.propensity.unweighted) == pytest.approx(R.RAW, rel=EXACT)


def test_propensity_model_matches_glm(result):
    model = result.propensity.model
    # R: glm(a ~ problem + age + gender + site + years, family = binomial), most common levels
    #    (anxiety, woman, Central) as the references
    assert model.terms == tuple(R.PS_TERMS)
    shown = [b.covariate for b in result.propensity.balance]
    for name, reference in zip(("problem type", "gender", "site"), R.REFERENCE_LEVELS):
        assert f"{name}: {reference}" not in model.terms and f"{name}: {reference}" in shown
    assert model.coef == pytest.approx(R.PS_COEF, rel=FIT)
    assert model.se == pytest.approx(R.PS_SE, rel=FIT)
    assert model.fitted[:5] == pytest.approx(R.PS_FITTED_HEAD, rel=FIT)
    assert model.n == R.N_USED
    assert (result.propensity.n_a, result.propensity.n_b) == tuple(R.N_A_B)


def test_balance_before_and_after_weighting(result):
    rows = result.propensity.balance
    p = PREFIX[result.estimand]
    assert [r.covariate for r in rows] == R.BAL_NAMES  # every level, the reference too
    assert [float(r.binary) for r in rows] == R.BAL_BINARY
    # R: Austin's (2009) SMD and variance ratio written out
    assert [r.smd_before for r in rows] == pytest.approx(R.BAL_SMD_BEFORE, rel=EXACT)
    assert [r.variance_ratio_before for r in rows] == pytest.approx(
        R.BAL_VR_BEFORE, rel=EXACT, nan_ok=True)
    # overlap weights balance every mean exactly: SMDs of 1e-16, compared absolutely
    assert [r.smd_after for r in rows] == pytest.approx(getattr(R, f"{p}_BAL_SMD_AFTER"),
                                                        rel=FIT, abs=1e-12)
    assert [r.variance_ratio_after for r in rows] == pytest.approx(
        getattr(R, f"{p}_BAL_VR_AFTER"), rel=FIT, nan_ok=True)


def test_weights_overlap_and_effective_sample_size(result):
    prop, p = result.propensity, PREFIX[result.estimand]
    assert (prop.ess_a, prop.ess_b) == pytest.approx(getattr(R, f"{p}_ESS"), rel=FIT)
    assert prop.max_weight_share == pytest.approx(getattr(R, f"{p}_MAX_WEIGHT_SHARE"), rel=FIT)
    assert prop.share_outside == pytest.approx(R.SHARE_OUTSIDE, rel=EXACT)
    assert result.overlap.edges == pytest.approx(np.linspace(0, 1, 21), rel=EXACT)
    assert result.overlap.counts_a == tuple(R.OVERLAP_A)
    assert result.overlap.counts_b == tuple(R.OVERLAP_B)
    # R's values are inside every threshold of the warnings, so there are none
    assert prop.warnings == ()


def test_weighted_and_doubly_robust_estimates(result):
    p = PREFIX[result.estimand]
    # R: svyglm(y ~ a, design = svydesign(ids = ~1, weights = ~w)), w the overlap / ATE weights
    assert effect(result.adjusted) == pytest.approx(getattr(R, f"{p}_WEIGHTED"), rel=FIT)
    # R: augmented overlap weighting (Mao, Li & Greene 2019) or AIPW, written out
    assert effect(result.propensity.doubly_robust) == pytest.approx(
        getattr(R, f"{p}_DOUBLY_ROBUST"), rel=FIT)


def test_evalue_of_the_weighted_estimate(result):
    ev, p = result.evalue, PREFIX[result.estimand]
    d, d_low, d_high, rr, rr_low, rr_high, value, bound = getattr(R, f"{p}_EVALUE")
    assert ev.measure == "standardised mean difference"
    assert (ev.estimate, ev.ci.low, ev.ci.high) == pytest.approx((d, d_low, d_high), rel=FIT)
    assert (ev.risk_ratio, ev.risk_ratio_ci.low, ev.risk_ratio_ci.high) == pytest.approx(
        (rr, rr_low, rr_high), rel=FIT)
    assert (ev.evalue, ev.evalue_ci) == pytest.approx((value, bound), rel=FIT)
    # d = difference / pooled SD (closed form): the SD itself
    assert result.adjusted.estimate / ev.estimate == pytest.approx(R.POOLED_SD, rel=EXACT)


@pytest.mark.parametrize("role", CLUSTERS)
def test_clustering_matches_lme4_clubsandwich_and_sandwich(result, role):
    out = next(c.comparison for c in result.clusters if c.role == role)
    p = "CL_" + {"client_id": "CLIENT"}.get(role, role.upper())
    icc, tau2, sigma2, n, groups, size, deff = getattr(R, f"{p}_ICC")
    # R: VarCorr(lmer(y ~ 1 + (1 | cluster), REML = TRUE))
    assert (out.icc.icc, out.icc.between_variance, out.icc.within_variance,
            out.icc.design_effect) == pytest.approx((icc, tau2, sigma2, deff), rel=FIT)
    assert (out.icc.n, out.icc.n_clusters) == (n, groups)
    assert out.icc.mean_size == pytest.approx(size, rel=EXACT)
    # R: coef_test(lm(...), vcov = "CR2", cluster = cluster, test = "Satterthwaite"), conf_int
    assert effect(out.cr2, means=False) == pytest.approx(getattr(R, f"{p}_CR2"), rel=EXACT)
    # R: sandwich::vcovCL(fit, cluster = cluster, type = "HC1"), t on clusters - 1 df
    assert effect(out.cr1, means=False) == pytest.approx(getattr(R, f"{p}_CR1"), rel=EXACT)
    # R: lmtest::coeftest(fit, vcov. = vcovHC(fit, type = "HC3")), coefci
    assert (out.independent.estimate, out.independent.se, out.independent.df,
            out.independent.p, out.independent.ci.low, out.independent.ci.high
            ) == pytest.approx(getattr(R, f"{p}_HC3"), rel=EXACT)
    assert out.ci_width_ratio == pytest.approx(getattr(R, f"{p}_WIDTH_RATIO"), rel=EXACT)
    # R: lmer(y ~ a + covariates + (1 | cluster), REML = TRUE): fixef, vcov, Wald CI
    b, se, low, high, pv, between, within, n, groups = getattr(R, f"{p}_MIXED")
    m = out.mixed
    assert (m.estimate, m.se, m.ci.low, m.ci.high, m.p) == pytest.approx(
        (b, se, low, high, pv), rel=FIT)
    assert (m.between_variance, m.within_variance) == pytest.approx((between, within), rel=FIT)
    assert (m.n, m.n_clusters) == (n, groups)


def test_response_rates_model_and_weighted_estimate(result):
    resp = result.response
    n, n_a, n_b, answered_a, answered_b = R.RESP_N
    rate_a, rate_b, difference, chi2, df, p_chi2, p_fisher = R.RESP_RATES
    rates = resp.rates
    assert (rates.n_a, rates.n_b, rates.responded_a, rates.responded_b) == (
        n_a, n_b, answered_a, answered_b)
    # R: chisq.test(table(a, responded), correct = FALSE), fisher.test
    assert (rates.rate_a, rates.rate_b, rates.difference, rates.chi_square, rates.df,
            rates.p_chi_square, rates.p_fisher) == pytest.approx(
        (rate_a, rate_b, difference, chi2, df, p_chi2, p_fisher), rel=EXACT)
    # R: glm(responded ~ a + problem + age + gender + site + years, family = binomial) on the
    #    clients with every covariate, answered or not
    assert resp.model.terms == tuple(R.RESP_TERMS)
    assert resp.model.coef == pytest.approx(R.RESP_COEF, rel=FIT)
    assert resp.model.se == pytest.approx(R.RESP_SE, rel=FIT)
    assert resp.model.n == n
    assert [o.term for o in resp.predictors] == R.RESP_TERMS[1:]
    assert [o.odds_ratio for o in resp.predictors] == pytest.approx(R.RESP_OR, rel=FIT)
    assert [o.ci.low for o in resp.predictors] == pytest.approx(R.RESP_OR_LOW, rel=FIT)
    assert [o.ci.high for o in resp.predictors] == pytest.approx(R.RESP_OR_HIGH, rel=FIT)
    assert [o.p for o in resp.predictors] == pytest.approx(R.RESP_OR_P, rel=FIT)
    # R: svyglm(y ~ a) among respondents, unweighted and weighted by 1 / fitted(response fit)
    assert effect(resp.respondents) == pytest.approx(R.RESP_RESPONDENTS, rel=EXACT)
    assert effect(resp.weighted) == pytest.approx(R.RESP_WEIGHTED, rel=FIT)


def test_ordinal_model_and_probability_of_superiority(result):
    model, sup = result.ordinal.model, result.ordinal.superiority
    odds, low, high, beta, se, p = R.ORD_POLR
    # R: polr(factor(y, ordered = TRUE) ~ a + covariates, Hess = TRUE): the rating's whole
    #    numbers as the levels, the same design columns as the propensity model
    assert model.levels == tuple(R.ORD_LEVELS)
    assert model.terms == ("mode", *R.PS_TERMS[1:])
    assert (model.odds_ratio, model.ci.low, model.ci.high, model.log_odds_ratio, model.se,
            model.p) == pytest.approx((odds, low, high, beta, se, p), rel=FIT)
    assert model.coef == pytest.approx(R.ORD_COEF, rel=FIT)
    assert model.thresholds == pytest.approx(R.ORD_ZETA, rel=FIT)
    assert (model.n, model.n_a, model.n_b) == (R.N_USED, *R.N_A_B)
    # R: the DeLong placements written out; wilcox.test's W / (nA nB)
    assert (sup.probability, sup.se, sup.ci.low, sup.ci.high) == pytest.approx(
        R.ORD_SUPERIORITY, rel=EXACT)
    assert sup.probability == pytest.approx(R.ORD_SUPERIORITY_WILCOX, rel=EXACT)
    assert (sup.n_a, sup.n_b) == tuple(R.N_A_B)


def test_the_json_report_carries_this_same_result(dataset):
    """`python -m analysis report ... --weights ate` prints this very comparison."""
    run = run_cli([*COMMAND, "--weights", "ate"])
    assert run.exit_code == 0, run.stderr
    direct = adjusted_comparison(dataset.frame, groups=GROUPS, clusters=CLUSTERS,
                                 estimand="ate")
    printed = json.loads(run.stdout)["adjusted"]
    assert printed == json.loads(json.dumps(json_ready(adjusted_analysis_json(direct))))
    assert printed["propensity"]["weighted"]["estimate"] == pytest.approx(R.ATE_WEIGHTED[0],
                                                                          rel=FIT)
