"""analysis/stats/anova.py: Welch's ANOVA and Games-Howell against R
(tests/reference/r_reference.py), and the checks."""

import numpy as np
import pytest

from analysis.errors import DataError
from analysis.stats.anova import games_howell, welch_anova
from tests.reference import r_reference as R

REL, P_ABS = 1e-6, 1e-6
THREE = [(np.array(R.THREE_1, float), None), (np.array(R.THREE_2, float), None),
         (np.array(R.THREE_3, float), None)]


def test_welch_anova_and_games_howell_match_r():
    w = welch_anova(THREE)
    f, df1, df2, p = R.THREE_WELCH_ANOVA  # R: oneway.test(y ~ g, var.equal = FALSE)
    assert (w.f, w.df1, w.df2) == pytest.approx((f, df1, df2), rel=REL)
    assert w.p == pytest.approx(p, abs=P_ABS)
    pairs = games_howell(THREE, ["a", "b", "c"])
    # R: ptukey(abs(t) * sqrt(2), 3, df, lower.tail = FALSE)
    assert [r.p for r in pairs] == pytest.approx(R.THREE_GAMES_HOWELL_P, abs=P_ABS)
    assert [(r.a, r.b) for r in pairs] == [("a", "b"), ("a", "c"), ("b", "c")]


@pytest.mark.parametrize("level", [95, 0, 1, float("nan"), "0.95"])
def test_games_howell_refuses_a_confidence_level_outside_0_1(level):
    with pytest.raises(DataError) as error:
        games_howell(THREE, ["a", "b", "c"], confidence_level=level)
    assert error.value.code == "bad_confidence_level"


def test_bad_groups_are_refused_with_a_code():
    cases = [
        (lambda: welch_anova(THREE[:1]), "too_few_groups"),
        (lambda: welch_anova([*THREE[:2], ([1.0], None)]), "too_few_values"),
        (lambda: welch_anova([*THREE[:2], ([1.0, np.nan, 3.0], None)]), "not_finite"),
        (lambda: welch_anova([*THREE[:2], ([1.0, 2.0], [1.0, -1.0])]), "bad_weights"),
        (lambda: games_howell(THREE, ["a", "b"]), "length_mismatch"),
        (lambda: games_howell([*THREE[:2], ([1.0], None)], ["a", "b", "c"]), "too_few_values"),
    ]
    for call, code in cases:
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == code
