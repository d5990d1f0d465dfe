"""Small-cell suppression, primary and secondary."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.suppression import small, suppress_table


def test_primary_hides_small_nonzero_counts_only():
    assert small([0, 1, 4, 5, 12], 5).tolist() == [False, True, True, False, False]


def test_secondary_protects_the_hidden_cell_in_its_row_and_column():
    counts = pd.DataFrame({"online": [3, 40, 20], "f2f": [30, 25, 9]}, index=["a", "b", "c"])
    cells, rows, cols = suppress_table(counts, 5)
    assert cells.loc["a", "online"]
    assert cells.loc["a"].sum() >= 2 and cells["online"].sum() >= 2


def test_a_lone_cell_hides_the_total():
    counts = pd.DataFrame({"online": [3], "f2f": [0]}, index=["a"])
    cells, rows, cols = suppress_table(counts, 5)
    assert cells.loc["a", "online"] and rows["a"] and cols["online"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=6))
def test_no_line_has_exactly_one_hidden_cell_with_a_visible_total(grid):
    width = min(len(r) for r in grid)
    counts = pd.DataFrame([r[:width] for r in grid])
    cells, rows, cols = suppress_table(counts, 5)
    hidden = cells.to_numpy()
    assert (hidden | ~small(counts.to_numpy(), 5)).all()  # every small count is hidden
    for i in range(hidden.shape[0]):
        assert hidden[i].sum() != 1 or rows.iloc[i]
    for j in range(hidden.shape[1]):
        assert hidden[:, j].sum() != 1 or cols.iloc[j]
    assert not (hidden & (counts.to_numpy() == 0)).any()  # zeros are never hidden
