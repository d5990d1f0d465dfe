"""Big CSV and Parquet files through DuckDB, embedded (``report --engine duckdb``).

Every statistic of the report depends on the rows only through how many of them carry each
combination of the raw values of the columns it reads (mode, outcome, problem, count), and, where
ties are listed, on the order in which the combinations first appear. So DuckDB reads only those
columns and groups the rows by their *raw* values (a missing value is a group of its own),
counting each group and keeping its first row number, in one ``GROUP BY``. The groups, in the
order they first appear, are then read as a small file of those raw values by the loader's own
code (:func:`~analysis.data.loading.text_cells_frame`, :func:`~analysis.data.loading.
parquet_frame`: the same missing-value tokens, number inference and column names) and cleaned by
the same code with the group sizes (:func:`~analysis.data.dataset.prepare_dataset` with
``rows``). The report is then the pandas engine's, number for number; memory grows with the
number of distinct combinations, not with the rows.

A text file is first checked as a whole as the pandas engine checks it (:func:`_scan_text`);
its layout (delimiter, title rows, header, column names) and the roles come from its first rows,
read by the loader itself. DuckDB then reads it when it is UTF-8 with one kind of line break, no
blank line above the header and every row as wide as the header (most exports). Other text files
(Windows-1252, Latin-1 or UTF-16 text, mixed line breaks, short rows, lines of blank spaces,
anything DuckDB's strict reader refuses) are streamed through the pandas engine's own parsers
(pyarrow's, else pandas' C parser) ``CHUNK_ROWS`` rows at a time and grouped the same way: the
same results and messages, more slowly. A Parquet file DuckDB cannot read as pandas does is
refused with a plain message.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import io
import json
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import loading
from analysis.data.layout import MAX_TITLE_ROWS
from analysis.data.loading import LoadedTable
from analysis.data.roles import (
    ColumnRoles,
    could_be_mode,
    detect_roles,
    detect_roles_from,
    numeric_share,
)
from analysis.data.validation import GroupedRows, printable
from analysis.errors import DataError
from analysis.options import MAX_FILE_MB, MAX_LINE_CHARS

__all__ = ["CHUNK_ROWS", "DUCKDB_FROM_MB", "ENGINES", "SUFFIXES", "choose_engine", "open_source"]

#: ``--engine`` choices.
ENGINES = ("pandas", "duckdb")
#: Without ``--engine``, CSV and Parquet files of this many megabytes or more are read by DuckDB
#: (about 450,000 rows of CSV like the sample's, or 3,000,000 of Parquet): from about here on it
#: is the quicker and the leaner, and the report is the same. Smaller files go through pandas;
#: files over ``MAX_FILE_MB`` only DuckDB reads.
DUCKDB_FROM_MB = 20
#: The files the duckdb engine reads.
SUFFIXES = loading.TEXT_SUFFIXES + loading.PARQUET_SUFFIXES
#: Rows parsed at a time when a text file goes through pandas' parser instead of DuckDB.
CHUNK_ROWS = 1_000_000
#: Bytes read at a time when a text file is checked or decoded.
_CHUNK = 16 * 2**20
#: The most of a text file's start read to find its layout and the rows roles are detected on.
_MAX_HEAD = 256 * 2**20
#: Bytes cp1252 leaves undefined: a file holding one is Latin-1 (as ``loading`` decides).
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def choose_engine(path: str | Path, asked: str | None, *,
                  needs_rows: str | None = None) -> str:
    """The engine that reads ``path``: ``asked`` when given (checked), else DuckDB for a CSV or
    Parquet file of ``DUCKDB_FROM_MB`` or more, pandas otherwise.

    ``needs_rows`` names an option that needs the rows themselves (``--covariates``, a document
    format, ...): with it the file goes through pandas, and ``--engine duckdb`` is refused.
    """
    path = Path(path)
    name = path.name
    if asked == "pandas":
        return "pandas"
    readable = path.suffix.lower() in SUFFIXES or path.suffix == ""
    if asked == "duckdb":
        if not readable:
            raise DataError(f"--engine duckdb reads CSV, TSV, TXT and Parquet files, not "
                            f"{printable(name)}; use --engine pandas.", "bad_option")
        if needs_rows:
            raise DataError(f"{needs_rows} needs every row of the file: use --engine pandas "
                            f"(files of up to {MAX_FILE_MB} MB).", "bad_option")
        return "duckdb"
    try:
        size = path.stat().st_size
    except OSError:
        return "pandas"  # reading it says what is wrong
    big = size >= DUCKDB_FROM_MB * 1024 * 1024
    return "duckdb" if readable and big and not needs_rows else "pandas"


def open_source(path: str | Path, *, header_row: int | None = None,
                peek_rows: int = 2000) -> TextSource | ParquetSource:
    """The file at ``path``, opened for the duckdb engine: its columns, the roles detected as the
    pandas engine detects them, and :meth:`group` to read the columns the report needs.

    ``peek_rows``: the rows of a text file the roles are detected on (the pandas engine's
    ``PEEK_ROWS``); in Parquet files they are detected on every row, as pandas does.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"No such file: {path}", "no_file")
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a file.", "no_file")
    try:
        with open(path, "rb") as handle:
            start = handle.read(64)
    except OSError as exc:
        raise DataError(f"{path} could not be read: {exc.strerror}.", "no_file") from None
    if not start or (start.isspace() and all(chunk.isspace() for chunk in _raw_chunks(path, 0))):
        raise DataError(f"{path.name} is empty.", "empty_file")
    if path.suffix.lower() in loading.PARQUET_SUFFIXES:
        if header_row is not None:
            raise DataError(f"{path.name}: a header row can be set for text and Excel files "
                            "only; this file names its columns itself.", "bad_header_row")
        return ParquetSource(path)
    return TextSource(path, header_row=header_row, peek_rows=peek_rows)


