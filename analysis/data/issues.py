"""Every issue that preparing a data set can report, declared once (as jamovi declares its rejects).

Each code maps to its severity, its message, the remedy ("what to do") and the analyses it
blocks or thins out. Messages are templates: ``{n}``, ``{s}``, ``{have}`` and ``{vs}`` are the row
words of :func:`~analysis.data.validation.issue_for_rows`; the other fields (``{column}``,
``{limit}``, ...) are the context the cleaner passes. The cleaners name a code and give only that
context, so the wording lives here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.validation import Issue, Severity, issue_for_rows, printable

OUTCOME = "outcome analyses"
PROBLEMS = "problem analyses"
EVERYTHING = "all analyses"
DATES = "trends and period filters"
AGES = "age filter and covariates"
#: ``affects`` of an issue whose analyses depend on the column's role (the caller says which).
BY_ROLE = None


@dataclass(frozen=True, slots=True)
class IssueKind:
    """How one code is reported: ``message`` and ``action`` are templates (see the module)."""

    severity: Severity
    message: str
    action: str = ""
    affects: str | None = EVERYTHING


_BAD_COUNT = "Correct the count, or map no count column if rows are clients."


def _count_kind(reason: str) -> IssueKind:
    return IssueKind("warning", f"{{n}} row{{s}}: count {reason}; left out of every analysis.",
                     _BAD_COUNT)


CATALOGUE: dict[str, IssueKind] = {
    # the table
    "one_column": IssueKind(
        "error", "Only one column was found ('{name}'). The values are probably separated by a "
        "character this app does not recognise.",
        "Save the file with commas, semicolons, tabs or pipes between the values."),
    "invisible_characters": IssueKind(
        "info", "{n} row{s} {have} control or invisible characters (such as NUL, a line break or a "
        "zero-width space) in this label; they were removed.",
        "Check how the file was exported.", BY_ROLE),
    # counts
    "count_not_a_number": _count_kind("not a number"),
    "count_missing": _count_kind("missing"),
    "count_negative": _count_kind("negative"),
    "count_not_a_whole_number": _count_kind("not a whole number"),
    "count_infinite": _count_kind("infinite"),
    "count_too_large": IssueKind(
        "warning", "{n} row{s}: count too large; left out of every analysis.",
        "Counts above {limit:,} per row are not analysed; check the column (is it a count?) or "
        "split the row."),
    "counts_too_large": IssueKind(
        "error", "The counts in '{column}' add up to {total:,}, more than the {limit:,} this app "
        "can analyse exactly.",
        "Check that the column holds counts, or analyse a subset (a period, a site)."),
    # delivery modes
    "missing_mode": IssueKind(
        "warning", "{n} row{s} {have} no delivery mode; left out of every analysis (a missing "
        "mode is never a group).", "Fill in the mode if it is known."),
    "unknown_mode": IssueKind(
        "warning", "{n} row{s} {have} a mode label meaning 'unknown'; left out of every "
        "analysis."),
    "total_row": IssueKind(
        "warning", "{n} row{s} name{vs} a total rather than a delivery mode; left out so that "
        "{units} are not counted twice.", "Remove total rows from the export."),
    "no_mode_column": IssueKind(
        "error", "No column is mapped to the delivery mode, so nothing can be compared.",
        "Choose the column that says online or face-to-face."),
    "fewer_than_two_modes": IssueKind(
        "error", "The data have fewer than two delivery modes (found: {found}), so nothing can be "
        "compared.", "Check the mode column and its labels (see the mode mapping)."),
    "too_many_modes": IssueKind(
        "error", "The mode column '{column}' has {count:,} different delivery modes; at most "
        "{limit} can be compared.",
        "Check that this is the delivery-mode column, or merge rare modes into one label (such as "
        "'other') before loading."),
    "too_many_mode_labels": IssueKind(
        "error", "The mode column '{column}' has {count:,} different labels ({examples}), more "
        "than the {limit} a delivery-mode column can have: {reading}.",
        "Choose the column that names the delivery mode. If the file has one column of counts "
        "per mode, reshape it to one row per mode (the Data page: 'Counts in one column per "
        "mode'; the command line: --wide-modes COL=MODE,...). If these are modes, merge the "
        "rare ones into one label (such as 'other') before loading."),
    "wide_count_columns": IssueKind(
        "info", "The columns {columns} look like counts per delivery mode, one column per mode.",
        "Reshape the file to one row per mode: on the Data page ('Counts in one column per "
        "mode'), or with --wide-modes {example} on the command line."),
    # the outcome from item scores
    "item_out_of_range": IssueKind(
        "warning", "{n} value{s} outside {low:g}-{high:g} or not a number; treated as missing "
        "items.", affects=OUTCOME),
    "too_many_missing_items": IssueKind(
        "warning", "{n} row{s} {have} more than {max_missing} missing item(s), so no score; left "
        "out of outcome analyses.", affects=OUTCOME),
    # the outcome from a column
    "decimal_comma": IssueKind(
        "info", "Decimal commas (such as 4,5) were read as decimal points.", affects=OUTCOME),
    "outcome_not_numeric": IssueKind(
        "warning", "{n} row{s} {have} an outcome that is not a number; left out of outcome "
        "analyses.", "Correct the values, or leave the cells empty.", OUTCOME),
    "outcome_infinite": IssueKind(
        "warning", "{n} row{s} {have} an infinite outcome; left out of outcome analyses.",
        affects=OUTCOME),
    "outcome_too_large": IssueKind(
        "warning", "{n} row{s} {have} an outcome of {limit:.0e} or more in size: more digits than "
        "a computer's floating point numbers hold; left out of outcome analyses.",
        "Check the column (is it the outcome?), or rescale it (e.g. thousands).", OUTCOME),
    "outcome_out_of_range": IssueKind(
        "warning", "{n} row{s} {have} an outcome outside the valid range {low:g}-{high:g}; left "
        "out of outcome analyses.", "Correct the values or widen the valid range.", OUTCOME),
    "missing_outcome": IssueKind(
        "warning", "{n} row{s} {have} no outcome value; left out of outcome analyses.",
        affects=OUTCOME),
    "no_outcome_column": IssueKind(
        "error", "No outcome column (such as satisfaction) is mapped, so only counts and problem "
        "types can be shown.", "Map a numeric outcome column, or compute one from item columns.",
        OUTCOME),
    # the outcome after cleaning
    "small_group": IssueKind(
        "warning", "Mode '{mode}' has {count} {unit}(s) with an outcome; at least two are needed, "
        "so it is left out of outcome comparisons.", affects=OUTCOME),
    "outcome_no_spread": IssueKind(
        "warning", "The outcome has no spread: {where}. t tests, Cohen's d, Hedges' g and their "
        "intervals are undefined (shown as n/a); the rank test still runs.",
        "Check that the right column is the outcome.", OUTCOME),
    "too_few_outcome_values": IssueKind(
        "error", "Outcome analyses need at least two delivery modes with two or more usable "
        "values of '{label}'. {counts} ({why}).",
        "Map a column that holds numbers as the outcome (or compute it from items), fill in or "
        "correct the values, or check the valid range.", OUTCOME),
    # problem types
    "missing_problem": IssueKind(
        "warning", "{n} row{s} {have} no problem type; left out of problem analyses (their "
        "outcome still counts).", affects=PROBLEMS),
    "problem_case_variants": IssueKind(
        "warning", "Some problem labels differ only in upper and lower case and are counted as "
        "different problems.", "Spell each problem type one way.", PROBLEMS),
    "no_problem_column": IssueKind(
        "error", "No problem-type column is mapped, so problem analyses are unavailable.",
        "Map the column holding the presenting problem.", PROBLEMS),
    "too_many_problem_types": IssueKind(
        "error", "The problem column '{column}' has {count:,} different problem types; at most "
        "{limit} can be analysed.",
        "Check that this is the problem-type column (not free text), or group the types into "
        "broader categories before loading.", PROBLEMS),
    "too_few_problem_values": IssueKind(
        "error", "Problem analyses need at least two delivery modes with a problem type "
        "recorded. {counts}.",
        "Map the column holding the presenting problem, or fill in the problem types.", PROBLEMS),
    # dates, ages, client ids
    "bad_date": IssueKind(
        "warning", "{n} row{s} {have} a date that could not be read; left out when filtering by "
        "period.", "Use dates like 2025-03-31.", DATES),
    "date_time_zone": IssueKind(
        "info", "{n} date{s} give{vs} a time zone; it was set aside and each date and time read "
        "as written (zones may differ between rows).", affects=DATES),
    "bad_age": IssueKind(
        "warning", "{n} row{s} {have} an age that is not a number between {low} and {high}; "
        "treated as missing.", affects=AGES),
    "duplicate_client_id": IssueKind(
        "warning", "{n} row{s} share{vs} a client id with another row. Rows are kept (a client may "
        "have several episodes); check that no client was exported twice.",
        "Remove exported duplicates."),
}


def _affects(code: str, affects: str | None) -> str:
    """The catalogue's ``affects`` for ``code``, or the caller's for a code that depends on the
    column's role (and only then)."""
    declared = CATALOGUE[code].affects
    if (declared is BY_ROLE) == (affects is None):
        raise ValueError(f"{code}: affects {'missing' if affects is None else 'not expected'}")
    return declared if affects is None else affects


def issue(code: str, *, column: str | None = None, values: tuple[str, ...] = (),
          affects: str | None = None, **context) -> Issue:
    """The :class:`Issue` ``code`` of the catalogue, its templates filled in from ``context``
    (and ``{column}`` from ``column``, made printable)."""
    kind, affects = CATALOGUE[code], _affects(code, affects)
    if column is not None:
        context["column"] = printable(column)
    return Issue(kind.severity, code, kind.message.format(**context), column=column,
                 values=values, action=kind.action.format(**context), affects=affects)


def rows_issue(code: str, mask: pd.Series, row_numbers: pd.Series, *, column: str | None,
               raw: pd.Series | None = None, affects: str | None = None,
               **context) -> Issue | None:
    """The :class:`Issue` ``code`` for the rows where ``mask`` is true (None when there are none),
    with up to ten of their ``raw`` values as examples (see ``issue_for_rows``)."""
    kind = CATALOGUE[code]
    return issue_for_rows(kind.severity, code, kind.message, column=column, mask=mask,
                          row_numbers=row_numbers, raw=raw, action=kind.action.format(**context),
                          affects=_affects(code, affects), **context)
