"""The proportional-odds model and the probability of superiority against MASS::polr and R."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.errors import DataError
from analysis.stats.ordinal import probability_of_superiority, proportional_odds
from tests.reference import adjusted_reference as R


def ord_data():
    return (np.array(R.ORD_Y, float), np.array(R.ORD_A, bool),
            pd.DataFrame({"age": np.array(R.ORD_AGE, float)}))


def test_proportional_odds_matches_polr():
    y, a, x = ord_data()
    result = proportional_odds(y, a, covariates=x)
    beta, se, low, high = R.ORD_POLR
    # R: polr(factor(y, ordered = TRUE) ~ a + age, Hess = TRUE): coef, sqrt(diag(vcov)), and
    #    exp(coef -+ qnorm(.975) se) (Wald); logit P(Y <= j) = zeta_j - eta, the same signs
    assert (result.log_odds_ratio, result.se) == pytest.approx((beta, se), rel=1e-5)
    assert (result.ci.low, result.ci.high) == pytest.approx((low, high), rel=1e-5)
    assert result.odds_ratio == pytest.approx(np.exp(beta), rel=1e-5)
    assert result.coef[1] == pytest.approx(R.ORD_AGE_COEF[0], rel=1e-5)
    assert result.thresholds == pytest.approx(R.ORD_ZETA, rel=1e-5)
    assert result.terms == ("mode", "age") and result.levels == (1, 2, 3, 4, 5)
    assert result.n == len(y) and result.n_a == a.sum()


def test_probability_of_superiority_matches_r():
    y, a, _ = ord_data()
    result = probability_of_superiority(y[a], y[~a])
    # R: mean(outer(ya, yb, function(x, z) (x > z) + 0.5 * (x == z))), DeLong SE, normal CI
    assert (result.probability, result.se, result.ci.low, result.ci.high) == pytest.approx(
        R.ORD_PS, rel=1e-9)
    # R: wilcox.test(ya, yb)$statistic / (nA * nB)
    assert result.probability == pytest.approx(R.ORD_PS_WILCOX, rel=1e-12)


def test_frequency_weights_equal_expanded_rows():
    y, a, x = ord_data()
    counts = np.random.default_rng(11).integers(1, 4, len(y))
    rows = np.repeat(np.arange(len(y)), counts)
    grouped = proportional_odds(y, a, covariates=x, weights=counts)
    expanded = proportional_odds(y[rows], a[rows], covariates=x.iloc[rows])
    assert grouped.log_odds_ratio == pytest.approx(expanded.log_odds_ratio, rel=1e-6)
    sup = probability_of_superiority(y[a], y[~a], weights_a=counts[a], weights_b=counts[~a])
    full = probability_of_superiority(y[rows][a[rows]], y[rows][~a[rows]])
    assert (sup.probability, sup.se) == pytest.approx((full.probability, full.se), rel=1e-12)


def test_degenerate_ratings_are_data_errors():
    cases = [(([3, 3, 3, 3], [1, 1, 0, 0]), "one_level"),
             (([1, 2, 4, 5], [1, 1, 1, 1]), "empty_group"),
             (([1, 1, 2, 2, 4, 4, 5, 5], [0, 0, 0, 0, 1, 1, 1, 1]), "separation"),
             ((list(range(60)), [0, 1] * 30), "too_many_levels")]
    for (y, a), code in cases:
        with pytest.raises(DataError) as err:
            proportional_odds(y, a)
        assert err.value.code == code
    with pytest.raises(DataError) as err:
        probability_of_superiority([1.0], [2.0, 3.0])
    assert err.value.code == "too_few_clients"


@settings(max_examples=30, deadline=None)
@given(a=st.lists(st.integers(1, 5), min_size=2, max_size=30),
       b=st.lists(st.integers(1, 5), min_size=2, max_size=30))
def test_superiority_is_u_over_na_nb_and_swaps(a, b):
    result = probability_of_superiority(a, b)
    u = stats.mannwhitneyu(a, b, method="asymptotic").statistic
    assert result.probability == pytest.approx(u / (len(a) * len(b)), rel=1e-12)
    swapped = probability_of_superiority(b, a)
    assert swapped.probability == pytest.approx(1 - result.probability, abs=1e-12)
    assert swapped.se == pytest.approx(result.se, rel=1e-9, abs=1e-12)
    assert 0 <= result.ci.low <= result.probability <= result.ci.high <= 1


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_swapping_groups_inverts_the_odds_ratio(seed):
    rng = np.random.default_rng(seed)
    a = rng.random(80) < 0.5
    y = np.clip(np.round(3 + 0.5 * a + rng.normal(0, 1, 80)), 1, 5)
    assume(0 < a.sum() < 80 and len(np.unique(y)) > 1)
    try:
        one = proportional_odds(y, a)
    except DataError as err:
        assume(err.code != "separation")
        raise
    other = proportional_odds(y, ~a)
    assert other.odds_ratio == pytest.approx(1 / one.odds_ratio, rel=1e-4)


def test_a_singular_fit_is_a_data_error_not_a_linalg_error():
    # three distinct clients (with counts): the problem type separates the ratings
    y = np.array([30.0, 28.0, 31.0])
    a = np.array([True, False, False])
    x = pd.DataFrame({"family": [0.0, 1.0, 0.0]})
    with pytest.raises(DataError) as err:
        proportional_odds(y, a, covariates=x, weights=np.array([40.0, 60.0, 5.0]))
    assert err.value.code == "not_estimable" and "no unique fit" in err.value.message
