"""Hostile numbers: far-tail noncentral t, outcomes near the limits of a double, huge counts.

The noncentral-t CI of Cohen's d once stopped with "the function value is NaN" (scipy's
``nct.cdf`` far in the tail) or ran for minutes (t = 1e8, df = 2). Where R's ``pt`` is exact
(|ncp| <= 37.62) the values below are R's; beyond, R switches to a normal approximation that is
poor with few degrees of freedom, so those values are checked by simulation instead.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.compare import compare_outcome
from analysis.data.dataset import frame_from_columns
from analysis.options import MAX_ABS_OUTCOME, MAX_COUNT, MAX_TOTAL_COUNT
from analysis.stats.effect_sizes import cohens_d_from_moments, nct_cdf, noncentral_t_ci
from analysis.stats.weighted import Moments
from tests.helpers import codes, dataset_from_bytes

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# R 4.2.2: options(digits = 17); pt(t, df, ncp)
@pytest.mark.parametrize("t, df, ncp, r_value", [
    (2, 10, 1, 0.80761156253031108),
    (40, 1, -9.345, 0.999999999999864),
    (50, 1e6, 49, 0.84119058417473214),  # df > 4e5: R's normal approximation, as here
])
def test_noncentral_t_cdf_matches_r(t, df, ncp, r_value):
    assert nct_cdf(t, df, ncp) == pytest.approx(r_value, abs=1e-12)


# R: uniroot(function(n) pt(t, df, n) - 0.975, ..., tol = 1e-13)$root and the same for 0.025
@pytest.mark.parametrize("t, df, low, high", [
    (3.54, 1180, 1.5740941332010143, 5.5044135316845271),
    (12, 4, 3.8800472253765026, 20.230370015891594),
])
def test_noncentral_t_ci_matches_r_where_r_is_exact(t, df, low, high):
    assert noncentral_t_ci(t, df) == pytest.approx((low, high), rel=1e-9)


@pytest.mark.parametrize("t, df, bound, side", [
    (40, 1, 1.19748, 0),   # R agrees (1.1974795065343276): its pt is exact there
    (40, 1, 89.684, 1),    # R: 85.47, from its normal approximation (P = 0.033, not 0.025)
    (1000, 2, 159.113, 0),  # R: 37.62, the point where its pt changes method
    (1e5, 10, 56982.2, 0),  # R: 53673.9 (P = 0.984)
])
def test_far_tail_bounds_hold_by_simulation(t, df, bound, side):
    ci = noncentral_t_ci(t, df)
    assert ci[side] == pytest.approx(bound, rel=1e-4)
    rng = np.random.default_rng(20240601)
    n = 2_000_000
    draws = (rng.standard_normal(n) + ci[side]) / np.sqrt(rng.chisquare(df, n) / df)
    target = 0.975 if side == 0 else 0.025
    assert (draws <= t).mean() == pytest.approx(target, abs=0.0015)


@SETTINGS
@given(st.floats(-1e12, 1e12), st.sampled_from([1, 2, 3, 5, 10, 30, 100, 1e3, 1e5, 1e7]))
def test_noncentral_t_ci_is_finite_and_ordered(t, df):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        low, high = noncentral_t_ci(t, df)
    assert np.isfinite(low) and np.isfinite(high) and low < high


@pytest.mark.parametrize("t, df", [(float("nan"), 10), (float("inf"), 10), (3.0, 0),
                                   (3.0, float("nan"))])
def test_noncentral_t_ci_of_nothing_is_nan(t, df):
    assert all(np.isnan(noncentral_t_ci(t, df)))


def test_cohens_d_of_groups_without_spread_is_nan_not_an_error():
    d = cohens_d_from_moments(Moments(5, 20.0, 0.0), Moments(5, 21.0, 0.0))
    assert np.isnan(d.value) and all(np.isnan(d.ci.to_list()))


@SETTINGS
@given(st.sampled_from([1e3, 1e9, 1e14, 9.99e14, -9.99e14]),
       st.lists(st.integers(0, 3), min_size=2, max_size=8),
       st.lists(st.integers(0, 3), min_size=2, max_size=8))
def test_outcomes_near_the_limit_of_a_double_compare_without_error(base, a, b):
    assume(len(set(a)) > 1 or len(set(b)) > 1)
    frame = frame_from_columns(["online"] * len(a) + ["F2F"] * len(b),
                               outcome=[base + v for v in a + b])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = compare_outcome(frame, groups=("online", "face-to-face"))
    assert result.cohens_d.ci.low <= result.cohens_d.value <= result.cohens_d.ci.high
    assert np.isfinite(result.welch.mean_diff)


@pytest.mark.parametrize("value", ["1e15", "-1e15", "1e308", "9e15"])
def test_outcomes_of_1e15_or_more_are_left_out(value):
    dataset = dataset_from_bytes(f"mode,satisfaction\nonline,28\nonline,27\nF2F,{value}\nF2F,30\n"
                                 "F2F,31\n")
    assert "outcome_too_large" in codes(dataset)
    assert not dataset.validation.blocking("outcome analyses")
    assert dataset.frame["outcome"].isna().tolist() == [False, False, True, False, False]
    assert MAX_ABS_OUTCOME == 1e15


def test_counts_over_the_limits():
    row = dataset_from_bytes(f"mode,satisfaction,count\nonline,28,{2**62}\nonline,27,2\n"
                             f"F2F,30,{MAX_COUNT - 3}\nF2F,31,{MAX_COUNT + 1}\n")
    assert "count_too_large" in codes(row) and not row.validation.blocking("outcome analyses")
    assert row.frame["weight"].tolist() == [0, 2, MAX_COUNT - 3, 0]
    assert row.n_usable == MAX_COUNT - 1
    total = dataset_from_bytes(f"mode,satisfaction,count\nonline,28,{MAX_COUNT}\nonline,27,2\n"
                               f"F2F,30,{MAX_COUNT}\nF2F,31,1\n")
    blocking = total.validation.blocking("outcome analyses")
    assert [i.code for i in blocking] == ["counts_too_large"]
    assert f"more than the {MAX_TOTAL_COUNT:,}" in blocking[0].message
    assert row.frame["weight"].dtype == np.int64 and (row.frame["weight"] >= 0).all()


def test_tost_without_spread_or_with_a_zero_margin():
    from analysis.errors import DataError
    from analysis.stats.ttests import tost_from_moments

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        flat = tost_from_moments(Moments(3, 5.0, 0.0), Moments(3, 5.0, 0.0), margin=1.0)
    assert np.isnan(flat.p) and not flat.equivalent
    for margin in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(DataError, match="margin must be a number above 0") as err:
            tost_from_moments(Moments(3, 5.0, 1.0), Moments(3, 5.5, 1.0), margin=margin)
        assert err.value.code == "bad_margin"
