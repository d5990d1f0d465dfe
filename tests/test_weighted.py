"""analysis/stats/weighted.py: the Moments type, moments(), the one check of every sample
(as_weighted) and the weighted quantiles."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.stats.weighted import (
    Moments,
    as_weighted,
    checked_moments,
    expand,
    moments,
    weighted_quantiles,
)


def test_moments_is_a_small_frozen_type():
    m = moments([1, 2, 4], weights=[1, 2, 1])
    assert m == Moments(4.0, 2.25, pytest.approx(1.5833333333333333))
    assert m.sd == pytest.approx(np.sqrt(m.var))
    with pytest.raises(AttributeError):
        m.n = 5
    assert Moments.from_sd(10, 25.0, 2.0) == Moments(10.0, 25.0, 4.0)
    assert moments([]).n == 0 and np.isnan(moments([]).mean)
    assert np.isnan(moments([3.0]).var)


@pytest.mark.parametrize("values, weights, code", [
    ([1.0, np.nan], None, "not_finite"),
    ([1.0, np.inf], None, "not_finite"),
    ([1.0, 2.0], [1.0], "length_mismatch"),
    ([1.0, 2.0], [1.0, -1.0], "bad_weights"),
    ([1.0, 2.0], [1.0, np.nan], "bad_weights"),
    (["a", "b"], None, "not_numeric"),
])
def test_as_weighted_refuses_what_is_not_a_sample(values, weights, code):
    with pytest.raises(DataError) as error:
        as_weighted(values, weights)
    assert error.value.code == code
    with pytest.raises(DataError) as error:
        moments(values, weights)
    assert error.value.code == code


def test_a_missing_value_of_weight_0_is_not_a_value():
    x, w = as_weighted([1.0, np.nan, 3.0], [1, 0, 2])
    assert x.tolist() == [1.0, 3.0] and w.tolist() == [1.0, 2.0]


@pytest.mark.parametrize("m, code", [
    (Moments(1, 2.0, float("nan")), "too_few_values"),
    (Moments(float("inf"), 2.0, 1.0), "not_finite"),
    (Moments(5, 2.0, -0.5), "not_finite"),
    ((5, 2.0, 1.0), "bad_argument"),
])
def test_checked_moments(m, code):
    with pytest.raises(DataError) as error:
        checked_moments(m)
    assert error.value.code == code


def test_weighted_quantiles_match_r_type_7():
    # R: quantile(rep(c(1, 2, 10), c(1, 2, 1)), c(.25, .5, .9))
    assert weighted_quantiles([1, 2, 10], [1, 2, 1], [0.25, 0.5, 0.9]).tolist() == \
        pytest.approx([1.75, 2.0, 7.6])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(1, 4)), min_size=2, max_size=20),
       st.floats(0, 1))
def test_weights_equal_repeated_rows(pairs, prob):
    x = np.array([v for v, _ in pairs], float)
    w = np.array([c for _, c in pairs], float)
    full = expand(x, w)
    m = moments(x, w)
    assert (m.n, m.mean, m.var) == pytest.approx((len(full), full.mean(), full.var(ddof=1)))
    assert weighted_quantiles(x, w, [prob])[0] == pytest.approx(np.quantile(full, prob))


@pytest.mark.parametrize("values, weights, probs, code", [
    ([1.0, np.nan], [1, 1], [0.5], "not_finite"),
    ([1.0, 2.0], [1, -1], [0.5], "bad_weights"),
    ([1.0, 2.0], [0, 0], [0.5], "too_few_values"),
    ([1.0, 2.0], [1, 1], [1.5], "bad_argument"),
    ([1.0, 2.0], [1, 1], [np.nan], "bad_argument"),
])
def test_weighted_quantiles_refuses_bad_input(values, weights, probs, code):
    with pytest.raises(DataError) as error:
        weighted_quantiles(values, weights, probs)
    assert error.value.code == code
