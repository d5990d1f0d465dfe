"""Propensity-score weighting (analysis/stats/propensity.py) against R, and its properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.results import to_plain
from analysis.stats.propensity import (
    balance_table,
    balancing_weights,
    covariate_matrix,
    doubly_robust,
    effective_sample_size,
    fit_propensity,
    overlap_histogram,
    propensity_comparison,
    weighted_difference,
)
from tests.reference import adjusted_reference as R


def ps_data():
    x = covariate_matrix(pd.DataFrame({"age": R.PS_AGE, "problem": R.PS_PROBLEM,
                                       "gender": R.PS_GENDER}))
    return np.array(R.PS_A, bool), x, np.array(R.PS_Y, float)


def effect_tuple(effect):
    return (effect.estimate, effect.se, effect.df, effect.p, effect.ci.low, effect.ci.high)


def test_propensity_model_matches_r_glm():
    a, x, _ = ps_data()
    model = fit_propensity(x, a)
    # R: glm(a ~ age + problem + gender, family = binomial): coef, sqrt(diag(vcov(fit)))
    assert model.coef == pytest.approx(R.PS_COEF, rel=1e-7)
    assert model.se == pytest.approx(R.PS_SE, rel=1e-6)
    assert model.fitted[:5] == pytest.approx(R.PS_FITTED_HEAD, rel=1e-7)
    assert model.terms == ("(Intercept)", "age", "problem: depression", "problem: family",
                           "gender: man")
    assert model.n == len(a)


def test_balance_and_effective_sample_size_match_r_formulas():
    a, x, _ = ps_data()
    e = fit_propensity(x, a).fitted
    ate, ato = (balancing_weights(e, a, estimand=k) for k in ("ate", "overlap"))
    rows = balance_table(x, a, ate)
    # R: make_adjusted_reference.R writes Austin's (2009) SMD and variance ratio out
    assert [r.smd_before for r in rows] == pytest.approx(R.BAL_SMD_BEFORE, rel=1e-9)
    assert [r.smd_after for r in rows] == pytest.approx(R.BAL_SMD_ATE, rel=1e-6)
    assert rows[0].variance_ratio_before == pytest.approx(R.BAL_VR_BEFORE[0], rel=1e-9)
    assert rows[0].variance_ratio_after == pytest.approx(R.BAL_VR_ATE[0], rel=1e-6)
    assert all(np.isnan(r.variance_ratio_after) for r in rows[1:])
    overlap_rows = balance_table(x, a, ato)
    assert overlap_rows[0].variance_ratio_after == pytest.approx(R.BAL_VR_ATO[0], rel=1e-6)
    # overlap weights from a logistic model balance every mean exactly (Li et al. 2018)
    assert [r.smd_after for r in overlap_rows] == pytest.approx([0] * 4, abs=1e-7)
    # R: sum(w[a == 1])^2 / sum(w[a == 1]^2), and the same for a == 0
    assert effective_sample_size(ato, a) == pytest.approx(R.ESS_ATO, rel=1e-6)
    assert effective_sample_size(ate, a) == pytest.approx(R.ESS_ATE, rel=1e-6)


def test_weighted_difference_matches_svyglm():
    a, x, y = ps_data()
    e = fit_propensity(x, a).fitted
    for estimand, golden in (("overlap", R.WD_ATO), ("ate", R.WD_ATE)):
        w = balancing_weights(e, a, estimand=estimand)
        # R: svyglm(y ~ a, design = svydesign(ids = ~1, weights = ~w)): estimate, SE,
        #    df.residual, Pr(>|t|), confint(fit)["a", ]
        assert effect_tuple(weighted_difference(y, a, w)) == pytest.approx(golden, rel=1e-6)


def test_doubly_robust_matches_the_formula_in_r():
    a, x, y = ps_data()
    e = fit_propensity(x, a).fitted
    for estimand, golden in (("ate", R.DR_ATE), ("overlap", R.DR_ATO)):
        effect = doubly_robust(y, a, x, e, estimand=estimand)
        # R: AIPW / augmented overlap written out, lm(y ~ age + problem + gender) per arm
        assert (effect.estimate, effect.se, effect.ci.low, effect.ci.high) == pytest.approx(
            golden, rel=1e-6)
        assert effect.mean_a - effect.mean_b == pytest.approx(effect.estimate)


def test_comparison_puts_it_together():
    a, x, y = ps_data()
    result = propensity_comparison(y, a, x, labels=("online", "face-to-face"))
    assert effect_tuple(result.weighted) == pytest.approx(R.WD_ATO, rel=1e-6)
    assert result.doubly_robust.estimate == pytest.approx(R.DR_ATO[0], rel=1e-6)
    assert (result.n_a, result.n_b) == (a.sum(), (~a).sum())
    assert (result.ess_a, result.ess_b) == pytest.approx(R.ESS_ATO, rel=1e-6)
    assert to_plain(result)["weighted"]["ci"] == [result.weighted.ci.low,
                                                  result.weighted.ci.high]


def test_frequency_weights_equal_expanded_rows():
    a, x, y = ps_data()
    rng = np.random.default_rng(3)
    counts = rng.integers(1, 4, len(a))
    rows = np.repeat(np.arange(len(a)), counts)
    for estimand in ("overlap", "ate"):
        grouped = propensity_comparison(y, a, x, weights=counts, estimand=estimand)
        expanded = propensity_comparison(y[rows], a[rows], x.iloc[rows].reset_index(drop=True),
                                         estimand=estimand)
        assert grouped.model.coef == pytest.approx(expanded.model.coef, rel=1e-6)
        assert grouped.model.se == pytest.approx(expanded.model.se, rel=1e-6)
        for part in ("unweighted", "weighted", "doubly_robust"):
            assert effect_tuple(getattr(grouped, part)) == pytest.approx(
                effect_tuple(getattr(expanded, part)), rel=1e-6)
        assert [b.smd_after for b in grouped.balance] == pytest.approx(
            [b.smd_after for b in expanded.balance], rel=1e-6, abs=1e-9)
        assert [b.variance_ratio_after for b in grouped.balance] == pytest.approx(
            [b.variance_ratio_after for b in expanded.balance], rel=1e-6, nan_ok=True)
        assert (grouped.ess_a, grouped.ess_b) == pytest.approx((expanded.ess_a, expanded.ess_b))


def test_a_covariate_constant_within_a_group_is_named():
    x = pd.DataFrame({"age": [20.0, 30, 40, 50, 60, 70], "site: West": [1.0, 1, 1, 0, 1, 0]})
    with pytest.raises(DataError) as err:
        fit_propensity(x, [1, 1, 1, 0, 0, 0])
    assert err.value.code == "constant_within_group"
    assert err.value.message.startswith("The groups cannot be balanced on site: every group A "
                                        "client has site West.")
    x = pd.DataFrame({"age": [20.0, 20, 20, 50, 60, 20]})
    with pytest.raises(DataError) as err:
        fit_propensity(x, [1, 1, 1, 0, 0, 0])
    assert err.value.code == "constant_within_group"
    assert "covariate age is 20 for every group A client" in err.value.message


def test_perfect_separation_is_a_data_error():
    x = pd.DataFrame({"age": [20.0, 25, 30, 50, 60, 70]})
    with pytest.raises(DataError) as err:
        propensity_comparison([1.0, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0], x)
    assert err.value.code == "separation" and "age" in err.value.message
    # quasi-complete: the groups touch at one value only
    x = pd.DataFrame({"age": [20.0, 25, 30, 30, 60, 70]})
    with pytest.raises(DataError) as err:
        fit_propensity(x, [1, 1, 1, 0, 0, 0])
    assert err.value.code == "separation"


def test_poor_overlap_and_balance_are_said_in_words():
    rng = np.random.default_rng(7)
    age = rng.uniform(18, 70, 300)
    online = rng.random(300) < 1 / (1 + np.exp((age - 44) / 3))
    y = 20 + 0.1 * age + rng.normal(0, 2, 300)
    result = propensity_comparison(y, online, pd.DataFrame({"age": age}), estimand="ate")
    assert any("Poor overlap" in w for w in result.warnings)
    assert any("Balance not reached" in w or "effective sample size" in w
               for w in result.warnings)


def test_bad_estimand_and_lengths():
    with pytest.raises(DataError) as err:
        balancing_weights([0.5], [True], estimand="att")
    assert err.value.code == "bad_estimand"
    with pytest.raises(DataError) as err:
        weighted_difference([1.0, 2], [True], [1.0, 1.0])
    assert err.value.code == "length_mismatch"


def confounded(seed: int, n: int, strength: float):
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 70, n)
    group = rng.integers(0, 3, n)
    lin = strength * ((age - 44) / 15 + 0.8 * (group == 2) - 0.5 * (group == 1))
    a = rng.random(n) < 1 / (1 + np.exp(-lin))
    x = pd.DataFrame({"age": age, "g1": (group == 1) * 1.0, "g2": (group == 2) * 1.0})
    y = 25 + 0.08 * age + 1.2 * (group == 2) - 0.5 * a + rng.normal(0, 2, n)
    return a, x, y


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), strength=st.floats(0.8, 2.0),
       estimand=st.sampled_from(["overlap", "ate"]))
def test_balance_is_better_after_weighting(seed, strength, estimand):
    a, x, _ = confounded(seed, 300, strength)
    assume(10 <= a.sum() <= 290)
    try:
        e = fit_propensity(x, a).fitted
    except DataError as err:  # a generated sample can separate; that is a message, not a crash
        assume(err.code not in ("separation", "constant_within_group"))
        raise
    rows = balance_table(x, a, balancing_weights(e, a, estimand=estimand))
    before = max(abs(r.smd_before) for r in rows)
    after = max(abs(r.smd_after) for r in rows)
    assume(before > 0.1)
    assert after < before


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), estimand=st.sampled_from(["overlap", "ate"]))
def test_without_confounding_weighted_and_raw_agree(seed, estimand):
    a, x, y = confounded(seed, 400, 0.0)  # mode independent of the covariates
    assume(40 <= a.sum() <= 360)
    result = propensity_comparison(y, a, x, estimand=estimand)
    gap = abs(result.weighted.estimate - result.unweighted.estimate)
    assert gap < 3 * result.unweighted.se


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 12), seed=st.integers(0, 1000))
def test_degenerate_input_gives_a_data_error_never_a_traceback(n, seed):
    rng = np.random.default_rng(seed)
    a = rng.random(n) < 0.5
    x = pd.DataFrame({"age": rng.integers(18, 25, n).astype(float),
                      "site: West": rng.integers(0, 2, n).astype(float)})
    y = rng.normal(size=n)
    try:
        result = propensity_comparison(y, a, x)
    except DataError as err:
        assert err.code and err.message
    else:
        assert np.isfinite(result.weighted.estimate)


@settings(max_examples=30, deadline=None)
@given(counts=st.lists(st.integers(0, 4), min_size=12, max_size=12), seed=st.integers(0, 99),
       estimand=st.sampled_from(["overlap", "ate"]))
def test_counts_equal_repeated_rows(counts, seed, estimand):
    rng = np.random.default_rng(seed)
    counts = np.array(counts)
    a = np.arange(12) % 2 == 0
    assume((counts[a] > 0).sum() >= 2 and (counts[~a] > 0).sum() >= 2)  # outcomes vary
    x = pd.DataFrame({"age": rng.uniform(18, 70, 12)})
    y = rng.normal(size=12)
    e = rng.uniform(0.1, 0.9, 12)
    b = balancing_weights(e, a, estimand=estimand)
    rows = np.repeat(np.arange(12), counts)
    grouped = weighted_difference(y, a, b, weights=counts)
    expanded = weighted_difference(y[rows], a[rows], b[rows])
    assert effect_tuple(grouped) == pytest.approx(effect_tuple(expanded), rel=1e-9, nan_ok=True)
    assert effective_sample_size(b, a, weights=counts) == pytest.approx(
        effective_sample_size(b[rows], a[rows]), rel=1e-12)
    one, two = balance_table(x, a, b, weights=counts), balance_table(x.iloc[rows], a[rows],
                                                                     b[rows])
    assert [r.smd_after for r in one] == pytest.approx([r.smd_after for r in two], rel=1e-9,
                                                       nan_ok=True)
    assert overlap_histogram(e, a, weights=counts) == overlap_histogram(e[rows], a[rows])
