"""Which column plays which role: detected from column names, always overridable."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.options import ROLE_SYNONYMS, ROLES


@dataclass(frozen=True, slots=True)
class ColumnRoles:
    """The user's column name for each role (None when the data have no such column)."""

    mode: str | None = None
    outcome: str | None = None
    problem: str | None = None
    count: str | None = None
    date: str | None = None
    site: str | None = None
    counselor: str | None = None
    age: str | None = None
    gender: str | None = None
    channel: str | None = None
    client_id: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return dataclasses.asdict(self)

    def replace(self, **changes: str | None) -> ColumnRoles:
        return dataclasses.replace(self, **changes)

    def mapped(self) -> dict[str, str]:
        """Role -> column for the roles that have a column."""
        return {role: col for role, col in self.to_dict().items() if col is not None}


def normalise_name(name: str) -> str:
    """Lower-case, with every run of characters other than letters and digits folded to "_"."""
    return re.sub(r"[^0-9a-z]+", "_", str(name).lower()).strip("_")


def _name_score(name: str, synonyms: tuple[str, ...]) -> float:
    """How well a normalised column name (``normalise_name``) matches a role's synonyms (0 = not
    at all).

    An exact match beats a whole-word match, which beats a prefix match; within each kind an
    earlier synonym wins; words are the parts between underscores. A pure function of its
    arguments, called for every (column, role) pair each time a file is read: names of up to
    ``_CACHED_NAME`` characters are remembered.
    """
    if len(name) <= _CACHED_NAME:
        return _cached_name_score(name, synonyms)
    return _score_name(name, synonyms)


#: The longest name whose scores are cached (a header cell may hold a megabyte of text).
_CACHED_NAME = 200


@functools.lru_cache(maxsize=8192)
def _cached_name_score(name: str, synonyms: tuple[str, ...]) -> float:
    return _score_name(name, synonyms)


@functools.lru_cache(maxsize=64)
def _synonym_patterns(synonyms: tuple[str, ...]) -> tuple[tuple[str, float, bool, bool], ...]:
    """(synonym, weight, may be a whole word, may start a word) for each synonym, in order.

    A whole word must have three or more characters; a word (the text between underscores) can
    start with a synonym of four or more characters that has no underscore itself."""
    return tuple((synonym, 1 - rank / (10 * len(synonyms)), len(synonym) > 2,
                  len(synonym) >= 4 and "_" not in synonym)
                 for rank, synonym in enumerate(synonyms))


def _score_name(name: str, synonyms: tuple[str, ...]) -> float:
    padded = f"_{name}_"
    best = 0.0
    for synonym, weight, whole, prefix in _synonym_patterns(synonyms):
        if name == synonym:
            best = max(best, 3 * weight)
        elif whole and f"_{synonym}_" in padded:
            best = max(best, 2 * weight)  # the synonym is one or more whole words of the name
        elif prefix and (name.startswith(synonym) or f"_{synonym}" in name):
            best = max(best, 1 * weight)  # a word of the name starts with the synonym
    return best


def numeric_share(column: pd.Series, counts: pd.Series | None = None) -> float:
    """The share of a column's values (missing ones aside) that read as numbers (a decimal
    comma allowed). ``counts``: how many rows hold each value, when ``column`` holds each value
    once (the duckdb engine's distinct values); the share is then of those rows."""
    present = column.notna()
    values = column[present]
    if values.empty:
        return 0.0
    if pd.api.types.is_numeric_dtype(values):
        return 1.0
    parsed = pd.to_numeric(values.astype(str).str.strip().str.replace(",", ".", regex=False),
                           errors="coerce")
    if counts is None:
        return float(parsed.notna().mean())
    counts = counts[present].to_numpy()
    return float(counts[parsed.notna().to_numpy()].sum() / counts.sum())


#: A column named like the mode with this many distinct values or more is not guessed as it.
_MODE_GUESS_LIMIT = 50


