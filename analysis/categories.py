"""Any categorical column by delivery mode (status, gender, site, age band): the table of
counts, Pearson's chi-square with Cramér's V, adjusted residuals and per-level Fisher tests."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.exclusions import Exclusions, usable_rows
from analysis.data.parsing import clean_labels
from analysis.data.validation import printable
from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence
from analysis.stats.contingency import (
    ChiSquareResult,
    ProblemComparison,
    adjusted_residuals,
    chi_square_test,
    per_problem_fisher,
)

__all__ = ["CategoryAnalysis", "LevelComparison", "category_labels", "compare_categories",
           "labelled_rows"]

#: Levels named in a message before "and n more".
SHOWN_LEVELS = 10


def _number_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def label_of(value) -> str:
    """The label a value of a column gets: numbers without a trailing ".0", text trimmed."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _number_label(value)
    return str(value).strip()


def category_labels(column: pd.Series) -> pd.Series:
    """The values of ``column`` as labels (string dtype, missing as NA).

    Text is trimmed (empty text is missing); numbers are written without a trailing ".0"
    (1.0 -> "1"), so that 0/1 columns read as "0" and "1"; booleans as "True"/"False".
    """
    if pd.api.types.is_bool_dtype(column):
        return column.map(label_of, na_action="ignore").astype("string")
    if pd.api.types.is_numeric_dtype(column):
        values = column.astype(float)
        return values.map(_number_label, na_action="ignore").astype("string")
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    # a number in a text column (1.0 beside "yes") is labelled as in a numeric column
    named = pd.Series([v if isinstance(v, str) else label_of(v) for v in uniques], dtype=object)
    labels = clean_labels(named).array.take(codes, allow_fill=True)
    return pd.Series(labels, index=column.index, dtype="string")


def _missing_column(frame: pd.DataFrame, column: str) -> DataError:
    shown = ", ".join(printable(c) for c in list(frame.columns)[:20])
    return DataError(f"There is no column '{printable(column)}' in the data (columns: {shown}).",
                     "unknown_column")


def labelled_rows(frame: pd.DataFrame, column: str, *, group: str = "mode",
                  ) -> tuple[pd.DataFrame, Exclusions]:
    """The rows with a usable group and a value in ``column``, and what was left out.

    Returns a frame with ``weight``, ``group`` (the group as text) and ``label`` (the value of
    ``column`` as a label, :func:`category_labels`). Rows with an unusable count or mode are
    left out as in every analysis; then rows with ``column`` missing (and, when ``group`` is
    not the mode, rows with no ``group``), each counted in the exclusions.

    Raises DataError ``unknown_column`` when ``column`` or ``group`` is not in ``frame``.
    """
    for name in (column, group):
        if name not in frame.columns:
            raise _missing_column(frame, name)
    used, exclusions = usable_rows(frame, columns=(column, group))
    rows = pd.DataFrame({"weight": used["weight"].to_numpy(),
                         "group": category_labels(used[group]).to_numpy(),
                         "label": category_labels(used[column]).to_numpy()})
    dropped = list(exclusions.dropped)
    n_used = exclusions.n_used
    for name, key in ((group, "group"), (column, "label")):
        missing = rows[key].isna().to_numpy()
        if missing.any() and not (key == "group" and group == "mode"):
            clients = int(rows["weight"].to_numpy()[missing].sum())
            dropped.append((f"{name} missing", int(missing.sum()), clients))
            n_used -= clients
            rows = rows.loc[~missing]
    dropped.sort(key=lambda item: -item[1])
    rows = rows.loc[rows["weight"].to_numpy() > 0]
    return rows.reset_index(drop=True), Exclusions(n_used, exclusions.n_total, tuple(dropped))


def level_list(levels, limit: int = SHOWN_LEVELS) -> str:
    """Levels quoted and joined for a message ("'a', 'b' and 3 more")."""
    levels = [f"'{printable(v)}'" for v in levels]
    head = ", ".join(levels[:limit])
    return head + (f" and {len(levels) - limit} more" if len(levels) > limit else "")


