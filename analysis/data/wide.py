"""Wide count files: one numeric column of counts per delivery mode, reshaped to one row per mode.

Services publish counts by mode side by side (the NHS Talking Therapies provider file has one
column of appointments per consultation medium: ``M1001_faceto_face_appts_count``,
``M1002_telephone_appts_count``, ...). Every analysis here wants one row per mode with a count
column, so such a file is recognised (:func:`detect_wide_modes`: names that mention a mode or a
medium, values that are counts) and, once the user confirms which column is which mode,
reshaped (:func:`reshape_wide`, a melt): each row of the file becomes one row per mode column,
with the mode's label and its count, the other columns repeated.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.issues import issue
from analysis.data.modes import normalise_mode_label
from analysis.data.parsing import parse_numbers
from analysis.data.roles import ColumnRoles, detect_roles, normalise_name
from analysis.data.units import unit_of_name
from analysis.data.validation import Issue, printable
from analysis.errors import DataError
from analysis.options import MAX_MODE_LABELS

#: Words (normalised names, joined by "_") that name a delivery mode or medium in a column name,
#: and the label each gives. Longer phrases are looked for first.
MODE_WORDS = {
    "face_to_face": "face-to-face", "faceto_face": "face-to-face", "facetoface": "face-to-face",
    "f2f": "face-to-face", "in_person": "face-to-face", "inperson": "face-to-face",
    "online": "online", "remote": "online", "internet": "online", "digital": "digital",
    "telephone": "phone", "phone": "phone", "video": "video", "webcam": "video",
    "email": "email", "sms": "sms", "text": "text", "instant_messaging": "instant messaging",
    "message_board": "message board", "chat_room": "chat room", "chat": "chat",
}
#: Words that say a column is one medium among others ("cons_medium_other"): the rest of the
#: name is its label.
MEDIUM_WORDS = ("medium", "mode", "modality", "delivery", "channel")
#: Words of a column name that are not part of the mode's label.
_FILLER = {"cons", "consultation", "consult", "medium", "mode", "modality", "delivery",
           "channel", "appts", "appt", "appointments", "appointment", "count", "counts", "n",
           "number", "of", "sessions", "session", "clients", "contacts", "referrals",
           "episodes", "total", "via", "by"}
_CODE = re.compile(r"^[a-z]{0,3}\d+$")  # a measure code such as "m1001"


@dataclass(frozen=True, slots=True)
class WideReshape:
    """How a wide count file was reshaped (:func:`reshape_wide`).

    Attributes
    ----------
    modes : tuple of (column, mode label)
        The count columns, in the file's order, with the mode each counts.
    mode_column, count_column : str
        The names of the new columns.
    n_rows_before, n_rows_after : int
        Rows of the file, and rows after the reshape (one per row and mode column, less the
        empty cells).
    n_empty : int
        Empty cells of the count columns (not reported, or suppressed): they give no row.
    """

    modes: tuple[tuple[str, str], ...]
    mode_column: str
    count_column: str
    n_rows_before: int
    n_rows_after: int
    n_empty: int

    def describe(self) -> str:
        """One sentence on the reshape."""
        return (f"reshaped from {len(self.modes)} columns of counts per mode to one row per "
                f"mode ({self.n_rows_before:,} rows became {self.n_rows_after:,}; "
                f"{self.n_empty:,} empty cells give no row)")

    def to_dict(self) -> dict:
        return {"modes": {col: mode for col, mode in self.modes},
                "mode_column": self.mode_column, "count_column": self.count_column,
                "n_rows_before": self.n_rows_before, "n_rows_after": self.n_rows_after,
                "n_empty": self.n_empty}


def mode_of_name(column: str) -> str | None:
    """The delivery mode a column's name speaks of, or None.

    ``"M1002_telephone_appts_count"`` gives ``"phone"`` (labels are normalised as mode labels
    are: ``modes.normalise_mode_label``), ``"M1008_cons_medium_other_appts_count"`` gives
    ``"other"`` (a name that says "medium" names the medium after it), ``"satisfaction"`` None.
    """
    words = normalise_name(column).split("_")
    joined = f"_{'_'.join(words)}_"
    for phrase in sorted(MODE_WORDS, key=len, reverse=True):
        if f"_{phrase}_" in joined:
            return MODE_WORDS[phrase]
    if not any(word in MEDIUM_WORDS for word in words):
        return None
    rest = [w for w in words if w not in _FILLER and not _CODE.match(w)]
    if not rest:
        return None
    label, _ = normalise_mode_label(" ".join(rest))
    return label


def _is_counts(column: pd.Series) -> bool:
    """Whether a column holds counts: numbers (some), all whole and not negative."""
    first = column.dropna().head(1000)  # text: its first cells usually tell
    if not pd.api.types.is_numeric_dtype(column) and parse_numbers(first)[1].any():
        return False
    values, unreadable, _ = parse_numbers(column)
    present = values.dropna()
    return (not unreadable.any() and not present.empty and bool((present >= 0).all())
            and bool((present % 1 == 0).all()) and bool(np.isfinite(present).all()))


def detect_wide_modes(frame: pd.DataFrame) -> dict[str, str]:
    """The columns that look like counts per delivery mode, with the mode each counts.

    A column qualifies when its name speaks of a mode or medium (:func:`mode_of_name`) and its
    values are counts (numbers, whole, not negative). Two or more columns are needed (one column
    of counts is a count column, not a wide file); otherwise the result is empty.
    """
    found = {}
    for col in frame.columns:
        mode = mode_of_name(str(col))
        if mode is not None and _is_counts(frame[col]):
            found[str(col)] = mode
    return found if len(found) >= 2 else {}


def parse_wide_modes(text: str) -> dict[str, str]:
    """``"COL=MODE,COL2=MODE2"`` (the ``--wide-modes`` option) as {column: mode}.

    Raises
    ------
    DataError
        ``bad_option`` for an empty list, a pair without "=", an empty name or label, or a
        column named twice.
    """
    pairs: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        column, sep, mode = part.rpartition("=")
        if not sep or not column.strip() or not mode.strip():
            raise DataError(f"--wide-modes: '{printable(part, 60)}' is not COLUMN=MODE; write "
                            "e.g. --wide-modes F2F_count=face-to-face,online_count=online.",
                            "bad_option")
        if column.strip() in pairs:
            raise DataError(f"--wide-modes names the column '{printable(column.strip(), 60)}' "
                            "twice.", "bad_option")
        pairs[column.strip()] = mode.strip()
    return pairs


def _check(frame: pd.DataFrame, modes: dict[str, str], file_name: str) -> None:
    """Refuse columns that are not in the file or do not hold numbers, and too many modes."""
    columns = [str(c) for c in frame.columns]
    missing = [c for c in modes if c not in columns]
    if missing:
        shown = ", ".join(printable(c, 40) for c in columns[:20])
        more = f" and {len(columns) - 20:,} more" if len(columns) > 20 else ""
        raise DataError(f"{printable(file_name)} has no column '{printable(missing[0])}' to "
                        f"reshape. Its columns: {shown}{more}.", "no_such_column")
    if len(modes) < 2:
        raise DataError("A reshape needs two or more columns of counts, one per mode.",
                        "bad_option")
    if len(set(modes.values())) > MAX_MODE_LABELS:
        raise DataError(f"{len(set(modes.values()))} modes were named; at most "
                        f"{MAX_MODE_LABELS} can be.", "bad_option")
    for col in modes:
        _, unreadable, _ = parse_numbers(frame[col])
        if unreadable.any():
            example = printable(frame[col][unreadable].iloc[0], 40)
            raise DataError(f"The column '{printable(col)}' cannot be reshaped as counts: "
                            f"{int(unreadable.sum()):,} cell(s) are not numbers (such as "
                            f"'{example}'). Choose columns that hold counts.", "wide_not_numeric")


def _new_name(wanted: str, taken: set[str]) -> str:
    name = wanted
    while name in taken:
        name = f"{name} (reshaped)"
    return name


def reshape_wide(table, modes: dict[str, str]):
    """The table reshaped to one row per mode: a ``LoadedTable`` with ``reshaped`` set.

    Each row of the file gives one row per column of ``modes`` (column -> mode label) whose
    cell is not empty, in the file's order, with the label in a ``mode`` column and the cell in
    a count column (named after the unit the columns count, e.g. ``appointments``, else
    ``count``); the other columns are repeated. Labels are normalised later, as any mode label.

    Raises
    ------
    DataError
        A column not in the table (``no_such_column``), a column with cells that are not
        numbers (``wide_not_numeric``), fewer than two columns or too many modes (``bad_option``).
    """
    frame = table.frame
    _check(frame, modes, table.file_name)
    columns = list(modes)
    others = [c for c in frame.columns if c not in modes]
    units = {unit_of_name(c) for c in columns}
    unit = units.pop() if len(units) == 1 else None
    mode_name = _new_name("mode", set(others))
    count_name = _new_name(unit or "count", set(others) | {mode_name})
    counts = np.column_stack([parse_numbers(frame[c])[0].to_numpy(float) for c in columns])
    present = ~np.isnan(counts)  # row-major: each file row's modes together, in order
    rows, which = np.nonzero(present)
    long = frame[others].iloc[rows].reset_index(drop=True)
    long.insert(len(others), mode_name, pd.Series(np.array([modes[c] for c in columns],
                                                           dtype=object)[which], dtype="string"))
    long.insert(len(others) + 1, count_name, counts[rows, which])
    info = WideReshape(tuple(modes.items()), mode_name, count_name, len(frame), len(long),
                       int((~present).sum()))
    return dataclasses.replace(table, frame=long, reshaped=info)


def table_roles(table) -> ColumnRoles:
    """The roles detected in a table (``roles.detect_roles``); after a reshape, its mode and
    count columns are the mode and the count."""
    roles = detect_roles(table.frame)
    info = table.reshaped
    if info is None:
        return roles
    taken = {info.mode_column, info.count_column}
    changes = {role: None for role, col in roles.to_dict().items() if col in taken}
    changes.update(mode=info.mode_column, count=info.count_column)
    return roles.replace(**changes)


def wide_issue(frame: pd.DataFrame) -> Issue | None:
    """The note ``wide_count_columns`` when the file has columns of counts per mode (and no
    mode column is mapped: the caller checks), with the ``--wide-modes`` that reshapes them."""
    found = detect_wide_modes(frame)
    if not found:
        return None
    shown = ", ".join(f"'{printable(c, 40)}'" for c in list(found)[:6])
    more = f" and {len(found) - 6} more" if len(found) > 6 else ""
    example = ",".join(f"{c}={m}" for c, m in found.items())
    return issue("wide_count_columns", columns=shown + more,
                 example=f"\"{printable(example, 2000)}\"")
