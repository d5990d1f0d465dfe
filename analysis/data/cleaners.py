"""One cleaner per column role: each reads its raw column(s) and returns the clean columns of
``Dataset.frame`` it computes and the issues it found (codes of :mod:`analysis.data.issues`).

Nothing is silently dropped: a value that cannot be used is set missing, the reason goes to the
row's ``*_issue`` column and an issue lists the rows. Every cleaner takes ``row_numbers``, the
file's row number of each row (its index is the frame's), to name the rows in its issues.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import modes
from analysis.data.issues import EVERYTHING, PROBLEMS, issue, rows_issue
from analysis.data.parsing import (
    clean_identifiers,
    clean_labels,
    invisible_characters,
    non_finite,
    parse_dates,
    parse_numbers,
    repeated_values,
)
from analysis.data.scales import ItemScoring, cronbach_alpha, item_matrix, score_items
from analysis.data.validation import Issue, RowNumbers, row_sizes
from analysis.options import MAX_ABS_OUTCOME, MAX_COUNT, MAX_TOTAL_COUNT, PROBLEM_SEPARATORS

#: Plausible ages; values outside are reported and set missing.
AGE_RANGE = (0, 120)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """What one cleaner computed: columns of ``Dataset.frame`` by name, in their order there,
    and the issues found, in the order they are reported."""

    columns: dict[str, pd.Series]
    issues: tuple[Issue, ...] = ()

    @classmethod
    def of(cls, columns: dict[str, pd.Series], *issues: Issue | None) -> Cleaned:
        """``columns`` with the issues that were found (None: the check found nothing)."""
        return cls(columns, tuple(i for i in issues if i is not None))


def no_reasons(index: pd.Index, fill: str | None = None) -> pd.Series:
    """A ``*_issue`` column: object dtype, cheap to build and to mask on a million rows."""
    return pd.Series(np.full(len(index), fill, dtype=object), index=index, dtype=object)


def reason_column(reasons: pd.Series) -> pd.Series:
    """A finished ``*_issue`` column as a categorical: a byte a row rather than a pointer (a few
    distinct reasons on a million rows). Read it with ``.astype(object)`` before filling."""
    return reasons.astype("category")


def first_reasons(index: pd.Index, marks: dict[str, pd.Series]) -> pd.Series:
    """Per row, the first reason in ``marks`` (reason -> rows it applies to) that applies, else
    None: the row's ``*_issue`` before :func:`reason_column`."""
    reasons = no_reasons(index)
    for reason, mask in marks.items():
        reasons = reasons.mask(mask & reasons.isna(), reason)
    return reasons


def resolve_separator(problems: pd.Series, sep: str | None) -> str | None:
    """The multi-label separator to use for ``sep="auto"`` (else ``sep`` unchanged)."""
    if sep != "auto":
        return sep
    text = pd.Series(problems.dropna().unique()).astype(str)
    for candidate in PROBLEM_SEPARATORS[:2]:
        if text.str.contains(candidate, regex=False).any():
            return candidate
    return None


def invisible_issue(raw: pd.Series, column: str, row_numbers: RowNumbers,
                    affects: str = EVERYTHING) -> Issue | None:
    """The rows of a label column whose control or invisible characters were removed."""
    return rows_issue("invisible_characters", invisible_characters(raw), row_numbers, column=column,
                      raw=raw, affects=affects)


def clean_counts(raw: pd.Series | None, column: str | None,
                 row_numbers: RowNumbers) -> Cleaned:
    """``weight`` (the units a row stands for: its count, 1 without a count column) and
    ``count_issue``; an unusable count gives the row a weight of 0 and its reason. A row that
    stands for several of the file's rows (``GroupedRows``) weighs their sum."""
    index = row_numbers.index
    sizes = row_sizes(row_numbers)
    if raw is None:
        return Cleaned({"weight": pd.Series(1 if sizes is None else sizes, index=index,
                                            dtype=np.int64),
                        "count_issue": reason_column(no_reasons(index))})
    values, unreadable, _ = parse_numbers(raw)
    infinite = non_finite(values)
    marks = {
        "count not a number": unreadable,
        "count missing": values.isna() & ~unreadable,
        "count negative": values < 0,
        "count not a whole number": (values % 1 != 0) & values.notna() & ~infinite,
        "count infinite": infinite,
        "count too large": (values > MAX_COUNT) & ~infinite,
    }
    count_issue = first_reasons(index, marks)
    found = [rows_issue(reason.replace(" ", "_"), mask, row_numbers, column=column, raw=raw,
                        limit=MAX_COUNT) for reason, mask in marks.items()]
    weight = values.where(count_issue.isna(), 0).fillna(0).astype(np.int64)
    if sizes is not None:
        weight = weight * sizes
    total = int(weight.sum())
    if total > MAX_TOTAL_COUNT:
        found.append(issue("counts_too_large", column=column, total=total,
                           limit=MAX_TOTAL_COUNT))
    return Cleaned.of({"weight": weight, "count_issue": reason_column(count_issue)}, *found)


