"""Session state: the data source, how it is read, and the filtered view every page shows.

The parsed data and the settings live in ``st.session_state``; the file's bytes are kept in
memory only (never written to disk or logged). Reading and preparing are cached per session by the
file's SHA-256 (``st.cache_resource``: the same object every rerun, never copied and never
mutated), so changing a filter never re-reads the file; analysis results are memoised per view.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from analysis.data.bundled import DEFAULT_SAMPLE, SAMPLES, sample_path
from analysis.data.dataset import Dataset, Preparation, prepare_dataset
from analysis.data.loading import LoadedTable, read_table
from analysis.data.wide import reshape_wide, table_roles
from analysis.errors import DataError
from reports.context import Context
from ui import access, memory

SOURCE = "source"
#: What a user reads when a file fails in a way the readers do not name (never a traceback).
UNEXPECTED = ("This file could not be read: it is damaged or in a form the app does not know. "
              "Save it again as CSV (UTF-8) or .xlsx and upload it, or use the sample data.")
PREPARATION = "preparation"


@dataclass(frozen=True, slots=True, eq=False)
class Source:
    """A file in memory: its name, bytes and digest, and how to read it: the Excel sheet and the
    header row chosen (None: detected), and the columns of counts per mode to reshape (column,
    mode) pairs, None for none."""

    name: str
    data: bytes
    sha256: str
    sheet: str | None = None
    sample: str | None = None  # the bundled sample's name, when it is one
    header_row: int | None = None
    wide: tuple[tuple[str, str], ...] | None = None
    database: tuple[str, str] | None = None  # (connection name, table): grouped in the database

    @property
    def label(self) -> str:
        if self.database:
            return f"table {self.database[1]} on connection {self.database[0]}"
        return f"sample data ({self.name})" if self.sample else self.name


@dataclass(frozen=True, slots=True, eq=False)
class View:
    """What the pages show: the data set, its rows after the sidebar filters, and a description."""

    dataset: Dataset
    table: LoadedTable
    frame: pd.DataFrame
    filters: tuple[str, ...]
    key: tuple
    suppress: int | None = None  # small-cell threshold when the privacy switch is on



def sample_source(name: str = DEFAULT_SAMPLE) -> Source:
    data = sample_path(name).read_bytes()
    return Source(SAMPLES[name][0], data, hashlib.sha256(data).hexdigest(), sample=name)


def database_source(connection: str, table: str) -> Source:
    """A table of a connection declared in the secrets (``ui.access``), as a data source."""
    digest = hashlib.sha256(f"{connection}\0{table}".encode()).hexdigest()
    return Source(table, b"", digest, database=(connection, table))


@st.cache_resource(max_entries=4, show_spinner="Counting the table inside the database…",
                   scope="session")
def _read_database(connection: str, table: str, url: str | None):
    """The table grouped inside the database by the columns of its roles (the client id
    aside: one group a client would be the rows themselves), as (LoadedTable, GroupedRows);
    or (message, code). ``url``, the connection's in the secrets, is part of the cache key."""
    from analysis.data import database

    try:
        if url is None:
            raise DataError(f"There is no connection '{connection}' in the secrets.",
                            "bad_connection")
        source = database.open_table(database.connect(url), table)
        columns = [c for r, c in source.roles().mapped().items() if r != "client_id"]
        if not columns:
            raise DataError(f"No column of {table} looks like a delivery mode, an outcome or a "
                            "problem type.", "no_mode_column")
        return source.group(columns)
    except DataError as exc:
        return exc.message, exc.code
    except Exception:  # noqa: BLE001 - a database must never take the app down
        return UNEXPECTED_DATABASE, "unexpected"


@st.cache_resource(max_entries=8, show_spinner="Listing the tables…", scope="session", ttl=300)
def _tables(connection: str, url: str) -> list[str] | tuple[str, str]:
    from analysis.data import database

    try:
        return database.table_names(database.connect(url))
    except DataError as exc:
        return exc.message, exc.code
    except Exception:  # noqa: BLE001 - as in _read_database
        return UNEXPECTED_DATABASE, "unexpected"


def database_tables(connection: str) -> list[str] | tuple[str, str]:
    """The tables of a connection declared in the secrets (cached a few minutes); or
    (message, code)."""
    return _tables(connection, access.declared_connections()[connection])


def _database_table(database: tuple[str, str]):
    return _read_database(*database, access.declared_connections().get(database[0]))


#: What a user reads when a database fails in a way the drivers do not name.
UNEXPECTED_DATABASE = "The table could not be read from the database."


def current_source() -> Source:
    memory.track_session()
    if SOURCE not in st.session_state:
        st.session_state[SOURCE] = sample_source()
    return st.session_state[SOURCE]


def set_source(source: Source) -> None:
    """Make ``source`` the data every page uses; settings of the previous file are dropped."""
    st.session_state[SOURCE] = source
    st.session_state.pop(PREPARATION, None)


def widget_key(name: str) -> str:
    """A widget key scoped to the current file and sheet.

    Widgets whose options come from the data (column mapping, filters) get a new identity when
    another file is loaded, so neither the browser nor the session keeps a stale choice.
    """
    source = current_source()
    layout = (f":{source.header_row}:{hashlib.sha256(repr(source.wide).encode()).hexdigest()[:8]}"
              if source.header_row or source.wide else "")
    return f"{name}@{source.sha256[:12]}:{source.sheet or ''}{layout}"


