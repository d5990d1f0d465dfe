"""Descriptives of the outcome per group and what they leave out: golden values from R."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.descriptives import describe_outcome, summarise
from tests.helpers import MESSY, dataset_from_bytes

X = np.array([28, 31, 24, 32, 32, 19, 27, 30, 26, 32, 29, 22], dtype=float)


def test_summary_matches_r():
    s = summarise(X, scale=(8, 32))
    # R: t.test(x)$conf.int; mean(x); sd(x)
    assert s.mean == pytest.approx(27.666666666666668, rel=1e-12)
    assert s.sd == pytest.approx(4.2497771777595661, rel=1e-12)
    assert s.mean_ci.low == pytest.approx(24.966487070008686, rel=1e-12)
    assert s.mean_ci.high == pytest.approx(30.366846263324646, rel=1e-12)
    # R: quantile(x, c(.25, .5, .75))  (type 7)
    assert (s.q1, s.median, s.q3) == pytest.approx((25.5, 28.5, 31.25))
    # R: l <- qbinom(0.025, n, 0.5); sort(x)[c(l, n - l + 1)]  -> l = 3: 24, 32
    assert (s.median_ci.low, s.median_ci.high) == (24, 32)
    assert s.pct_at_max == pytest.approx(25.0)
    assert (s.minimum, s.maximum, s.n) == (19, 32, 12)


def test_the_mean_ci_stays_within_the_scale():
    """Three ratings at the top of a 1-5 scale: R's t.test(c(5, 5, 4))$conf.int is
    [3.23244909008351, 6.10088424324982]; a mean of 1-5 ratings cannot exceed 5."""
    s = summarise(np.array([5.0, 5, 4]), scale=(1, 5))
    assert s.mean_ci.low == pytest.approx(3.23244909008351, rel=1e-12)
    assert s.mean_ci.high == 5
    unclipped = summarise(np.array([5.0, 5, 4])).mean_ci
    assert unclipped.high == pytest.approx(6.10088424324982, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=30))
def test_a_mean_ci_never_leaves_the_scale(ratings):
    ci = summarise(np.array(ratings, dtype=float), scale=(1, 5)).mean_ci
    assert np.isnan(ci.low) or 1 <= ci.low <= ci.high <= 5


def test_weights_are_frequencies():
    values, weights = np.array([1, 2, 3, 4, 5.0]), np.array([3, 5, 10, 22, 40])
    s = summarise(values, weights)
    # R: y <- rep(c(1,2,3,4,5), c(3,5,10,22,40)); t.test(y)$conf.int; quantile(y, ...)
    assert s.n == 80
    assert s.mean == pytest.approx(4.1375, rel=1e-12)
    assert s.sd == pytest.approx(1.0994100834745739, rel=1e-12)
    assert (s.mean_ci.low, s.mean_ci.high) == pytest.approx(
        (3.8928382708172506, 4.3821617291827497), rel=1e-12)
    assert (s.q1, s.median, s.q3) == (4.0, 4.5, 5.0)
    assert (s.median_ci.low, s.median_ci.high) == (4, 5)  # l = 31


def test_small_and_empty_groups_give_nan_not_errors():
    one = summarise(np.array([3.0]))
    assert one.n == 1 and np.isnan(one.sd) and np.isnan(one.mean_ci.low)
    assert np.isnan(summarise(np.array([1.0, 2, 3, 4, 5])).median_ci.low)  # n < 6 at 95%
    assert summarise(np.array([])).n == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=2, max_size=60), st.integers(-20, 20))
def test_shift_moves_location_not_spread(values, shift):
    a, b = summarise(np.array(values, float)), summarise(np.array(values, float) + shift)
    assert b.mean == pytest.approx(a.mean + shift)
    assert b.median == pytest.approx(a.median + shift)
    assert b.sd == pytest.approx(a.sd, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 7), st.integers(1, 4)), min_size=2, max_size=30))
def test_weights_equal_repeated_rows(pairs):
    values = np.array([v for v, _ in pairs], float)
    weights = np.array([w for _, w in pairs])
    a, b = summarise(values, weights), summarise(np.repeat(values, weights))
    for field in ("n", "mean", "median", "q1", "q3"):
        assert getattr(a, field) == pytest.approx(getattr(b, field))
    assert a.sd == pytest.approx(b.sd, nan_ok=True)
    assert (a.median_ci.low, a.median_ci.high) == pytest.approx(
        (b.median_ci.low, b.median_ci.high), nan_ok=True)




def test_describe_outcome_counts_what_it_leaves_out():
    dataset = dataset_from_bytes(MESSY)
    summary = describe_outcome(dataset.frame)
    assert [g.group for g in summary.groups] == ["face-to-face", "online"]
    assert [g.n for g in summary.groups] == [2, 2]
    ex = summary.exclusions
    assert (ex.n_used, ex.n_total) == (4, 7)
    assert dict((r, n) for r, n, _ in ex.dropped) == {
        "mode missing": 1, "outcome missing": 1, "outcome not a number": 1}
    assert "N = 4 of 7 clients" in ex.text()
