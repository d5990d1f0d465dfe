"""analysis/stats/assumptions.py: Brown-Forsythe and Shapiro-Wilk against scipy, and the checks."""

import numpy as np
import pytest

from analysis.errors import DataError
from analysis.stats.assumptions import levene_brown_forsythe, shapiro_wilk
from tests.reference import r_reference as R


def test_levene_and_shapiro_match_scipy():
    from scipy import stats
    groups = [R.TIES_A, R.TIES_B]
    bf = levene_brown_forsythe([(np.array(g, float), None) for g in groups])
    expected = stats.levene(*groups, center="median")
    assert (bf.statistic, bf.p) == pytest.approx((expected.statistic, expected.pvalue), rel=1e-9)
    assert shapiro_wilk(R.TINY_A).p == pytest.approx(stats.shapiro(R.TINY_A).pvalue, rel=1e-9)
    assert shapiro_wilk(np.ones(10)).note == "all values are equal"
    assert "5,000" in shapiro_wilk(np.arange(6000.0)).note


def test_bad_samples_are_refused_with_a_code():
    cases = [
        (lambda: levene_brown_forsythe([(R.TIES_A, None)]), "too_few_groups"),
        (lambda: levene_brown_forsythe([(R.TIES_A, None), ([], None)]), "too_few_values"),
        (lambda: levene_brown_forsythe([(R.TIES_A, None), ([1.0, np.nan], None)]), "not_finite"),
        (lambda: shapiro_wilk([1.0, 2.0, np.nan, 4.0]), "not_finite"),
        (lambda: shapiro_wilk([1.0, 2.0, 3.0], [1, 1]), "length_mismatch"),
    ]
    for call, code in cases:
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == code
