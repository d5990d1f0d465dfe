"""Periods compared, against R (tests/reference/proportions_reference.py, each constant under
the R call that produced it), the period settings, and the NHS monthly file's financial years."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.data.dataset import frame_from_columns
from analysis.errors import DataError
from analysis.periods import PeriodSpec, compare_periods, parse_period_spec, period_labels
from analysis.results import json_ready, to_plain
from tests.reference import proportions_reference as R

REL = 1e-9
ROOT = Path(__file__).resolve().parent.parent
NHS = (ROOT.parent / "shared" / "real-data" / "nhstt" /
       "nhstt_england_monthly_appointments_by_consultation_medium.csv")
FYS = ("2022/23", "2023/24", "2024/25")
#: R: per <- matrix(c(40, 55, 70, 60, 50, 35), 3): online, face-to-face clients per year
PER = {"online": (40, 55, 70), "face-to-face": (60, 50, 35)}


def per_frame(dates=("2022-04-01", "2024-03-31", "2025-03-31")) -> pd.DataFrame:
    """One row per (financial year, mode) with its count; dates as text."""
    modes, weights, when = [], [], []
    for mode, counts in PER.items():
        modes += [mode] * 3
        weights += list(counts)
        when += list(dates)
    return frame_from_columns(modes, weight=weights, date=when)


def expanded(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.loc[frame.index.repeat(frame["weight"])].reset_index(drop=True)
    return rows.assign(weight=1, row=np.arange(len(rows)) + 2)


def test_financial_years_match_r():
    r = compare_periods(per_frame(), "fy")
    assert r.periods == FYS and r.unit == "fy"
    assert r.counts["online"].tolist() == list(PER["online"])
    statistic, df, p = R.PERIOD_CHISQ
    assert (r.chi_square.statistic, r.chi_square.df, r.chi_square.p) == pytest.approx(
        (statistic, df, p), rel=REL)
    assert (r.chi_square.cramers_v, r.chi_square.cramers_v_ci.low,
            r.chi_square.cramers_v_ci.high) == pytest.approx(R.PERIOD_CRAMER, rel=1e-6)
    online = [s for s in r.shares if s.group == "online"]
    assert [s.share for s in online] == pytest.approx([40 / 100, 55 / 105, 70 / 105])
    assert [v for s in online for v in (s.ci.low, s.ci.high)] == pytest.approx(
        R.PERIOD_SHARE_ONLINE_WILSON, rel=REL)
    changes = [c for c in r.changes if c.group == "online"]
    assert [(c.period_from, c.period_to) for c in changes] == [FYS[:2], FYS[1:]]
    assert [v for c in changes for v in (c.change, c.ci.low, c.ci.high)] == pytest.approx(
        R.PERIOD_CHANGE_ONLINE, rel=REL)
    assert r.exclusions.n_used == r.exclusions.n_total == 310


def test_first_versus_last():
    r = compare_periods(per_frame(), "fy", comparison="first_last")
    (online,) = [c for c in r.changes if c.group == "online"]
    assert (online.period_from, online.period_to) == (FYS[0], FYS[2])
    assert (online.change, online.ci.low, online.ci.high) == pytest.approx(
        R.PERIOD_FIRST_LAST_ONLINE, rel=REL)


def test_chosen_periods_and_their_order():
    r = compare_periods(per_frame(), "fy:2024/25,2022-23")
    assert r.periods == ("2024/25", "2022/23")
    assert r.exclusions.n_used == r.exclusions.n_total == 205  # 2023/24 out of scope
    assert r.changes[0].change == pytest.approx(-R.PERIOD_FIRST_LAST_ONLINE[0])


def test_weighted_equals_expanded():
    a = compare_periods(per_frame(), "fy")
    b = compare_periods(expanded(per_frame()), "fy")
    assert a.counts.equals(b.counts)
    assert a.shares == b.shares and a.changes == b.changes
    assert a.chi_square == b.chi_square


def test_dates_already_parsed_give_the_same():
    text = compare_periods(per_frame(), "fy")
    frame = per_frame()
    frame["date"] = pd.to_datetime(frame["date"])
    assert compare_periods(frame, "fy").shares == text.shares


def test_the_result_is_json_ready():
    out = json.loads(json.dumps(json_ready(to_plain(compare_periods(per_frame(), "fy"))),
                                allow_nan=False))
    assert out["counts"]["2022/23"] == {"face-to-face": 60, "online": 40}
    assert out["chi_square"]["cramers_v"] == pytest.approx(R.PERIOD_CRAMER[0], rel=1e-9)
    table = compare_periods(per_frame(), "fy").share_table()
    assert list(table.columns) == ["period", "group", "count", "n", "share", "ci_low", "ci_high"]
    assert table.groupby("period")["share"].sum().tolist() == pytest.approx([1, 1, 1])


def test_a_listed_period_with_no_rows_is_a_plain_message():
    with pytest.raises(DataError) as err:
        compare_periods(per_frame(), "fy:2021/22,2023/24")
    assert err.value.code == "empty_period"
    assert "2021/22" in err.value.message and "2022/23 to 2024/25" in err.value.message


def test_one_period_is_too_few():
    frame = per_frame(dates=("2023-05-01", "2023-06-01", "2024-02-01"))
    with pytest.raises(DataError) as err:
        compare_periods(frame, "fy")
    assert err.value.code == "too_few_periods"
    assert len(compare_periods(frame, "month").periods) == 3


def test_gaps_between_periods_are_noted():
    frame = per_frame(dates=("2024-01-15", "2024-02-15", "2024-05-15"))
    r = compare_periods(frame, "month")
    assert r.periods == ("2024-01", "2024-02", "2024-05")
    assert any("2 month(s)" in n for n in r.notes)


def test_missing_and_unreadable_dates_are_counted():
    frame = frame_from_columns(["online", "face-to-face", "online", "face-to-face", "online"],
                               weight=[5, 6, 7, 8, 9],
                               date=["2023-01-05", "2023-01-09", "2024-02-01", None, "soon"])
    r = compare_periods(frame, "year")
    assert dict((reason, (rows, n)) for reason, rows, n in r.exclusions.dropped) == {
        "date missing": (1, 8), "date not a date": (1, 9)}
    assert r.exclusions.n_used == 18 and r.exclusions.n_total == 35


def test_modes_chosen():
    frame = frame_from_columns(["online", "face-to-face", "phone"] * 2, weight=[1, 2, 3, 4, 5, 6],
                               date=["2023-01-01"] * 3 + ["2024-01-01"] * 3)
    r = compare_periods(frame, "year", modes=["online", "phone"])
    assert list(r.counts.columns) == ["online", "phone"]
    assert r.exclusions.n_used == 14


def test_period_labels_at_the_boundaries():
    dates = pd.Series(pd.to_datetime(["2024-03-31", "2024-04-01", "2023-12-31", None]))
    assert period_labels(dates, "fy")[0].tolist() == ["2023/24", "2024/25", "2023/24", pd.NA]
    assert period_labels(dates, "quarter")[0].tolist() == ["2024 Q1", "2024 Q2", "2023 Q4",
                                                           pd.NA]
    assert period_labels(dates, "month")[0].tolist()[:3] == ["2024-03", "2024-04", "2023-12"]
    assert period_labels(dates, "year")[0].tolist()[:3] == ["2024", "2024", "2023"]
    assert period_labels(pd.Series(pd.to_datetime(["1999-06-01"])), "fy")[0][0] == "1999/00"


@pytest.mark.parametrize("spec, expected", [
    ("fy", PeriodSpec("fy")),
    ("Financial years", PeriodSpec("fy")),
    ("fy:2023-24, FY2024/2025", PeriodSpec("fy", ("2023/24", "2024/25"))),
    ("quarter:Q1 2024,2024q2", PeriodSpec("quarter", ("2024 Q1", "2024 Q2"))),
    ("months:2024-1", PeriodSpec("month", ("2024-01",))),
    ("year:2023,2024", PeriodSpec("year", ("2023", "2024"))),
])
def test_period_settings(spec, expected):
    assert parse_period_spec(spec) == expected


@pytest.mark.parametrize("spec", ["weeks", "fy:2023/25", "month:2024-13", "year:24",
                                  "fy:2023/24,2023-24", "quarter:2024 Q5", ""])
def test_bad_period_settings(spec):
    with pytest.raises(DataError) as err:
        parse_period_spec(spec)
    assert err.value.code == "bad_period_spec"
    assert "fy:2023/24,2024/25" in err.value.message


@pytest.mark.parametrize("kwargs, code", [({"date": "when"}, "unknown_column"),
                                          ({"comparison": "all"}, "bad_option"),
                                          ({"confidence_level": 0}, "bad_confidence_level"),
                                          ({"periods": "decade"}, "bad_period_spec")])
def test_bad_input(kwargs, code):
    with pytest.raises(DataError) as err:
        compare_periods(per_frame(), **kwargs)
    assert err.value.code == code


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=6, max_size=6))
def test_changes_contain_their_estimate(weights):
    frame = frame_from_columns(["online", "face-to-face"] * 3, weight=weights,
                               date=["2022-05-01"] * 2 + ["2023-05-01"] * 2 + ["2024-05-01"] * 2)
    assume(all(weights[i] + weights[i + 1] > 0 for i in (0, 2, 4)))
    r = compare_periods(frame, "fy")
    for c in r.changes:
        assert c.ci.low - 1e-12 <= c.change <= c.ci.high + 1e-12
    for s in r.shares:
        assert s.ci.low <= s.share <= s.ci.high


@pytest.mark.skipif(not NHS.exists(), reason="shared/real-data is not beside this checkout")
def test_nhs_financial_years_match_r():
    raw = pd.read_csv(NHS)
    raw = raw[raw["measure_id"] != "M086"]  # the total of all media
    frame = frame_from_columns(raw["consultation_medium"], weight=raw["appointments"],
                               date=raw["reporting_period"])
    r = compare_periods(frame, "fy:2022/23,2023/24")
    f2f_1, f2f_2, total_1, total_2 = R.NHS_FY_F2F
    assert r.counts["face-to-face"].tolist() == [f2f_1, f2f_2]
    assert r.counts.sum(axis=1).tolist() == [total_1, total_2]
    assert (r.chi_square.statistic, r.chi_square.df) == pytest.approx(R.NHS_FY_CHISQ, rel=1e-9)
    assert (r.chi_square.cramers_v, r.chi_square.cramers_v_ci.low,
            r.chi_square.cramers_v_ci.high) == pytest.approx(R.NHS_FY_CRAMER, rel=1e-6)
    f2f = [s for s in r.shares if s.group == "face-to-face"]
    assert [v for s in f2f for v in (s.ci.low, s.ci.high)] == pytest.approx(
        R.NHS_FY_F2F_WILSON, rel=1e-9)
    (change,) = [c for c in r.changes if c.group == "face-to-face"]
    assert (change.change, change.ci.low, change.ci.high) == pytest.approx(
        R.NHS_FY_F2F_CHANGE, rel=1e-9)
    # "Unknown/invalid" is a missing mode: left out and counted
    assert r.exclusions.dropped[0][0] == "mode missing"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["online", "f2f", None]),
                          st.integers(min_value=0, max_value=500),
                          st.sampled_from(["2023-01-05", "2024-04-01", "31/03/2024", None, "",
                                           "x", "2025-13-01", "1999-12-31"])), max_size=12),
       st.sampled_from(["fy", "month", "quarter", "year", "fy:2023/24,2024/25"]),
       st.sampled_from(["consecutive", "first_last"]))
def test_random_frames_give_a_result_or_a_plain_message(rows, spec, comparison):
    frame = frame_from_columns([r[0] for r in rows], weight=[r[1] for r in rows],
                               date=[r[2] for r in rows])
    try:
        result = compare_periods(frame, spec, comparison=comparison)
    except DataError as err:
        assert err.message and err.code
        return
    json.dumps(json_ready(to_plain(result)), allow_nan=False)
    assert int(result.counts.to_numpy().sum()) == result.exclusions.n_used
