"""Clustering (analysis/stats/clustering.py) against lme4, clubSandwich and sandwich."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.results import to_plain
from analysis.stats.clustering import (
    FEW_CLUSTERS,
    FEW_DF,
    cluster_robust_effect,
    clustered_comparison,
    intraclass_correlation,
    mixed_model_effect,
)
from tests.reference import adjusted_reference as R


def cl_data():
    return (np.array(R.CL_Y, float), np.array(R.CL_A, bool), np.array(R.CL_COUNSELOR),
            pd.DataFrame({"age": np.array(R.CL_AGE, float)}))


def effect_tuple(effect):
    return (effect.estimate, effect.se, effect.df, effect.p, effect.ci.low, effect.ci.high)


def test_icc_matches_lmer():
    y, _, counselor, _ = cl_data()
    result = intraclass_correlation(y, counselor)
    icc, tau2, sigma2, _ = R.CL_ICC
    # R: VarCorr(lmer(y ~ 1 + (1 | counselor), REML = TRUE)); icc = tau2 / (tau2 + sigma2)
    assert (result.icc, result.between_variance, result.within_variance) == pytest.approx(
        (icc, tau2, sigma2), rel=1e-5)
    assert result.n_clusters == 24 and result.n == len(y)
    assert result.mean_size == pytest.approx(len(y) / 24)
    assert result.design_effect == pytest.approx(1 + (len(y) / 24 - 1) * icc, rel=1e-5)


def test_cr2_cr1_and_hc3_match_r():
    y, a, counselor, x = cl_data()
    cr2, cr1, hc3 = cluster_robust_effect(y, a, counselor, covariates=x)
    # R: coef_test(lm(y ~ a + age), vcov = "CR2", cluster = counselor, test = "Satterthwaite")
    #    and conf_int(fit, vcov = "CR2", cluster = counselor): beta, SE, df_Satt, p_Satt, CI
    assert effect_tuple(cr2) == pytest.approx(R.CL_CR2, rel=1e-9)
    # R: sqrt(diag(sandwich::vcovCL(fit, cluster = ~counselor, type = "HC1"))), t on G - 1 df
    assert effect_tuple(cr1) == pytest.approx(R.CL_CR1, rel=1e-9)
    # R: sqrt(diag(vcovHC(fit, type = "HC3"))); lmtest::coefci(fit, "a", vcov. = ...)
    assert (hc3.se, hc3.ci.low, hc3.ci.high) == pytest.approx(R.CL_HC3, rel=1e-9)
    assert hc3.df == len(y) - 3


def test_mixed_model_matches_lmer():
    y, a, counselor, x = cl_data()
    fit = mixed_model_effect(y, a, counselor, covariates=x)
    b, se, low, high, tau2, sigma2 = R.CL_MIXED
    # R: lmer(y ~ a + age + (1 | counselor), REML = TRUE): fixef, sqrt(diag(vcov)), Wald CI
    assert (fit.estimate, fit.se, fit.ci.low, fit.ci.high) == pytest.approx(
        (b, se, low, high), rel=1e-5)
    assert (fit.between_variance, fit.within_variance) == pytest.approx((tau2, sigma2),
                                                                       rel=1e-5)


def balanced(k, m, seed):
    """k clusters of m clients, half of each cluster in A, a small between-cluster variance."""
    rng = np.random.default_rng(seed)
    a = np.tile(np.arange(m) % 2 == 0, k)
    y = (rng.normal(0, 1, (k, m)) + rng.normal(0, 0.05, (k, 1))).ravel() + 0.5 * a
    return y, a, np.repeat(np.arange(k), m)


@pytest.mark.parametrize(("k", "m", "seed"), [(3, 100, 8), (12, 20, 17), (150, 2, 12)])
def test_reml_variances_are_the_balanced_anova_estimates(k, m, seed):
    # In a balanced layout REML has a closed form (Searle, Casella & McCulloch 1992, ch. 4):
    # sigma^2 = MSE, tau^2 = (MSB - MSE) / m when positive. Near its minimum the REML criterion
    # is flat to rounding: minimising the criterion alone left tau^2 up to 4e-6 off in these
    # cases (9e-5 off when tau^2 was 1e-4 sigma^2); the zero of its analytic slope is exact.
    y, a, cl = balanced(k, m, seed)
    means = y.reshape(k, m).mean(axis=1)
    msb = m * ((means - y.mean()) ** 2).sum() / (k - 1)
    within = y - np.repeat(means, m)
    msw = (within**2).sum() / (k * (m - 1))
    b = y[a].mean() - y[~a].mean()
    mse = ((within - np.where(a, b / 2, -b / 2)) ** 2).sum() / (k * (m - 1) - 1)
    assert msb > mse and msb > msw  # inside the parameter space: the closed form holds
    icc = intraclass_correlation(y, cl)
    assert (icc.between_variance, icc.within_variance) == pytest.approx(
        ((msb - msw) / m, msw), rel=1e-10)
    fit = mixed_model_effect(y, a, cl)
    assert (fit.between_variance, fit.within_variance, fit.estimate, fit.se) == pytest.approx(
        ((msb - mse) / m, mse, b, np.sqrt(4 * mse / (k * m))), rel=1e-10)


def test_comparison_says_how_much_wider_the_ci_is():
    y, a, counselor, x = cl_data()
    out = clustered_comparison(y, a, counselor, covariates=x, cluster_name="counselor")
    width = (R.CL_CR2[5] - R.CL_CR2[4]) / (R.CL_HC3[2] - R.CL_HC3[1])
    assert out.ci_width_ratio == pytest.approx(width, rel=1e-9)
    assert any("narrower" in n or "wider" in n for n in out.notes)
    assert to_plain(out)["cr2"]["ci"] == [out.cr2.ci.low, out.cr2.ci.high]


def clients_in(n_clusters: int, seed: int = 4):
    rng = np.random.default_rng(seed)
    cluster = np.repeat(np.arange(n_clusters), 12)
    a = rng.random(len(cluster)) < 0.5
    y = 25 + rng.normal(0, 1, n_clusters)[cluster] - 0.5 * a + rng.normal(0, 2, len(cluster))
    return y, a, cluster


def test_few_clusters_are_said_in_words_and_fewer_than_4_df_more_strongly():
    three = clustered_comparison(*clients_in(3), cluster_name="site")
    (few,) = [n for n in three.notes if n.startswith("Only 3 sites")]
    assert three.cr2.df < FEW_DF and "Tipton 2015" in few and f"({three.cr2.df:.1f})" in few
    twelve = clustered_comparison(*clients_in(12), cluster_name="counselor")
    (few,) = [n for n in twelve.notes if n.startswith("Only 12 counselors")]
    assert twelve.cr2.df >= FEW_DF and "Tipton" not in few
    forty = clustered_comparison(*clients_in(40), cluster_name="counselor")
    assert forty.icc.n_clusters == 40 >= FEW_CLUSTERS
    assert not any("Only" in n for n in forty.notes)


def test_repeated_episodes_are_named_as_episodes():
    y, a, cluster = clients_in(30)
    out = clustered_comparison(y, a, cluster, cluster_name="client")
    assert any(n.startswith("Allowing for episodes of the same client being alike") and
               n.endswith("than treating episodes as independent.") for n in out.notes)
    single = clustered_comparison(y, a, np.arange(len(y)), cluster_name="client")
    assert "Every client has a single episode" in single.notes[0]


def test_frequency_weights_equal_expanded_rows():
    y, a, counselor, x = cl_data()
    counts = np.random.default_rng(5).integers(1, 4, len(y))
    rows = np.repeat(np.arange(len(y)), counts)
    grouped = clustered_comparison(y, a, counselor, covariates=x, weights=counts)
    expanded = clustered_comparison(y[rows], a[rows], counselor[rows],
                                    covariates=x.iloc[rows].reset_index(drop=True))
    assert effect_tuple(grouped.cr2) == pytest.approx(effect_tuple(expanded.cr2), rel=1e-9)
    assert grouped.icc.icc == pytest.approx(expanded.icc.icc, rel=1e-9)
    assert grouped.mixed.estimate == pytest.approx(expanded.mixed.estimate, rel=1e-9)


def test_one_counselor_is_a_data_error():
    with pytest.raises(DataError) as err:
        clustered_comparison([1.0, 2, 3, 4], [1, 0, 1, 0], ["c1"] * 4)
    assert err.value.code == "one_cluster"
    with pytest.raises(DataError) as err:
        intraclass_correlation([1.0, 2, 3, 4], ["c1"] * 4)
    assert err.value.code == "one_cluster"


def test_clusters_of_one_client_give_a_note_and_the_robust_result():
    y = [20.0, 22, 25, 21, 27, 30, 24, 26]
    a = [1, 0, 1, 0, 1, 0, 1, 0]
    out = clustered_comparison(y, a, list("abcdefgh"), cluster_name="counselor")
    assert out.mixed is None and np.isnan(out.icc.icc)
    assert any("single client" in n for n in out.notes)
    assert np.isfinite(out.cr2.se)
    with pytest.raises(DataError) as err:
        intraclass_correlation(y, list("abcdefgh"))
    assert err.value.code == "singleton_clusters"


def test_mismatched_lengths_and_missing_clusters():
    with pytest.raises(DataError) as err:
        cluster_robust_effect([1.0, 2, 3], [1, 0], ["a", "b", "b"])
    assert err.value.code == "length_mismatch"
    with pytest.raises(DataError) as err:
        cluster_robust_effect([1.0, 2, 3], [1, 0, 1], ["a", None, "b"])
    assert err.value.code == "missing_cluster"


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 14), k=st.integers(1, 5), seed=st.integers(0, 1000))
def test_degenerate_input_gives_a_data_error_never_a_traceback(n, k, seed):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=n).round(1)
    a = rng.random(n) < 0.5
    cluster = rng.integers(0, k, n).astype(str)
    try:
        out = clustered_comparison(y, a, cluster)
    except DataError as err:
        assert err.code and err.message
    else:
        assert np.isfinite(out.cr2.estimate)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), shift=st.floats(-5, 5))
def test_shifting_the_outcome_leaves_the_standard_errors(seed, shift):
    rng = np.random.default_rng(seed)
    cluster = np.repeat(np.arange(8), 5)
    a = rng.random(40) < 0.5
    y = rng.normal(size=40) + rng.normal(size=8)[cluster]
    base = clustered_comparison(y, a, cluster)
    moved = clustered_comparison(y + shift, a, cluster)
    assert moved.cr2.se == pytest.approx(base.cr2.se, rel=1e-6)
    assert moved.icc.icc == pytest.approx(base.icc.icc, rel=1e-4, abs=1e-7)
