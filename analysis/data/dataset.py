"""From a loaded table and a column mapping to the clean data set every analysis uses.

:func:`prepare_dataset` runs one cleaner per column role (:mod:`analysis.data.cleaners`), then
the checks on the whole (:mod:`analysis.data.checks`); every issue they report is declared in
:mod:`analysis.data.issues`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import modes
from analysis.data.checks import check_groups, check_outcome, check_problems
from analysis.data.cleaners import (
    AGE_RANGE,
    Cleaned,
    clean_ages,
    clean_client_ids,
    clean_counts,
    clean_dates,
    clean_label_role,
    clean_modes,
    clean_problems,
    no_outcome,
    no_reasons,
    other_columns,
    outcome_from_column,
    outcome_from_items,
    reason_column,
    resolve_separator,
)
from analysis.data.exclusions import FILE_ROWS, Exclusions, usable_rows
from analysis.data.issues import EVERYTHING, OUTCOME, PROBLEMS, issue
from analysis.data.roles import ColumnRoles
from analysis.data.scales import (
    ItemScoring,
    OutcomeScale,
    declared_scale,
    detect_scale,
    items_scale,
)
from analysis.data.units import Unit, resolve_unit
from analysis.data.validation import GroupedRows, Issue, RowNumbers, ValidationReport, printable
from analysis.data.wide import wide_issue
from analysis.errors import DataError

__all__ = ["AGE_RANGE", "EVERYTHING", "FILE_ROWS", "ISSUE_COLUMNS", "OUTCOME", "PROBLEMS",
           "Dataset", "GroupedRows", "Preparation", "frame_from_columns", "no_reasons",
           "prepare_dataset", "reason_column", "resolve_separator"]

#: Columns of :attr:`Dataset.frame` that hold why a row's value is not usable.
ISSUE_COLUMNS = ("mode_issue", "outcome_issue", "problem_issue", "count_issue")


@dataclass(frozen=True, slots=True)
class Preparation:
    """Everything the user decides about how the data are read (hashable: a cache key).

    Attributes
    ----------
    roles : ColumnRoles
        Column per role.
    problem_sep : str or None or "auto"
        Separator of multi-label problem cells; None for single-label; "auto" picks ";" or "|"
        when some cell contains it (never "," by itself: labels may contain commas).
    outcome_range : (float, float) or None
        Valid range of the outcome; values outside are reported and left out.
    scoring : ItemScoring or None
        Compute the outcome from item columns instead of taking ``roles.outcome``.
    unit : str or None
        What a row (or one count) stands for, one of ``units.UNITS`` ("clients", "episodes",
        "appointments", "referrals", "sessions"); None guesses it from the column names.
    """

    roles: ColumnRoles
    problem_sep: str | None = "auto"
    outcome_range: tuple[float, float] | None = None
    scoring: ItemScoring | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Dataset:
    """The cleaned data and everything found while cleaning it.

    ``frame`` has one row per input row: ``row`` (its number in the file), ``weight`` (units it
    stands for), ``mode``, ``outcome``, ``problem`` and the optional roles under their role names,
    the ``*_issue`` columns saying why a value is unusable, then the file's other columns.

    Attributes
    ----------
    outcome_scale : OutcomeScale or None
        The outcome's scale with its origin: declared (``Preparation.outcome_range``), from the
        item scoring, else detected from the column name and values (``scales.detect_scale``);
        None when unknown. The same for the same data however they were loaded.
    unit_info : Unit
        What a row (or one count) stands for, and how that was decided.
    usable : Exclusions
        The units every analysis can use (``n_used``: rows with a usable mode and count) out of
        all the file's units (``n_total``), and the rows left out of all of them, by reason
        (``dropped``: total rows, unknown or missing modes, unusable counts).
    n_usable_rows : int
        How many rows have a usable mode and count (a count of 0 is usable but adds no units).
    """

    frame: pd.DataFrame
    preparation: Preparation
    validation: ValidationReport
    mode_mapping: pd.DataFrame
    problem_sep: str | None
    outcome_label: str
    alpha_by_mode: dict[str, float] = field(default_factory=dict)
    other_numeric: tuple[str, ...] = ()
    outcome_scale: OutcomeScale | None = None
    unit_info: Unit = field(default_factory=lambda: resolve_unit(ColumnRoles()))
    usable: Exclusions | None = None
    n_usable_rows: int | None = None

    @property
    def roles(self) -> ColumnRoles:
        return self.preparation.roles

    @property
    def scale(self) -> tuple[float, float] | None:
        """The outcome's scale ``(low, high)`` when known: declared, from the items, or detected
        from the values (see :attr:`scale_origin`)."""
        return None if self.outcome_scale is None else self.outcome_scale.range

    @property
    def scale_origin(self) -> str | None:
        """Where :attr:`scale` comes from, in a short phrase: "declared as the valid range",
        "from the item scoring (...)", "detected from the values (9–32 observed; a CSQ-8
        total)"; None when the scale is unknown."""
        return None if self.outcome_scale is None else self.outcome_scale.origin

    @property
    def declared_scale(self) -> tuple[float, float] | None:
        """The scale only when the user declared it (valid range or item scoring)."""
        if self.outcome_scale is None or self.outcome_scale.source == "detected":
            return None
        return self.outcome_scale.range

    @property
    def unit(self) -> str:
        """What a row (or one count) stands for, plural: "clients", "appointments", ..."""
        return self.unit_info.plural

    @property
    def unit_singular(self) -> str:
        """:attr:`unit` in the singular: "client", "appointment", ..."""
        return self.unit_info.singular

    @property
    def n_usable(self) -> int:
        """Units (clients, appointments, ...: the sum of the counts) in the rows the analyses
        can use: a usable mode and count. Total rows, unknown modes and bad counts are not."""
        return self._usable().n_used

    def _usable(self) -> Exclusions:
        return self.usable if self.usable is not None else usable_rows(self.frame)[1]

    @property
    def has(self) -> dict[str, bool]:
        """Which roles the data set has."""
        mapped = self.roles.mapped()
        if self.preparation.scoring is not None:
            mapped["outcome"] = "score"
        return {role: role in mapped for role in ColumnRoles.__dataclass_fields__}

    @property
    def modes(self) -> list[str]:
        """Modes with at least one client, largest first."""
        usable = self.frame[self.frame["weight"] > 0]
        clients = usable.groupby("mode", observed=True)["weight"].sum()
        return sorted((str(m) for m in clients.index if clients[m] > 0),
                      key=lambda m: (-clients[m], m))