@dataclass(frozen=True, slots=True)
class LevelComparison:
    """Fisher's exact test of one level vs all others, group A vs group B.

    ``odds_ratio`` is the odds of this level in A over its odds in B (above 1: more common in
    A); the conditional MLE with its exact CI as R's ``fisher.test`` (Woolf's only for a table
    of over 10,000 clients whose every cell has at least 1,000). ``p_holm`` and ``p_bh`` are
    adjusted across the levels tested.
    """

    level: str
    a_with: int
    a_without: int
    b_with: int
    b_without: int
    odds_ratio: float
    ci: ConfidenceInterval
    p: float
    p_holm: float
    p_bh: float
    or_method: str
    note: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class CategoryAnalysis:
    """A categorical column by group (see :func:`compare_categories`).

    Attributes
    ----------
    column, group : str
        The column analysed and the grouping column.
    counts : DataFrame
        Clients (summed weights) per level (rows) and group (columns).
    chi_square : ChiSquareResult or None
        Pearson's chi-square of the whole table (no Yates), Cramér's V with its noncentral
        chi-square CI, G, and a Monte Carlo p when an expected count is under 5. None when the
        table has fewer than two levels or groups with clients.
    adjusted_residuals, adjusted_residual_p : DataFrame or None
        Adjusted standardized residuals (Haberman 1973) and their two-sided normal p-values.
    groups : (str, str) or None
        The two groups of the per-level tests (A first).
    per_level : tuple of LevelComparison
        One Fisher test per level (this level vs the rest, A vs B), Holm and BH adjusted.
    exclusions : Exclusions
    notes : tuple of str
    """

    column: str
    group: str
    counts: pd.DataFrame
    chi_square: ChiSquareResult | None
    adjusted_residuals: pd.DataFrame | None
    adjusted_residual_p: pd.DataFrame | None
    groups: tuple[str, str] | None
    per_level: tuple[LevelComparison, ...]
    exclusions: Exclusions
    notes: tuple[str, ...] = ()

    def percent_of_group(self) -> pd.DataFrame:
        """Percentage of each group's clients in each level (column %)."""
        return self.counts.div(self.counts.sum(axis=0), axis=1) * 100



def _level_comparison(test: ProblemComparison) -> LevelComparison:
    """A per-problem Fisher test (analysis.stats.contingency) as the test of a level."""
    fields = {f.name: getattr(test, f.name) for f in dataclasses.fields(test)}
    return LevelComparison(level=fields.pop("problem"), **fields)


def _count_table(rows: pd.DataFrame, levels: list[str] | None,
                 modes: list[str] | None) -> pd.DataFrame:
    """Levels x groups of summed weights; levels in the given, categorical or size order."""
    table = rows.pivot_table(index="label", columns="group", values="weight", aggfunc="sum",
                             fill_value=0, observed=True)
    present = [str(c) for c in table.columns]
    table.columns, table.index = present, [str(i) for i in table.index]
    if modes is None:
        modes = sorted(present, key=lambda m: (-table[m].sum(), m))
    if levels is None:
        levels = list(table.sum(axis=1).sort_values(ascending=False, kind="stable").index)
    table = table.reindex(index=levels, columns=modes, fill_value=0).astype(np.int64)
    table.index.name, table.columns.name = "level", "group"
    return table


def _checked_levels(levels, found: set[str], column: str) -> list[str] | None:
    if levels is None:
        return None
    levels = [label_of(v) for v in levels]
    unknown = [v for v in levels if v not in found]
    if unknown:
        raise DataError(f"{level_list(unknown)} never occur(s) in '{printable(column)}'; its "
                        f"levels are {level_list(sorted(found))}.", "unknown_level")
    missing = sorted(found - set(levels))
    if missing:
        raise DataError(f"The levels given for '{printable(column)}' leave out "
                        f"{level_list(missing)}: list every level.", "unknown_level")
    return levels


def chosen_pair(groups, present: list[str], group: str) -> tuple[str, str] | None:
    """Groups A and B: as given (each must be ``present``), else the only two present (None
    when there are more)."""
    if groups is None:
        return (present[0], present[1]) if len(present) == 2 else None
    groups = tuple(str(g) for g in groups)
    if len(groups) != 2 or groups[0] == groups[1]:
        raise DataError("Give two different groups to compare (A, B).", "bad_groups")
    for g in groups:
        if g not in present:
            raise DataError(f"Group '{printable(g)}' has no clients with a value here (the "
                            f"{printable(group)} values are {level_list(present)}).",
                            "group_too_small")
    return groups


