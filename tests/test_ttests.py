"""analysis/stats/ttests.py: Welch's and Student's t and TOST against R (tests/reference/, made
by the R scripts beside the references), one-sided alternatives, the checks, and properties."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.stats.ttests import (
    student_from_moments,
    student_t,
    tost,
    tost_from_moments,
    welch_from_moments,
    welch_t,
)
from analysis.stats.weighted import Moments, moments
from tests.reference import alternative_reference as ALT
from tests.reference import r_reference as R

REL, P_ABS = 1e-6, 1e-6
TWO_GROUP = ["TIES", "TINY", "MID"]


def ref(prefix: str, name: str):
    return getattr(R, f"{prefix}_{name}")


@pytest.mark.parametrize("prefix", TWO_GROUP)
def test_welch_and_student_match_r(prefix):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    w = welch_t(a, b)
    t, df, p, lo, hi = ref(prefix, "WELCH")  # R: t.test(a, b)
    assert (w.t, w.df, w.ci.low, w.ci.high) == pytest.approx((t, df, lo, hi), rel=REL)
    assert w.p == pytest.approx(p, abs=P_ABS)
    s = student_t(a, b)
    t, df, p, lo, hi = ref(prefix, "STUDENT")  # R: t.test(a, b, var.equal = TRUE)
    assert (s.t, s.df, s.ci.low, s.ci.high) == pytest.approx((t, df, lo, hi), rel=REL)
    assert s.p == pytest.approx(p, abs=P_ABS)


def test_the_one_sided_references_use_the_same_data():
    for prefix in TWO_GROUP:
        sums = getattr(ALT, f"{prefix}_SUMS")  # R: c(sum(a), sum(b))
        assert sums == pytest.approx([sum(ref(prefix, "A")), sum(ref(prefix, "B"))], rel=1e-12)


@pytest.mark.parametrize("prefix", TWO_GROUP)
@pytest.mark.parametrize("alternative", ["less", "greater"])
@pytest.mark.parametrize("level, tag", [(0.95, ""), (0.90, "_90")])
def test_one_sided_t_tests_match_r(prefix, alternative, level, tag):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    name = f"{prefix}_%s_{alternative.upper()}{tag}"
    for test, kind in ((welch_t, "WELCH"), (student_t, "STUDENT")):
        # R: t.test(a, b, alternative = alternative, conf.level = level), and var.equal = TRUE
        t, df, p, lo, hi = getattr(ALT, name % kind)
        r = test(a, b, alternative=alternative, confidence_level=level)
        assert r.alternative == alternative
        assert (r.t, r.df) == pytest.approx((t, df), rel=REL)
        assert r.p == pytest.approx(p, abs=P_ABS)
        # one-sided CIs as R's: (-inf, x] for "less", [x, inf) for "greater"
        assert (r.ci.low, r.ci.high) == pytest.approx((lo, hi), rel=REL)
        assert math.isinf(r.ci.low if alternative == "less" else r.ci.high)


def test_the_one_sided_ps_add_up_and_halve_the_two_sided_one():
    a, b = R.TINY_A, R.TINY_B
    less, greater = (welch_t(a, b, alternative=alt) for alt in ("less", "greater"))
    assert less.p + greater.p == pytest.approx(1.0)
    assert 2 * min(less.p, greater.p) == pytest.approx(welch_t(a, b).p)


@pytest.mark.parametrize("prefix", TWO_GROUP)
def test_tost_uses_each_bound_for_its_own_test(prefix):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    low, high = ref(prefix, "TOST_BOUNDS")  # asymmetric for TIES and TINY
    result = tost(a, b, (low, high))
    p_lower, p_upper, ci_lo, ci_hi = ref(prefix, "TOST")
    # R: t.test(a, b, mu = low, alternative = "greater");
    #    t.test(a, b, mu = high, alternative = "less")
    assert result.p_lower == pytest.approx(p_lower, abs=P_ABS)
    assert result.p_upper == pytest.approx(p_upper, abs=P_ABS)
    assert result.p == max(result.p_lower, result.p_upper)
    # R: t.test(a, b, conf.level = .90)$conf.int
    assert (result.ci.low, result.ci.high) == pytest.approx((ci_lo, ci_hi), rel=REL)
    assert result.equivalent == (result.p < 0.05)


def test_tost_symmetric_margin_and_bad_margins():
    result = tost(R.MID_A, R.MID_B, 1.5)
    assert (result.low, result.high, result.margin) == (-1.5, 1.5, 1.5)
    with pytest.raises(ValueError):
        tost(R.MID_A, R.MID_B, 0)
    with pytest.raises(ValueError):
        tost(R.MID_A, R.MID_B, (1, -1))


@pytest.mark.parametrize("margin", [(1, float("inf")), (float("nan"), 1), ("a", "b"), "1.5",
                                    (1, 2, 3)])
def test_bad_equivalence_bounds_are_refused_with_a_code(margin):
    with pytest.raises(DataError) as error:
        tost(R.MID_A, R.MID_B, margin)
    assert error.value.code == "bad_margin"


@pytest.mark.parametrize("alpha", [0, 1, 5, -0.1, float("nan")])
def test_tost_refuses_an_alpha_outside_0_1(alpha):
    with pytest.raises(DataError) as error:
        tost(R.MID_A, R.MID_B, 1.5, alpha=alpha)
    assert error.value.code == "bad_alpha"


# ---- Moments and the checks --------------------------------------------------------------------

@pytest.mark.parametrize("prefix", TWO_GROUP)
def test_the_moments_versions_equal_the_raw_data_versions(prefix):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    ma, mb = moments(a), moments(b)
    assert welch_from_moments(ma, mb, alternative="less") == welch_t(a, b, alternative="less")
    assert student_from_moments(ma, mb) == student_t(a, b)
    assert tost_from_moments(ma, mb, margin=1.0) == tost(a, b, 1.0)


@pytest.mark.parametrize("test", [welch_t, student_t], ids=lambda f: f.__name__)
def test_a_group_of_one_value_is_too_few(test):
    with pytest.raises(DataError) as error:
        test([1.0], [2.0, 3.0])
    assert error.value.code == "too_few_values"
    with pytest.raises(DataError) as error:
        test([1.0, 2.0], [], weights_b=[])
    assert error.value.code == "too_few_values"


@pytest.mark.parametrize("test", [welch_from_moments, student_from_moments],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("bad, code", [
    (Moments(1, 3.0, float("nan")), "too_few_values"),
    (Moments(float("nan"), 3.0, 1.0), "not_finite"),
    (Moments(5, float("nan"), 1.0), "not_finite"),
    (Moments(5, 3.0, float("inf")), "not_finite"),
    (Moments(5, 3.0, -1.0), "not_finite"),
])
def test_bad_moments_are_refused_with_a_code(test, bad, code):
    with pytest.raises(DataError) as error:
        test(bad, Moments(5, 3.0, 1.0))
    assert error.value.code == code
    with pytest.raises(DataError) as error:
        tost_from_moments(Moments(5, 3.0, 1.0), bad, margin=1.0)
    assert error.value.code == code


def test_positional_floats_are_no_longer_moments():
    with pytest.raises(TypeError):
        welch_from_moments(5, 3.0, 1.0, 5, 4.0, 1.0)
    with pytest.raises(DataError) as error:
        welch_from_moments((5, 3.0, 1.0), (5, 4.0, 1.0))
    assert error.value.code == "bad_argument"


@pytest.mark.parametrize("test", [welch_t, student_t, welch_from_moments, student_from_moments],
                         ids=lambda f: f.__name__)
@pytest.mark.parametrize("alternative", ["two.sided", "Less", "", None, "both"])
def test_a_bad_alternative_is_refused(test, alternative):
    args = ((moments(R.TINY_A), moments(R.TINY_B)) if test.__name__.endswith("moments")
            else (R.TINY_A, R.TINY_B))
    with pytest.raises(DataError) as error:
        test(*args, alternative=alternative)
    assert error.value.code == "bad_alternative"
    assert "two-sided" in error.value.message


# ---- properties --------------------------------------------------------------------------------

samples = st.lists(st.integers(1, 7), min_size=3, max_size=40)


@settings(max_examples=60, deadline=None)
@given(samples, samples)
def test_swapping_groups_negates_t_and_keeps_p(a, b):
    assume(np.var(a) + np.var(b) > 0)
    ab, ba = welch_t(a, b), welch_t(b, a)
    assert ba.t == pytest.approx(-ab.t) and ba.p == pytest.approx(ab.p)
    less, greater = welch_t(a, b, alternative="less"), welch_t(b, a, alternative="greater")
    assert less.p == pytest.approx(greater.p)


@settings(max_examples=60, deadline=None)
@given(samples, samples, st.floats(-50, 50), st.floats(0.1, 20))
def test_shift_and_scale_invariance(a, b, shift, scale):
    assume(np.var(a) > 0 and np.var(b) > 0)
    a, b = np.array(a, float), np.array(b, float)
    base = welch_t(a, b)
    moved = welch_t(a * scale + shift, b * scale + shift)
    assert moved.p == pytest.approx(base.p, rel=1e-6, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=3, max_size=20),
       st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=3, max_size=20))
def test_weights_equal_repeated_rows(pa, pb):
    xa, wa = np.array([v for v, _ in pa], float), np.array([w for _, w in pa], float)
    xb, wb = np.array([v for v, _ in pb], float), np.array([w for _, w in pb], float)
    ea, eb = np.repeat(xa, wa.astype(int)), np.repeat(xb, wb.astype(int))
    assume(np.var(ea) + np.var(eb) > 0)
    assert welch_t(xa, xb, weights_a=wa, weights_b=wb).t == pytest.approx(welch_t(ea, eb).t)
