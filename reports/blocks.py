"""The presentation model: what people read, as typed blocks that pages and reports render.

Every analysis result becomes a :class:`Section` of blocks (sentences, tables with a
column spec, figures, metrics, notes) once, in ``reports/sections/``. The Streamlit pages
(``ui/render.py``) and the HTML, Markdown and Word writers (``reports/document.py``) render the
*same* sections; small-count hiding (``reports/privacy.py``) is applied to them once, before
anything renders or downloads.

Counts and the statistics computed from them are :class:`Cell` values that name the counts they
come from (:class:`Ref` into a :class:`CountTable`), so that hiding a count hides everything that
would give it away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analysis.formats import FORMATS


@dataclass(frozen=True, slots=True)
class Ref:
    """A count of a :class:`CountTable`: ``row``/``col`` name a cell, ``None`` a total."""

    table: str
    row: str | None = None
    col: str | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """A value shown in a table or drawn in a chart, with the counts it reveals.

    ``count`` is the :class:`Ref` when the value *is* that count (it may get the "<k" label);
    ``refs`` are the counts a statistic is computed from or reveals (a percentage its numerator
    and denominator; an odds ratio its four cells; a group's mean its n).
    """

    value: object
    refs: frozenset[Ref] = frozenset()
    count: Ref | None = None

    @staticmethod
    def of_count(value: int, ref: Ref) -> Cell:
        return Cell(value, frozenset({ref}), ref)


@dataclass(frozen=True, slots=True)
class Hidden:
    """A value withheld by small-count hiding: "<k" on a count below k, else "hidden"."""

    label: str

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class CountTable:
    """Counts that several blocks show or compute from, with the margins that are published.

    ``counts`` has the row labels as index and the column labels as columns. A margin is
    published when it is shown anywhere or can be derived from what is shown (a row percentage
    beside its count publishes the row total). The same ``key`` always means the same table, so
    that every page and report hides the same cells.
    """

    key: str
    counts: pd.DataFrame
    row_totals: bool = True
    col_totals: bool = True
    grand_total: bool = True

    def ref(self, row: str | None = None, col: str | None = None) -> Ref:
        return Ref(self.key, row, col)

    def cell(self, row: str, col: str) -> Cell:
        return Cell.of_count(int(self.counts.at[row, col]), self.ref(row, col))

    def row_total(self, row: str) -> Cell:
        return Cell.of_count(int(self.counts.loc[row].sum()), self.ref(row, None))

    def col_total(self, col: str) -> Cell:
        return Cell.of_count(int(self.counts[col].sum()), self.ref(None, col))

    def grand(self) -> Cell:
        return Cell.of_count(int(self.counts.to_numpy().sum()), self.ref(None, None))


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its title and how its values are written (a key of ``FORMATS``)."""

    title: str
    fmt: str = "text"


@dataclass(frozen=True, slots=True)
class Table:
    """A titled table: a column spec and rows of raw values (or :class:`Cell`/:class:`Hidden`)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    note: str = ""

    def formatted(self) -> pd.DataFrame:
        """The table as people read it: every value written by its column's format."""
        data = [[_text(value, column.fmt) for value, column in zip(row, self.columns)]
                for row in self.rows]
        return pd.DataFrame(data, columns=_unique([c.title for c in self.columns]))

    def values(self) -> pd.DataFrame:
        """Raw values, hidden ones as None (what charts are drawn from)."""
        data = [[_raw(value) for value in row] for row in self.rows]
        return pd.DataFrame(data, columns=_unique([c.title for c in self.columns]))


def _unique(titles: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        out.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return out


def _raw(value):
    if isinstance(value, Hidden):
        return None
    return value.value if isinstance(value, Cell) else value


def _text(value, fmt: str) -> str:
    if isinstance(value, Hidden):
        return value.label
    return FORMATS[fmt](_raw(value))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Text. ``kind``: "plain", "lead" (the answer, emphasised), "apa" (a sentence to copy),
    "note" (small print under a result), "info", "warning"."""

    text: str
    kind: str = "plain"


@dataclass(frozen=True, slots=True)
class Metric:
    label: str
    value: object  # str, or a Cell / Hidden
    note: str = ""
    fmt: str = "int"

    def text(self) -> str:
        return _text(self.value, self.fmt) if not isinstance(self.value, str) else self.value


@dataclass(frozen=True, slots=True)
class Metrics:
    items: tuple[Metric, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart: ``draw()`` or, with ``data``, ``draw(data.values())`` builds the Plotly figure
    from the (protected) values, so a hidden count is never drawn. ``name`` names its HTML
    download."""

    key: str
    name: str
    draw: Callable
    data: Table | None = None

    def figure(self) -> go.Figure:
        return self.draw(self.data.values()) if self.data is not None else self.draw()


@dataclass(frozen=True, slots=True)
class Link:
    """A link to another page of the app (not written into reports)."""

    page: str
    label: str


@dataclass(frozen=True, slots=True)
class MethodHelp:
    """The "what is this test" note of a method (``reports/methods.py``); pages show it in an
    expander, reports in their methods paragraph."""

    method: str


@dataclass(frozen=True, slots=True)
class Tabs:
    """Alternative views shown one at a time in the app (each one a list of blocks); reports
    show the first."""

    labels: tuple[str, ...]
    panes: tuple[tuple, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of a page or report: blocks in order, and the count tables they use."""

    key: str
    title: str
    blocks: tuple = ()
    tables: tuple[CountTable, ...] = ()
    level: int = 2


@dataclass
class SectionBuilder:
    """A mutable helper to assemble a :class:`Section` (the section itself is immutable)."""

    key: str
    title: str
    level: int = 2
    blocks: list = field(default_factory=list)
    tables: list = field(default_factory=list)

    def add(self, *blocks) -> SectionBuilder:
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def uses(self, *tables: CountTable) -> SectionBuilder:
        self.tables.extend(tables)
        return self

    def build(self) -> Section:
        return Section(self.key, self.title, tuple(self.blocks), tuple(self.tables), self.level)


def walk(blocks):
    """Every block, tabs opened."""
    for block in blocks:
        if isinstance(block, Tabs):
            for pane in block.panes:
                yield from walk(pane)
        else:
            yield block
