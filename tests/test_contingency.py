"""analysis/stats/contingency.py: chi-square, residuals, Cramér's V and per-problem Fisher tests
against R (tests/reference/r_reference.py and contingency_reference.py), the checks, and
properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.errors import DataError
from analysis.stats.contingency import (
    adjusted_residuals,
    chi_square_test,
    expected_counts,
    monte_carlo_p,
    noncentral_chi2_ci,
    per_problem_fisher,
)
from tests.reference import contingency_reference as CT
from tests.reference import r_reference as R

REL, P_ABS = 1e-6, 1e-6
TABLE = pd.DataFrame({"online": R.TABLE_ONLINE, "face-to-face": R.TABLE_F2F},
                     index=R.TABLE_PROBLEMS)


def test_chi_square_and_residuals_match_r():
    x = chi_square_test(TABLE)
    stat, df, p = R.TABLE_CHISQ  # R: chisq.test(tab, correct = FALSE)
    assert (x.statistic, x.df) == (pytest.approx(stat, rel=REL), df)
    assert x.p == pytest.approx(p, abs=P_ABS)
    assert x.n_small_expected > 0 and x.monte_carlo_p is not None  # the rare OCD row
    assert 0 <= x.cramers_v_ci.low <= x.cramers_v <= x.cramers_v_ci.high < 1
    residuals, _ = adjusted_residuals(TABLE)
    # R: chisq.test(tab)$stdres[, "online"]
    assert residuals["online"].tolist() == pytest.approx(R.TABLE_STDRES_ONLINE, rel=REL)


def test_two_by_two_chi_square_has_no_yates_correction():
    a, b, c, d = R.TWO_BY_TWO
    x = chi_square_test(pd.DataFrame({"A": [a, b], "B": [c, d]}))
    stat, p = R.TWO_BY_TWO_CHISQ  # R: chisq.test(matrix(c(12, 5, 7, 14), 2), correct = FALSE)
    assert x.statistic == pytest.approx(stat, rel=REL) and x.p == pytest.approx(p, abs=P_ABS)


def test_per_problem_fisher_odds_ratios_and_adjustment_match_r():
    clients = TABLE.sum()
    rows = per_problem_fisher(TABLE, clients, ("online", "face-to-face"))
    # R: fisher.test(matrix(c(a_with, b_with, a_without, b_without), 2)); p.adjust(p, "holm"/"BH")
    assert [r.p for r in rows] == pytest.approx(R.TABLE_FISHER_P, abs=P_ABS)
    # fisher.test finds the conditional MLE and its CI with uniroot at tol = eps^0.25, so its
    # printed odds ratios are good to about 1e-3 only; fisher.test's algorithm rerun in R with
    # tol = 1e-14 (make_r_reference.R, fisher_tight) gives the 1e-6 reference
    assert [r.odds_ratio for r in rows] == pytest.approx(R.TABLE_FISHER_OR, rel=1e-3)
    assert [r.ci.high for r in rows] == pytest.approx(R.TABLE_FISHER_HIGH, rel=1e-3)
    assert [r.odds_ratio for r in rows] == pytest.approx(R.TABLE_FISHER_TIGHT_OR, rel=1e-6)
    assert [r.ci.low for r in rows] == pytest.approx(R.TABLE_FISHER_TIGHT_LOW, rel=1e-6)
    assert [r.ci.high for r in rows] == pytest.approx(R.TABLE_FISHER_TIGHT_HIGH, rel=1e-6)
    assert [r.p_holm for r in rows] == pytest.approx(R.TABLE_HOLM, abs=P_ABS)
    assert [r.p_bh for r in rows] == pytest.approx(R.TABLE_BH, abs=P_ABS)


def test_zero_cells_are_said():
    table = pd.DataFrame({"A": [10, 0], "B": [8, 5]}, index=["x", "y"])
    rows = per_problem_fisher(table, table.sum(), ("A", "B"))
    assert rows[1].odds_ratio == 0 and "zero cell" in rows[1].note


def test_large_tables_use_woolf_and_agree_with_the_exact_method():
    from analysis.stats import contingency
    table = pd.DataFrame({"A": [3000, 2100], "B": [2500, 2600]}, index=["x", "y"])
    large = per_problem_fisher(table, table.sum(), ("A", "B"))[0]
    assert large.or_method == "sample odds ratio, Woolf CI"
    assert large.odds_ratio == pytest.approx((3000 * 2600) / (2100 * 2500))
    original = contingency.EXACT_OR_MAX_N
    try:
        contingency.EXACT_OR_MAX_N = 20_000
        exact = per_problem_fisher(table, table.sum(), ("A", "B"))[0]
    finally:
        contingency.EXACT_OR_MAX_N = original
    assert exact.or_method.startswith("conditional")
    assert large.odds_ratio == pytest.approx(exact.odds_ratio, rel=1e-3)
    assert (large.ci.low, large.ci.high) == pytest.approx((exact.ci.low, exact.ci.high), rel=2e-3)


def test_rare_problems_in_large_tables_keep_the_exact_odds_ratio():
    # 3 of 6,303 vs 0 of 6,500 clients: Woolf's 7.22 [0.37, 139.8] was shown before
    table = pd.DataFrame({"A": [3, 6300], "B": [0, 6500]}, index=["rare", "common"])
    rare, common = per_problem_fisher(table, table.sum(), ("A", "B"))
    for row, name in ((rare, "RARE"), (common, "RARE_OTHER")):
        cells, (p, est, lo, hi), (t_est, t_lo, t_hi) = (getattr(CT, name)[:4],
                                                        getattr(CT, name)[4:8],
                                                        getattr(CT, name)[8:])
        # R: fisher.test(matrix(c(a_with, b_with, a_without, b_without), 2))
        assert [row.a_with, row.a_without, row.b_with, row.b_without] == cells
        assert row.or_method.startswith("conditional")
        assert row.p == pytest.approx(p, abs=1e-12)
        assert (row.odds_ratio, row.ci.low, row.ci.high) == pytest.approx((est, lo, hi), rel=1e-4)
        # fisher.test's algorithm at uniroot tol = 1e-14 (make_contingency_reference.R)
        assert (row.odds_ratio, row.ci.low, row.ci.high) == pytest.approx((t_est, t_lo, t_hi),
                                                                          rel=1e-6)
    assert rare.odds_ratio == np.inf and rare.ci.high == np.inf and "zero cell" in rare.note


@pytest.mark.parametrize("name", ["SMALL_CELL", "ZERO_IN_A"])
def test_large_tables_with_a_small_cell_match_fisher_test(name):
    a_with, a_without, b_with, b_without, p, est, lo, hi, t_est, t_lo, t_hi = getattr(CT, name)
    table = pd.DataFrame({"A": [a_with, a_without], "B": [b_with, b_without]}, index=["x", "y"])
    row = per_problem_fisher(table, table.sum(), ("A", "B"))[0]
    assert table.to_numpy().sum() > 10_000 and row.or_method.startswith("conditional")
    # R: fisher.test(matrix(c(a_with, b_with, a_without, b_without), 2))
    assert row.p == pytest.approx(p, abs=1e-12)
    assert (row.odds_ratio, row.ci.low, row.ci.high) == pytest.approx((t_est, t_lo, t_hi), rel=1e-6)
    assert (row.odds_ratio, row.ci.low, row.ci.high) == pytest.approx((est, lo, hi), rel=1e-4)


def test_woolf_only_when_every_cell_is_large():
    from analysis.stats.contingency import EXACT_OR_MAX_N, WOOLF_MIN_CELL, _odds_ratio
    big = np.array([[WOOLF_MIN_CELL, 9000], [1200, 9000]])
    assert big.sum() > EXACT_OR_MAX_N
    assert _odds_ratio(big, 0.95)[2] == "sample odds ratio, Woolf CI"
    one_short = big - np.array([[1, 0], [0, 0]])
    assert _odds_ratio(one_short, 0.95)[2] == "conditional MLE, exact CI"


def test_cramers_v_ci_stays_within_0_and_1():
    perfect = pd.DataFrame({"A": [20, 0], "B": [0, 20]})
    x = chi_square_test(perfect)
    assert x.cramers_v == 1.0 and x.cramers_v_ci.high == 1.0  # the ncp bound alone gives > 1
    assert 0 < x.cramers_v_ci.low < 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 60), min_size=2, max_size=4), min_size=2, max_size=5))
def test_cramers_v_and_its_ci_are_in_0_1(rows):
    width = min(len(r) for r in rows)
    table = pd.DataFrame([r[:width] for r in rows])
    kept = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0]
    assume(min(kept.shape) >= 2)
    x = chi_square_test(table)
    # the high end can be below V: when X^2 is under the central chi-square's 2.5% point, no
    # noncentrality puts it there and the CI is [0, 0] (Steiger 2004)
    assert 0 <= x.cramers_v_ci.low <= x.cramers_v_ci.high <= 1
    assert 0 <= x.cramers_v <= 1 and x.cramers_v_ci.low <= x.cramers_v


def test_monte_carlo_p_is_seeded_and_sensible():
    from analysis.stats.contingency import monte_carlo_p
    observed = np.array([[8, 1, 0], [2, 6, 5]], float)
    stat = chi_square_test(pd.DataFrame(observed)).statistic
    first = monte_carlo_p(observed, stat)
    assert first == monte_carlo_p(observed, stat)  # same seed, same p
    assert 1 / 2001 <= first < 0.05
    null = np.array([[5, 5], [5, 5]], float)
    assert monte_carlo_p(null, 0.0) == 1.0


# ---- the checks --------------------------------------------------------------------------------

@pytest.mark.parametrize("level", [95, 0, 1, -0.5, float("nan")])
def test_a_confidence_level_outside_0_1_is_refused(level):
    calls = [lambda: chi_square_test(TABLE, confidence_level=level),
             lambda: per_problem_fisher(TABLE, TABLE.sum(), ("online", "face-to-face"),
                                        confidence_level=level),
             lambda: noncentral_chi2_ci(9.5, 4, confidence_level=level)]
    for call in calls:
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == "bad_confidence_level"


@pytest.mark.parametrize("cells", [[[1, np.nan], [3, 4]], [[1, -2], [3, 4]], [[1, np.inf], [3, 4]]])
def test_counts_that_are_not_counts_are_refused(cells):
    table = pd.DataFrame(cells, columns=["A", "B"])
    for call in (lambda: chi_square_test(table), lambda: adjusted_residuals(table),
                 lambda: per_problem_fisher(table, pd.Series({"A": 10, "B": 10}), ("A", "B")),
                 lambda: monte_carlo_p(table.to_numpy(), 1.0)):
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == "bad_counts"


def test_tables_too_small_and_unknown_groups_are_refused():
    one_column = pd.DataFrame({"A": [3, 4], "B": [0, 0]})
    for call in (lambda: chi_square_test(one_column), lambda: adjusted_residuals(one_column)):
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == "too_few_levels"
    with pytest.raises(DataError) as error:
        per_problem_fisher(TABLE, TABLE.sum(), ("online", "phone"))
    assert error.value.code == "unknown_group"
    with pytest.raises(DataError) as error:  # more clients with a problem than clients
        per_problem_fisher(TABLE, TABLE.sum() - 100, ("online", "face-to-face"))
    assert error.value.code == "bad_counts"


def test_bad_chi_square_arguments_are_refused():
    for call, code in ((lambda: noncentral_chi2_ci(float("nan"), 2), "not_finite"),
                       (lambda: noncentral_chi2_ci(-1.0, 2), "not_finite"),
                       (lambda: noncentral_chi2_ci(3.0, 0), "bad_df"),
                       (lambda: noncentral_chi2_ci(3.0, 1.5), "bad_df"),
                       (lambda: monte_carlo_p(np.ones((2, 2)), 0.0, b=0), "bad_argument"),
                       (lambda: monte_carlo_p(np.ones((2, 2)), float("nan")), "not_finite")):
        with pytest.raises(DataError) as error:
            call()
        assert error.value.code == code


@pytest.mark.parametrize("observed", [[[1.0, np.nan], [2.0, 3.0]], [[1.0, -1.0], [2.0, 3.0]],
                                      [[0.0, 0.0], [0.0, 0.0]], [1.0, 2.0]])
def test_expected_counts_refuses_what_is_not_a_table(observed):
    with pytest.raises(DataError) as error:
        expected_counts(observed)
    assert error.value.code == "bad_counts"