# --- DuckDB ----------------------------------------------------------------------------------

def _connect():
    with _held_off():
        import duckdb  # only when the engine runs: the pandas engine needs no DuckDB

        # nothing spills to disk (a file's values stay where they are), nothing is downloaded,
        # nothing but the report is printed
        connection = duckdb.connect(":memory:", config={"temp_directory": "",
                                                        "autoinstall_known_extensions": False,
                                                        "autoload_known_extensions": False})
        connection.execute("SET enable_progress_bar = false")
        return connection


@contextlib.contextmanager
def _held_off(connection=None) -> Iterator[None]:
    """DuckDB at work (its import, a query) with the command line's time limit held off: the
    limit's SIGALRM handler raising inside DuckDB's own code (its import runs Python code) can
    abort the process. Meanwhile the signal is only noted; a timer interrupts the query when the
    limit runs out, and the limit's own handler runs once DuckDB has handed back control."""
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "getitimer"):
        yield
        return
    remaining = signal.getitimer(signal.ITIMER_REAL)[0]
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    timer = None
    if connection is not None and remaining > 0:
        timer = threading.Timer(remaining + 0.05, connection.interrupt)
        timer.daemon = True
        timer.start()
    try:
        yield
    finally:
        if timer is not None:
            timer.cancel()
        signal.signal(signal.SIGALRM, previous)
        if fired and callable(previous):
            previous(signal.SIGALRM, None)