def compare_categories(frame: pd.DataFrame, column: str, *, groups: tuple[str, str] | None = None,
                       group: str = "mode", modes: list[str] | None = None,
                       levels: list[str] | None = None,
                       confidence_level: float = CONFIDENCE_LEVEL) -> CategoryAnalysis:
    """A categorical column by group: the count table, chi-square, Cramér's V, residuals and
    per-level tests (what the problem types get, for any column).

    Parameters
    ----------
    frame : DataFrame
        A Dataset frame (``Dataset.frame``: ``weight``, ``mode``, the columns).
    column : str
        The categorical column (status, gender, site, age band); any number of levels.
    groups : (str, str), optional
        Groups A and B of the per-level tests; by default the two groups when there are two,
        else no per-level tests.
    group : str
        The grouping column (the delivery mode by default).
    modes : list of str, optional
        The groups in the table and the chi-square (default: every group present, largest
        first).
    levels : list of str, optional
        The levels in order (every level that occurs); default: a categorical column's own
        order, else the largest first.
    confidence_level : float
        Of Cramér's V's CI and the odds ratios' CIs.

    Returns
    -------
    CategoryAnalysis
        ``per_level`` odds ratios are the odds of the level in A over its odds in B.

    Raises
    ------
    DataError
        ``unknown_column``, ``unknown_level``, ``bad_groups``, ``group_too_small``,
        ``no_values`` (no row has a value), ``bad_confidence_level``.

    Notes
    -----
    Pearson's chi-square without Yates' correction (R: ``chisq.test(tab, correct = FALSE)``),
    Cramér's V = sqrt(X^2 / (n (min(r, c) - 1))) with the CI from the noncentral chi-square
    (Steiger 2004), adjusted residuals (R: ``chisq.test(tab)$stdres``) and, per level, Fisher's
    test of the 2x2 table "this level vs the rest" by A vs B (R: ``fisher.test``), with Holm's
    adjustment across levels (R: ``p.adjust(p, "holm")``). Counts are frequency weights.

    References
    ----------
    Cramér, H. (1946). *Mathematical Methods of Statistics*. Princeton University Press.
    Haberman, S. J. (1973). The analysis of residuals in cross-classified tables.
    *Biometrics, 29*, 205-220.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics, 6*, 65-70.

    Examples
    --------
    Lippke et al. (2021), Table 2 (T2), from counts:

    >>> from analysis.data.dataset import frame_from_columns
    >>> f = frame_from_columns(["online"] * 3 + ["face-to-face"] * 3,
    ...                        weight=[30, 5, 44, 26, 20, 42],
    ...                        status=["adherent", "nonadherent", "dropout"] * 2)
    >>> result = compare_categories(f, "status", groups=("online", "face-to-face"))
    >>> round(result.chi_square.statistic, 2), result.chi_square.df, round(result.chi_square.p, 3)
    (8.87, 2, 0.012)
    >>> round(result.chi_square.cramers_v, 3)
    0.231
    >>> [(c.level, round(c.p_holm, 3)) for c in result.per_level]
    [('dropout', 0.513), ('adherent', 0.513), ('nonadherent', 0.012)]
    """
    confidence_level = checked_confidence(confidence_level)
    rows, exclusions = labelled_rows(frame, column, group=group)
    if rows.empty:
        raise DataError(f"No row with a usable {printable(group)} has a value of "
                        f"'{printable(column)}'.", "no_values")
    found = set(rows["label"])
    if levels is None and isinstance(frame[column].dtype, pd.CategoricalDtype):
        levels = [label_of(c) for c in frame[column].cat.categories if label_of(c) in found]
    levels = _checked_levels(levels, found, column)
    if modes is not None:
        rows = rows.loc[rows["group"].isin([str(m) for m in modes])]
    counts = _count_table(rows, levels, None if modes is None else [str(m) for m in modes])
    sizes = counts.sum(axis=0)
    pair = chosen_pair(groups, [g for g in counts.columns if sizes[g] > 0], group)
    notes = []
    table = counts.loc[counts.sum(axis=1) > 0, counts.sum(axis=0) > 0]
    chi = residuals = residual_p = None
    if min(table.shape) < 2:
        notes.append(f"Only {table.shape[0]} level(s) and {table.shape[1]} group(s) have clients: "
                     "a chi-square test needs at least two of each.")
    else:
        chi = chi_square_test(table, confidence_level=confidence_level)
        residuals, residual_p = adjusted_residuals(table)
        notes.extend(chi.notes)
    per_level: tuple[LevelComparison, ...] = ()
    if pair is None:
        notes.append("Per-level tests compare two groups: choose which two.")
    else:
        pair_counts = counts[list(pair)]
        tests = per_problem_fisher(pair_counts.loc[pair_counts.sum(axis=1) > 0],
                                   pair_counts.sum(axis=0), pair,
                                   confidence_level=confidence_level)
        per_level = tuple(_level_comparison(t) for t in tests)
    return CategoryAnalysis(column, group, counts, chi, residuals, residual_p, pair, per_level,
                            exclusions, tuple(notes))
