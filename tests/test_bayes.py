"""analysis/stats/bayes.py: the JZS Bayes factor against high-precision quadrature and pingouin,
and the checks."""

import pytest

from analysis.errors import DataError
from analysis.stats.bayes import jzs_bayes_factor, jzs_log_bayes_factor


@pytest.mark.parametrize("t, nx, ny, exact, pingouin", [
    (2.435111433413027, 7, 9, 2.50831882940765169676, 2.5082861996010855),
    (0.5228556727, 55, 52, 0.231307814948623845734, 0.2313379944034958),
    (-3.594187750700914, 586, 771, 35.5627861792695276981, 35.56735942839799),
])
def test_bayes_factor_matches_high_precision_quadrature_and_pingouin(t, nx, ny, exact, pingouin):
    # exact: Rouder et al. (2009) eq. 1 integrated with mpmath at 30 digits;
    # pingouin 0.7.0: pg.bayesfactor_ttest(t, nx, ny, r=.707), whose own quadrature is looser
    assert jzs_bayes_factor(t, nx, ny) == pytest.approx(exact, rel=1e-9)
    assert jzs_bayes_factor(t, nx, ny) == pytest.approx(pingouin, rel=1e-3)


def test_huge_samples_give_a_log_bayes_factor_not_an_overflow():
    assert jzs_log_bayes_factor(55, 500_000, 450_000) > 1000
    assert jzs_bayes_factor(55, 500_000, 450_000) == float("inf")
    assert jzs_bayes_factor(0.1, 500_000, 500_000) < 0.01  # evidence for no difference


@pytest.mark.parametrize("args, code", [
    ((float("nan"), 10, 10), "not_finite"),
    ((float("inf"), 10, 10), "not_finite"),
    ((2.0, 1, 1), "too_few_values"),
    ((2.0, 0, 10), "too_few_values"),
    ((2.0, float("nan"), 10), "not_finite"),
    ((2.0, 10, 10, 0.0), "bad_argument"),
    ((2.0, 10, 10, -1.0), "bad_argument"),
])
def test_bad_arguments_are_refused_with_a_code(args, code):
    for f in (jzs_bayes_factor, jzs_log_bayes_factor):
        with pytest.raises(DataError) as error:
            f(*args[:3], **({"r": args[3]} if len(args) > 3 else {}))
        assert error.value.code == code
