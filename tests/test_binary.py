"""A binary outcome by mode from the prepared frame: the sample's dropout against R, weights,
exclusions and bad input (golden values: tests/reference/proportions_reference.py, each under
the R call that produced it)."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.binary import compare_binary
from analysis.data.bundled import load_sample
from analysis.data.dataset import frame_from_columns
from analysis.errors import DataError
from analysis.results import json_ready, to_plain
from tests.helpers import dataset_from_bytes
from tests.reference import proportions_reference as R

REL = 1e-9
PAIR = ("online", "face-to-face")


@pytest.fixture(scope="module")
def sample():
    return load_sample().frame


def ci(interval):
    return interval.low, interval.high


def test_sample_dropout_by_mode_matches_r(sample):
    r = compare_binary(sample, "completed", "dropped out", groups=PAIR)
    f2f_completed, f2f_dropped, online_completed, online_dropped = R.SAMPLE_TABLE
    assert (r.by_group["online"].events, r.by_group["online"].n) == (
        online_dropped, online_completed + online_dropped)
    assert (r.by_group["face-to-face"].events, r.by_group["face-to-face"].n) == (
        f2f_dropped, f2f_completed + f2f_dropped)
    assert ci(r.by_group["online"].ci) == pytest.approx(R.SAMPLE_DROPOUT_ONLINE_WILSON, rel=REL)
    assert ci(r.by_group["face-to-face"].ci) == pytest.approx(R.SAMPLE_DROPOUT_F2F_WILSON,
                                                              rel=REL)
    c = r.comparison
    assert (c.chi_square.statistic, c.chi_square.p) == pytest.approx(R.SAMPLE_PROP_TEST, rel=REL)
    assert ci(c.risk_difference.ci) == pytest.approx(R.SAMPLE_NEWCOMBE, rel=REL)
    assert (c.risk_ratio.value, *ci(c.risk_ratio.ci)) == pytest.approx(R.SAMPLE_KATZ, rel=REL)
    assert (c.odds_ratio.value, *ci(c.odds_ratio.ci)) == pytest.approx(R.SAMPLE_WOOLF, rel=REL)
    assert c.fisher_p == pytest.approx(R.SAMPLE_FISHER_P, rel=1e-9)
    assert c.exact_odds_ratio is None  # every expected count is far above 5
    assert not c.nnt.spans_infinity and "'dropped out'" in c.nnt.text
    assert (r.column, r.event, r.other, r.groups) == ("completed", "dropped out", "completed",
                                                      PAIR)
    assert r.exclusions.n_used == r.exclusions.n_total == 1500
    # with two groups the omnibus is the same test, with phi = Cramér's V
    assert r.omnibus.statistic == pytest.approx(c.chi_square.statistic, rel=1e-12)
    assert r.omnibus.cramers_v == pytest.approx(math.sqrt(c.chi_square.statistic / 1500))


def test_the_default_pair_is_the_two_groups_present(sample):
    r = compare_binary(sample, "completed", "completed")
    assert r.groups == ("face-to-face", "online")  # the larger first
    assert r.comparison.risk_difference.value == pytest.approx(740 / 857 - 509 / 643)


def test_swapping_groups_flips_the_difference(sample):
    ab = compare_binary(sample, "completed", "dropped out", groups=PAIR).comparison
    ba = compare_binary(sample, "completed", "dropped out", groups=PAIR[::-1]).comparison
    assert ab.risk_difference.value == pytest.approx(-ba.risk_difference.value)
    assert ab.risk_difference.ci.low == pytest.approx(-ba.risk_difference.ci.high)
    assert ab.odds_ratio.value == pytest.approx(1 / ba.odds_ratio.value)
    assert ab.fisher_p == pytest.approx(ba.fisher_p)


def test_the_result_is_json_ready(sample):
    r = compare_binary(sample, "completed", "dropped out", groups=PAIR)
    out = json.loads(json.dumps(json_ready(to_plain(r)), allow_nan=False))
    assert out["comparison"]["risk_difference"]["ci"] == pytest.approx(R.SAMPLE_NEWCOMBE)
    assert out["by_group"]["online"]["events"] == 134


def small_frame(weights=None):
    modes = ["online"] * 4 + ["face-to-face"] * 4
    status = ["yes", "no", "yes", "no"] * 2
    weights = weights if weights is not None else [3, 17, 0, 0, 0, 25, 0, 0]
    return frame_from_columns(modes, weight=weights, status=status)


def test_a_zero_cell_gets_the_exact_odds_ratio():
    r = compare_binary(small_frame(), "status", "yes", groups=PAIR)
    c = r.comparison
    assert c.small_counts
    assert c.odds_ratio.value == math.inf
    assert (c.exact_odds_ratio.value, *ci(c.exact_odds_ratio.ci)) == pytest.approx(
        R.ZERO_FISHER_TIGHT, rel=1e-6)
    assert c.fisher_p == pytest.approx(R.ZERO_FISHER[0], rel=1e-9)
    out = json.dumps(json_ready(to_plain(r)), allow_nan=False)
    assert '"Infinity"' in out


def expanded(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per client: each row repeated ``weight`` times with weight 1."""
    rows = frame.loc[frame.index.repeat(frame["weight"])].reset_index(drop=True)
    return rows.assign(weight=1, row=np.arange(len(rows)) + 2)


