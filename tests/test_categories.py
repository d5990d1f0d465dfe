"""Any categorical column by mode, against R (tests/reference/proportions_reference.py, each
constant under the R call that produced it); Lippke et al. (2021) Table 2 from count data."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.categories import category_labels, compare_categories
from analysis.data.bundled import load_sample
from analysis.data.dataset import frame_from_columns
from analysis.errors import DataError
from analysis.results import json_ready, to_plain
from tests.reference import proportions_reference as R

REL = 1e-9
LEVELS = ["adherent completers", "nonadherent completers", "dropouts"]
PAIR = ("online", "face-to-face")


def lippke() -> pd.DataFrame:
    """Lippke et al. (2021), Table 2 at T2 (equivalence study), as count data."""
    return frame_from_columns(["online"] * 3 + ["face-to-face"] * 3,
                              weight=[30, 5, 44, 26, 20, 42], status=LEVELS * 2)


def expanded(frame: pd.DataFrame) -> pd.DataFrame:
    rows = frame.loc[frame.index.repeat(frame["weight"])].reset_index(drop=True)
    return rows.assign(weight=1, row=np.arange(len(rows)) + 2)


def test_lippke_table_2_from_counts_matches_r():
    r = compare_categories(lippke(), "status", groups=PAIR, modes=list(PAIR), levels=LEVELS)
    assert r.counts.to_numpy().tolist() == [[30, 26], [5, 20], [44, 42]]
    statistic, df, p = R.LIPPKE_CHISQ  # the paper: chi2(2) = 8.87, p = .012
    chi = r.chi_square
    assert (chi.statistic, chi.df, chi.p) == pytest.approx((statistic, df, p), rel=REL)
    assert (chi.cramers_v, chi.cramers_v_ci.low, chi.cramers_v_ci.high) == pytest.approx(
        R.LIPPKE_CRAMER, rel=1e-6)
    assert r.adjusted_residuals.to_numpy().ravel() == pytest.approx(R.LIPPKE_STDRES, rel=REL)
    assert [t.level for t in r.per_level] == LEVELS
    assert [t.p for t in r.per_level] == pytest.approx(R.LIPPKE_LEVEL_P, rel=1e-9)
    assert [t.p_holm for t in r.per_level] == pytest.approx(R.LIPPKE_LEVEL_HOLM, rel=1e-9)
    # fisher.test's estimate (uniroot at tol = eps^0.25)
    assert [t.odds_ratio for t in r.per_level] == pytest.approx(R.LIPPKE_LEVEL_OR, rel=2e-3)
    assert r.exclusions.n_used == 167
    assert r.percent_of_group()["online"].sum() == pytest.approx(100)


def test_raw_rows_give_the_same_as_counts():
    a = compare_categories(lippke(), "status", groups=PAIR, levels=LEVELS)
    b = compare_categories(expanded(lippke()), "status", groups=PAIR, levels=LEVELS)
    assert a.counts.equals(b.counts)
    assert a.chi_square == b.chi_square
    assert a.per_level == b.per_level
    assert a.adjusted_residuals.equals(b.adjusted_residuals)


def test_three_modes_in_the_omnibus():
    counts = [[20, 15, 6], [12, 18, 9], [8, 7, 14]]  # levels a, b, c by online, f2f, phone
    modes = ["online", "face-to-face", "phone"]
    frame = frame_from_columns([m for _ in "abc" for m in modes],
                               weight=[w for row in counts for w in row],
                               band=[lvl for lvl in "abc" for _ in modes])
    r = compare_categories(frame, "band", groups=PAIR, modes=modes, levels=list("abc"))
    statistic, df, p = R.THREE_CHISQ
    assert (r.chi_square.statistic, r.chi_square.df, r.chi_square.p) == pytest.approx(
        (statistic, df, p), rel=REL)
    assert (r.chi_square.cramers_v, r.chi_square.cramers_v_ci.low,
            r.chi_square.cramers_v_ci.high) == pytest.approx(R.THREE_CRAMER, rel=1e-6)
    assert r.adjusted_residuals.shape == (3, 3)
    assert all(t.a_with + t.a_without == 40 for t in r.per_level)  # online only, vs f2f
    without_pair = compare_categories(frame, "band")
    assert without_pair.per_level == () and without_pair.groups is None


def test_a_categorical_columns_own_order_is_kept():
    frame = lippke()
    frame["status"] = pd.Categorical(frame["status"], categories=LEVELS[::-1])
    r = compare_categories(frame, "status")
    assert list(r.counts.index) == LEVELS[::-1]
    assert r.groups == ("face-to-face", "online")  # the larger first


def test_the_sample_gender_by_mode():
    frame = load_sample().frame
    r = compare_categories(frame, "gender")
    assert r.counts.to_numpy().sum() == r.exclusions.n_used
    assert r.chi_square.n == r.exclusions.n_used
    out = json.loads(json.dumps(json_ready(to_plain(r)), allow_nan=False))
    assert set(out) >= {"counts", "chi_square", "adjusted_residuals", "per_level", "exclusions"}


def test_missing_values_are_counted():
    frame = frame_from_columns(["online", "online", "face-to-face"], weight=[3, 2, 4],
                               band=["a", None, "b"])
    r = compare_categories(frame, "band")
    assert r.exclusions.dropped == (("band missing", 1, 2),)
    assert r.chi_square is not None and r.chi_square.monte_carlo_p is not None


def test_one_level_has_nothing_to_test():
    frame = frame_from_columns(["online", "face-to-face"], weight=[3, 4], band=["a", "a"])
    r = compare_categories(frame, "band")
    assert r.chi_square is None and r.adjusted_residuals is None
    assert any("at least two" in n for n in r.notes)


def test_labels():
    labels = category_labels(pd.Series([1.0, 0.0, np.nan, 2.5]))
    assert labels.tolist() == ["1", "0", pd.NA, "2.5"]
    assert category_labels(pd.Series([" a ", "", None])).tolist() == ["a", pd.NA, pd.NA]


@pytest.mark.parametrize("kwargs, code", [
    ({"column": "nope"}, "unknown_column"),
    ({"levels": ["dropouts"]}, "unknown_level"),
    ({"levels": LEVELS + ["other"]}, "unknown_level"),
    ({"groups": ("online", "chat")}, "group_too_small"),
    ({"groups": ("online",)}, "bad_groups"),
    ({"confidence_level": 1.5}, "bad_confidence_level"),
])
def test_bad_input(kwargs, code):
    args = {"column": "status", **kwargs}
    with pytest.raises(DataError) as err:
        compare_categories(lippke(), args.pop("column"), **args)
    assert err.value.code == code and err.value.message


def test_numbers_in_a_text_column_are_labelled_as_numbers():
    column = pd.Series(["yes", 1.0, 1, " no", None, np.nan, 2.5], dtype=object)
    labels = category_labels(column)
    assert labels.isna().tolist() == [False, False, False, False, True, True, False]
    assert labels.dropna().tolist() == ["yes", "1", "1", "no", "2.5"]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["online", "f2f", "phone", None, ""]),
                          st.integers(min_value=0, max_value=500),
                          st.sampled_from(["a", "b", " c", "", None, 1, 2.0])), max_size=12),
       st.sampled_from([None, PAIR]))
def test_random_frames_give_a_result_or_a_plain_message(rows, groups):
    frame = frame_from_columns([r[0] for r in rows], weight=[r[1] for r in rows],
                               band=pd.Series([r[2] for r in rows], dtype=object))
    try:
        result = compare_categories(frame, "band", groups=groups)
    except DataError as err:
        assert err.message and err.code
        return
    json.dumps(json_ready(to_plain(result)), allow_nan=False)
    assert int(result.counts.to_numpy().sum()) == result.exclusions.n_used
