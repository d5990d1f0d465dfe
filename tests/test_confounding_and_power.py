"""Subgroups, the interaction, the adjusted mode effect and planning, against R."""

import numpy as np
import pandas as pd
import pytest

from analysis import power
from analysis.dataset import frame_from_columns
from analysis.errors import DataError
from analysis.sample import load_sample
from analysis.subgroups import (
    adjusted_mode_effect,
    compare_within_problems,
    mode_problem_interaction,
)
from analysis.ttests import welch_t
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
    assert (result.unadjusted.estimate, result.unadjusted.se) == pytest.approx(R.SUB_UNADJUSTED, rel=1e-6)
    assert (result.adjusted.estimate, result.adjusted.se) == pytest.approx(R.SUB_ADJUSTED, rel=1e-6)
    assert result.exclusions.n_used == len(R.SUB_Y)


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


def test_sample_size_and_power_match_r():
    # R: power.t.test(delta = d, sd = 1, sig.level = .05, power = p, strict = TRUE)$n
    assert power.sample_size_t(0.5).n_a == pytest.approx(R.POWER_N_D05, rel=1e-6)
    assert power.sample_size_t(0.2, power=0.9).n_a == pytest.approx(R.POWER_N_D02, rel=1e-6)
    assert power.planned_n(power.sample_size_t(0.5)) == (64, 64)
    assert power.power_t(0.3, 100, 100).power == pytest.approx(R.POWER_AT_N100_D03, rel=1e-6)
    assert power.detectable_d(100, 100).effect_size == pytest.approx(R.POWER_DETECTABLE_N100, rel=1e-6)
    # R: uniroot on 1 - pchisq(qchisq(.95, df), df, ncp = n * w^2) - power
    assert power.sample_size_chisq(0.3, 4) == pytest.approx(R.CHISQ_N_W03_DF4, rel=1e-6)
    assert power.detectable_w(500, 4) == pytest.approx(R.CHISQ_W_N500_DF4, rel=1e-6)


def test_unequal_groups():
    result = power.sample_size_t(0.4, ratio=2)
    assert result.n_b == pytest.approx(2 * result.n_a)
    assert power.power_t(0.4, result.n_a, result.n_b).power == pytest.approx(0.8, rel=1e-6)