def test_weighted_equals_expanded():
    counts = frame_from_columns(["online", "online", "face-to-face", "face-to-face", "phone"],
                                weight=[2, 7, 9, 1, 4],
                                status=["yes", "no", "yes", "no", "yes"])
    a = compare_binary(counts, "status", "yes", groups=PAIR)
    b = compare_binary(expanded(counts), "status", "yes", groups=PAIR)
    assert a.comparison == b.comparison
    assert a.by_group == b.by_group
    assert a.omnibus.statistic == pytest.approx(b.omnibus.statistic, rel=1e-12)
    assert a.exclusions.n_used == b.exclusions.n_used == 23


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30), min_size=4, max_size=4))
def test_weighted_equals_expanded_property(weights):
    frame = frame_from_columns(["online", "online", "face-to-face", "face-to-face"],
                               weight=weights, status=["yes", "no", "yes", "no"])
    assume(weights[0] + weights[1] > 0 and weights[2] + weights[3] > 0)
    assume(weights[0] + weights[2] > 0)
    a = compare_binary(frame, "status", "yes", groups=PAIR)
    b = compare_binary(expanded(frame), "status", "yes", groups=PAIR)
    assert a.comparison == b.comparison


def test_missing_values_are_left_out_and_counted():
    frame = frame_from_columns(["online", "online", "face-to-face", "face-to-face", None],
                               weight=[5, 3, 4, 2, 1],
                               status=["yes", None, " no ", "", "yes"])
    r = compare_binary(frame, "status", "yes", groups=PAIR)
    assert r.exclusions.n_used == 9 and r.exclusions.n_total == 15
    dropped = dict((reason, (rows, clients)) for reason, rows, clients in r.exclusions.dropped)
    assert dropped["status missing"] == (2, 5)
    assert r.by_group["face-to-face"].events == 0 and r.by_group["face-to-face"].n == 4
    assert r.other == "no"  # trimmed


def test_a_count_column_read_from_a_file_is_honoured():
    text = ("mode,completed,count\nonline,yes,30\nonline,no,10\nface-to-face,yes,45\n"
            "face-to-face,no,5\nonline,,3\n")
    ds = dataset_from_bytes(text, roles={"count": "count"})
    r = compare_binary(ds.frame, "completed", "no", groups=PAIR)
    assert (r.by_group["online"].events, r.by_group["online"].n) == (10, 40)
    assert r.exclusions.dropped == (("completed missing", 1, 3),)


def test_a_numeric_zero_one_column():
    frame = frame_from_columns(["online"] * 3 + ["face-to-face"] * 3, weight=[1] * 6,
                               recovered=[1.0, 0.0, 1.0, 0.0, 0.0, 1.0])
    r = compare_binary(frame, "recovered", 1)
    assert r.event == "1" and r.other == "0"
    assert r.by_group["online"].events == 2