def _message(exc: Exception) -> str:
    """The first line of a DuckDB error, without its class."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return re.sub(r"^[A-Za-z ]+Error: ", "", first)


def _is_interrupt(exc: Exception) -> bool:
    return type(exc).__name__ == "InterruptException"


def _out_of_memory(exc: Exception, name: str) -> DataError | None:
    if type(exc).__name__ == "OutOfMemoryException":
        return DataError(f"{name}: the columns analysed hold too many distinct combinations of "
                         "values to group in memory. Round or bin the outcome, or analyse a "
                         "subset.", "too_many_groups")
    return None


def _group_sql(source: str, columns: list[str], row_number: str) -> str:
    """One query: the distinct combinations of ``columns``, how many rows hold each and the
    first of them (``row_number``), in the order the combinations first appear."""
    keys = ", ".join(columns)
    return (f"SELECT {keys}, count(*) AS n, min(rn) AS first FROM "
            f"(SELECT {keys}, {row_number} AS rn FROM {source}) GROUP BY ALL ORDER BY first")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- text files ------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class _TextScan:
    """What one pass over a text file found: its encoding as the pandas engine names it, and
    whether DuckDB can read it as it is (UTF-8, one kind of line break)."""

    encoding: str
    plain: bool
    bom: bytes


class _LineLengths:
    """The first line longer than ``MAX_LINE_CHARS`` bytes of UTF-8, lines split at "\\n" as
    ``loading._longest_line`` splits them, fed the text chunk by chunk: ``found`` is the byte
    where it starts and its length (:func:`_line_number` numbers it)."""

    def __init__(self) -> None:
        self.fed = 0  # bytes before the current chunk
        self.open = 0  # bytes of the line the last chunk ended in
        self.found: tuple[int, int] | None = None

    def feed(self, chunk: bytes) -> None:
        if self.found is not None or not chunk:
            return
        first = chunk.find(b"\n")
        if first == -1:
            self.open += len(chunk)
            self.fed += len(chunk)
            return
        if self.open + first > MAX_LINE_CHARS:
            self.found = (self.fed - self.open, self.open + first)
            return
        last = chunk.rfind(b"\n")
        half = MAX_LINE_CHARS // 2  # a longer line holds an aligned block of this size
        for start in range(first + 1, last - half + 1, half):
            if chunk.find(b"\n", start, start + half) != -1:
                continue
            begin = chunk.rfind(b"\n", 0, start) + 1
            end = chunk.find(b"\n", start)
            if end - begin > MAX_LINE_CHARS:
                self.found = (self.fed + begin, end - begin)
                return
        self.open = len(chunk) - last - 1
        self.fed += len(chunk)

    def close(self) -> None:
        """The last line, with no line break after it."""
        if self.found is None and self.open > MAX_LINE_CHARS:
            self.found = (self.fed - self.open, self.open)


def _line_number(chunks: Iterator[bytes], offset: int) -> int:
    """The 1-based number of the line starting at byte ``offset`` of the text."""
    breaks, seen = 0, 0
    for chunk in chunks:
        if seen + len(chunk) >= offset:
            return breaks + chunk.count(b"\n", 0, offset - seen) + 1
        breaks += chunk.count(b"\n")
        seen += len(chunk)
    return breaks + 1


def _raw_chunks(path: Path, skip: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(skip)
        while chunk := handle.read(_CHUNK):
            yield chunk


class _Breaks:
    """Whether a text has one kind of line break ("\\n", "\\r\\n" or "\\r"), fed chunk by
    chunk: DuckDB reads one kind only, and pandas' parsers every kind in one file."""

    def __init__(self) -> None:
        self.counts = {"\r\n": 0, "\r": 0, "\n": 0}
        self.last = b""

    def feed(self, chunk: bytes) -> None:
        if b"\r" in chunk or self.last == b"\r":
            self.counts["\r\n"] += (self.last + chunk).count(b"\r\n")
            self.counts["\r"] += chunk.count(b"\r")
            self.counts["\n"] += chunk.count(b"\n")
        elif b"\n" in chunk:
            self.counts["\n"] += 1  # only whether there are any matters: no "\r" here
        self.last = chunk[-1:]

    @property
    def one_kind(self) -> bool:
        c = self.counts
        return c["\r"] == 0 or c["\n"] == 0 or c["\r\n"] == c["\r"] == c["\n"]


