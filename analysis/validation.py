"""Data problems, collected all at once and reported with column, rows, values and a remedy."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]
#: How many row numbers and example values an issue lists in full.
SHOWN = 10


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


def issue_for_rows(severity: Severity, code: str, message: str, *, column: str | None,
                   mask: pd.Series, row_numbers: pd.Series, raw: pd.Series | None = None,
                   action: str = "", affects: str = "all analyses") -> Issue | None:
    """An :class:`Issue` for the rows where ``mask`` is true, or None when there are none.

    ``message`` may contain ``{n}`` (the number of rows), ``{s}`` (a plural s), ``{have}`` ("has"
    or "have") and ``{vs}`` (the s of a verb in the singular: "1 row shares", "2 rows share"). Up to ``SHOWN`` distinct raw values are
    kept as examples.
    """
    n = int(mask.sum())
    if n == 0:
        return None
    rows = tuple(int(r) for r in row_numbers[mask])
    values: tuple[str, ...] = ()
    if raw is not None:
        values = tuple(str(v) for v in pd.unique(raw[mask].astype(str))[:SHOWN])
    words = {"n": f"{n:,}", "s": "" if n == 1 else "s", "have": "has" if n == 1 else "have",
             "vs": "s" if n == 1 else ""}
    return Issue(severity, code, message.format(**words),
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
        counts = {s: sum(i.severity == s for i in self.issues) for s in ("error", "warning", "info")}
        lines = [f"{self.n_rows:,} rows read: {counts['error']} error(s), "
                 f"{counts['warning']} warning(s), {counts['info']} note(s)."]
        for issue in self.sorted():
            where = f" [{issue.column}]" if issue.column else ""
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