def _read(sha256: str, data: bytes, name: str, sheet: str | None, layout: tuple = (None, None)
          ) -> LoadedTable | tuple[str, str]:
    header_row, wide = layout
    try:
        table = read_table(data, name, sheet=sheet, header_row=header_row)
        return reshape_wide(table, dict(wide)) if wide else table
    except DataError as exc:
        return exc.message, exc.code
    except Exception:  # noqa: BLE001 - a file must never take the app down
        return UNEXPECTED, "unexpected"


def _prepare(sha256: str, sheet: str | None, preparation: Preparation,
             table: LoadedTable) -> Dataset | tuple[str, str]:
    try:
        return prepare_dataset(table.frame, preparation, first_row=table.first_row)
    except DataError as exc:
        return exc.message, exc.code
    except Exception:  # noqa: BLE001 - a file must never take the app down
        return UNEXPECTED, "unexpected"


# An upload is cached for its own session only; the bundled sample (public) for every session,
# so a new visitor's first page does not read and check it again.
@st.cache_resource(max_entries=4, show_spinner="Reading the file…", scope="session")
def _read_upload(sha256: str, _data: bytes, name: str, sheet: str | None, layout: tuple):
    return _read(sha256, _data, name, sheet, layout)


@st.cache_resource(max_entries=2, show_spinner="Reading the file…")
def _read_sample(sha256: str, _data: bytes, name: str, sheet: str | None, layout: tuple):
    return _read(sha256, _data, name, sheet, layout)


@st.cache_resource(max_entries=8, show_spinner="Checking the data…", scope="session")
def _prepare_upload(sha256: str, sheet: str | None, preparation: Preparation, _table,
                    layout: tuple = (None, None)):
    return _prepare(sha256, sheet, preparation, _table)


@st.cache_resource(max_entries=8, show_spinner="Checking the data…")
def _prepare_sample(sha256: str, sheet: str | None, preparation: Preparation, _table,
                    layout: tuple = (None, None)):
    return _prepare(sha256, sheet, preparation, _table)


@st.cache_resource(max_entries=8, show_spinner="Checking the data…", scope="session")
def _prepare_database(database: tuple[str, str],
                      preparation: Preparation) -> Dataset | tuple[str, str]:
    table, rows = _database_table(database)
    try:
        return prepare_dataset(table.frame, preparation, first_row=1, rows=rows)
    except DataError as exc:
        return exc.message, exc.code
    except Exception:  # noqa: BLE001 - as in _read_database
        return UNEXPECTED_DATABASE, "unexpected"


def layout(source: Source) -> tuple:
    """How the file's table is laid out, as the caches key it: (header row, wide columns)."""
    return source.header_row, source.wide


def load_table(source: Source) -> LoadedTable:
    """The current file, read (cached); raises DataError when it cannot be read."""
    if source.database:
        result = _database_table(source.database)
        if isinstance(result[0], str):
            raise DataError(*result)
        return result[0]
    read = _read_sample if source.sample else _read_upload
    result = read(source.sha256, source.data, source.name, source.sheet, layout(source))
    if isinstance(result, tuple):
        raise DataError(*result)
    return result


def current_preparation(table: LoadedTable) -> Preparation:
    if PREPARATION not in st.session_state:
        source = current_source()
        roles = table_roles(table)
        outcome_range = SAMPLES[source.sample][1] if source.sample else None
        st.session_state[PREPARATION] = Preparation(roles, outcome_range=outcome_range)
    return st.session_state[PREPARATION]


def set_preparation(preparation: Preparation) -> None:
    st.session_state[PREPARATION] = preparation


def load_dataset() -> tuple[LoadedTable, Dataset]:
    """The current data source read and prepared (both cached). Raises DataError."""
    source = current_source()
    table = load_table(source)
    if source.database:
        dataset = _prepare_database(source.database, current_preparation(table))
    else:
        prepare = _prepare_sample if source.sample else _prepare_upload
        dataset = prepare(source.sha256, source.sheet, current_preparation(table), table,
                          layout(source))
    if isinstance(dataset, tuple):
        raise DataError(*dataset)
    return table, dataset


def view_key(source: Source, preparation: Preparation, filters: tuple[str, ...]) -> tuple:
    """What identifies the rows a page sees: the file, how it is read, the filters."""
    return (source.sha256, source.sheet, layout(source), preparation, filters)


#: Results kept per session (and for the bundled sample, shared by every session: its results
#: are public); the oldest are dropped beyond this.
MEMO_SIZE = 64
_SAMPLE_MEMO: dict = {}


def memo(fn, frame: pd.DataFrame, **kwargs):
    """``fn(frame, **kwargs)``, computed once per view and arguments (kept in the session).

    The frame is not hashed: the current view's key stands for it, so a million rows cost
    nothing here. Errors are not kept.
    """
    current = view()
    store = (_SAMPLE_MEMO if current is not None and current_source().sample
             else st.session_state.setdefault("_memo", {}))
    key = (current.key if current else None, fn.__module__, fn.__qualname__,
           repr(sorted(kwargs.items())))
    if key not in store:
        if len(store) >= MEMO_SIZE:
            store.pop(next(iter(store)))
        store[key] = fn(frame, **kwargs)
    return store[key]


def view() -> View | None:
    """The view the entrypoint built for this run, or None when the data could not be read."""
    return st.session_state.get("view")


def context(current: View) -> Context:
    """The view as the context section builders work on, with analyses memoised per view."""
    return Context(current.dataset, current.frame, current.filters, current.suppress, memo)
