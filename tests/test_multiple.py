"""analysis/stats/multiple.py: p-value adjustment as R's p.adjust, and the checks."""

import numpy as np
import pytest

from analysis.errors import DataError
from analysis.stats.multiple import p_adjust
from tests.reference import r_reference as R


def test_p_adjust_handles_nan_and_order():
    assert p_adjust([0.04, np.nan, 0.01], "holm").tolist()[::2] == pytest.approx([0.04, 0.02])
    with pytest.raises(ValueError):
        p_adjust([0.1], "bonferroni")


def test_p_adjust_matches_r():
    # R: p.adjust(fisher_p, "holm") and p.adjust(fisher_p, "BH")
    assert p_adjust(R.TABLE_FISHER_P, "holm").tolist() == pytest.approx(R.TABLE_HOLM, abs=1e-6)
    assert p_adjust(R.TABLE_FISHER_P, "BH").tolist() == pytest.approx(R.TABLE_BH, abs=1e-6)


@pytest.mark.parametrize("p, method, code", [
    ([0.1], "bonferroni", "bad_method"),
    ([0.1, 1.5], "holm", "bad_p_value"),
    ([-0.1], "BH", "bad_p_value"),
    ([np.inf], "holm", "bad_p_value"),
    (["a"], "holm", "bad_p_value"),
])
def test_bad_arguments_are_refused_with_a_code(p, method, code):
    with pytest.raises(DataError) as error:
        p_adjust(p, method)
    assert error.value.code == code
