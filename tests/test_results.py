"""analysis/results.py and the contract every statistic of analysis/stats keeps: NaN and bad
arguments refused with a DataError code, one serialiser (to_plain), no to_dict of its own."""

import dataclasses
import importlib
import pkgutil

import numpy as np
import pytest

import analysis.stats
from analysis.errors import DataError
from analysis.results import (
    ALTERNATIVES,
    checked_alpha,
    checked_alternative,
    checked_confidence,
    to_plain,
)
from analysis.stats.anova import games_howell
from analysis.stats.contingency import chi_square_test
from analysis.stats.effect_sizes import cohens_d
from analysis.stats.ranks import hodges_lehmann, mann_whitney
from analysis.stats.ttests import student_t, tost, welch_t
from tests.reference import r_reference as R

TWO_SAMPLE = [welch_t, student_t, mann_whitney, cohens_d, hodges_lehmann]
WITH_LEVEL = [welch_t, student_t, mann_whitney, cohens_d]


@pytest.mark.parametrize("test", TWO_SAMPLE + [lambda a, b, **kw: tost(a, b, 1.0, **kw)],
                         ids=lambda f: f.__name__)
def test_a_missing_value_is_refused_not_ranked(test):
    """mann_whitney([1, 2, nan, 4], [3, 4, 5]) used to rank the NaN as the largest value
    (U = 4.5, p = .72; without it R's wilcox.test(c(1, 2, 4), c(3, 4, 5)) gives W = 1.5)."""
    with pytest.raises(DataError) as error:
        test([1, 2, np.nan, 4], [3, 4, 5])
    assert error.value.code == "not_finite"
    with pytest.raises(DataError) as error:
        test([1, 2, 4], [3, np.inf, 5])
    assert error.value.code == "not_finite"
    assert mann_whitney([1, 2, 4], [3, 4, 5]).u == 1.5
    with pytest.raises(DataError) as error:
        test([1, 2, 3], [3, 4, 5], weights_a=[1, -1, 1])
    assert error.value.code == "bad_weights"


@pytest.mark.parametrize("level", [95, 0, 1, -0.5, float("nan"), "0.95", True])
def test_a_confidence_level_outside_0_1_is_refused(level):
    for test in WITH_LEVEL:
        with pytest.raises(DataError) as error:
            test([1, 2, 3], [4, 5, 7], confidence_level=level)
        assert error.value.code == "bad_confidence_level"
    with pytest.raises(DataError) as error:
        games_howell([([1, 2, 3], None), ([4, 5, 7], None)], ["a", "b"], confidence_level=level)
    assert error.value.code == "bad_confidence_level"
    with pytest.raises(DataError) as error:
        chi_square_test(np.array([[10, 5], [3, 9]]), confidence_level=level)
    assert error.value.code == "bad_confidence_level"


@pytest.mark.parametrize("test", [welch_t, student_t, mann_whitney], ids=lambda f: f.__name__)
def test_every_two_sample_test_takes_the_same_alternatives(test):
    for alternative in ALTERNATIVES:
        assert test(R.TINY_A, R.TINY_B, alternative=alternative).alternative == alternative
    with pytest.raises(DataError) as error:
        test(R.TINY_A, R.TINY_B, alternative="two.sided")  # R's spelling, not scipy's
    assert error.value.code == "bad_alternative"


def test_the_checks():
    assert checked_confidence(0.9) == 0.9 and checked_alpha(0.05) == 0.05
    assert checked_alternative("greater") == "greater"
    for call, code in ((lambda: checked_alpha(0.0), "bad_alpha"),
                       (lambda: checked_alpha(float("nan")), "bad_alpha"),
                       (lambda: checked_alternative(1), "bad_alternative")):
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == code


def test_to_plain_leaves_out_a_two_sided_alternative_only():
    two = to_plain(welch_t(R.TINY_A, R.TINY_B))
    assert list(two) == ["t", "df", "p", "mean_diff", "ci", "se", "confidence_level"]
    one = to_plain(welch_t(R.TINY_A, R.TINY_B, alternative="less"))
    assert one["alternative"] == "less" and one["ci"][0] == -np.inf
    assert "alternative" not in to_plain(mann_whitney(R.TINY_A, R.TINY_B))
    assert to_plain(mann_whitney(R.TINY_A, R.TINY_B, alternative="greater"))["alternative"] == \
        "greater"


def test_no_stats_result_has_a_to_dict_of_its_own():
    """to_plain(result) is the one serialiser."""
    for info in pkgutil.iter_modules(analysis.stats.__path__):
        module = importlib.import_module(f"analysis.stats.{info.name}")
        for value in vars(module).values():
            if dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                assert not hasattr(value, "to_dict"), f"{module.__name__}.{value.__name__}"
