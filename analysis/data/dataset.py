"""From a loaded table and a column mapping to the clean data set every analysis uses."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data import modes
from analysis.data.exclusions import Exclusions, usable_rows
from analysis.data.parsing import (
    clean_identifiers,
    clean_labels,
    invisible_characters,
    non_finite,
    parse_dates,
    parse_numbers,
    repeated_values,
)
from analysis.data.roles import ColumnRoles
from analysis.data.scales import (
    ItemScoring,
    OutcomeScale,
    cronbach_alpha,
    declared_scale,
    detect_scale,
    item_matrix,
    items_scale,
    score_items,
)
from analysis.data.units import Unit, resolve_unit
from analysis.data.validation import Issue, ValidationReport, issue_for_rows, printable
from analysis.errors import DataError
from analysis.options import (
    MAX_ABS_OUTCOME,
    MAX_COUNT,
    MAX_MODES,
    MAX_PROBLEM_TYPES,
    MAX_TOTAL_COUNT,
    PROBLEM_SEPARATORS,
)

OUTCOME = "outcome analyses"
PROBLEMS = "problem analyses"
EVERYTHING = "all analyses"
#: Plausible ages; values outside are reported and set missing.
AGE_RANGE = (0, 120)
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


def no_reasons(index: pd.Index, fill: str | None = None) -> pd.Series:
    """A ``*_issue`` column: object dtype, cheap to build and to mask on a million rows."""
    return pd.Series(np.full(len(index), fill, dtype=object), index=index, dtype=object)


def reason_column(reasons: pd.Series) -> pd.Series:
    """A finished ``*_issue`` column as a categorical: a byte a row rather than a pointer (a few
    distinct reasons on a million rows). Read it with ``.astype(object)`` before filling."""
    return reasons.astype("category")


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


def resolve_separator(problems: pd.Series, sep: str | None) -> str | None:
    """The multi-label separator to use for ``sep="auto"`` (else ``sep`` unchanged)."""
    if sep != "auto":
        return sep
    text = pd.Series(problems.dropna().unique()).astype(str)
    for candidate in PROBLEM_SEPARATORS[:2]:
        if text.str.contains(candidate, regex=False).any():
            return candidate
    return None


def prepare_dataset(frame: pd.DataFrame, preparation: Preparation, *,
                    first_row: int = 2) -> Dataset:
    """Clean ``frame`` by the column roles and report every problem found.

    Nothing is silently dropped: a value that cannot be used is set missing, the reason goes to
    the row's ``*_issue`` column and an :class:`Issue` lists the rows. Each analysis then leaves
    out the rows it cannot use and counts them beside its result.
    """
    roles = preparation.roles
    try:
        unit = resolve_unit(roles, preparation.unit)
    except ValueError as exc:
        raise DataError(str(exc), "bad_option") from None
    row = pd.Series(np.arange(len(frame), dtype=np.int64) + first_row, index=frame.index)
    out = pd.DataFrame({"row": row})
    issues: list[Issue] = []
    if frame.shape[1] == 1:
        issues.append(Issue("error", "one_column", "Only one column was found "
                            f"('{printable(frame.columns[0])}'). "
                            "The values are probably separated by a character this app does not "
                            "recognise.", action="Save the file with commas, semicolons, tabs or "
                            "pipes between the values."))

    def add(issue: Issue | None) -> None:
        if issue is not None:
            issues.append(issue)

    def rows_issue(severity, code, message, column, mask, raw=None, action="", affects=EVERYTHING):
        add(issue_for_rows(severity, code, message, column=column, mask=mask, row_numbers=row,
                           raw=raw, action=action, affects=affects))

    def invisible(column: str, affects: str = EVERYTHING) -> None:
        rows_issue("info", "invisible_characters", "{n} row{s} {have} control or invisible "
                   "characters (such as NUL, a line break or a zero-width space) in this label; "
                   "they were removed.", column, invisible_characters(frame[column]),
                   frame[column], "Check how the file was exported.", affects)

    # weight (count column)
    weight = pd.Series(1, index=frame.index, dtype=np.int64)
    count_issue = no_reasons(frame.index)
    if roles.count:
        raw = frame[roles.count]
        values, unreadable, _ = parse_numbers(raw)
        infinite = non_finite(values)
        bad = {
            "count not a number": unreadable,
            "count missing": values.isna() & ~unreadable,
            "count negative": values < 0,
            "count not a whole number": (values % 1 != 0) & values.notna() & ~infinite,
            "count infinite": infinite,
            "count too large": (values > MAX_COUNT) & ~infinite,
        }
        for reason, mask in bad.items():
            count_issue = count_issue.mask(mask & count_issue.isna(), reason)
            action = ("Correct the count, or map no count column if rows are clients."
                      if reason != "count too large" else
                      f"Counts above {MAX_COUNT:,} per row are not analysed; check the column "
                      "(is it a count?) or split the row.")
            rows_issue("warning", reason.replace(" ", "_"),
                       f"{{n}} row{{s}}: {reason}; left out of every analysis.", roles.count, mask,
                       raw, action)
        ok = count_issue.isna()
        weight = values.where(ok, 0).fillna(0).astype(np.int64)
        total = int(weight.sum())
        if total > MAX_TOTAL_COUNT:
            add(Issue("error", "counts_too_large", f"The counts in '{printable(roles.count)}' add "
                      f"up to {total:,}, more than the {MAX_TOTAL_COUNT:,} this app can analyse "
                      "exactly.", column=roles.count,
                      action="Check that the column holds counts, or analyse a subset (a period, "
                             "a site)."))
    out["weight"] = weight

    # mode
    mode_mapping = pd.DataFrame(columns=["original", "mode", "rows"])
    if roles.mode:
        norm = modes.normalise_modes(frame[roles.mode])
        out["mode"] = norm.labels
        out["mode_issue"] = reason_column(norm.reasons)
        mode_mapping = norm.mapping
        raw = frame[roles.mode]
        invisible(roles.mode)
        rows_issue("warning", "missing_mode", "{n} row{s} {have} no delivery mode; left out of every "
                   "analysis (a missing mode is never a group).", roles.mode,
                   norm.reasons == modes.MISSING, action="Fill in the mode if it is known.")
        rows_issue("warning", "unknown_mode", "{n} row{s} {have} a mode label meaning 'unknown'; left "
                   "out of every analysis.", roles.mode, norm.reasons == modes.UNKNOWN, raw)
        rows_issue("warning", "total_row", "{n} row{s} name{vs} a total rather than a delivery mode; "
                   f"left out so that {unit.plural} are not counted twice.", roles.mode,
                   norm.reasons == modes.TOTAL, raw, "Remove total rows from the export.")
    else:
        out["mode"] = pd.Series(pd.Categorical([None] * len(frame), categories=[]),
                                index=frame.index)
        out["mode_issue"] = reason_column(no_reasons(frame.index, modes.MISSING))
        add(Issue("error", "no_mode_column", "No column is mapped to the delivery mode, so nothing "
                  "can be compared.", action="Choose the column that says online or face-to-face."))

    # outcome
    outcome_issue = no_reasons(frame.index)
    alpha_by_mode: dict[str, float] = {}
    scoring = preparation.scoring
    if scoring is not None:
        missing_items = [c for c in scoring.items if c not in frame.columns]
        if missing_items:
            raise ValueError(f"Item columns not in the data: {', '.join(missing_items)}")
        items, bad_cells = item_matrix(frame, scoring)
        outcome = score_items(frame, scoring)
        for col in scoring.items:
            rows_issue("warning", "item_out_of_range", f"{{n}} value{{s}} outside {scoring.item_min:g}"
                       f"-{scoring.item_max:g} or not a number; treated as missing items.", col,
                       bad_cells[col], frame[col], affects=OUTCOME)
        too_few = outcome.isna()
        outcome_issue = outcome_issue.mask(too_few, "too many missing items")
        rows_issue("warning", "too_many_missing_items", f"{{n}} row{{s}} {{have}} more than "
                   f"{scoring.max_missing} missing item(s), so no score; left out of outcome "
                   "analyses.", None, too_few, affects=OUTCOME)
        label = f"score ({scoring.method} of {len(scoring.items)} items)"
        out_mode = out["mode"]
        for mode in out_mode.dropna().unique():
            in_mode = (out_mode == mode).fillna(False).astype(bool) & (weight > 0)
            alpha_by_mode[str(mode)] = cronbach_alpha(items[in_mode], weight[in_mode])
        valid_range = scoring.score_range
    elif roles.outcome:
        raw = frame[roles.outcome]
        outcome, unreadable, decimal_comma = parse_numbers(raw)
        label = roles.outcome
        valid_range = preparation.outcome_range
        if decimal_comma:
            add(Issue("info", "decimal_comma", "Decimal commas (such as 4,5) were read as decimal "
                      "points.", column=roles.outcome, affects=OUTCOME))
        infinite = non_finite(outcome)
        huge = (outcome.abs() >= MAX_ABS_OUTCOME) & ~infinite
        marks = {"not a number": unreadable, "infinite": infinite, "too large": huge,
                 "missing": outcome.isna() & ~unreadable}
        if valid_range is not None:
            lo, hi = valid_range
            marks["out of range"] = (outcome < lo) | (outcome > hi)
        for reason, mask in marks.items():
            outcome_issue = outcome_issue.mask(mask & outcome_issue.isna(), reason)
        outcome = outcome.where(outcome_issue.isna())
        rows_issue("warning", "outcome_not_numeric", "{n} row{s} {have} an outcome that is not a "
                   "number; left out of outcome analyses.", roles.outcome, unreadable, raw,
                   "Correct the values, or leave the cells empty.", OUTCOME)
        rows_issue("warning", "outcome_infinite", "{n} row{s} {have} an infinite outcome; left out "
                   "of outcome analyses.", roles.outcome, infinite, raw, affects=OUTCOME)
        rows_issue("warning", "outcome_too_large", f"{{n}} row{{s}} {{have}} an outcome of "
                   f"{MAX_ABS_OUTCOME:.0e} or more in size: more digits than a computer's floating "
                   "point numbers hold; left out of outcome analyses.", roles.outcome, huge, raw,
                   "Check the column (is it the outcome?), or rescale it (e.g. thousands).",
                   OUTCOME)
        if valid_range is not None:
            rows_issue("warning", "outcome_out_of_range", f"{{n}} row{{s}} {{have}} an outcome outside "
                       f"the valid range {valid_range[0]:g}-{valid_range[1]:g}; left out of outcome "
                       "analyses.", roles.outcome, marks["out of range"], raw,
                       "Correct the values or widen the valid range.", OUTCOME)
        rows_issue("warning", "missing_outcome", "{n} row{s} {have} no outcome value; left out of "
                   "outcome analyses.", roles.outcome, marks["missing"], affects=OUTCOME)
    else:
        outcome = pd.Series(np.nan, index=frame.index)
        label = "outcome"
        valid_range = None
        add(Issue("error", "no_outcome_column", "No outcome column (such as satisfaction) is mapped, "
                  "so only counts and problem types can be shown.",
                  action="Map a numeric outcome column, or compute one from item columns.",
                  affects=OUTCOME))
    out["outcome"] = outcome.astype(float)
    out["outcome_issue"] = reason_column(outcome_issue)

    # problem
    sep = None
    if roles.problem:
        invisible(roles.problem, PROBLEMS)
        problem = clean_labels(frame[roles.problem])
        sep = resolve_separator(problem, preparation.problem_sep)
        if sep is not None:
            parts = problem.str.split(sep, regex=False)
            problem = parts.map(lambda p: sep.join(x.strip() for x in p if x.strip()) or pd.NA,
                                na_action="ignore").astype("string")
        out["problem"] = problem
        out["problem_issue"] = reason_column(no_reasons(frame.index).mask(
            problem.isna(), "missing"))
        rows_issue("warning", "missing_problem", "{n} row{s} {have} no problem type; left out of "
                   "problem analyses (their outcome still counts).", roles.problem,
                   problem.isna(), affects=PROBLEMS)
        add(_case_variants(problem, sep, roles.problem))
    else:
        out["problem"] = no_reasons(frame.index)
        add(Issue("error", "no_problem_column", "No problem-type column is mapped, so problem "
                  "analyses are unavailable.", action="Map the column holding the presenting "
                  "problem.", affects=PROBLEMS))
    out["count_issue"] = reason_column(count_issue)

    # optional roles
    for role in ("date", "site", "counselor", "age", "gender", "channel", "client_id"):
        col = getattr(roles, role)
        if col is None:
            continue
        raw = frame[col]
        if role == "date":
            dates, unreadable, zoned = parse_dates(raw)
            out["date"] = dates
            rows_issue("warning", "bad_date", "{n} row{s} {have} a date that could not be read; left "
                       "out when filtering by period.", col, unreadable, raw,
                       "Use dates like 2025-03-31.", "trends and period filters")
            rows_issue("info", "date_time_zone", "{n} date{s} give{vs} a time zone; it was set aside "
                       "and each date and time read as written (zones may differ between rows).",
                       col, zoned, raw, affects="trends and period filters")
        elif role == "age":
            age, unreadable, _ = parse_numbers(raw)
            implausible = (age < AGE_RANGE[0]) | (age > AGE_RANGE[1])
            rows_issue("warning", "bad_age", f"{{n}} row{{s}} {{have}} an age that is not a number "
                       f"between {AGE_RANGE[0]} and {AGE_RANGE[1]}; treated as missing.", col,
                       unreadable | implausible, raw, affects="age filter and covariates")
            out["age"] = age.where(~implausible)
        else:
            invisible(col, f"{role} filter")
            out[role] = (clean_identifiers(raw) if role == "client_id" else
                         clean_labels(raw, lower=(role == "channel")))
    if roles.client_id:
        dup = repeated_values(out["client_id"])
        rows_issue("warning", "duplicate_client_id", "{n} row{s} share{vs} a client id with another row. "
                   "Rows are kept (a client may have several episodes); check that no client was "
                   "exported twice.", roles.client_id, dup, frame[roles.client_id],
                   "Remove exported duplicates.")

    _check_groups(out, roles, add)
    if scoring is not None or roles.outcome:
        _check_outcome(out, roles, label, unit, add)
    if roles.problem:
        _check_problems(out, roles, unit, sep, add)

    # the other columns, numeric where every value is a number (added at once: one block)
    mapped = set(roles.mapped().values()) | set(scoring.items if scoring else ())
    others: dict[str, pd.Series] = {}
    other_numeric = []
    for col in frame.columns:
        if col in mapped:
            continue
        name = col
        while name in out.columns or name in others:
            name = f"{name} (original)"
        values, unreadable, _ = parse_numbers(frame[col])
        if not unreadable.any() and values.notna().any():
            others[name] = values
            other_numeric.append(name)
        else:
            others[name] = frame[col]
    if scoring is not None:
        for col in scoring.items:
            others[col] = frame[col]
    if others:
        out = pd.concat([out, pd.DataFrame(others, index=frame.index)], axis=1)

    if scoring is not None:
        scale = items_scale(scoring)
    elif preparation.outcome_range is not None and roles.outcome:
        scale = declared_scale(preparation.outcome_range)
    elif roles.outcome:
        in_use = (out["weight"] > 0).to_numpy() & out["mode"].notna().to_numpy()
        scale = detect_scale(out["outcome"].to_numpy(float)[in_use], roles.outcome)
    else:
        scale = None
    _, usable = usable_rows(out, columns=())
    n_usable_rows = int((out["count_issue"].isna() & out["mode"].notna()).sum())
    return Dataset(out, preparation, ValidationReport(tuple(issues), len(frame)), mode_mapping,
                   sep, label, alpha_by_mode, tuple(other_numeric), scale, unit, usable,
                   n_usable_rows)


def _case_variants(problem: pd.Series, sep: str | None, column: str) -> Issue | None:
    labels = problem.dropna()
    if sep is not None:
        labels = labels.str.split(sep, regex=False).explode()
    distinct = pd.Series(labels.unique()).astype(str)
    folded = distinct.str.casefold()
    clash = distinct[folded.duplicated(keep=False)]
    if clash.empty:
        return None
    return Issue("warning", "problem_case_variants", "Some problem labels differ only in upper and "
                 "lower case and are counted as different problems.", column=column,
                 values=tuple(sorted(clash)[:10]), action="Spell each problem type one way.",
                 affects=PROBLEMS)


def _per_mode(out: pd.DataFrame, mask: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """The modes and the units per mode in the usable rows (a mode and a count), optionally
    restricted to ``mask``."""
    codes, labels = pd.factorize(out["mode"])
    weight = out["weight"].to_numpy(float)
    valid = (codes >= 0) & (weight > 0)
    if mask is not None:
        valid &= mask
    return [str(m) for m in labels], np.bincount(codes[valid], weights=weight[valid],
                                                 minlength=len(labels))


def _check_groups(out: pd.DataFrame, roles: ColumnRoles, add) -> None:
    labels, units = _per_mode(out)
    present = [m for m, n in zip(labels, units) if n > 0]
    if roles.mode and len(present) < 2:
        found = ", ".join(printable(m, 40) for m in present) or "none"
        add(Issue("error", "fewer_than_two_modes", f"The data have fewer than two delivery modes "
                  f"(found: {found}), so nothing can be compared.", column=roles.mode,
                  action="Check the mode column and its labels (see the mode mapping)."))
    if len(present) > MAX_MODES:
        add(Issue("error", "too_many_modes", f"The mode column '{printable(roles.mode)}' has "
                  f"{len(present):,} different delivery modes; at most {MAX_MODES} can be "
                  f"compared.", column=roles.mode,
                  values=tuple(printable(m, 40) for m in present[:10]),
                  action="Check that this is the delivery-mode column, or merge rare modes into "
                         "one label (such as 'other') before loading."))


def _counts_text(pairs: list[tuple[str, float]], unit: Unit, what: str) -> str:
    """"Group 'online' has 1 client(s) with a usable value, 'face-to-face' has 0" (up to five
    modes, then "and k more")."""
    shown = [f"'{printable(m, 40)}' has {int(n):,}" for m, n in pairs[:5]]
    shown[0] = f"Group {shown[0]} {unit.singular}(s)"
    more = f" and {len(pairs) - 5:,} more modes" if len(pairs) > 5 else ""
    return ", ".join(shown) + more + f" {what}"


def _check_outcome(out: pd.DataFrame, roles: ColumnRoles, label: str, unit: Unit, add) -> None:
    """One rule for every way an outcome column can leave nothing to compare.

    Outcome analyses need at least two modes with two or more usable values: an outcome column
    that is empty, holds no numbers, only infinite or out-of-range values, or has one value per
    mode blocks them (an error naming the modes and their counts). A mode with fewer than two
    values beside two that have enough is left out of the comparisons (a warning).
    """
    labels, units = _per_mode(out)
    if sum(n > 0 for n in units) < 2:
        return  # fewer_than_two_modes already blocks everything
    _, with_values = _per_mode(out, out["outcome"].notna().to_numpy())
    ranked = sorted(((m, n, v) for m, n, v in zip(labels, units, with_values) if n > 0),
                    key=lambda t: (t[2], -t[1], t[0]))
    enough = [m for m, _, v in ranked if v >= 2]
    column = roles.outcome
    if len(enough) >= 2:
        for mode, _, v in ranked:
            if v < 2:
                add(Issue("warning", "small_group", f"Mode '{printable(mode, 40)}' has {int(v)} "
                          f"{unit.singular}(s) with an outcome; at least two are needed, so it is "
                          "left out of outcome comparisons.", column=roles.mode,
                          values=(printable(mode),), affects=OUTCOME))
        add(_no_spread(out, enough, label, column))
        return
    usable = (out["weight"] > 0).to_numpy() & out["mode"].notna().to_numpy()
    reasons = out.loc[usable & out["outcome"].isna().to_numpy(), "outcome_issue"].astype(object).fillna("missing")
    counts = reasons.value_counts()
    if counts.empty:
        why = "every value was usable: there are too few rows"
    elif with_values.sum() == 0 and len(counts) == 1:
        why = {"not a number": "the column holds no numbers",
               "missing": "every value is missing",
               "infinite": "every value is infinite",
               "too large": f"every value is {MAX_ABS_OUTCOME:.0e} or more in size",
               "out of range": "every value is outside the valid range",
               }.get(str(counts.index[0]), f"every value is unusable ({counts.index[0]})")
    else:
        why = "values left out: " + ", ".join(f"{n:,} {reason}" for reason, n in counts.items())
    counts_text = _counts_text([(m, v) for m, _, v in ranked], unit, "with a usable value")
    add(Issue("error", "too_few_outcome_values", "Outcome analyses need at least two delivery "
              f"modes with two or more usable values of '{printable(label)}'. {counts_text} "
              f"({why}).",
              column=column, values=tuple(printable(m) for m, _, _ in ranked[:10]),
              action="Map a column that holds numbers as the outcome (or compute it from items), "
                     "fill in or correct the values, or check the valid range.",
              affects=OUTCOME))


def _no_spread(out: pd.DataFrame, enough: list[str], label: str, column: str | None
               ) -> Issue | None:
    """A warning when no mode with enough values has any spread in its outcome."""
    rows = out["outcome"].notna() & (out["weight"] > 0) & out["mode"].isin(enough)
    spread = out.loc[rows, ["mode", "outcome"]].groupby("mode", observed=True)["outcome"].agg(
        ["min", "max"])
    if (spread["max"] > spread["min"]).any():
        return None
    values = sorted(set(spread["min"]))
    where = (f"every usable value of '{printable(label)}' is {values[0]:g}" if len(values) == 1
             else f"within each mode every usable value of '{printable(label)}' is the same")
    return Issue("warning", "outcome_no_spread", f"The outcome has no spread: {where}. t tests, "
                 "Cohen's d, Hedges' g and their intervals are undefined (shown as n/a); the rank "
                 "test still runs.", column=column, affects=OUTCOME,
                 action="Check that the right column is the outcome.")


def _check_problems(out: pd.DataFrame, roles: ColumnRoles, unit: Unit, sep: str | None,
                    add) -> None:
    """Problem analyses need at least two modes with a problem type recorded, and at most
    ``MAX_PROBLEM_TYPES`` distinct types (errors)."""
    distinct = pd.Series(out["problem"].dropna().unique(), dtype=object)
    if sep is not None:
        distinct = pd.Series(distinct.str.split(sep, regex=False).explode().unique())
    if len(distinct) > MAX_PROBLEM_TYPES:
        add(Issue("error", "too_many_problem_types", f"The problem column "
                  f"'{printable(roles.problem)}' has {len(distinct):,} different problem types; "
                  f"at most {MAX_PROBLEM_TYPES} can be analysed.", column=roles.problem,
                  values=tuple(printable(p, 40) for p in distinct[:10]),
                  action="Check that this is the problem-type column (not free text), or group "
                         "the types into broader categories before loading.", affects=PROBLEMS))
    labels, units = _per_mode(out)
    if sum(n > 0 for n in units) < 2:
        return
    _, with_problem = _per_mode(out, out["problem"].notna().to_numpy())
    ranked = sorted(((m, v) for m, n, v in zip(labels, units, with_problem) if n > 0),
                    key=lambda t: (t[1], t[0]))
    if sum(v > 0 for _, v in ranked) >= 2:
        return
    add(Issue("error", "too_few_problem_values", "Problem analyses need at least two delivery "
              f"modes with a problem type recorded. "
              f"{_counts_text(ranked, unit, 'with a problem type')}.", column=roles.problem,
              values=tuple(printable(m) for m, _ in ranked[:10]),
              action="Map the column holding the presenting problem, or fill in the problem "
                     "types.", affects=PROBLEMS))
