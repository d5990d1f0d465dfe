"""Missing outcomes (analysis/stats/response.py) against R: chisq.test, fisher.test, glm and
survey::svyglm."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.results import to_plain
from analysis.stats.propensity import covariate_matrix
from analysis.stats.response import response_comparison, response_rates
from tests.reference import adjusted_reference as R


def resp_data():
    y = np.array(R.RESP_Y, dtype=float)
    x = covariate_matrix(pd.DataFrame({"age": R.RESP_AGE, "problem": R.RESP_PROBLEM}))
    return y, np.array(R.RESP_A, bool), x


def test_rates_and_tests_match_r():
    y, a, _ = resp_data()
    rates = response_rates(y, a)
    # R: chisq.test(table(a, responded), correct = FALSE): statistic, parameter, p.value;
    #    fisher.test(table(a, responded))$p.value
    assert (rates.chi_square, rates.df, rates.p_chi_square, rates.p_fisher) == pytest.approx(
        R.RESP_CHISQ, rel=1e-9)
    assert (rates.rate_a, rates.rate_b) == pytest.approx(R.RESP_RATES, rel=1e-12)
    assert rates.difference == pytest.approx(R.RESP_RATES[0] - R.RESP_RATES[1])


def test_response_model_and_weighted_difference_match_r():
    y, a, x = resp_data()
    out = response_comparison(y, a, covariates=x)
    # R: glm(responded ~ a + age + problem, family = binomial): coef, sqrt(diag(vcov))
    assert out.model.coef == pytest.approx(R.RESP_COEF, rel=1e-6)
    assert out.model.se == pytest.approx(R.RESP_SE, rel=1e-6)
    assert out.predictors[0].term == "mode"
    assert out.predictors[0].odds_ratio == pytest.approx(np.exp(R.RESP_COEF[1]), rel=1e-6)
    # R: svyglm(y ~ a, design = svydesign(ids = ~1, weights = ~1 / fitted(glm))) on respondents:
    #    estimate, SE, df.residual, Pr(>|t|), confint
    w = out.weighted
    assert (w.estimate, w.se, w.df, w.p, w.ci.low, w.ci.high) == pytest.approx(R.RESP_IPW,
                                                                               rel=1e-6)
    assert out.respondents.df == np.isfinite(y).sum() - 2
    assert to_plain(out)["model"]["terms"][1] == "mode"


def test_frequency_weights_equal_expanded_rows():
    y, a, x = resp_data()
    counts = np.random.default_rng(2).integers(1, 4, len(y))
    rows = np.repeat(np.arange(len(y)), counts)
    grouped = response_comparison(y, a, covariates=x, weights=counts)
    expanded = response_comparison(y[rows], a[rows], covariates=x.iloc[rows])
    assert grouped.rates == expanded.rates
    assert grouped.weighted.estimate == pytest.approx(expanded.weighted.estimate, rel=1e-9)
    assert grouped.weighted.se == pytest.approx(expanded.weighted.se, rel=1e-6)


def test_everyone_answered_is_a_note():
    out = response_comparison([3.0, 4, 5, 4, 2, 3], [1, 1, 1, 0, 0, 0])
    assert out.weighted is None and "Every client answered" in out.notes[0]
    assert np.isnan(out.rates.chi_square) and out.rates.p_fisher == 1.0


def test_a_mode_where_nobody_answered():
    y = np.array([3.0, 4, np.nan, 4, np.nan, np.nan])
    with pytest.raises(DataError) as err:
        response_comparison(y, [1, 1, 1, 0, 0, 0])
    assert err.value.code == "too_few_clients"
    with pytest.raises(DataError) as err:
        response_rates(np.full(4, np.nan), [1, 1, 0, 0])
    assert err.value.code == "no_responses"


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 14), seed=st.integers(0, 1000))
def test_degenerate_input_gives_a_data_error_never_a_traceback(n, seed):
    rng = np.random.default_rng(seed)
    y = np.where(rng.random(n) < 0.7, rng.normal(size=n), np.nan)
    a = rng.random(n) < 0.5
    x = pd.DataFrame({"age": rng.integers(18, 22, n).astype(float)})
    try:
        out = response_comparison(y, a, covariates=x)
    except DataError as err:
        assert err.code and err.message
    else:
        assert np.isfinite(out.respondents.estimate)
