"""Small-count protection: which counts of a table to hide so that no count below ``k`` can be
worked out exactly, from the cells left visible and the totals that are published.

A count table is a matrix of non-negative counts plus its margins (row totals, column totals and
the grand total). Each margin is *published* (shown somewhere, or derivable, e.g. from a
percentage) or not. Primary suppression hides every published count from 1 to ``k - 1`` (zeros
are not disclosive). Secondary suppression then hides as little as it can, cheapest first, until
a linear program over what stays visible cannot pin any primary-hidden count to one whole number:
for each such count it minimises and maximises it subject to the published additivity
(rows and columns add up to their totals) and non-negativity, and calls it *pinned* when only one
integer lies in that range. This is the standard audit of cell suppression (Cox 1980; Hundepool
et al. 2012, *Statistical Disclosure Control*, ch. 4), solved with scipy's HiGHS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from analysis.errors import DataError

__all__ = ["Protection", "protect_counts", "pool_values", "count_range", "pinned_counts",
           "is_pinned", "augmented", "DEFAULT_MARGIN_COST"]

#: Relative cost of hiding a margin compared with a cell of the same value, per margin kind.
#: Row totals are cheap to hide (only row percentages depend on them); column totals and the
#: grand total carry every percentage of their column and the N of the analysis, so they are
#: hidden only when nothing else will do.
DEFAULT_MARGIN_COST = {"row": 0.01, "col": 1e6, "grand": 1e9}
#: Complements tried one by one (cheapest first) before settling for a neighbour.
MAX_TRIES = 40


@dataclass(frozen=True, slots=True)
class Protection:
    """What to hide in one count table.

    Attributes
    ----------
    cells : ndarray of bool, shape (r, c)
        Hidden interior cells.
    rows, cols : ndarray of bool, shape (r,) and (c,)
        Hidden row and column totals.
    grand : bool
        Whether the grand total is hidden.
    primary : ndarray of bool, shape (r + 1, c + 1)
        The counts below ``k`` themselves (interior, then margins in the last row and column),
        which get the "<k" label; every other hidden count is a complementary ("hidden") one.
    """

    cells: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    grand: bool
    primary: np.ndarray

    @property
    def hidden(self) -> np.ndarray:
        """The (r + 1) x (c + 1) mask: interior, row totals in the last column, column totals in
        the last row, the grand total in the corner."""
        r, c = self.cells.shape
        mask = np.zeros((r + 1, c + 1), dtype=bool)
        mask[:r, :c] = self.cells
        mask[:r, c] = self.rows
        mask[r, :c] = self.cols
        mask[r, c] = self.grand
        return mask

    @property
    def any(self) -> bool:
        """Whether anything is hidden."""
        return bool(self.hidden.any())


def _checked_table(counts) -> np.ndarray:
    """``counts`` as a float matrix, else DataError ``bad_counts`` (not two-dimensional, not
    finite, negative)."""
    try:
        values = np.asarray(counts, dtype=float)
    except (TypeError, ValueError):
        raise DataError("A count table must hold numbers.", "bad_counts") from None
    if values.ndim != 2:
        raise DataError("counts must be a two-dimensional table", "bad_counts")
    if (values < 0).any() or not np.isfinite(values).all():
        raise DataError("counts must be finite and not negative", "bad_counts")
    return values


def _checked_k(k) -> int:
    if not (isinstance(k, (int, float, np.number)) and not isinstance(k, bool)
            and math.isfinite(k) and k >= 1):
        raise DataError(f"k, the smallest count shown, must be a number of at least 1 (got "
                        f"{k!r}).", "bad_k")
    return k


def augmented(counts: np.ndarray) -> np.ndarray:
    """The table with its row totals as a last column, column totals as a last row.

    Parameters
    ----------
    counts : array_like, shape (r, c)
        Finite counts of 0 or more.

    Returns
    -------
    ndarray, shape (r + 1, c + 1)
        The counts, row totals in the last column, column totals in the last row, the grand
        total in the corner.

    Raises
    ------
    DataError
        ``bad_counts``.

    Notes
    -----
    The layout every mask of this module uses (hidden, published, sensitive).

    References
    ----------
    Hundepool, A., et al. (2012). *Statistical Disclosure Control*, ch. 4. Wiley.

    Examples
    --------
    >>> augmented([[1, 2], [3, 4]]).tolist()
    [[1.0, 2.0, 3.0], [3.0, 4.0, 7.0], [4.0, 6.0, 10.0]]
    """
    values = _checked_table(counts)
    r, c = values.shape
    out = np.zeros((r + 1, c + 1))
    out[:r, :c] = values
    out[:r, c] = values.sum(axis=1)
    out[r, :c] = values.sum(axis=0)
    out[r, c] = values.sum()
    return out


def _published_mask(shape: tuple[int, int], rows: bool, cols: bool, grand: bool) -> np.ndarray:
    r, c = shape
    mask = np.ones((r + 1, c + 1), dtype=bool)
    mask[:r, c] = rows
    mask[r, :c] = cols
    mask[r, c] = grand
    return mask


def count_range(counts: np.ndarray, hidden: np.ndarray, published: np.ndarray,
                target: tuple[int, int]) -> tuple[float, float]:
    """The smallest and largest value a hidden count can take, given what stays visible.

    Parameters
    ----------
    counts : array_like, shape (r, c)
        The table's counts.
    hidden, published : ndarray of bool, shape (r + 1, c + 1)
        Hidden counts and published counts of the augmented table (see :func:`augmented`).
    target : (int, int)
        An index into the augmented table.

    Returns
    -------
    (float, float)
        The range; the count itself twice when it is visible, an infinite upper end when no
        published total limits it.

    Raises
    ------
    DataError
        ``bad_counts``.

    Notes
    -----
    Two linear programs (scipy's HiGHS): variables are the hidden published counts (interior
    cells, and margins that are published but hidden); constraints are each published row or
    column total (and the grand total) equal to the sum of its cells, every count non-negative.

    References
    ----------
    Cox, L. H. (1980). Suppression methodology and statistical disclosure control. *JASA, 75*,
    377-385.

    Examples
    --------
    >>> hidden = np.zeros((3, 3), bool)
    >>> hidden[0, 0] = True  # one cell hidden, every total shown: it is the total minus the rest
    >>> count_range([[3, 10], [12, 15]], hidden, np.ones((3, 3), bool), (0, 0))
    (3.0, 3.0)
    """
    full = augmented(counts)
    r, c = np.asarray(counts).shape
    unknown = hidden & published
    unknown[:r, :c] |= hidden[:r, :c]  # interior cells are always in the table
    index = {pos: i for i, pos in enumerate(zip(*np.nonzero(unknown)))}
    if target not in index:
        value = full[target]
        return value, value
    rows_a, rhs = [], []

    def constraint(cells: list[tuple[int, int]], total: tuple[int, int]) -> None:
        coefficients = np.zeros(len(index))
        constant = 0.0
        for pos in cells:
            if pos in index:
                coefficients[index[pos]] += 1
            else:
                constant += full[pos]
        if total in index:
            coefficients[index[total]] -= 1
        else:
            constant -= full[total]
        if coefficients.any():
            rows_a.append(coefficients)
            rhs.append(-constant)

    for i in range(r):
        if published[i, c]:
            constraint([(i, j) for j in range(c)], (i, c))
    for j in range(c):
        if published[r, j]:
            constraint([(i, j) for i in range(r)], (r, j))
    if published[r, c]:
        constraint([(i, j) for i in range(r) for j in range(c)], (r, c))
    objective = np.zeros(len(index))
    objective[index[target]] = 1
    bounds = [(0, None)] * len(index)
    a_eq = np.array(rows_a) if rows_a else None
    b_eq = np.array(rhs) if rhs else None
    low = optimize.linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    high = optimize.linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    upper = -high.fun if high.status == 0 else math.inf  # unbounded: no total limits it
    return (low.fun if low.status == 0 else 0.0), upper


def is_pinned(low: float, high: float, tolerance: float = 1e-6) -> bool:
    """Whether only one whole number lies in [low, high] (within ``tolerance``).

    Parameters
    ----------
    low, high : float
        A range from :func:`count_range`.
    tolerance : float
        How far past a whole number an end may lie from the linear program's rounding.

    Returns
    -------
    bool
        True when the count can be worked out exactly.

    Notes
    -----
    floor(high) - ceil(low) < 1, with ``tolerance`` on each end; an infinite ``high`` is never
    pinned.

    References
    ----------
    Cox, L. H. (1980). *JASA, 75*, 377-385.

    Examples
    --------
    >>> is_pinned(3.0, 3.0), is_pinned(0.0, 4.0), is_pinned(2.0, float("inf"))
    (True, False, False)
    """
    if math.isinf(high):
        return False
    return math.floor(high + tolerance) - math.ceil(low - tolerance) < 1


def pinned_counts(counts: np.ndarray, hidden: np.ndarray, published: np.ndarray,
                  sensitive: np.ndarray) -> list[tuple[int, int]]:
    """The sensitive hidden counts (augmented-table indices) that can be worked out exactly.

    Parameters
    ----------
    counts : array_like, shape (r, c)
        The table's counts.
    hidden, published, sensitive : ndarray of bool, shape (r + 1, c + 1)
        Hidden, published and sensitive (below k) counts of the augmented table.

    Returns
    -------
    list of (int, int)
        The indices whose :func:`count_range` is pinned; empty when the table is protected.

    Notes
    -----
    The audit of cell suppression: two linear programs per sensitive hidden count.

    References
    ----------
    Cox, L. H. (1980). *JASA, 75*, 377-385.

    Examples
    --------
    >>> hidden = np.zeros((3, 3), bool)
    >>> hidden[0, 0] = True
    >>> found = pinned_counts([[3, 10], [12, 15]], hidden, np.ones((3, 3), bool), hidden)
    >>> [tuple(map(int, pos)) for pos in found]
    [(0, 0)]
    """
    found = []
    for pos in zip(*np.nonzero(sensitive & hidden)):
        low, high = count_range(counts, hidden, published, pos)
        if is_pinned(low, high):
            found.append(pos)
    return found


def _lines(pos: tuple[int, int], shape: tuple[int, int]) -> list[list[tuple[int, int]]]:
    """The row and the column (each with its total) that an augmented-table index lies on; the
    grand total lies on the row of column totals and the column of row totals."""
    r, c = shape
    i, j = pos
    return [[(i, jj) for jj in range(c + 1)], [(ii, j) for ii in range(r + 1)]]


def protect_counts(counts, k: int, *, row_totals: bool = True, col_totals: bool = True,
                   grand_total: bool = True, margin_cost: dict | None = None) -> Protection:
    """Hide the counts below ``k`` of a table and as few others as needed to protect them.

    Parameters
    ----------
    counts : array-like, shape (r, c)
        Non-negative counts.
    k : int
        Counts from 1 to ``k - 1`` are hidden (primary suppression).
    row_totals, col_totals, grand_total : bool
        Whether these margins are published (shown, or derivable from what is shown, such as a
        row percentage next to its count). A published margin below ``k`` is hidden too.
    margin_cost : dict, optional
        Cost of hiding a margin relative to a cell of the same count, by kind ("row", "col",
        "grand"); see ``DEFAULT_MARGIN_COST``.

    Returns
    -------
    Protection
        Hidden cells and margins. No primary-hidden count can be pinned to one whole number by
        a linear program over the visible counts and the published totals.

    Raises
    ------
    DataError
        ``bad_counts`` (not a finite table of counts of 0 or more), ``bad_k``.

    Notes
    -----
    Secondary suppression is greedy: while a primary-hidden count is pinned, hide the cheapest
    visible count (on a row or column that holds a hidden count) that unpins it, cheapest being
    the smallest count (a cell costs its value plus one, a margin its value times its kind's
    cost plus one; zero cells come last among cells). Hiding more only widens the ranges, so the
    counts are settled one after the other and the result passes :func:`pinned_counts`. It is
    not guaranteed minimal (minimal cell suppression is NP-hard), but it hides no whole row of
    large counts when a row total will do.

    References
    ----------
    Cox, L. H. (1980). Suppression methodology and statistical disclosure control. *JASA, 75*,
    377-385.
    Hundepool, A., et al. (2012). *Statistical Disclosure Control*, ch. 4. Wiley.

    Examples
    --------
    >>> p = protect_counts([[3, 10], [12, 15]], 5)
    >>> p.primary[:2, :2].astype(int).tolist(), p.cells.astype(int).tolist()
    ([[1, 0], [0, 0]], [[1, 1], [1, 0]])
    >>> p.rows.tolist(), p.cols.tolist(), p.grand
    ([True, True], [False, False], False)
    """
    values = _checked_table(counts)
    k = _checked_k(k)
    r, c = values.shape
    full = augmented(values)
    published = _published_mask((r, c), row_totals, col_totals, grand_total)
    sensitive = published & (full > 0) & (full < k)
    hidden = sensitive.copy()
    costs = _costs(full, (r, c), {**DEFAULT_MARGIN_COST, **(margin_cost or {})})
    # Hiding more only widens the ranges, so each sensitive count is settled once, in turn.
    for target in zip(*np.nonzero(sensitive)):
        while is_pinned(*count_range(values, hidden, published, target)):
            candidate = _complement(values, target, hidden, published, costs)
            if candidate is None:  # nothing visible is left to hide: hide the whole table
                hidden |= published
                break
            hidden[candidate] = True
    return Protection(hidden[:r, :c].copy(), hidden[:r, c] & published[:r, c],
                      hidden[r, :c] & published[r, :c], bool(hidden[r, c] and published[r, c]),
                      sensitive)


def _interior(shape: tuple[int, int]) -> np.ndarray:
    r, c = shape
    mask = np.zeros((r + 1, c + 1), dtype=bool)
    mask[:r, :c] = True
    return mask


def _costs(full: np.ndarray, shape: tuple[int, int], margin_cost: dict) -> np.ndarray:
    r, c = shape
    costs = full + 1.0
    costs[:r, :c][full[:r, :c] == 0] = full.max() + 2  # zeros: last among cells
    costs[:r, c] = full[:r, c] * margin_cost["row"] + 1
    costs[r, :c] = full[r, :c] * margin_cost["col"] + 1
    costs[r, c] = full[r, c] * margin_cost["grand"] + 1
    return costs


def _complement(values: np.ndarray, target: tuple[int, int], hidden: np.ndarray,
                published: np.ndarray, costs: np.ndarray) -> tuple[int, int] | None:
    """The cheapest visible count whose hiding lets ``target`` take more than one value; when no
    single count does, the cheapest one on the row or column of ``target``.

    Candidates lie on a row or column (margins included) that holds a hidden count.
    """
    shape = values.shape
    near = {pos for line in _lines(target, shape) for pos in line
            if published[pos] and not hidden[pos]}
    around = {pos for start in zip(*np.nonzero(hidden)) for line in _lines(start, shape)
              for pos in line if published[pos] and not hidden[pos]}
    for pos in sorted(around, key=lambda pos: (costs[pos], pos))[:MAX_TRIES]:
        trial = hidden.copy()
        trial[pos] = True
        if not is_pinned(*count_range(values, trial, published, target)):
            return pos
    return min(near or around, key=lambda pos: (costs[pos], pos)) if (near or around) else None


def pool_values(samples: dict[str, tuple[np.ndarray, np.ndarray]], k: int
                ) -> list[tuple[float, float]]:
    """Bins of adjacent distinct values, shared by every group, such that each group's count in
    each bin is 0 or at least ``k`` (global recoding: no count below ``k`` is drawn at all).

    Parameters
    ----------
    samples : dict of str to (ndarray, ndarray)
        Each group's ascending distinct values and their counts.
    k : int
        The smallest count that may be shown (1 or more).

    Returns
    -------
    list of (float, float)
        The bins as (lowest value, highest value) pairs in ascending order. A group whose
        total is below ``k`` cannot be protected by pooling and should not be drawn.

    Raises
    ------
    DataError
        ``bad_k``.

    Notes
    -----
    Values are added to a bin from the bottom up until every group's count in it is 0 or at
    least ``k``; a top bin that falls short is merged into the bins below it.

    References
    ----------
    Hundepool, A., et al. (2012). *Statistical Disclosure Control*, ch. 4 (global recoding).

    Examples
    --------
    >>> pool_values({"a": (np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 6.0, 2.0, 8.0])),
    ...              "b": (np.array([1.0, 2.0, 4.0]), np.array([5.0, 5.0, 5.0]))}, 5)
    [(1.0, 2.0), (3.0, 4.0)]
    """
    k = _checked_k(k)
    values = np.unique(np.concatenate([v for v, _ in samples.values()])) if samples else []
    per_group = []
    for v, w in samples.values():
        lookup = dict(zip(np.asarray(v, float).tolist(), np.asarray(w, float).tolist()))
        per_group.append(np.array([lookup.get(float(x), 0.0) for x in values]))
    bins: list[list[int]] = []
    current: list[int] = []
    totals = [0.0] * len(per_group)
    for i in range(len(values)):
        current.append(i)
        totals = [t + g[i] for t, g in zip(totals, per_group)]
        if all(t == 0 or t >= k for t in totals):
            bins.append(current)
            current, totals = [], [0.0] * len(per_group)
    if current:  # the top values do not reach k: pool them into the bins below
        bins.append(current)

    def safe(b: list[int]) -> bool:
        return all(g[b].sum() == 0 or g[b].sum() >= k for g in per_group)

    while len(bins) > 1 and not safe(bins[-1]):
        last = bins.pop()
        bins[-1].extend(last)
    return [(float(values[b[0]]), float(values[b[-1]])) for b in bins]