def _scan_text(path: Path, name: str) -> _TextScan:
    """One pass over a text file, checking what the pandas engine checks of the whole file
    (``loading.read_table``): empty, binary, its encoding (a byte-order mark, else UTF-8,
    Windows-1252 or Latin-1), no line over ``MAX_LINE_CHARS``; and whether it has one kind of
    line break."""
    encoding, bom, blank, is_utf8, is_cp1252, lengths, breaks = _read_through(path, name)
    if blank and not bom:  # a byte-order mark is not white space: checked once decoded
        raise DataError(f"{name} is empty.", "empty_file")
    if not encoding:
        encoding = "utf-8" if is_utf8 else "cp1252" if is_cp1252 else "latin-1"

    def transcoded() -> Iterator[bytes]:
        return (text.encode("utf-8") for text in _decoded(path, encoding, len(bom)))

    if encoding == "utf-16":
        try:
            for text in transcoded():
                lengths.feed(text)
        except UnicodeDecodeError:
            raise DataError(f"{name} starts like UTF-16 text but cannot be decoded as UTF-16. "
                            "Save it as CSV UTF-8.", "binary_file") from None
    elif not is_utf8:  # line lengths in UTF-8, as the file is read
        lengths = _LineLengths()
        for text in transcoded():
            lengths.feed(text)
    if bom and all(not text or text.isspace() for text in transcoded()):
        raise DataError(f"{name} is empty.", "empty_file")
    lengths.close()
    if lengths.found is not None:
        offset, length = lengths.found
        chunks = _raw_chunks(path, len(bom)) if is_utf8 and encoding != "utf-16" \
            else transcoded()
        raise DataError(f"{name}: line {_line_number(chunks, offset)} is {length:,} characters "
                        "long. This does not look like a table export; check that the right "
                        "file was chosen.", "huge_line")
    plain = encoding in ("utf-8", "utf-8-sig") and is_utf8 and breaks.one_kind
    return _TextScan(encoding, plain, bom)


def _read_through(path: Path, name: str):
    """The pass of :func:`_scan_text`: (the encoding a byte-order mark names, else "", the
    mark, whether every byte is white space, whether the text after the mark is UTF-8, whether
    it could be Windows-1252, its line lengths if UTF-8, its line breaks)."""
    with open(path, "rb") as handle:
        head = handle.read(_CHUNK)
        if head.startswith(b"\xef\xbb\xbf"):
            encoding, bom = "utf-8-sig", head[:3]
        elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding, bom = "utf-16", head[:2]
        else:
            encoding, bom = "", b""
            loading.check_not_binary(head, name)
        blank, is_utf8, is_cp1252 = True, True, True
        utf8 = codecs.getincrementaldecoder("utf-8")()
        lengths, breaks = _LineLengths(), _Breaks()
        chunk, body = head, head[len(bom):]
        while chunk and encoding != "utf-16":
            blank = blank and chunk.isspace()
            if is_utf8 and (utf8.getstate()[0] or not body.isascii()):
                try:
                    utf8.decode(body)
                except UnicodeDecodeError:
                    is_utf8 = False
            if is_utf8:
                lengths.feed(body)
            if is_cp1252 and not body.isascii() and any(b in body for b in _NOT_CP1252):
                is_cp1252 = False
            breaks.feed(body)
            chunk = body = handle.read(_CHUNK)
    if is_utf8 and encoding != "utf-16":
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            is_utf8 = False
    return encoding, bom, blank, is_utf8, is_cp1252, lengths, breaks


def _decoded(path: Path, encoding: str, skip: int, size: int = _CHUNK) -> Iterator[str]:
    """The text of a file from byte ``skip`` on, ``size`` bytes at a time, decoded as the
    pandas engine decodes it (invalid UTF-8 after a byte-order mark replaced; invalid UTF-16
    raises UnicodeDecodeError)."""
    codec = {"utf-8-sig": "utf-8", "utf-16": _utf16_codec(path)}.get(encoding, encoding)
    errors = "strict" if encoding == "utf-16" else "replace"
    decoder = codecs.getincrementaldecoder(codec)(errors=errors)
    with open(path, "rb") as handle:
        handle.seek(skip)
        while chunk := handle.read(size):
            yield decoder.decode(chunk)
        yield decoder.decode(b"", final=True)


def _utf16_codec(path: Path) -> str:
    with open(path, "rb") as handle:
        return "utf-16-le" if handle.read(2) == b"\xff\xfe" else "utf-16-be"


