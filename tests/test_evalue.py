"""E-values (analysis/stats/evalue.py) against the formula written out in R."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.stats.evalue import (
    evalue,
    evalue_mean_difference,
    evalue_odds_ratio,
    evalue_risk_ratio,
    evalue_smd,
)
from tests.reference import adjusted_reference as R


def test_risk_ratio_matches_r():
    # R: ev(1.8), ev(1.3) with ev <- function(rr) rr + sqrt(rr * (rr - 1)) (1 / rr below 1)
    result = evalue_risk_ratio(1.8, low=1.3, high=2.5)
    assert (result.evalue, result.evalue_ci) == pytest.approx(R.EV_RR, rel=1e-12)
    result = evalue_risk_ratio(0.6, low=0.45, high=0.8)  # the upper limit is closer to 1
    assert (result.evalue, result.evalue_ci) == pytest.approx(R.EV_RR_PROTECTIVE, rel=1e-12)


def test_odds_ratio_common_and_rare_match_r():
    # R: ev(sqrt(2.4)), ev(sqrt(1.6)) (common outcome); ev(2.4), ev(1.6) (rare outcome)
    common = evalue_odds_ratio(2.4, low=1.6, high=3.6, rare_outcome=False)
    rare = evalue_odds_ratio(2.4, low=1.6, high=3.6, rare_outcome=True)
    assert (common.evalue, common.evalue_ci) == pytest.approx(R.EV_OR_COMMON, rel=1e-12)
    assert (rare.evalue, rare.evalue_ci) == pytest.approx(R.EV_OR_RARE, rel=1e-12)
    assert common.risk_ratio == pytest.approx(math.sqrt(2.4))


def test_smd_matches_r():
    # R: ev(exp(0.91 * -0.35)), ev(exp(0.91 * -0.08))
    result = evalue_smd(-0.35, low=-0.62, high=-0.08)
    assert (result.evalue, result.evalue_ci) == pytest.approx(R.EV_SMD, rel=1e-12)
    same = evalue_mean_difference(-1.4, sd=4.0, low=-2.48, high=-0.32)
    assert (same.evalue, same.evalue_ci) == pytest.approx(R.EV_SMD, rel=1e-12)
    assert "2.09" in result.text and "1.36" in result.text


def test_a_ci_that_includes_the_null_gives_one():
    result = evalue_risk_ratio(1.4, low=0.9, high=2.2)
    assert result.evalue_ci == 1.0 and "already includes" in result.text
    assert evalue_risk_ratio(1.4).evalue_ci is None


def test_bad_input_is_a_data_error():
    for call in (lambda: evalue(0.0), lambda: evalue(float("nan")),
                 lambda: evalue_risk_ratio(1.5, low=1.6, high=2.0),
                 lambda: evalue_risk_ratio(1.5, low=1.2),
                 lambda: evalue_mean_difference(1.0, sd=0.0)):
        with pytest.raises(DataError) as err:
            call()
        assert err.value.code == "bad_estimate"


@given(rr=st.floats(0.01, 100))
def test_an_effect_and_its_inverse_have_the_same_evalue(rr):
    assume(abs(rr - 1) > 1e-9)
    assert evalue(rr) == pytest.approx(evalue(1 / rr), rel=1e-9)
    assert evalue(rr) >= max(rr, 1 / rr)


@given(d=st.floats(-3, 3), half=st.floats(0.01, 2))
def test_the_ci_evalue_is_never_above_the_estimates(d, half):
    result = evalue_smd(d, low=d - half, high=d + half)
    assert 1 <= result.evalue_ci <= result.evalue + 1e-12
