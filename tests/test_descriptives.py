"""Descriptives, exclusions, problem tables and scale scores: golden values from R."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data.bundled import sample_path
from analysis.data.dataset import Preparation, prepare_dataset
from analysis.data.roles import ColumnRoles
from analysis.data.scales import ItemScoring, cronbach_alpha, score_items
from analysis.descriptives import describe_outcome, summarise
from analysis.problems import problem_table
from tests.helpers import dataset_from_bytes

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


MESSY = ("client_id,mode,satisfaction,problem_type\n"
         "1,online,28,anxiety\n2,F2F,30,family\n3,online,,family\n4,,25,anxiety\n"
         "5,F2F,abc,anxiety\n6,online,20,\n7,F2F,26,family\n")


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


def test_problem_table_single_and_multi_label():
    dataset = dataset_from_bytes(MESSY)
    table = problem_table(dataset.frame, sep=dataset.problem_sep)
    assert table.counts.loc["family"].to_dict() == {"face-to-face": 2, "online": 1}
    assert table.exclusions.dropped == (("mode missing", 1, 1), ("problem missing", 1, 1))
    multi = dataset_from_bytes("mode,presenting_problems\nonline,anxiety; work\nF2F,work\n"
                               "online,anxiety\n")
    assert multi.problem_sep == ";"
    table = problem_table(multi.frame, sep=multi.problem_sep)
    assert table.multi_label
    assert table.counts.loc["anxiety"].to_dict() == {"online": 2, "face-to-face": 0}
    assert table.percent_of_mode().loc["work", "online"] == pytest.approx(50)
    assert table.top(1) == {"online": [("anxiety", 2, 100.0)], "face-to-face": [("work", 1, 100.0)]}


def test_counts_weight_problem_tables():
    dataset = dataset_from_bytes("mode,problem,count\nonline,anxiety,10\nF2F,anxiety,4\n"
                                 "F2F,family,6\n")
    table = problem_table(dataset.frame, sep=None)
    assert table.counts.loc["anxiety"].to_dict() == {"online": 10, "face-to-face": 4}
    assert table.clients.to_dict() == {"online": 10, "face-to-face": 10}


ITEMS = pd.DataFrame({"a": [4, 3, 4, 2, 3, 4, 1, 3], "b": [3, 3, 4, 2, 4, 4, 2, 3],
                      "c": [4, 2, 3, 1, 3, 4, 2, 2], "d": [2, 3, 4, 2, 3, 3, 1, 3]})


def test_cronbach_alpha_matches_r():
    # R: k/(k-1) * (1 - sum(apply(items, 2, var)) / var(rowSums(items)))
    assert cronbach_alpha(ITEMS.astype(float)) == pytest.approx(0.88888888888888895, rel=1e-12)
    doubled = cronbach_alpha(ITEMS.astype(float), pd.Series([2] * 8))
    assert doubled == pytest.approx(cronbach_alpha(pd.concat([ITEMS, ITEMS]).astype(float)))


def test_item_scoring_reverse_range_and_missing_rule():
    frame = pd.DataFrame({"i1": [1, 4, 2, None, 9], "i2": [4, 1, 3, None, 2], "i3": [2, 2, None, 1, 3]})
    spec = ItemScoring(("i1", "i2", "i3"), "sum", reverse=("i2",), item_min=1, item_max=4,
                       max_missing=1)
    # reverse i2: 5 - x. Row 3: two answered (2, 2) -> mean 2 * 3 = 6; row 4: two missing -> NaN;
    # row 5: i1 = 9 out of range -> missing, (3 + 3) / 2 * 3 = 9
    assert score_items(frame, spec).tolist()[:3] == [4.0, 10.0, 6.0]
    assert np.isnan(score_items(frame, spec).iloc[3])
    assert score_items(frame, spec).iloc[4] == 9.0
    assert spec.score_range == (3, 12)
    with pytest.raises(ValueError):
        ItemScoring(("i1",))


def test_item_scoring_in_the_dataset_reports_alpha_per_mode():
    raw = pd.read_csv(sample_path())
    spec = ItemScoring(tuple(f"sat_{i}" for i in range(1, 9)), max_missing=1)
    scored = prepare_dataset(raw, Preparation(ColumnRoles(mode="delivery_mode"), scoring=spec))
    assert set(scored.alpha_by_mode) == {"online", "face-to-face"}
    assert all(0.7 < a < 1 for a in scored.alpha_by_mode.values())
    # one missing item is prorated, so more clients have a score than a complete total
    assert scored.frame["outcome"].notna().sum() > raw["satisfaction_total"].notna().sum()
    assert scored.scale == (8, 32)
    assert any(i.code == "too_many_missing_items" for i in scored.validation.issues)
