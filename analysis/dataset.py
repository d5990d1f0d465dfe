"""From a loaded table and a column mapping to the clean data set every analysis uses."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import modes
from analysis.options import PROBLEM_SEPARATORS
from analysis.parsing import clean_labels, non_finite, parse_dates, parse_numbers
from analysis.roles import ColumnRoles
from analysis.scales import ItemScoring, cronbach_alpha, item_matrix, score_items
from analysis.validation import Issue, ValidationReport, issue_for_rows

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
    """

    roles: ColumnRoles
    problem_sep: str | None = "auto"
    outcome_range: tuple[float, float] | None = None
    scoring: ItemScoring | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Dataset:
    """The cleaned data and everything found while cleaning it.

    ``frame`` has one row per input row: ``row`` (its number in the file), ``weight`` (clients it
    stands for), ``mode``, ``outcome``, ``problem`` and the optional roles under their role names,
    the ``*_issue`` columns saying why a value is unusable, then the file's other columns.
    """

    frame: pd.DataFrame
    preparation: Preparation
    validation: ValidationReport
    mode_mapping: pd.DataFrame
    problem_sep: str | None
    outcome_label: str
    alpha_by_mode: dict[str, float] = field(default_factory=dict)
    other_numeric: tuple[str, ...] = ()

    @property
    def roles(self) -> ColumnRoles:
        return self.preparation.roles

    @property
    def scale(self) -> tuple[float, float] | None:
        """The outcome's valid range, when known (from the items or the user's setting)."""
        if self.preparation.scoring is not None:
            return self.preparation.scoring.score_range
        return self.preparation.outcome_range

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
    row = pd.Series(np.arange(len(frame), dtype=np.int64) + first_row, index=frame.index)
    out = pd.DataFrame({"row": row})
    issues: list[Issue] = []
    if frame.shape[1] == 1:
        issues.append(Issue("error", "one_column", f"Only one column was found ('{frame.columns[0]}'). "
                            "The values are probably separated by a character this app does not "
                            "recognise.", action="Save the file with commas, semicolons, tabs or "
                            "pipes between the values."))

    def add(issue: Issue | None) -> None:
        if issue is not None:
            issues.append(issue)

    def rows_issue(severity, code, message, column, mask, raw=None, action="", affects=EVERYTHING):
        add(issue_for_rows(severity, code, message, column=column, mask=mask, row_numbers=row,
                           raw=raw, action=action, affects=affects))

    # weight (count column)
    weight = pd.Series(1, index=frame.index, dtype=np.int64)
    count_issue = no_reasons(frame.index)
    if roles.count:
        raw = frame[roles.count]
        values, unreadable, _ = parse_numbers(raw)
        bad = {
            "count not a number": unreadable,
            "count missing": values.isna() & ~unreadable,
            "count negative": values < 0,
            "count not a whole number": (values % 1 != 0) & values.notna() & ~non_finite(values),
            "count infinite": non_finite(values),
        }
        for reason, mask in bad.items():
            count_issue = count_issue.mask(mask & count_issue.isna(), reason)
            rows_issue("warning", reason.replace(" ", "_"),
                       f"{{n}} row{{s}}: {reason}; left out of every analysis.", roles.count, mask,
                       raw, "Correct the count, or map no count column if rows are clients.")
        ok = count_issue.isna()
        weight = values.where(ok, 0).fillna(0).astype(np.int64)
    out["weight"] = weight

    # mode
    mode_mapping = pd.DataFrame(columns=["original", "mode", "rows"])
    if roles.mode:
        norm = modes.normalise_modes(frame[roles.mode])
        out["mode"] = norm.labels
        out["mode_issue"] = norm.reasons
        mode_mapping = norm.mapping
        raw = frame[roles.mode]
        rows_issue("warning", "missing_mode", "{n} row{s} {have} no delivery mode; left out of every "
                   "analysis (a missing mode is never a group).", roles.mode,
                   norm.reasons == modes.MISSING, action="Fill in the mode if it is known.")
        rows_issue("warning", "unknown_mode", "{n} row{s} {have} a mode label meaning 'unknown'; left "
                   "out of every analysis.", roles.mode, norm.reasons == modes.UNKNOWN, raw)
        rows_issue("warning", "total_row", "{n} row{s} name{vs} a total rather than a delivery mode; "
                   "left out so that clients are not counted twice.", roles.mode,
                   norm.reasons == modes.TOTAL, raw, "Remove total rows from the export.")
    else:
        out["mode"] = pd.Series(pd.Categorical([None] * len(frame), categories=[]),
                                index=frame.index)
        out["mode_issue"] = no_reasons(frame.index, modes.MISSING)
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
        marks = {"not a number": unreadable, "infinite": infinite,
                 "missing": outcome.isna() & ~unreadable}
        if valid_range is not None:
            lo, hi = valid_range
            marks["out of range"] = (outcome < lo) | (outcome > hi)
        for reason, mask in marks.items():
            outcome_issue = outcome_issue.mask(mask & outcome_issue.isna(), reason)
        outcome = outcome.where(outcome_issue.isna())
        if outcome.notna().sum() == 0 and unreadable.any():
            add(Issue("error", "outcome_not_numeric", f"The outcome column '{roles.outcome}' holds "
                      "no numbers, so outcome analyses cannot run.", column=roles.outcome,
                      values=tuple(pd.unique(raw[unreadable].astype(str))[:10]),
                      action="Choose a numeric column as the outcome (or compute it from items).",
                      affects=OUTCOME))
        else:
            rows_issue("warning", "outcome_not_numeric", "{n} row{s} {have} an outcome that is not a "
                       "number; left out of outcome analyses.", roles.outcome, unreadable, raw,
                       "Correct the values, or leave the cells empty.", OUTCOME)
        rows_issue("warning", "outcome_infinite", "{n} row{s} {have} an infinite outcome; left out "
                   "of outcome analyses.", roles.outcome, infinite, raw, affects=OUTCOME)
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
    out["outcome_issue"] = outcome_issue

    # problem
    sep = None
    if roles.problem:
        problem = clean_labels(frame[roles.problem])
        sep = resolve_separator(problem, preparation.problem_sep)
        if sep is not None:
            parts = problem.str.split(sep, regex=False)
            problem = parts.map(lambda p: sep.join(x.strip() for x in p if x.strip()) or pd.NA,
                                na_action="ignore").astype("string")
        out["problem"] = problem
        out["problem_issue"] = no_reasons(frame.index).mask(
            problem.isna(), "missing")
        rows_issue("warning", "missing_problem", "{n} row{s} {have} no problem type; left out of "
                   "problem analyses (their outcome still counts).", roles.problem,
                   problem.isna(), affects=PROBLEMS)
        add(_case_variants(problem, sep, roles.problem))
    else:
        out["problem"] = no_reasons(frame.index)
        add(Issue("error", "no_problem_column", "No problem-type column is mapped, so problem "
                  "analyses are unavailable.", action="Map the column holding the presenting "
                  "problem.", affects=PROBLEMS))
    out["count_issue"] = count_issue

    # optional roles
    for role in ("date", "site", "counselor", "age", "gender", "channel", "client_id"):
        col = getattr(roles, role)
        if col is None:
            continue
        raw = frame[col]
        if role == "date":
            dates, unreadable = parse_dates(raw)
            out["date"] = dates
            rows_issue("warning", "bad_date", "{n} row{s} {have} a date that could not be read; left "
                       "out when filtering by period.", col, unreadable, raw,
                       "Use dates like 2025-03-31.", "trends and period filters")
        elif role == "age":
            age, unreadable, _ = parse_numbers(raw)
            implausible = (age < AGE_RANGE[0]) | (age > AGE_RANGE[1])
            rows_issue("warning", "bad_age", f"{{n}} row{{s}} {{have}} an age that is not a number "
                       f"between {AGE_RANGE[0]} and {AGE_RANGE[1]}; treated as missing.", col,
                       unreadable | implausible, raw, affects="age filter and covariates")
            out["age"] = age.where(~implausible)
        else:
            out[role] = clean_labels(raw, lower=(role == "channel"))
    if roles.client_id:
        ids = out["client_id"]
        codes, _ = pd.factorize(ids)
        repeats = np.bincount(codes[codes >= 0], minlength=1)
        dup = pd.Series((codes >= 0) & (repeats[np.maximum(codes, 0)] > 1), index=ids.index)
        rows_issue("warning", "duplicate_client_id", "{n} row{s} share{vs} a client id with another row. "
                   "Rows are kept (a client may have several episodes); check that no client was "
                   "exported twice.", roles.client_id, dup, frame[roles.client_id],
                   "Remove exported duplicates.")

    _check_groups(out, roles, bool(out["outcome"].notna().any()), add)

    # the other columns, numeric where every value is a number
    mapped = set(roles.mapped().values()) | set(scoring.items if scoring else ())
    other_numeric = []
    for col in frame.columns:
        if col in mapped:
            continue
        name = col if col not in out.columns else f"{col} (original)"
        values, unreadable, _ = parse_numbers(frame[col])
        if not unreadable.any() and values.notna().any():
            out[name] = values
            other_numeric.append(name)
        else:
            out[name] = frame[col]
    if scoring is not None:
        for col in scoring.items:
            out[col] = frame[col]
    return Dataset(out, preparation, ValidationReport(tuple(issues), len(frame)), mode_mapping,
                   sep, label, alpha_by_mode, tuple(other_numeric))


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