class TextSource:
    """A CSV, TSV or TXT file opened for the duckdb engine (see :func:`open_source`).

    Attributes
    ----------
    peek : LoadedTable
        Its first rows as the pandas engine reads them to detect the roles (how it was read:
        delimiter, header row, encoding).
    columns : list of str
        Its column names, as the pandas engine names them.
    """

    def __init__(self, path: Path, *, header_row: int | None, peek_rows: int) -> None:
        self.path, self.name = path, path.name
        self.size = path.stat().st_size
        self.scan = _scan_text(path, self.name)
        head, whole = self._head(peek_rows)
        # the head in UTF-8, after a byte-order mark when the file has one: the pandas engine
        # looks for NUL bytes only in files without one
        mark = b"\xef\xbb\xbf" if self.scan.bom else b""
        while True:  # a head cut inside a quoted line break: a longer one
            try:
                peek = loading.read_text(mark + head, self.name, "", nrows=peek_rows,
                                         header_row=header_row)
                if whole or len(peek.frame) >= peek_rows or len(head) >= _MAX_HEAD:
                    break
            except DataError as exc:
                if whole or exc.code != "ragged_rows" or len(head) >= _MAX_HEAD:
                    raise
            head, whole = self._head(peek_rows, len(head) * 4)
        self.header_index = peek.header_row - 1
        self.names = loading.text_column_names(head, peek.delimiter, self.header_index)
        self.peek = dataclasses.replace(peek, encoding=self.scan.encoding, n_bytes=self.size)
        self.columns = list(peek.frame.columns)
        self.skip = self._skip(head)
        self.header_offset = loading.line_start(head, self.header_index) if self.header_index \
            else 0

    def _head(self, rows: int, at_least: int = 1 << 20) -> tuple[bytes, bool]:
        """The first lines of the file as UTF-8 (enough for ``rows`` rows below the title
        rows), cut after a line break; and whether that is the whole file."""
        text, whole = "", True
        for piece in _decoded(self.path, self.scan.encoding, len(self.scan.bom), 1 << 20):
            text += piece
            lines = text.count("\n") + text.count("\r") - text.count("\r\n")
            if len(text) >= at_least and lines > rows + 2 * MAX_TITLE_ROWS \
                    or len(text) >= _MAX_HEAD:
                whole = False
                break
        if not whole:
            text = text[:max(text.rfind("\n"), text.rfind("\r")) + 1]
        return text.encode("utf-8"), whole

    def _skip(self, head: bytes) -> int | None:
        """The lines above the first data row (title rows and the header), for DuckDB's
        ``skip``; None when DuckDB cannot be told where the rows start: a blank line among them
        (DuckDB versions count those differently) or a line break inside quotes (then lines and
        rows differ there). pandas' parser reads such files."""
        lines = re.split(r"\r\n|\n|\r", head[:1 << 20].decode("utf-8", errors="ignore"))
        above = lines[:self.header_index + 1]
        if any(not line.strip(" \t") or line.count('"') % 2 for line in above):
            return None
        return len(above)

    def roles(self) -> ColumnRoles:
        """The roles the pandas engine detects (on the same first rows)."""
        return detect_roles(self.peek.frame)

    def group(self, columns: list[str]) -> tuple[LoadedTable, GroupedRows]:
        """The distinct combinations of ``columns`` (the pandas engine's names) as the pandas
        engine reads them, in the order they first appear, with the rows holding each."""
        if not columns:
            raise ValueError("group() needs at least one column")
        positions = [self.columns.index(c) for c in columns]
        found = None
        if self.scan.plain and self.skip is not None:
            found = self._duckdb(positions)
        if found is None:
            found = self._stream(positions)
        cells, sizes, first = found
        if not len(sizes) or sizes.sum() == 0:
            raise DataError(f"{self.name} has a header row but no data rows.", "no_rows")
        frame = loading.text_cells_frame([self.names[p] for p in positions], cells)
        frame.columns = list(columns)
        table = dataclasses.replace(self.peek, frame=frame)
        rows = GroupedRows(pd.Series(first + table.first_row, index=frame.index), sizes)
        return table, rows

    def _duckdb(self, positions: list[int]) -> tuple[list, np.ndarray, np.ndarray] | None:
        """The groups as DuckDB finds them, or None when its strict reader refuses the file
        (pandas' parser then reads it, and says what is wrong with it, if anything)."""
        width = len(self.names)
        types = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
        delimiter = self.peek.delimiter.replace("'", "''")
        source = (f"read_csv($path, auto_detect=false, header=false, skip={self.skip}, "
                  f"delim='{delimiter}', quote='\"', escape='\"', columns={{{types}}}, "
                  "strict_mode=true, null_padding=false, all_varchar=true, "
                  "encoding='utf-8', comment='')")
        sql = _group_sql(source, [f"c{p}" for p in positions], "row_number() OVER ()")
        connection = _connect()
        try:
            with _held_off(connection):
                rows = connection.sql(sql, params={"path": str(self.path)}).fetchall()
        except Exception as exc:  # noqa: BLE001 - duckdb.Error and its kin: pandas reads it
            if _is_interrupt(exc):
                raise
            if (error := _out_of_memory(exc, self.name)) is not None:
                raise error from None
            return None
        finally:
            connection.close()
        k = len(positions)
        cells = [row[:k] for row in rows]
        sizes = np.array([row[k] for row in rows], dtype=np.int64)
        first = np.array([row[k + 1] for row in rows], dtype=np.int64) - 1
        return cells, sizes, first

    def _stream(self, positions: list[int]) -> tuple[list, np.ndarray, np.ndarray]:
        """The groups from the pandas engine's own parsers, streamed: pyarrow's, else (where
        pyarrow refuses the file) pandas' C parser, in chunks of ``CHUNK_ROWS`` rows; on the
        text decoded as the pandas engine decodes it, from the header line on."""
        import pyarrow as pa

        try:
            parts = self._arrow_chunks(positions)
        except (ValueError, TypeError, pa.ArrowException):
            parts = self._pandas_chunks(positions)
        if not parts:
            return [], np.zeros(0, np.int64), np.zeros(0, np.int64)
        keys = list(range(len(positions)))
        merged = pd.concat(parts, ignore_index=True).groupby(
            keys, dropna=False, sort=False).agg(n=("n", "sum"), first=("first", "min"))
        merged = merged.reset_index().sort_values("first", kind="stable")
        cells = [tuple(None if isinstance(v, float) else v for v in row)
                 for row in merged[keys].itertuples(index=False, name=None)]
        return cells, merged["n"].to_numpy(np.int64), merged["first"].to_numpy(np.int64)

    def _text(self) -> _Utf8Reader:
        return _Utf8Reader(_decoded(self.path, self.scan.encoding, len(self.scan.bom)),
                           self.header_offset)

    def _arrow_chunks(self, positions: list[int]) -> list[pd.DataFrame]:
        import pyarrow as pa
        import pyarrow.csv as pacsv

        parse = pacsv.ParseOptions(delimiter=self.peek.delimiter, ignore_empty_lines=True)
        with pacsv.open_csv(self._text(), parse_options=parse) as probe:
            names = probe.schema.names
        if len(names) != len(self.names):
            raise ValueError("pyarrow and pandas read different headers")
        convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                       null_values=[], strings_can_be_null=False)
        parts, offset = [], 0
        with pacsv.open_csv(self._text(), parse_options=parse, convert_options=convert,
                            read_options=pacsv.ReadOptions(block_size=1 << 24)) as reader:
            for batch in reader:
                chunk = pa.Table.from_batches([batch]).select(positions).to_pandas()
                parts.append(_chunk_groups(chunk, offset))
                offset += batch.num_rows
        return parts

    def _pandas_chunks(self, positions: list[int]) -> list[pd.DataFrame]:
        def text() -> io.TextIOWrapper:
            return io.TextIOWrapper(self._text(), encoding="utf-8", newline="")

        parts, offset = [], 0
        with loading.parser_errors(self.name, self.peek.delimiter, self.header_index, text):
            reader = pd.read_csv(self._text(), sep=self.peek.delimiter, header=0, dtype=str,
                                 keep_default_na=False, na_values=[], index_col=False,
                                 chunksize=CHUNK_ROWS)
            with reader:
                for chunk in reader:
                    parts.append(_chunk_groups(chunk.iloc[:, positions], offset))
                    offset += len(chunk)
        return parts


