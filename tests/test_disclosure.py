"""Small-count protection of count tables: the linear-programming audit must not pin any count
below k, complementary cells are few, and the labels are honest."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats.disclosure import (
    _published_mask,
    count_range,
    is_pinned,
    pinned_counts,
    pool_values,
    protect_counts,
)

# The Problem types page at k = 15 as a user saw it (issue 8): OCD has 12 online clients.
PROBLEMS = np.array([[145, 161], [108, 170], [56, 124], [39, 67], [12, 845 - 800], [18, 30]])


def audit(counts, protection, rows=True, cols=True, grand=True) -> list:
    published = _published_mask(np.shape(counts), rows, cols, grand)
    return pinned_counts(np.asarray(counts), protection.hidden, published, protection.primary)


def test_a_lone_small_cell_is_not_pinned_by_its_row_or_column():
    p = protect_counts(PROBLEMS, 15)
    assert p.cells[4, 0] and p.primary[4, 0]
    assert audit(PROBLEMS, p) == []
    # what the page used to print: the row total minus the shown cell gave 857 - 845 = 12
    visible = ~p.hidden
    assert not (visible[4, 1] and visible[4, 2])


def test_complements_are_not_labelled_as_small():
    p = protect_counts(PROBLEMS, 15)
    complements = p.hidden & ~p.primary
    assert complements.any()
    full = np.zeros((7, 3))
    full[:6, :2] = PROBLEMS
    full[:6, 2] = PROBLEMS.sum(axis=1)
    full[6, :2] = PROBLEMS.sum(axis=0)
    assert (full[p.primary] < 15).all() and (full[p.primary] > 0).all()


def test_large_rows_are_not_hidden_whole_when_a_row_total_will_do():
    counts = np.array([[124, 56], [39, 67], [12, 845], [300, 400]])
    p = protect_counts(counts, 15)
    assert not p.cells.all(axis=1)[[0, 1, 3]].any()  # no whole row of large counts
    assert not p.cells[2, 1] and p.rows[2]  # the OCD total is hidden instead of its 845
    assert p.cells.sum() == 2  # 12, and one complement in its column


def test_without_published_totals_nothing_else_is_hidden():
    counts = np.array([[3, 40], [50, 60]])
    p = protect_counts(counts, 5, row_totals=False, col_totals=False, grand_total=False)
    assert p.cells.sum() == 1 and audit(counts, p, False, False, False) == []


def test_a_small_total_is_itself_hidden():
    counts = np.array([[2, 3], [40, 50]])
    p = protect_counts(counts, 10)
    assert p.rows[0] and p.primary[0, 2]


def test_count_range_matches_a_hand_solution():
    counts = np.array([[12, 45], [18, 30]])
    hidden = np.zeros((3, 3), dtype=bool)
    hidden[0, 0] = hidden[1, 0] = True  # two cells of a column: their sum is known
    published = _published_mask((2, 2), False, True, True)
    assert count_range(counts, hidden, published, (0, 0)) == pytest.approx((0, 30))
    published = _published_mask((2, 2), True, True, True)
    low, high = count_range(counts, hidden, published, (0, 0))
    assert is_pinned(low, high) and low == pytest.approx(12)


tables = st.lists(st.lists(st.integers(0, 40), min_size=2, max_size=5), min_size=2,
                  max_size=7).filter(lambda rows: len({len(r) for r in rows}) == 1)


@settings(max_examples=60, deadline=None)
@given(tables, st.integers(3, 20), st.booleans(), st.booleans())
def test_no_count_below_k_can_be_worked_out(rows, k, row_totals, col_totals):
    counts = np.array(rows)
    p = protect_counts(counts, k, row_totals=row_totals, col_totals=col_totals)
    assert audit(counts, p, row_totals, col_totals, True) == []
    full_small = (counts > 0) & (counts < k)
    assert (p.cells | ~full_small).all()  # every small cell is hidden
    assert not (p.primary[:-1, :-1] & (counts >= k)).any()  # "<k" only on counts below k


def test_pooling_leaves_no_bar_below_k():
    samples = {"a": (np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 3, 40, 50, 1])),
               "b": (np.array([1.0, 3, 4, 5]), np.array([20.0, 30, 60, 7]))}
    bins = pool_values(samples, 5)
    for values, counts in samples.values():
        for lo, hi in bins:
            total = counts[(values >= lo) & (values <= hi)].sum()
            assert total == 0 or total >= 5
    assert bins[0] == (1.0, 2.0) and bins[-1][1] == 5.0


@pytest.mark.parametrize("counts, k, code", [
    ([[1, np.nan], [3, 4]], 5, "bad_counts"),
    ([[1, -1], [3, 4]], 5, "bad_counts"),
    ([1, 2, 3], 5, "bad_counts"),
    ([[1, 2], [3, 4]], 0, "bad_k"),
    ([[1, 2], [3, 4]], float("nan"), "bad_k"),
])
def test_bad_tables_and_thresholds_are_refused_with_a_code(counts, k, code):
    from analysis.errors import DataError
    from analysis.stats.disclosure import pool_values, protect_counts

    with pytest.raises(DataError) as error:
        protect_counts(counts, k)
    assert error.value.code == code
    if code == "bad_k":
        with pytest.raises(DataError) as error:
            pool_values({"a": (np.array([1.0]), np.array([3.0]))}, k)
        assert error.value.code == "bad_k"
