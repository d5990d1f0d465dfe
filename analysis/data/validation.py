"""Data problems, collected all at once and reported with column, rows, values and a remedy."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Severity = Literal["error", "warning", "info"]
#: How many row numbers and example values an issue lists in full.
SHOWN = 10
#: Longest user text (a value, a column name) quoted in a message.
SHOWN_CHARS = 80

#: Line breaks and other white-space controls: shown as one space.
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
#: Other control and invisible formatting characters (C0, DEL, C1, zero-width, bidi, BOM).
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u200b-\u200f"
                        r"\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def printable(text: object, limit: int = SHOWN_CHARS) -> str:
    r"""``text`` as it can be quoted in a one-line message.

    Line breaks become a space, other control and invisible characters are written as escapes
    (``\x00``, ``\u202e``) so that the reader sees they are there, and text longer than
    ``limit`` characters is cut with an ellipsis that says how long it was.

    Parameters
    ----------
    text : object
        A value, label, column or file name from the user's data (``str()`` is taken).
    limit : int
        Characters kept.

    Returns
    -------
    str
        One line, safe to quote in a message or print to a terminal.

    Examples
    --------
    >>> printable("online\x00")
    'online\\x00'
    >>> printable("two\nlines")
    'two lines'
    >>> printable("x" * 200, limit=10)
    'xxxxxxxxxx… (200 characters)'
    """
    text = str(text)
    long = len(text) > limit
    shown = _BREAKS.sub(" ", text[:limit])
    shown = _INVISIBLE.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                                      else f"\\u{ord(m.group()):04x}"), shown)
    return shown + (f"… ({len(text):,} characters)" if long else "")


def strip_invisible(text: str) -> str:
    r"""``text`` with line breaks turned into one space and other control or invisible
    formatting characters removed (so the label "on\u200bline" is "online")."""
    return _INVISIBLE.sub("", _BREAKS.sub(" ", text))


def has_invisible(text: str) -> bool:
    """True when :func:`strip_invisible` would change ``text``."""
    return bool(_BREAKS.search(text) or _INVISIBLE.search(text))


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in the data.

    ``error`` blocks the analyses named in ``affects``; ``warning`` means rows were left out of
    those analyses (they are counted beside each result); ``info`` records something the app did
    that the user should know (an encoding, a decimal comma).
    """

    severity: Severity
    code: str
    message: str
    column: str | None = None
    rows: tuple[int, ...] = ()
    values: tuple[str, ...] = ()
    action: str = ""
    affects: str = "all analyses"

    def rows_text(self) -> str:
        shown = ", ".join(str(r) for r in self.rows[:SHOWN])
        more = len(self.rows) - SHOWN
        return f"{shown} and {more:,} more" if more > 0 else shown

    def to_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["rows"] = list(self.rows)
        data["values"] = list(self.values)
        return data


@dataclass(frozen=True, slots=True, eq=False)
class GroupedRows:
    """The row numbers of a frame whose rows each stand for several identical rows of a file
    (the duckdb engine's input: one row per distinct combination of raw values, in the order
    the combinations first appear in the file; see :mod:`analysis.data.engine`).

    Passed where a cleaner takes ``row_numbers``: it has their ``index`` and length, and
    :func:`issue_for_rows` counts the file's rows (``sizes``) rather than the frame's.

    Attributes
    ----------
    first : Series
        The file's row number of the first row of each group (the rows an issue names).
    sizes : ndarray of int64
        How many of the file's rows each group stands for.
    """

    first: pd.Series
    sizes: np.ndarray

    @property
    def index(self) -> pd.Index:
        return self.first.index

    def __len__(self) -> int:
        return len(self.first)


#: The ``row_numbers`` a cleaner takes: one a row, or the first of each group of rows.
RowNumbers = pd.Series | GroupedRows


def row_sizes(row_numbers: RowNumbers) -> np.ndarray | None:
    """How many of the file's rows each row stands for (None: one each)."""
    return row_numbers.sizes if isinstance(row_numbers, GroupedRows) else None


def issue_for_rows(severity: Severity, code: str, message: str, *, column: str | None,
                   mask: pd.Series, row_numbers: RowNumbers, raw: pd.Series | None = None,
                   action: str = "", affects: str = "all analyses", **context) -> Issue | None:
    """An :class:`Issue` for the rows where ``mask`` is true, or None when there are none.

    ``message`` may contain ``{n}`` (the number of rows), ``{s}`` (a plural s), ``{have}`` ("has"
    or "have") and ``{vs}`` (the s of a verb in the singular: "1 row shares", "2 rows share"),
    and any field of ``context`` (a column, a limit). Up to ``SHOWN`` distinct raw values are
    kept as examples. With :class:`GroupedRows`, ``{n}`` counts the file's rows and the rows
    named are the first row of each group.
    """
    if isinstance(row_numbers, GroupedRows):
        hit = mask.to_numpy(dtype=bool, na_value=False)
        n = int(row_numbers.sizes[hit].sum())
        row_numbers = row_numbers.first
    else:
        n = int(mask.sum())
    if n == 0:
        return None
    rows = tuple(int(r) for r in row_numbers[mask])
    values: tuple[str, ...] = ()
    if raw is not None:
        values = tuple(printable(v) for v in pd.unique(raw[mask].astype(str))[:SHOWN])
    words = {"n": f"{n:,}", "s": "" if n == 1 else "s", "have": "has" if n == 1 else "have",
             "vs": "s" if n == 1 else ""}
    return Issue(severity, code, message.format(**words, **context),
                 column=column, rows=rows, values=values, action=action, affects=affects)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Every issue found while reading and preparing a data set."""

    issues: tuple[Issue, ...]
    n_rows: int

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when nothing blocks the analyses."""
        return not self.errors

    def blocking(self, analysis: str) -> tuple[Issue, ...]:
        """The errors that block ``analysis`` ("outcome analyses", "problem analyses", ...)."""
        return tuple(i for i in self.errors if i.affects in (analysis, "all analyses"))

    def sorted(self) -> list[Issue]:
        """Errors first, then warnings, then notes."""
        order = {"error": 0, "warning": 1, "info": 2}
        return sorted(self.issues, key=lambda i: order[i.severity])

    def to_frame(self) -> pd.DataFrame:
        """A table for people: one row per issue, errors first."""
        rows = [{
            "severity": i.severity, "column": i.column or "", "rows": i.rows_text(),
            "values": ", ".join(i.values), "problem": i.message, "what to do": i.action,
            "affects": i.affects,
        } for i in self.sorted()]
        return pd.DataFrame(rows, columns=["severity", "column", "rows", "values", "problem",
                                           "what to do", "affects"])

    def to_text(self) -> str:
        """Plain-text report for the terminal."""
        if not self.issues:
            return f"{self.n_rows:,} rows read; no problems found."
        counts = {s: sum(i.severity == s for i in self.issues)
                  for s in ("error", "warning", "info")}
        lines = [f"{self.n_rows:,} rows read: {counts['error']} error(s), "
                 f"{counts['warning']} warning(s), {counts['info']} note(s)."]
        for issue in self.sorted():
            where = f" [{printable(issue.column)}]" if issue.column else ""
            lines.append(f"{issue.severity.upper()}{where}: {issue.message}")
            if issue.rows:
                lines.append(f"    rows: {issue.rows_text()}")
            if issue.values:
                lines.append(f"    values: {', '.join(issue.values)}")
            if issue.action:
                lines.append(f"    what to do: {issue.action}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"ok": self.ok, "n_rows": self.n_rows,
                "issues": [i.to_dict() for i in self.issues]}
