"""analysis/stats/effect_sizes.py: Cohen's d and Hedges' g with noncentral-t CIs against R
(tests/reference/r_reference.py), the rank-biserial r, the checks, and properties."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.results import ConfidenceInterval
from analysis.stats.effect_sizes import (
    EffectSize,
    cohens_d,
    cohens_d_from_moments,
    hedges_correction,
    hedges_g,
    nct_cdf,
    noncentral_t_ci,
    rank_biserial,
)
from analysis.stats.weighted import Moments, moments
from tests.reference import r_reference as R

REL = 1e-6
TWO_GROUP = ["TIES", "TINY", "MID"]


def ref(prefix: str, name: str):
    return getattr(R, f"{prefix}_{name}")


@pytest.mark.parametrize("prefix", TWO_GROUP)
def test_cohens_d_and_hedges_g_with_noncentral_t_cis(prefix):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    d = cohens_d(a, b)
    value, lo, hi = ref(prefix, "COHEN_D")  # R: uniroot(function(ncp) pt(t, df, ncp) - .975, ...)
    assert (d.value, d.ci.low, d.ci.high) == pytest.approx((value, lo, hi), rel=REL)
    j = ref(prefix, "HEDGES_J")  # R: exp(lgamma(df/2) - log(sqrt(df/2)) - lgamma((df-1)/2))
    assert hedges_correction(len(a) + len(b) - 2) == pytest.approx(j, rel=1e-12)
    g = hedges_g(d, len(a), len(b))
    assert (g.value, g.ci.low, g.ci.high) == pytest.approx((value * j, lo * j, hi * j), rel=REL)


@pytest.mark.parametrize("prefix", TWO_GROUP)
def test_cohens_d_from_moments_equals_cohens_d(prefix):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    assert cohens_d_from_moments(moments(a), moments(b)) == cohens_d(a, b)


def test_rank_biserial_is_2u_over_nanb_minus_1():
    r = rank_biserial(18, 5, 4)
    assert r.value == pytest.approx(0.8)
    assert r.ci.low < r.value < r.ci.high
    assert rank_biserial(0, 5, 4).value == -1 and rank_biserial(20, 5, 4).value == 1


# ---- the checks --------------------------------------------------------------------------------

def test_bad_arguments_are_refused_with_a_code():
    d = EffectSize(1.0, ConfidenceInterval(0.0, 2.0), "d")
    cases = [
        (lambda: cohens_d([1.0], [2.0, 3.0]), "too_few_values"),
        (lambda: cohens_d_from_moments(Moments(5, 1.0, -1.0), Moments(5, 1.0, 1.0)),
         "not_finite"),
        (lambda: hedges_g(d, 1, 10), "too_few_values"),
        (lambda: hedges_g(d, float("nan"), 10), "not_finite"),
        (lambda: hedges_correction(1), "bad_df"),
        (lambda: hedges_correction(float("nan")), "bad_df"),
        (lambda: rank_biserial(21, 5, 4), "bad_u"),
        (lambda: rank_biserial(-1, 5, 4), "bad_u"),
        (lambda: rank_biserial(3, 0, 4), "too_few_values"),
        (lambda: rank_biserial(3, 5, 4, confidence_level=95), "bad_confidence_level"),
        (lambda: noncentral_t_ci(2.0, 10, confidence_level=1.5), "bad_confidence_level"),
        (lambda: nct_cdf(float("nan"), 10, 1.0), "not_finite"),
        (lambda: nct_cdf(1.0, 0, 1.0), "not_finite"),
    ]
    for call, code in cases:
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == code


# ---- properties --------------------------------------------------------------------------------

samples = st.lists(st.integers(1, 7), min_size=3, max_size=40)


@settings(max_examples=60, deadline=None)
@given(samples, samples, st.floats(0.1, 20))
def test_scale_invariance(a, b, scale):
    assume(np.var(a) > 0 and np.var(b) > 0)
    a, b = np.array(a, float), np.array(b, float)
    assert cohens_d(a * scale, b * scale).value == pytest.approx(cohens_d(a, b).value)