class _Utf8Reader(io.RawIOBase):
    """A file's text (``pieces``, as :func:`_decoded` gives it) as UTF-8 bytes from byte
    ``skip`` on: what the pandas engine's parsers read (``loading`` cuts off the title rows)."""

    def __init__(self, pieces: Iterator[str], skip: int = 0) -> None:
        self.pieces, self.skip = pieces, skip
        self.pending, self.at = b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while self.at == len(self.pending):
            piece = next(self.pieces, None)
            if piece is None:
                return 0
            self.pending, self.at = piece.encode("utf-8"), 0
            if self.skip:
                self.at = min(self.skip, len(self.pending))
                self.skip -= self.at
        n = min(len(target), len(self.pending) - self.at)
        target[:n] = self.pending[self.at:self.at + n]
        self.at += n
        return n


def _chunk_groups(chunk: pd.DataFrame, offset: int) -> pd.DataFrame:
    """The distinct rows of one chunk (missing values kept as such), the rows holding each and
    the first of them (counted from ``offset``)."""
    chunk = chunk.set_axis(range(chunk.shape[1]), axis=1).assign(
        n=1, first=np.arange(len(chunk), dtype=np.int64) + offset)
    keys = list(range(chunk.shape[1] - 2))
    return chunk.groupby(keys, dropna=False, sort=False).agg(
        n=("n", "sum"), first=("first", "min")).reset_index()