def clean_modes(raw: pd.Series | None, column: str | None, row_numbers: RowNumbers, units: str
                ) -> tuple[Cleaned, pd.DataFrame]:
    """``mode`` (normalised labels, a categorical) and ``mode_issue``, with the mode mapping
    (original label -> mode, rows). Missing and 'unknown' modes and total rows are left out."""
    if raw is None:
        columns = {"mode": pd.Series(pd.Categorical([None] * len(row_numbers), categories=[]),
                                     index=row_numbers.index),
                   "mode_issue": reason_column(no_reasons(row_numbers.index, modes.MISSING))}
        return (Cleaned.of(columns, issue("no_mode_column")),
                pd.DataFrame(columns=["original", "mode", "rows"]))
    norm = modes.normalise_modes(raw, row_sizes(row_numbers))
    columns = {"mode": norm.labels, "mode_issue": reason_column(norm.reasons)}
    return Cleaned.of(
        columns,
        modes.too_many_labels(norm, column),
        invisible_issue(raw, column, row_numbers),
        rows_issue("missing_mode", norm.reasons == modes.MISSING, row_numbers, column=column),
        rows_issue("unknown_mode", norm.reasons == modes.UNKNOWN, row_numbers, column=column,
                   raw=raw),
        rows_issue("total_row", norm.reasons == modes.TOTAL, row_numbers, column=column, raw=raw,
                   units=units),
    ), norm.mapping


def outcome_from_items(frame: pd.DataFrame, scoring: ItemScoring, mode: pd.Series,
                       weight: pd.Series, row_numbers: RowNumbers
                       ) -> tuple[Cleaned, dict[str, float]]:
    """``outcome`` scored from the item columns (see ``scales.score_items``) and
    ``outcome_issue`` (too many missing items), with Cronbach's alpha per mode."""
    missing_items = [c for c in scoring.items if c not in frame.columns]
    if missing_items:
        raise ValueError(f"Item columns not in the data: {', '.join(missing_items)}")
    items, bad_cells = item_matrix(frame, scoring)
    outcome = score_items(frame, scoring)
    found = [rows_issue("item_out_of_range", bad_cells[col], row_numbers, column=col,
                        raw=frame[col], low=scoring.item_min, high=scoring.item_max)
             for col in scoring.items]
    too_few = outcome.isna()
    outcome_issue = no_reasons(row_numbers.index).mask(too_few, "too many missing items")
    found.append(rows_issue("too_many_missing_items", too_few, row_numbers, column=None,
                            max_missing=scoring.max_missing))
    alpha_by_mode = {}
    for label in mode.dropna().unique():
        in_mode = (mode == label).fillna(False).astype(bool) & (weight > 0)
        alpha_by_mode[str(label)] = cronbach_alpha(items[in_mode], weight[in_mode])
    columns = {"outcome": outcome.astype(float), "outcome_issue": reason_column(outcome_issue)}
    return Cleaned.of(columns, *found), alpha_by_mode


def outcome_from_column(raw: pd.Series, column: str, valid_range: tuple[float, float] | None,
                        row_numbers: RowNumbers) -> Cleaned:
    """``outcome`` read as numbers and ``outcome_issue``: values that are not numbers,
    infinite, too large, missing or outside ``valid_range`` are set missing, with their reason."""
    outcome, unreadable, decimal_comma = parse_numbers(raw)
    infinite = non_finite(outcome)
    huge = (outcome.abs() >= MAX_ABS_OUTCOME) & ~infinite
    marks = {"not a number": unreadable, "infinite": infinite, "too large": huge,
             "missing": outcome.isna() & ~unreadable}
    if valid_range is not None:
        marks["out of range"] = (outcome < valid_range[0]) | (outcome > valid_range[1])
    outcome_issue = first_reasons(row_numbers.index, marks)
    outcome = outcome.where(outcome_issue.isna())
    out_of_range = None
    if valid_range is not None:
        out_of_range = rows_issue("outcome_out_of_range", marks["out of range"], row_numbers,
                                  column=column, raw=raw, low=valid_range[0], high=valid_range[1])
    return Cleaned.of(
        {"outcome": outcome.astype(float), "outcome_issue": reason_column(outcome_issue)},
        issue("decimal_comma", column=column) if decimal_comma else None,
        rows_issue("outcome_not_numeric", unreadable, row_numbers, column=column, raw=raw),
        rows_issue("outcome_infinite", infinite, row_numbers, column=column, raw=raw),
        rows_issue("outcome_too_large", huge, row_numbers, column=column, raw=raw,
                   limit=MAX_ABS_OUTCOME),
        out_of_range,
        rows_issue("missing_outcome", marks["missing"], row_numbers, column=column),
    )


