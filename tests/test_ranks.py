"""analysis/stats/ranks.py: Mann-Whitney U (R's wilcox.test rule, one-sided too), Hodges-Lehmann
and Kruskal-Wallis against R (tests/reference/), the checks, and properties."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.stats.ranks import hodges_lehmann, kruskal_wallis, mann_whitney
from tests.reference import alternative_reference as ALT
from tests.reference import r_reference as R

REL, P_ABS = 1e-6, 1e-6
TWO_GROUP = ["TIES", "TINY", "MID"]
METHODS = [("TIES", "normal"), ("TINY", "exact"), ("MID", "normal")]


def ref(prefix: str, name: str):
    return getattr(R, f"{prefix}_{name}")


@pytest.mark.parametrize("prefix, method", METHODS)
def test_mann_whitney_follows_rs_rule(prefix, method):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    result = mann_whitney(a, b)
    u, p = ref(prefix, "WILCOX")  # R: wilcox.test(a, b, correct = TRUE)
    assert result.u == pytest.approx(u, rel=REL)
    assert result.p == pytest.approx(p, abs=P_ABS)
    assert result.method.startswith(method)
    assert result.rank_biserial.value == pytest.approx(2 * u / (len(a) * len(b)) - 1)


@pytest.mark.parametrize("prefix, method", METHODS)
@pytest.mark.parametrize("alternative", ["less", "greater"])
def test_one_sided_mann_whitney_matches_r(prefix, method, alternative):
    a, b = ref(prefix, "A"), ref(prefix, "B")
    result = mann_whitney(a, b, alternative=alternative)
    # R: wilcox.test(a, b, alternative = alternative, correct = TRUE)
    u, p = getattr(ALT, f"{prefix}_WILCOX_{alternative.upper()}")
    assert result.u == pytest.approx(u, rel=REL)
    assert result.p == pytest.approx(p, abs=1e-12)
    assert result.method.startswith(method) and result.alternative == alternative


def test_hodges_lehmann_matches_r_exact_case():
    # R: wilcox.test(tiny_a, tiny_b, conf.int = TRUE)$estimate
    assert hodges_lehmann(R.TINY_A, R.TINY_B) == pytest.approx(R.TINY_HODGES_LEHMANN, rel=1e-9)
    diffs = np.subtract.outer(R.TIES_A, R.TIES_B).ravel()
    assert hodges_lehmann(R.TIES_A, R.TIES_B) == np.median(diffs)


THREE = [(np.array(R.THREE_1, float), None), (np.array(R.THREE_2, float), None),
         (np.array(R.THREE_3, float), None)]


def test_kruskal_wallis_matches_r():
    k = kruskal_wallis(THREE)
    h, df, p = R.THREE_KRUSKAL  # R: kruskal.test(y, g)
    assert (k.h, k.df) == (pytest.approx(h, rel=REL), df)
    assert k.p == pytest.approx(p, abs=P_ABS)


# ---- the checks --------------------------------------------------------------------------------

def test_a_missing_value_is_refused_by_hodges_lehmann_and_kruskal_wallis():
    with pytest.raises(DataError) as error:
        hodges_lehmann([1, 2, np.nan], [3, 4])
    assert error.value.code == "not_finite"
    with pytest.raises(DataError) as error:
        kruskal_wallis([([1, 2, np.inf], None), ([3, 4], None)])
    assert error.value.code == "not_finite"


def test_empty_groups_and_single_groups_are_refused():
    for call in (lambda: mann_whitney([], [1, 2]), lambda: hodges_lehmann([1], []),
                 lambda: mann_whitney([1, 2], [3], weights_b=[0]),
                 lambda: kruskal_wallis([([1, 2], None), ([], None)])):
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == "too_few_values"
    with pytest.raises(DataError) as error:
        kruskal_wallis([([1, 2, 3], None)])
    assert error.value.code == "too_few_groups"


@pytest.mark.parametrize("alternative", ["two.sided", "LESS", None])
def test_a_bad_alternative_is_refused(alternative):
    with pytest.raises(DataError) as error:
        mann_whitney(R.TINY_A, R.TINY_B, alternative=alternative)
    assert error.value.code == "bad_alternative"


# ---- properties --------------------------------------------------------------------------------

samples = st.lists(st.integers(1, 7), min_size=3, max_size=40)


@settings(max_examples=60, deadline=None)
@given(samples, samples)
def test_swapping_groups_keeps_p_and_negates_r(a, b):
    assume(np.var(a) + np.var(b) > 0)
    mab, mba = mann_whitney(a, b), mann_whitney(b, a)
    assert mba.p == pytest.approx(mab.p)
    assert mba.rank_biserial.value == pytest.approx(-mab.rank_biserial.value)
    less = mann_whitney(a, b, alternative="less")
    greater = mann_whitney(b, a, alternative="greater")
    assert less.p == pytest.approx(greater.p)


@settings(max_examples=60, deadline=None)
@given(samples, samples, st.floats(-50, 50))
def test_shift_invariance(a, b, shift):
    assume(np.var(a) > 0 and np.var(b) > 0)
    a, b = np.array(a, float), np.array(b, float)
    assert mann_whitney(a + shift, b + shift).p == pytest.approx(mann_whitney(a, b).p)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=3, max_size=20),
       st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=3, max_size=20))
def test_weights_equal_repeated_rows(pa, pb):
    xa, wa = np.array([v for v, _ in pa], float), np.array([w for _, w in pa], float)
    xb, wb = np.array([v for v, _ in pb], float), np.array([w for _, w in pb], float)
    ea, eb = np.repeat(xa, wa.astype(int)), np.repeat(xb, wb.astype(int))
    assume(np.var(ea) + np.var(eb) > 0)
    weighted = mann_whitney(xa, xb, weights_a=wa, weights_b=wb)
    expanded = mann_whitney(ea, eb)
    assert (weighted.u, weighted.p) == pytest.approx((expanded.u, expanded.p))
    assert weighted.hodges_lehmann == pytest.approx(np.median(np.subtract.outer(ea, eb)))


@settings(max_examples=40, deadline=None)
@given(st.permutations(list(range(30))))
def test_row_order_does_not_matter(order):
    values = np.array(R.TIES_A + R.TIES_B[:10], float)
    labels = np.array([0] * 20 + [1] * 10)
    shuffled_values, shuffled_labels = values[list(order)], labels[list(order)]
    a = mann_whitney(values[labels == 0], values[labels == 1])
    b = mann_whitney(shuffled_values[shuffled_labels == 0], shuffled_values[shuffled_labels == 1])
    assert (a.u, a.p) == pytest.approx((b.u, b.p))