# --- Parquet files ---------------------------------------------------------------------------

class ParquetSource:
    """A Parquet file opened for the duckdb engine (see :func:`open_source`).

    Attributes
    ----------
    columns : list of str
        Its column names, as the pandas engine names them.
    """

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        self.path, self.name = path, path.name
        self.size = path.stat().st_size
        try:
            schema = pq.read_schema(path)
        except Exception:  # noqa: BLE001 - ArrowInvalid, OSError, ... for a damaged file
            raise DataError(f"{self.name} could not be read as a Parquet file.",
                            "bad_parquet") from None
        metadata = dict(schema.metadata or {})
        pandas_meta = json.loads(metadata.get(b"pandas", b"{}") or b"{}")
        index = {c for c in pandas_meta.get("index_columns", []) if isinstance(c, str)}
        kept = [i for i, f in enumerate(schema) if f.name not in index]  # pandas' columns
        self.fields = [schema.field(i) for i in kept]
        self.pandas_meta = pandas_meta
        self.metadata = metadata
        empty = self._frame(schema.empty_table().select(kept))
        self.dtypes = empty.dtypes
        self.columns = list(empty.columns)
        if len(self.columns) != len(self.fields):
            raise DataError(f"{self.name}: DuckDB and pandas see different columns in this "
                            "Parquet file; use --engine pandas.", "bad_parquet")
        self.connection = _connect()
        described = self._sql("DESCRIBE SELECT * FROM read_parquet($path)").to_pylist()
        described = [(row["column_name"], row["column_type"]) for row in described]
        if len(described) != len(schema):
            raise DataError(f"{self.name}: DuckDB and pandas see different columns in this "
                            "Parquet file; use --engine pandas.", "bad_parquet")
        self.sql_names = [described[i][0] for i in kept]
        self.sql_types = [described[i][1] for i in kept]
        self.peek = LoadedTable(empty, self.name, "parquet", "", self.size, first_row=1)

    def _refused(self, exc: Exception) -> DataError:
        return DataError(f"{self.name}: DuckDB could not read this Parquet file "
                         f"({printable(_message(exc), 160)}). Use --engine pandas (files of up "
                         f"to {MAX_FILE_MB} MB).", "bad_parquet")

    def _frame(self, table) -> pd.DataFrame:
        """``table`` (some of the file's columns, with their types) as the pandas engine reads
        such a file: written as Parquet with the file's pandas metadata, read by the loader."""
        import pyarrow.parquet as pq

        names = set(table.schema.names)
        meta = dict(self.pandas_meta)
        if meta:
            meta["columns"] = [c for c in meta.get("columns", [])
                               if c.get("field_name", c.get("name")) in names]
            meta["index_columns"] = []
        metadata = {k: v for k, v in self.metadata.items() if k != b"pandas"}
        if meta:
            metadata[b"pandas"] = json.dumps(meta).encode()
        table = table.replace_schema_metadata(metadata)
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        return loading.parquet_frame(buffer.getvalue(), self.name)

    def _sql(self, sql: str):
        """``sql`` on the file (``$path``) as an Arrow table."""
        try:
            with _held_off(self.connection):
                relation = self.connection.sql(sql, params={"path": str(self.path)})
                # DuckDB 1.x: .arrow(); 2.x: .to_arrow_table()
                return getattr(relation, "to_arrow_table", relation.arrow)()
        except Exception as exc:  # noqa: BLE001 - duckdb.Error and its kin
            if _is_interrupt(exc):
                raise
            if (error := _out_of_memory(exc, self.name)) is not None:
                raise error from None
            raise self._refused(exc) from None

    def _typed(self, result, positions: list[int]):
        """DuckDB's columns cast back to the file's own types."""
        import pyarrow as pa

        arrays = []
        for k, p in enumerate(positions):
            field, column = self.fields[p], result.column(k)
            try:
                if pa.types.is_decimal(field.type) and field.type.precision > 38:
                    raise pa.ArrowInvalid(f"DuckDB reads {field.type} as {column.type}")
                if pa.types.is_dictionary(field.type):  # the values, then their dictionary
                    column = column.cast(field.type.value_type).dictionary_encode()
                arrays.append(column.cast(field.type))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise self._refused(exc) from None
        return pa.table(arrays, schema=pa.schema([self.fields[p] for p in positions]))

    def _present(self, p: int) -> str:
        """SQL: the column's value is neither missing nor NaN (pandas' missing values)."""
        column = _quoted(self.sql_names[p])
        if self.sql_types[p] in ("FLOAT", "DOUBLE"):
            return f"{column} IS NOT NULL AND NOT isnan({column})"
        return f"{column} IS NOT NULL"

    def _values(self, p: int, sql: str) -> pd.DataFrame:
        result = self._sql(sql)
        frame = self._frame(self._typed(result, [p]))
        frame.columns = [self.columns[p]]
        if result.num_columns > 1:
            frame["n"] = result.column(1).to_numpy()
        return frame

    def _share(self, col: str) -> float:
        """:func:`numeric_share` of the column, over every row."""
        p = self.columns.index(col)
        column = _quoted(self.sql_names[p])
        if pd.api.types.is_numeric_dtype(self.dtypes.iloc[p]):
            found = self._sql(f"SELECT 1 FROM read_parquet($path) WHERE {self._present(p)} "
                              "LIMIT 1")
            return 1.0 if found.num_rows else 0.0
        values = self._values(p, f"SELECT {column}, count(*) FROM read_parquet($path) "
                                 f"WHERE {self._present(p)} GROUP BY ALL")
        return numeric_share(values[col], values["n"])

    def _mode_like(self, col: str) -> bool:
        """:func:`could_be_mode` of the column, over every row."""
        p = self.columns.index(col)
        column = _quoted(self.sql_names[p])
        values = self._values(p, f"SELECT DISTINCT {column} FROM read_parquet($path) "
                                 f"WHERE {self._present(p)} LIMIT 50")
        return len(values) < 50 and could_be_mode(values[col])

    def roles(self) -> ColumnRoles:
        """The roles the pandas engine detects, from every row (asked of DuckDB)."""
        return detect_roles_from(self.columns, self._share, self._mode_like)

    def group(self, columns: list[str]) -> tuple[LoadedTable, GroupedRows]:
        """The distinct combinations of ``columns`` as the pandas engine reads them, in the
        order they first appear, with the rows holding each."""
        if not columns:
            raise ValueError("group() needs at least one column")
        positions = [self.columns.index(c) for c in columns]
        keys = [_quoted(self.sql_names[p]) for p in positions]
        result = self._sql(_group_sql("read_parquet($path, file_row_number=true)", keys,
                                      "file_row_number"))
        k = len(positions)
        sizes = result.column(k).to_numpy().astype(np.int64)
        if not len(sizes):
            raise DataError(f"{self.name} has a header row but no data rows.", "no_rows")
        first = result.column(k + 1).to_numpy().astype(np.int64)
        frame = self._frame(self._typed(result.select(list(range(k))), positions))
        frame.columns = list(columns)
        table = dataclasses.replace(self.peek, frame=frame)
        return table, GroupedRows(pd.Series(first + 1, index=frame.index), sizes)