def frame_from_columns(mode, outcome=None, problem=None, weight=None, **others) -> pd.DataFrame:
    """A Dataset-style frame from plain columns already clean (tests, summary data, scripts).

    Modes are normalised as in files; a missing value is simply missing (no issue recorded).
    """
    labels = modes.normalise_modes(pd.Series(list(mode))).labels
    n = len(labels)
    frame = pd.DataFrame({
        "row": np.arange(n) + 2,
        "weight": np.ones(n, dtype=np.int64) if weight is None else np.asarray(weight, np.int64),
        "mode": labels,
        "outcome": np.full(n, np.nan) if outcome is None else np.asarray(outcome, float),
        "problem": pd.Series([None] * n if problem is None else list(problem), dtype="string"),
        **{name: list(values) for name, values in others.items()},
    })
    for column in ISSUE_COLUMNS:
        frame[column] = no_reasons(frame.index)
    return frame


def prepare_dataset(frame: pd.DataFrame, preparation: Preparation, *,
                    first_row: int = 2, rows: GroupedRows | None = None) -> Dataset:
    """Clean ``frame`` by the column roles and report every problem found.

    Nothing is silently dropped: a value that cannot be used is set missing, the reason goes to
    the row's ``*_issue`` column and an :class:`Issue` lists the rows. Each analysis then leaves
    out the rows it cannot use and counts them beside its result.

    ``rows`` is given when each row of ``frame`` stands for several identical rows of the file
    (the duckdb engine, :mod:`analysis.data.engine`): the weights, the counts of rows in the
    issues and in what each analysis leaves out are then the file's, and ``row`` is the first
    row of each group (the frame keeps the group sizes in :data:`FILE_ROWS`).
    """
    roles, scoring = preparation.roles, preparation.scoring
    try:
        unit = resolve_unit(roles, preparation.unit)
    except ValueError as exc:
        raise DataError(str(exc), "bad_option") from None
    row_numbers, out = _row_numbers(frame, first_row, rows)
    issues: list[Issue] = []
    if frame.shape[1] == 1:
        issues.append(issue("one_column", name=printable(frame.columns[0])))
    if roles.mode is None and (wide := wide_issue(frame)) is not None:
        issues.append(wide)  # columns of counts per mode: say how to reshape them

    def add(cleaned: Cleaned) -> None:
        for name, column in cleaned.columns.items():
            out[name] = column
        issues.extend(cleaned.issues)

    def raw(column: str | None) -> pd.Series | None:
        return None if column is None else frame[column]

    counts = clean_counts(raw(roles.count), roles.count, row_numbers)
    out["weight"] = counts.columns["weight"]
    issues.extend(counts.issues)
    mode, mode_mapping = clean_modes(raw(roles.mode), roles.mode, row_numbers, unit.plural)
    add(mode)
    outcome, label, alpha_by_mode = _clean_outcome(frame, preparation, out, row_numbers)
    add(outcome)
    problem, sep = clean_problems(raw(roles.problem), roles.problem, preparation.problem_sep,
                                  row_numbers)
    add(problem)
    out["count_issue"] = counts.columns["count_issue"]  # after the problem: the frame's order
    for role in ("date", "site", "counselor", "age", "gender", "channel", "client_id"):
        column = getattr(roles, role)
        if column is not None:
            add(_clean_optional_role(role, frame[column], column, row_numbers))

    labels_flagged = any(i.code == "too_many_mode_labels" for i in issues)
    issues.extend(i for i in check_groups(out, roles)  # too many labels says it already
                  if not (labels_flagged and i.code == "too_many_modes"))
    if scoring is not None or roles.outcome:
        issues.extend(check_outcome(out, roles, label, unit))
    if roles.problem:
        issues.extend(check_problems(out, roles, unit, sep))

    others, other_numeric = other_columns(frame, set(roles.mapped().values()), set(out.columns),
                                          scoring.items if scoring else ())
    if others:  # added at once: one block
        out = pd.concat([out, pd.DataFrame(others, index=frame.index)], axis=1)
    _, usable = usable_rows(out, columns=())
    usable_row = (out["count_issue"].isna() & out["mode"].notna()).to_numpy()
    n_rows, n_usable_rows = ((len(frame), int(usable_row.sum())) if rows is None
                             else (int(rows.sizes.sum()), int(rows.sizes[usable_row].sum())))
    return Dataset(out, preparation, ValidationReport(tuple(issues), n_rows), mode_mapping,
                   sep, label, alpha_by_mode, other_numeric, _outcome_scale(out, preparation),
                   unit, usable, n_usable_rows)