def could_be_mode(column: pd.Series) -> bool:
    """Whether a column can be guessed as the delivery mode: fewer than 50 distinct values (a
    column named like the mode with more than ``MAX_MODE_LABELS`` is still guessed, so that
    its labels are reported), and not numbers: a column of counts or codes is never the mode
    by itself (the user may still choose it)."""
    values = pd.Series(column.dropna().unique())
    return len(values) < _MODE_GUESS_LIMIT and (values.empty or numeric_share(values) < 0.5)


def detect_roles(frame: pd.DataFrame) -> ColumnRoles:
    """Guess each role's column from the column names (``options.ROLE_SYNONYMS``).

    Every (role, column) pair is scored by name; pairs are taken best first so a column plays at
    most one role. The outcome, count and age must be mostly numeric unless their name matches
    exactly (so a mistyped column is still found and reported); the mode must have fewer than
    50 distinct values and must not hold numbers. The result is a guess to show the user, who
    can change any of it.
    """
    return detect_roles_from(list(frame.columns), lambda col: numeric_share(frame[col]),
                             lambda col: could_be_mode(frame[col]))


def detect_roles_from(columns: list[str], share: Callable[[str], float],
                      mode_like: Callable[[str], bool]) -> ColumnRoles:
    """:func:`detect_roles` from the column names and two questions about a column's values,
    asked only of the columns whose names call for them: ``share(col)``, its
    :func:`numeric_share`, and ``mode_like(col)``, :func:`could_be_mode` (the duckdb engine
    answers them inside the database, on every row of a file it does not load)."""
    names = {col: normalise_name(col) for col in columns}
    numeric_roles = {"outcome", "count", "age"}
    candidates = []
    for role in ROLES:
        for col, name in names.items():
            score = _name_score(name, ROLE_SYNONYMS[role])
            if score == 0:
                continue
            if role in numeric_roles and score < 2.5 and share(col) < 0.5:
                continue
            if role == "mode" and not mode_like(col):
                continue
            candidates.append((score, -ROLES.index(role), role, col))
    chosen: dict[str, str] = {}
    for _, _, role, col in sorted(candidates, reverse=True):
        if role not in chosen and col not in chosen.values():
            chosen[role] = col
    return ColumnRoles(**chosen)


#: Roles whose values are labels: their columns are read as text.
LABEL_ROLES = ("mode", "problem", "site", "counselor", "gender", "channel", "client_id")
_ID_WORDS = {"id", "code", "ref", "reference", "postcode", "zip"}


def is_identifier_name(column: str) -> bool:
    """True when a column's name says it holds identifiers (about one value a row)."""
    return bool(_ID_WORDS & set(normalise_name(column).split("_")))


def is_label_name(column: str) -> bool:
    """True when a column's name says it holds labels or identifiers (read those as text)."""
    if is_identifier_name(column):
        return True
    name = normalise_name(column)
    return any(_name_score(name, ROLE_SYNONYMS[role]) > 0 for role in LABEL_ROLES)


def recognised_roles(names: list[str]) -> set[str]:
    """The roles that some of ``names`` would be guessed for by name alone (a header row that
    names "mode" and "satisfaction" names two roles)."""
    found = set()
    for name in names:
        key = normalise_name(name)
        found |= {role for role in ROLES if _name_score(key, ROLE_SYNONYMS[role]) > 0}
    return found


def is_numeric_role_name(column: str) -> bool:
    """True when a column's name says it holds an outcome score or a count (numbers whose
    codes matter: value labels of such a column are not applied)."""
    name = normalise_name(column)
    return any(_name_score(name, ROLE_SYNONYMS[role]) > 0 for role in ("outcome", "count"))


def suggest_item_columns(columns: list[str]) -> dict[str, list[str]]:
    """Groups of three or more columns named like items of one scale (``sat_1``, ``sat_2``, ...).

    Returns the stem (``"sat"``) -> the columns in item order.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for col in columns:
        match = re.fullmatch(r"(.*?)[ _.\-]?(?:item)?[ _.\-]?(\d{1,2})", str(col).strip(), re.I)
        if match and match.group(1):
            groups.setdefault(match.group(1).lower(), []).append((int(match.group(2)), col))
    return {stem: [c for _, c in sorted(items)] for stem, items in groups.items()
            if len(items) >= 3}