def no_outcome(row_numbers: RowNumbers) -> Cleaned:
    """An empty ``outcome`` and ``outcome_issue`` when no outcome column is mapped (an error)."""
    return Cleaned.of({"outcome": pd.Series(np.nan, index=row_numbers.index).astype(float),
                       "outcome_issue": reason_column(no_reasons(row_numbers.index))},
                      issue("no_outcome_column"))


def clean_problems(raw: pd.Series | None, column: str | None, sep: str | None,
                   row_numbers: RowNumbers) -> tuple[Cleaned, str | None]:
    """``problem`` (clean labels, multi-label cells joined by the separator actually used) and
    ``problem_issue``, with that separator (``sep="auto"`` resolved)."""
    if raw is None:
        return (Cleaned.of({"problem": no_reasons(row_numbers.index)},
                           issue("no_problem_column")), None)
    invisible = invisible_issue(raw, column, row_numbers, PROBLEMS)
    problem = clean_labels(raw)
    sep = resolve_separator(problem, sep)
    if sep is not None:
        parts = problem.str.split(sep, regex=False)
        problem = parts.map(lambda p: sep.join(x.strip() for x in p if x.strip()) or pd.NA,
                            na_action="ignore").astype("string")
    columns = {"problem": problem,
               "problem_issue": reason_column(no_reasons(row_numbers.index).mask(problem.isna(),
                                                                           "missing"))}
    return Cleaned.of(
        columns, invisible,
        rows_issue("missing_problem", problem.isna(), row_numbers, column=column),
        case_variants(problem, sep, column),
    ), sep


def case_variants(problem: pd.Series, sep: str | None, column: str) -> Issue | None:
    """A warning naming problem labels that differ only in upper and lower case."""
    labels = problem.dropna()
    if sep is not None:
        labels = labels.str.split(sep, regex=False).explode()
    distinct = pd.Series(labels.unique()).astype(str)
    folded = distinct.str.casefold()
    clash = distinct[folded.duplicated(keep=False)]
    if clash.empty:
        return None
    return issue("problem_case_variants", column=column, values=tuple(sorted(clash)[:10]))


def clean_dates(raw: pd.Series, column: str, row_numbers: RowNumbers) -> Cleaned:
    """``date``, read as dates and times (unreadable ones missing; time zones set aside)."""
    dates, unreadable, zoned = parse_dates(raw)
    return Cleaned.of({"date": dates},
                      rows_issue("bad_date", unreadable, row_numbers, column=column, raw=raw),
                      rows_issue("date_time_zone", zoned, row_numbers, column=column, raw=raw))


def clean_ages(raw: pd.Series, column: str, row_numbers: RowNumbers) -> Cleaned:
    """``age`` as numbers; ages outside :data:`AGE_RANGE` are set missing."""
    age, unreadable, _ = parse_numbers(raw)
    implausible = (age < AGE_RANGE[0]) | (age > AGE_RANGE[1])
    return Cleaned.of({"age": age.where(~implausible)},
                      rows_issue("bad_age", unreadable | implausible, row_numbers, column=column,
                                 raw=raw, low=AGE_RANGE[0], high=AGE_RANGE[1]))


def clean_label_role(raw: pd.Series, role: str, column: str, row_numbers: RowNumbers) -> Cleaned:
    """The labels of ``role`` (site, counselor, gender, channel) cleaned: invisible characters
    removed, white space trimmed, channels in lower case."""
    return Cleaned.of({role: clean_labels(raw, lower=(role == "channel"))},
                      invisible_issue(raw, column, row_numbers, f"{role} filter"))


def clean_client_ids(raw: pd.Series, column: str, row_numbers: RowNumbers) -> Cleaned:
    """``client_id`` cleaned (see ``parsing.clean_identifiers``), and the rows that share one."""
    invisible = invisible_issue(raw, column, row_numbers, "client_id filter")
    client_id = clean_identifiers(raw)
    return Cleaned.of({"client_id": client_id}, invisible,
                      rows_issue("duplicate_client_id", repeated_values(client_id), row_numbers,
                                 column=column, raw=raw))


def other_columns(frame: pd.DataFrame, mapped: set[str], taken: set[str],
                  items: tuple[str, ...]) -> tuple[dict[str, pd.Series], tuple[str, ...]]:
    """The file's columns neither mapped to a role nor scored as ``items``, numeric where every
    value is a number, renamed "name (original)" where a name is ``taken``; then the item columns
    as they were. Returns them by name and the names of the numeric ones."""
    others: dict[str, pd.Series] = {}
    numeric = []
    for col in frame.columns:
        if col in mapped or col in items:
            continue
        name = col
        while name in taken or name in others:
            name = f"{name} (original)"
        values, unreadable, _ = parse_numbers(frame[col])
        if not unreadable.any() and values.notna().any():
            others[name] = values
            numeric.append(name)
        else:
            others[name] = frame[col]
    for col in items:
        others[col] = frame[col]
    return others, tuple(numeric)