def _row_numbers(frame: pd.DataFrame, first_row: int, rows: GroupedRows | None
                 ) -> tuple[RowNumbers, pd.DataFrame]:
    """The row numbers the cleaners name (one a row, numbered from ``first_row``, or the
    grouped ``rows``) and the frame they start (``row``, and :data:`FILE_ROWS` when grouped)."""
    if rows is None:
        numbers = pd.Series(np.arange(len(frame), dtype=np.int64) + first_row, index=frame.index)
        return numbers, pd.DataFrame({"row": numbers})
    return rows, pd.DataFrame({"row": rows.first, FILE_ROWS: rows.sizes}, index=frame.index)


def _clean_outcome(frame: pd.DataFrame, preparation: Preparation, out: pd.DataFrame,
                   row_numbers: RowNumbers) -> tuple[Cleaned, str, dict[str, float]]:
    """The outcome from the item scores, else from the outcome column, else none; with its
    label and, for item scores, Cronbach's alpha per mode (of ``out``'s modes and weights)."""
    scoring, column = preparation.scoring, preparation.roles.outcome
    if scoring is not None:
        outcome, alpha_by_mode = outcome_from_items(frame, scoring, out["mode"], out["weight"],
                                                    row_numbers)
        return outcome, f"score ({scoring.method} of {len(scoring.items)} items)", alpha_by_mode
    if column:
        outcome = outcome_from_column(frame[column], column, preparation.outcome_range, row_numbers)
        return outcome, column, {}
    return no_outcome(row_numbers), "outcome", {}


def _clean_optional_role(role: str, raw: pd.Series, column: str,
                         row_numbers: RowNumbers) -> Cleaned:
    """The cleaner of an optional role: dates, ages, client ids, or labels (site, counselor,
    gender, channel)."""
    if role == "date":
        return clean_dates(raw, column, row_numbers)
    if role == "age":
        return clean_ages(raw, column, row_numbers)
    if role == "client_id":
        return clean_client_ids(raw, column, row_numbers)
    return clean_label_role(raw, role, column, row_numbers)


def _outcome_scale(out: pd.DataFrame, preparation: Preparation) -> OutcomeScale | None:
    """The outcome's scale: from the item scoring, else declared as the valid range, else
    detected from the values in use and the column's name; None without an outcome."""
    roles = preparation.roles
    if preparation.scoring is not None:
        return items_scale(preparation.scoring)
    if preparation.outcome_range is not None and roles.outcome:
        return declared_scale(preparation.outcome_range)
    if roles.outcome:
        in_use = (out["weight"] > 0).to_numpy() & out["mode"].notna().to_numpy()
        return detect_scale(out["outcome"].to_numpy(float)[in_use], roles.outcome)
    return None
