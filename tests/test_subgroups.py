"""Subgroups, the interaction and the adjusted mode effect, against R."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data.bundled import load_sample
from analysis.data.dataset import frame_from_columns
from analysis.errors import DataError
from analysis.stats.ttests import welch_t
from analysis.subgroups import (
    adjusted_mode_effect,
    compare_within_problems,
    mode_problem_interaction,
)
from tests.reference import confounding_reference as C
from tests.reference import r_reference as R

GROUPS = ("online", "face-to-face")


def sub_frame() -> pd.DataFrame:
    return frame_from_columns(R.SUB_MODE, R.SUB_Y, R.SUB_PROBLEM, age=np.array(R.SUB_AGE, float))


def test_interaction_matches_r_anova():
    result = mode_problem_interaction(sub_frame(), groups=GROUPS)
    f, df1, df2, p = R.SUB_INTERACTION  # R: anova(lm(y ~ mode * problem))["mode:problem", ]
    assert (result.f, result.df1, result.df2) == pytest.approx((f, df1, df2), rel=1e-6)
    assert result.p == pytest.approx(p, abs=1e-6)


def test_adjusted_effect_matches_r_hc3():
    result = adjusted_mode_effect(sub_frame(), groups=GROUPS, covariates=["problem", "age"])
    # R: lm(y ~ is_a [+ problem + age]) with the HC3 sandwich written out in make_r_reference.R
    assert (result.unadjusted.estimate, result.unadjusted.se) == pytest.approx(
        R.SUB_UNADJUSTED, rel=1e-6)
    assert (result.adjusted.estimate, result.adjusted.se) == pytest.approx(R.SUB_ADJUSTED, rel=1e-6)
    assert result.exclusions.n_used == len(R.SUB_Y)


def effect_tuple(effect):
    return (effect.estimate, effect.se, effect.estimate / effect.se, effect.df, effect.p,
            effect.ci.low, effect.ci.high)


def test_adjusted_effect_uses_t_with_the_residual_df_as_r():
    frame = frame_from_columns(C.ADJ_MODE, C.ADJ_Y, C.ADJ_PROBLEM, age=C.ADJ_AGE,
                               site=C.ADJ_SITE)
    result = adjusted_mode_effect(frame, groups=GROUPS, covariates=["problem", "age", "site"])
    # R: fit <- lm(y ~ is_a [+ problem + age + site]); v <- sandwich::vcovHC(fit, type = "HC3")
    #    lmtest::coeftest(fit, vcov. = v)["is_a", ]; lmtest::coefci(fit, "is_a", vcov. = v)
    #    (make_confounding_reference.R): estimate, se, t, df, p, CI
    assert effect_tuple(result.unadjusted) == pytest.approx(C.ADJ_UNADJUSTED, rel=1e-9)
    assert effect_tuple(result.adjusted) == pytest.approx(C.ADJ_ADJUSTED, rel=1e-9)
    assert (result.unadjusted.n, result.adjusted.n) == (140, 140)
    assert result.formula == "outcome ~ mode + problem + age + site"


def test_adjusted_effect_on_aggregated_rows_is_r_on_one_row_per_client():
    frame = frame_from_columns(C.AGG_MODE, C.AGG_Y, C.AGG_PROBLEM, weight=C.AGG_COUNT)
    result = adjusted_mode_effect(frame, groups=GROUPS, covariates=["problem"])
    # R: the same lm/coeftest/coefci on agg[rep(seq_len(nrow(agg)), agg$count), ]
    assert effect_tuple(result.unadjusted) == pytest.approx(C.AGG_UNADJUSTED, rel=1e-9)
    assert effect_tuple(result.adjusted) == pytest.approx(C.AGG_ADJUSTED, rel=1e-9)
    assert result.adjusted.n == sum(C.AGG_COUNT)


def test_within_problem_differences_match_r():
    frame = frame_from_columns(C.ADJ_MODE, C.ADJ_Y, C.ADJ_PROBLEM)
    rows = compare_within_problems(frame, groups=GROUPS, sep=None)
    assert [r.problem for r in rows] == C.ADJ_WITHIN_PROBLEMS
    for i, row in enumerate(rows):
        # R: t.test(y[online & problem], y[face-to-face & problem]); p.adjust(p, "holm")
        n_a, n_b, diff, lo, hi, t, df, p = getattr(C, f"ADJ_WITHIN_{i}")
        assert (row.n_a, row.n_b) == (n_a, n_b)
        assert (row.mean_diff, row.ci.low, row.ci.high, row.t, row.df, row.p) == pytest.approx(
            (diff, lo, hi, t, df, p), rel=1e-9)
        assert row.p_holm == pytest.approx(C.ADJ_WITHIN_HOLM[i], rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(-3, 3), st.floats(0.5, 20))
def test_adjusted_effect_shifts_and_scales_with_the_outcome(seed, shift, scale):
    rng = np.random.default_rng(seed)
    n = 40
    mode = rng.choice(["online", "face-to-face"], n)
    mode[:2] = ["online", "face-to-face"]
    frame = frame_from_columns(mode, rng.normal(20, 3, n), rng.choice(list("abc"), n),
                               age=rng.integers(18, 70, n).astype(float))
    base = adjusted_mode_effect(frame, groups=GROUPS, covariates=["problem", "age"]).adjusted
    moved = frame.assign(outcome=frame["outcome"] * scale + shift)
    other = adjusted_mode_effect(moved, groups=GROUPS, covariates=["problem", "age"]).adjusted
    assert other.estimate == pytest.approx(base.estimate * scale, rel=1e-6, abs=1e-9)
    assert other.p == pytest.approx(base.p, rel=1e-6, abs=1e-12)
    assert other.df == base.df and base.ci.low <= base.estimate <= base.ci.high


def test_adjusted_effect_counts_rows_missing_a_covariate_and_honours_weights():
    frame = sub_frame()
    frame.loc[[0, 1], "age"] = np.nan
    result = adjusted_mode_effect(frame, groups=GROUPS, covariates=["age"])
    assert ("a covariate missing", 2, 2) in result.exclusions.dropped
    doubled = sub_frame().assign(weight=2)
    once = adjusted_mode_effect(sub_frame(), groups=GROUPS, covariates=["age"])
    twice = adjusted_mode_effect(doubled, groups=GROUPS, covariates=["age"])
    assert twice.adjusted.estimate == pytest.approx(once.adjusted.estimate)
    assert twice.adjusted.se < once.adjusted.se
    with pytest.raises(DataError, match="No such covariate"):
        adjusted_mode_effect(frame, groups=GROUPS, covariates=["income"])


def test_within_problem_comparisons_are_welch_per_problem_with_holm():
    ds = load_sample()
    rows = compare_within_problems(ds.frame, groups=GROUPS, sep=None)
    frame = ds.frame
    part = frame[(frame["problem"] == "family") & frame["outcome"].notna()]
    expected = welch_t(part.loc[part["mode"] == "online", "outcome"],
                       part.loc[part["mode"] == "face-to-face", "outcome"])
    family = next(r for r in rows if r.problem == "family")
    assert family.t == pytest.approx(expected.t) and family.p == pytest.approx(expected.p)
    ps = np.array([r.p for r in rows])
    assert all(r.p_holm >= r.p for r in rows)
    assert min(r.p_holm for r in rows) == pytest.approx(min(1, ps.min() * len(ps)))




