"""Where the table starts: the header row below a few title rows, and the sheet of a workbook
that holds the data.

Both are guesses from the first rows alone, shown to the user and always overridable (the Data
page; ``--header-row`` and ``--sheet`` on the command line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.data.roles import recognised_roles

#: Most title or blank rows looked through above the header.
MAX_TITLE_ROWS = 10


@dataclass(frozen=True, slots=True)
class HeaderGuess:
    """Where the column names are.

    Attributes
    ----------
    index : int
        0-based index of the header among the rows looked at (0: the first row).
    roles : frozenset of str
        The roles its cells name (``roles.recognised_roles``).
    """

    index: int
    roles: frozenset[str]

    @property
    def row(self) -> int:
        """The header's row number as a spreadsheet numbers rows (1-based)."""
        return self.index + 1


def _filled(cell: object) -> bool:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return False
    return bool(str(cell).strip())


def _is_text(cell: object) -> bool:
    """A non-empty cell that holds text, not a number (a header cell, not a value)."""
    if not isinstance(cell, str):
        return False
    try:
        float(cell.strip().replace(",", "."))
    except ValueError:
        return True
    return False


def looks_like_header(row: list, width: int) -> bool:
    """Whether a row reads as column names: at least two cells, filling at least half of the
    table's ``width``, and (all but one in five of) them text rather than numbers."""
    filled = [cell for cell in row if _filled(cell)]
    if len(filled) < 2 or len(filled) < width / 2:
        return False
    return sum(_is_text(cell) for cell in filled) >= 0.8 * len(filled)


def guess_header(rows: list[list]) -> HeaderGuess:
    """The header row among the first rows of a sheet or text file.

    The first row is the header when it looks like one (:func:`looks_like_header`): files that
    start with their column names are read as before. Otherwise the first of the next
    ``MAX_TITLE_ROWS`` rows that looks like a header and names at least one role (mode, outcome,
    ...) is taken, and the rows above it are a title, notes or blank; else the first that looks
    like a header below rows of at most one cell each (a title); failing that, the first row.
    """
    rows = rows[:MAX_TITLE_ROWS + 1]
    if not rows:
        return HeaderGuess(0, frozenset())
    width = max(len(row) for row in rows)
    first = HeaderGuess(0, _roles(rows[0]))
    if looks_like_header(rows[0], width):
        return first
    for index, row in enumerate(rows[1:], start=1):
        if looks_like_header(row, width):
            named = _roles(row)
            if named:
                return HeaderGuess(index, named)
    for index, row in enumerate(rows[1:], start=1):
        if looks_like_header(row, width):
            titles = all(sum(_filled(cell) for cell in above) <= 1 for above in rows[:index])
            return HeaderGuess(index, _roles(row)) if titles else first
    return first


def _roles(row: list) -> frozenset[str]:
    return frozenset(recognised_roles([str(cell) for cell in row if _filled(cell)]))


def best_sheet(peeks: dict[str, list[list]]) -> str:
    """The sheet whose header (:func:`guess_header`) names the most roles; the first on a tie
    (so a workbook whose sheets name none opens on its first sheet, as before)."""
    best, best_count = next(iter(peeks)), -1
    for sheet, rows in peeks.items():
        count = len(guess_header(rows).roles) if rows else -1
        if count > best_count:
            best, best_count = sheet, count
    return best