def _check_groups(out: pd.DataFrame, roles: ColumnRoles, has_outcome: bool, add) -> None:
    codes, modes = pd.factorize(out["mode"])
    weight = out["weight"].to_numpy(float)
    valid = (codes >= 0) & (weight > 0)
    clients = np.bincount(codes[valid], weights=weight[valid], minlength=len(modes))
    present = [str(m) for m, n in zip(modes, clients) if n > 0]
    if roles.mode and len(present) < 2:
        found = ", ".join(present) or "none"
        add(Issue("error", "fewer_than_two_modes", f"The data have fewer than two delivery modes "
                  f"(found: {found}), so nothing can be compared.", column=roles.mode,
                  action="Check the mode column and its labels (see the mode mapping)."))
    if has_outcome and len(present) >= 2:
        with_outcome = valid & out["outcome"].notna().to_numpy()
        n_outcome = np.bincount(codes[with_outcome], weights=weight[with_outcome],
                                minlength=len(modes))
        for mode, total, n in sorted(zip(modes, clients, n_outcome), key=lambda t: -t[1]):
            if total > 0 and n < 2:
                add(Issue("warning", "small_group", f"Mode '{mode}' has {int(n)} client(s) with an "
                          "outcome; at least two are needed, so it is left out of outcome "
                          "comparisons.", column=roles.mode, values=(str(mode),),
                          affects=OUTCOME))