def test_three_groups_without_a_pair_get_the_omnibus_only():
    frame = frame_from_columns(["online"] * 2 + ["face-to-face"] * 2 + ["phone"] * 2,
                               weight=[20, 10, 15, 15, 6, 14], status=["yes", "no"] * 3)
    r = compare_binary(frame, "status", "yes")
    assert r.comparison is None and r.groups is None
    assert list(r.by_group) == ["face-to-face", "online", "phone"]
    assert r.omnibus.df == 2
    assert r.notes


def test_another_grouping_column():
    frame = frame_from_columns(["online"] * 4, weight=[5, 5, 2, 8],
                               site=["North", "North", "South", "South"],
                               status=["yes", "no", "yes", "no"])
    r = compare_binary(frame, "status", "yes", group="site", groups=("North", "South"))
    assert r.comparison.risk_difference.value == pytest.approx(0.5 - 0.2)


def test_three_levels_are_not_binary():
    frame = frame_from_columns(["online", "face-to-face", "online"], weight=[3, 4, 5],
                               status=["adherent", "nonadherent", "dropout"])
    with pytest.raises(DataError) as err:
        compare_binary(frame, "status", "dropout")
    assert err.value.code == "not_binary"
    for level in ("adherent", "nonadherent", "dropout"):
        assert f"'{level}" in err.value.message


def test_an_event_that_never_occurs(sample):
    with pytest.raises(DataError) as err:
        compare_binary(sample, "completed", "no-show")
    assert err.value.code == "unknown_event"
    assert "'completed'" in err.value.message and "'dropped out'" in err.value.message


@pytest.mark.parametrize("kwargs, code", [
    ({"column": "nope"}, "unknown_column"),
    ({"group": "nope"}, "unknown_column"),
    ({"groups": ("online", "video")}, "group_too_small"),
    ({"groups": ("online", "online")}, "bad_groups"),
    ({"alternative": "bigger"}, "bad_alternative"),
    ({"confidence_level": 95}, "bad_confidence_level"),
])
def test_bad_input_is_a_plain_message(sample, kwargs, code):
    args = {"column": "completed", "event": "dropped out", **kwargs}
    with pytest.raises(DataError) as err:
        compare_binary(sample, args.pop("column"), args.pop("event"), **args)
    assert err.value.code == code and err.value.message


def test_a_column_with_no_values():
    frame = frame_from_columns(["online", "face-to-face"], status=[None, None])
    with pytest.raises(DataError) as err:
        compare_binary(frame, "status", "yes")
    assert err.value.code == "no_values"


def test_one_level_only():
    frame = frame_from_columns(["online", "face-to-face"], weight=[4, 6], status=["yes", "yes"])
    r = compare_binary(frame, "status", "yes")
    assert r.other is None and r.omnibus is None
    assert r.comparison.risk_difference.value == 0
    assert any("nothing to compare" in n for n in r.notes)


VALUES = st.sampled_from(["yes", "no", " yes", "", None, 1, 0, 1.0, float("nan"), "maybe"])
MODES = st.sampled_from(["online", "f2f", "phone", None, "Unknown", ""])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(MODES, st.integers(min_value=0, max_value=1000), VALUES),
                max_size=12),
       st.sampled_from(["yes", 1, "no", None]), st.sampled_from([None, PAIR]))
def test_random_frames_give_a_result_or_a_plain_message(rows, event, groups):
    frame = frame_from_columns([r[0] for r in rows], weight=[r[1] for r in rows],
                               status=pd.Series([r[2] for r in rows], dtype=object))
    try:
        result = compare_binary(frame, "status", event, groups=groups)
    except DataError as err:
        assert err.message and err.code
        return
    json.dumps(json_ready(to_plain(result)), allow_nan=False)
    for p in result.by_group.values():
        assert 0 <= p.ci.low <= p.proportion <= p.ci.high <= 1
