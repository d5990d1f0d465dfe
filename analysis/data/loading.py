"""Read CSV/TSV/TXT, Excel, Parquet, SPSS, Stata and SAS bytes into a DataFrame, saying how
they were read.

Nothing is written to disk: every reader works on the bytes in memory. SPSS, Stata and SAS
files are read by pyreadstat (ReadStat) from an in-memory buffer (``io.BytesIO``): pyreadstat
reads any object with ``read`` and ``seek`` through its own I/O handlers, so no file path and
no temporary file are involved.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from analysis.data.layout import MAX_TITLE_ROWS, HeaderGuess, best_sheet, guess_header
from analysis.data.roles import is_identifier_name, is_label_name, is_numeric_role_name
from analysis.data.validation import printable, strip_invisible
from analysis.errors import DataError
from analysis.options import (
    MAX_COLUMNS,
    MAX_FILE_MB,
    MAX_LINE_CHARS,
    MAX_SHEET_CELLS,
    MAX_WORKBOOK_UNZIPPED_MB,
    MISSING_TOKENS,
)

if TYPE_CHECKING:
    from analysis.data.wide import WideReshape

TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".tab", ".dat")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Statistics packages' files (read with pyreadstat), by suffix: the package that writes them.
STATS_SUFFIXES = {".sav": "spss", ".zsav": "spss", ".dta": "stata", ".sas7bdat": "sas"}
#: ``LoadedTable.file_format`` of those files -> the package's name.
STATS_FORMATS = {"spss": "SPSS", "stata": "Stata", "sas": "SAS"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES + tuple(STATS_SUFFIXES)
#: The file types in words, for messages and the upload box.
SUPPORTED_TEXT = ("CSV, TSV, TXT, Excel (.xlsx), Parquet, SPSS (.sav), Stata (.dta) or SAS "
                  "(.sas7bdat)")
#: Most values (rows x columns) read from an SPSS, Stata or SAS file: about the memory of the
#: largest workbook accepted (a compressed .zsav can hold far more than its size suggests).
MAX_STATS_VALUES = MAX_WORKBOOK_UNZIPPED_MB * 1024 * 1024 // 8
#: Encodings tried in order for text files without a byte-order mark.
ENCODINGS = ("utf-8", "cp1252", "latin-1")
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook (or another zip file)",
    b"PAR1": "a Parquet file",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook (or another Office file)",
    b"%PDF": "a PDF document",
    b"$FL2": "an SPSS .sav file",
    b"$FL3": "an SPSS .zsav file",
    b"<stata_dta>": "a Stata .dta file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
}


@dataclass(frozen=True, slots=True, eq=False)
class LoadedTable:
    """A table read from a file, with how it was read.

    Attributes
    ----------
    frame : DataFrame
        The cells as read. In text files a column is read as numbers when every cell is a number,
        except columns named like ids or labels (``roles.is_label_name``), which stay text so
        that "007" stays "007"; anything else stays text and is checked later, row by row.
    file_name, file_format : str
        The file's name and "csv", "excel", "parquet", "spss", "stata" or "sas".
    sha256 : str
        Hex digest of the file's bytes (cache key and provenance).
    encoding, delimiter : str or None
        For text files: the encoding and delimiter used.
    sheet : str or None
        For Excel: the sheet read; ``sheets`` lists them all; ``sheet_origin`` says how it was
        chosen ("chosen by you", "the only sheet", or the sheet naming the most roles).
    first_row : int
        Row number of the first data row as a spreadsheet shows it (2 below a header row).
    header_row : int
        For text and Excel files: the row holding the column names, numbered as a spreadsheet
        numbers rows (1 unless title rows are above it); ``header_origin`` says how it was
        found ("the first row", "detected below title rows", "set by you").
    variable_labels : dict
        For SPSS, Stata and SAS files: column -> its variable label (only columns that have one).
    value_labels : tuple of str
        For SPSS and Stata files: the columns whose codes were replaced by their value labels.
    reshaped : wide.WideReshape or None
        Set when one column of counts per mode was reshaped to one row per mode
        (:func:`analysis.data.wide.reshape_wide`).
    """

    frame: pd.DataFrame
    file_name: str
    file_format: str
    sha256: str
    n_bytes: int
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = field(default_factory=tuple)
    first_row: int = 2
    header_row: int = 1
    header_origin: str = "the first row"
    sheet_origin: str | None = None
    variable_labels: dict[str, str] = field(default_factory=dict)
    value_labels: tuple[str, ...] = ()
    reshaped: WideReshape | None = None

    def describe(self) -> str:
        """One sentence on how the file was read."""
        rows, cols = self.frame.shape
        parts = [f"{self.file_name}: {rows:,} rows x {cols} columns"]
        if self.file_format == "csv":
            delimiter = DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))
            parts.append(f"text, {self.encoding}, {delimiter}-separated")
        elif self.file_format == "excel":
            parts.append(f"Excel sheet '{self.sheet}'")
        elif self.file_format in STATS_FORMATS:
            parts.append(f"{STATS_FORMATS[self.file_format]} file")
        elif self.file_format == "database":
            parts = [f"{self.file_name}: {rows:,} distinct combinations of {cols} columns, "
                     "counted inside the database"]
        else:
            parts.append("Parquet")
        if self.header_row != 1:
            parts.append(f"column names in row {self.header_row} ({self.header_origin})")
        if self.value_labels:
            parts.append(f"value labels applied to {len(self.value_labels)} column(s)")
        text = ", ".join(parts)
        return text if self.reshaped is None else f"{text}; {self.reshaped.describe()}"

    def to_dict(self) -> dict:
        """How the file was read (the ``file`` of ``validate --format json``; see also
        :meth:`reading`)."""
        return {
            "file_name": self.file_name, "file_format": self.file_format, "sha256": self.sha256,
            "n_bytes": self.n_bytes, "n_rows": int(self.frame.shape[0]),
            "n_columns": int(self.frame.shape[1]), "encoding": self.encoding,
            "delimiter": self.delimiter, "sheet": self.sheet, "sheets": list(self.sheets),
        }

    def reading(self) -> dict | None:
        """How the table was found in the file, when there is more to say than "a header in
        the first row" (the ``reading`` of ``validate --format json``): the sheet chosen among
        several, the header row below title rows, variable and value labels, a reshape; None
        for a plain table (so the JSON of such a file is unchanged)."""
        found = {}
        if len(self.sheets) > 1:
            found["sheet_origin"] = self.sheet_origin
        if self.header_row != 1 or self.header_origin != "the first row":
            found.update(header_row=self.header_row, header_origin=self.header_origin)
        if self.variable_labels:
            found["variable_labels"] = dict(self.variable_labels)
        if self.value_labels:
            found["value_labels"] = list(self.value_labels)
        if self.reshaped is not None:
            found["reshaped"] = self.reshaped.to_dict()
        return found or None


def read_table(data: bytes, file_name: str, *, sheet: str | None = None,
               max_mb: float = MAX_FILE_MB, columns: list[str] | None = None,
               nrows: int | None = None, header_row: int | None = None) -> LoadedTable:
    """Read a CSV/TSV/TXT, Excel (.xlsx), Parquet, SPSS (.sav, .zsav), Stata (.dta) or SAS
    (.sas7bdat) file from its bytes.

    Text files: a UTF-8 or UTF-16 byte-order mark is honoured; otherwise UTF-8, Windows-1252 and
    Latin-1 are tried in turn. The delimiter (comma, semicolon, tab or pipe) is the one that splits
    the first lines into the same number of fields (more than one). Cells listed in
    ``options.MISSING_TOKENS`` are missing.

    Text and Excel files: the column names are in the first row, unless that row does not look
    like a header and one of the next rows does (title rows above the table:
    ``layout.guess_header``); ``header_row`` (1-based, as a spreadsheet numbers rows) says where
    they are instead. Excel: without ``sheet``, the sheet whose header names the most column
    roles (``layout.best_sheet``). SPSS and Stata: value labels replace the codes of columns
    whose every value has one (``_apply_value_labels``); variable labels are kept.

    ``columns`` keeps only those columns (names as :class:`LoadedTable` gives them; every row is
    still parsed, so a malformed row is still found); ``nrows`` reads only the first rows of a
    text or statistics file (a quick look, e.g. to detect column roles).

    Raises
    ------
    DataError
        With a code: ``file_too_large``, ``empty_file``, ``no_rows``, ``unsupported_type``,
        ``binary_file``, ``huge_line``, ``ragged_rows``, ``bad_excel``, ``no_sheet``,
        ``bad_parquet``, ``workbook_too_large``, ``sheet_too_large``, ``bad_stats_file``,
        ``stats_too_large``, ``bad_header_row``.
    """
    name = Path(file_name).name or "file"
    if len(data) > max_mb * 1024 * 1024:
        raise DataError(f"{name} is {len(data) / 1024 / 1024:.0f} MB; the limit is "
                        f"{max_mb:.0f} MB. Filter or aggregate the export (a count column is "
                        "accepted).", "file_too_large")
    if not data or data.isspace():
        raise DataError(f"{name} is empty.", "empty_file")
    suffix = Path(name).suffix.lower()
    if header_row is not None and (suffix in PARQUET_SUFFIXES or suffix in STATS_SUFFIXES):
        raise DataError(f"{name}: a header row can be set for text and Excel files only; "
                        "this file names its columns itself.", "bad_header_row")
    sha = hashlib.sha256(data).hexdigest()
    if suffix in EXCEL_SUFFIXES:
        table = _read_excel(data, name, sha, sheet, header_row)
    elif suffix in PARQUET_SUFFIXES:
        table = _read_parquet(data, name, sha)
    elif suffix in STATS_SUFFIXES:
        table = _read_stats(data, name, sha, STATS_SUFFIXES[suffix], nrows)
    elif suffix in TEXT_SUFFIXES or suffix == "":
        table = read_text(data, name, sha, nrows, header_row)
    elif suffix == ".xls":
        raise DataError(f"{name} is an old-style .xls workbook. Open it in Excel or LibreOffice "
                        "and save it as .xlsx or .csv.", "unsupported_type")
    else:
        raise DataError(f"{name}: files ending in {suffix} are not supported. Use "
                        f"{SUPPORTED_TEXT}.", "unsupported_type")
    table = _select(table, columns)
    if table.frame.shape[0] == 0:
        raise DataError(f"{name} has a header row but no data rows.", "no_rows")
    return table


def _select(table: LoadedTable, columns: list[str] | None) -> LoadedTable:
    if columns is None:
        return table
    return dataclasses.replace(table, frame=table.frame[columns])


def read_text(data: bytes, name: str, sha: str, nrows: int | None = None,
              header_row: int | None = None) -> LoadedTable:
    """A text file's bytes as a table (see :func:`read_table`): with ``nrows``, its first rows
    only (the duckdb engine reads a file's first lines with it)."""
    utf8, encoding = _to_utf8(data, name)
    if not utf8 or utf8.isspace():
        raise DataError(f"{name} is empty.", "empty_file")
    line, length = _longest_line(utf8)
    if length > MAX_LINE_CHARS:
        raise DataError(f"{name}: line {line} is {length:,} characters long. This does not look "
                        "like a table export; check that the right file was chosen.", "huge_line")
    # split as the CSV parsers do (not str.splitlines, which also breaks at U+2028, U+0085, ...)
    lines = re.split(r"\r\n|\n|\r", utf8[:200_000].decode("utf-8", errors="ignore"))[:200]
    delimiter = sniff_delimiter(lines)
    header, origin = _text_header(name, utf8, lines, delimiter, header_row)
    if header.index:
        utf8 = utf8[line_start(utf8, header.index):]  # the title rows are left out
        lines = lines[header.index:]
    _check_width(name, _header_width(lines, delimiter))
    frame = _parse_text(utf8, name, delimiter, nrows, header.index)
    frame.columns = clean_names(frame.columns)
    return LoadedTable(frame, name, "csv", sha, len(data), encoding=encoding, delimiter=delimiter,
                       first_row=header.row + 1, header_row=header.row, header_origin=origin)


def _parse_text(utf8: bytes, name: str, delimiter: str, nrows: int | None,
                skipped: int) -> pd.DataFrame:
    """The table below its header line; ``skipped`` title lines were cut off above (row
    numbers in messages count them)."""
    options = {"sep": delimiter, "keep_default_na": False, "na_values": list(MISSING_TOKENS)}

    def text() -> io.StringIO:
        return io.StringIO(utf8.decode("utf-8", errors="replace"), newline="")

    with parser_errors(name, delimiter, skipped, text):
        header = list(_read_c(utf8, nrows=0, **options).columns)
        text_columns = {col: str for col in header if is_label_name(str(col))}
        if nrows is None:
            return _parse_csv(utf8, header, text_columns, options)
        return _read_c(utf8, dtype=text_columns, nrows=nrows, low_memory=False, **options)


@contextlib.contextmanager
def parser_errors(name: str, delimiter: str, skipped: int, text: Callable[[], TextIO]):
    """pandas' C parser's errors as DataErrors (``ragged_rows``, ``empty_file``); ``text()``
    opens the table below its header as text again, to find the first row longer than the
    header (``skipped`` title lines were cut off above it: row numbers in messages count
    them)."""
    try:
        with warnings.catch_warnings():
            # pandas' C parser drops the extra fields of a row longer than the header with only
            # a ParserWarning ("loss of data"): that is a ragged file, said as such below
            warnings.simplefilter("error", pd.errors.ParserWarning)
            yield
    except pd.errors.ParserError as exc:
        detail = _shift_lines(_parser_detail(exc), skipped)
        raise DataError(f"{name}: the rows do not all have the same number of fields "
                        f"({detail}). Check the delimiter and that text containing "
                        f"the delimiter is quoted.", "ragged_rows") from None
    except pd.errors.ParserWarning:
        with text() as stream:
            detail = _shift_lines(_longer_than_header(stream, delimiter), skipped)
        raise DataError(f"{name}: the rows do not all have the same number of fields "
                        f"({detail}). Check the delimiter and that text containing the "
                        "delimiter is quoted.", "ragged_rows") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{name} is empty.", "empty_file") from None


def text_column_names(utf8: bytes, delimiter: str, header_index: int) -> list:
    """pandas' names for the columns of a text table (a repeated name as "name.1", an empty one
    as "Unnamed: 2": the names before ``clean_names``), from its first lines as UTF-8 with
    ``header_index`` title lines above the header."""
    if header_index:
        utf8 = utf8[line_start(utf8, header_index):]
    options = {"sep": delimiter, "keep_default_na": False, "na_values": list(MISSING_TOKENS)}
    return list(_read_c(utf8, nrows=0, **options).columns)


def text_cells_frame(names: list, rows: list[tuple]) -> pd.DataFrame:
    """The frame the text reader gives for a file of these cells (None: an empty cell) under
    these column names (pandas' names, as :func:`text_column_names` gives them).

    The cells are written as CSV and parsed as a file's are: missing-value tokens, numbers in a
    column whose every cell is one, columns named like labels kept as text. The duckdb engine
    reads a file's distinct rows this way, so they get the values and types the rows holding
    them get in the whole file (type inference depends on the set of values, not on how often
    each occurs).
    """
    end = "end of row"  # a last column, so that no row is a blank line
    while end in names:
        end += "."
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # so that a cell with a line break is quoted
    writer.writerow([*names, end])
    writer.writerows((*row, "") for row in rows)
    header = [*names, end]
    options = {"sep": ",", "keep_default_na": False, "na_values": list(MISSING_TOKENS)}
    text_columns = {col: str for col in names if is_label_name(str(col))}
    frame = _parse_csv(out.getvalue().encode("utf-8"), header, text_columns, options)
    return frame.drop(columns=end)


def parquet_frame(data: bytes, name: str) -> pd.DataFrame:
    """A Parquet file's cells as :func:`read_table` gives them (names cleaned, nested cells as
    text), from its bytes: how the duckdb engine reads a file's distinct rows, written back as
    Parquet with the file's own types."""
    return _read_parquet(data, name, "").frame


def _shift_lines(text: str, skipped: int) -> str:
    """"line 3" as "line 5" when two title lines were cut off above the text parsed."""
    if not skipped:
        return text
    return re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + skipped}", text)


def _text_header(name: str, utf8: bytes, lines: list[str], delimiter: str,
                 header_row: int | None) -> tuple[HeaderGuess, str]:
    """The header line of a text file: ``header_row`` (1-based) when given, else guessed from
    the first lines (``layout.guess_header``); with how it was found."""
    if header_row is not None:
        total = _count_lines(utf8, header_row)
        if header_row < 1 or header_row > total:
            raise DataError(f"{name}: row {header_row:,} cannot hold the column names: the file "
                            f"has {total:,} line(s).", "bad_header_row")
        return HeaderGuess(header_row - 1, frozenset()), "set by you"
    with _long_fields():
        rows = [_fields(text, delimiter) for text in lines[:MAX_TITLE_ROWS + 1]]
    guess = guess_header(rows)
    return guess, _header_origin(guess)


def _fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # an unbalanced quote: one field
        return [line]


def _header_origin(guess: HeaderGuess) -> str:
    if guess.index == 0:
        return "the first row"
    above = "row 1" if guess.index == 1 else f"rows 1-{guess.index}"
    return f"detected: {above} above it look like a title"


def _count_lines(utf8: bytes, at_least: int) -> int:
    """How many lines the text has, counted up to ``at_least`` (enough to check a header row)."""
    count = 0
    for _ in re.finditer(rb"\r\n|\n|\r", utf8):
        count += 1
        if count >= at_least:
            return count
    return count + (1 if utf8 and not utf8.endswith((b"\n", b"\r")) else 0)


def line_start(utf8: bytes, index: int) -> int:
    """Byte offset of the 0-based line ``index`` (lines split as the parsers split them)."""
    position = 0
    for number, match in enumerate(re.finditer(rb"\r\n|\n|\r", utf8), start=1):
        position = match.end()
        if number == index:
            return position
    return len(utf8)


@contextlib.contextmanager
def _long_fields():
    """Lift the csv module's field limit (131,072 characters) to ``MAX_LINE_CHARS`` for a while:
    lines that long are accepted (longer ones are refused first), so fields may be too."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, MAX_LINE_CHARS + 1))
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def _header_width(lines: list[str], delimiter: str) -> int:
    """Fields in the first non-empty line (the header)."""
    first = next((line for line in lines if line.strip()), "")
    try:
        with _long_fields():
            return len(next(csv.reader([first], delimiter=delimiter), []))
    except csv.Error:  # an unbalanced quote: pandas will say what is wrong with the rows
        return first.count(delimiter) + 1


def _check_width(name: str, width: int) -> None:
    if width > MAX_COLUMNS:
        raise DataError(f"{name} has {width:,} columns; the limit is {MAX_COLUMNS:,}. Keep the "
                        "columns you need (mode, outcome, problem, ...) and save it again, or "
                        "check the delimiter.", "too_many_columns")


def _parse_csv(utf8: bytes, header: list, text_columns: dict, options: dict) -> pd.DataFrame:
    """pyarrow's multithreaded parser first (several times faster on large files, and lean:
    see :func:`_read_arrow`); pandas' C parser when pyarrow refuses the file, which also gives
    the line number of a ragged row."""
    try:
        return _read_arrow(utf8, header, set(text_columns), options)
    except (ValueError, TypeError, pa.ArrowException):
        return _read_c(utf8, dtype=text_columns, low_memory=False, skip_blank_lines=True,
                       **options)


def _read_arrow(utf8: bytes, header: list, text_columns: set, options: dict) -> pd.DataFrame:
    """Parse with pyarrow into the frame pandas' own parser would give, with less memory.

    Columns named like labels are read as text and dictionary-encoded (pandas categoricals, a
    few bytes a row however long the label) except identifiers, which stay Arrow text; dates
    and times stay text as pandas reads them (pyarrow would move zoned times to UTC; time zones
    are the cleaner's to handle). The Arrow table is handed to pandas column by column as it is
    converted (``self_destruct``). ``header`` holds pandas' names for the columns (a repeated
    name as "name.1", an empty one as "Unnamed: 2").
    """
    dictionary = pa.dictionary(pa.int32(), pa.string())
    labels = [col for col in header if col in text_columns]
    null = {"null_values": options["na_values"], "strings_can_be_null": "" in options["na_values"]}
    table = _arrow_table(utf8, options, labels, dictionary, null)
    if table.num_columns != len(header):
        raise ValueError("pyarrow and pandas read different headers")
    temporal = [i for i, field in enumerate(table.schema) if pa.types.is_temporal(field.type)]
    if temporal:  # read those columns again, as text
        names = [table.schema.names[i] for i in temporal]
        if len(set(table.schema.names)) != table.num_columns:
            raise ValueError("repeated column names with dates: pandas' parser reads them")
        text = pacsv.read_csv(pa.BufferReader(utf8), parse_options=_arrow_parse(options),
                              convert_options=pacsv.ConvertOptions(
                                  include_columns=names,
                                  column_types=dict.fromkeys(names, pa.string()), **null))
        for i, name in zip(temporal, names, strict=True):
            table = table.set_column(i, name, text.column(name))
    table = table.cast(pa.schema([pa.field(f.name, pa.float64()) if pa.types.is_null(f.type)
                                  else f for f in table.schema]))  # an empty column: numbers
    frame = table.to_pandas(self_destruct=True, split_blocks=True)
    del table
    pa.default_memory_pool().release_unused()
    frame.columns = header
    return frame


def _arrow_table(utf8: bytes, options: dict, labels: list, dictionary, null: dict) -> pa.Table:
    """The table as pyarrow reads it, with the label columns as text: dictionary-encoded, or
    plain for identifiers. pyarrow keys the types by the file's own names, which are pandas'
    names except for a repeated name (pandas' "name.1" is the file's "name", typed as it)."""
    types = {}
    for col in labels:
        types.setdefault(col, pa.string() if is_identifier_name(col) else dictionary)
    return pacsv.read_csv(pa.BufferReader(utf8), parse_options=_arrow_parse(options),
                          convert_options=pacsv.ConvertOptions(column_types=types, **null))


def _arrow_parse(options: dict) -> pacsv.ParseOptions:
    return pacsv.ParseOptions(delimiter=options["sep"], ignore_empty_lines=True)


def _read_c(utf8: bytes, **options) -> pd.DataFrame:
    """pandas' C parser; ``index_col=False`` so that a row with more fields than the header is
    never silently taken for an index (the first fields of every row would become row labels)."""
    return pd.read_csv(io.BytesIO(utf8), index_col=False, **options)


def _longer_than_header(text: TextIO, delimiter: str) -> str:
    """"line 3 has 5 fields, the header 4" for the first row longer than the header."""
    try:
        with _long_fields():
            reader = csv.reader(text, delimiter=delimiter)
            width = None
            for row in reader:
                if width is None:
                    width = len(row)
                elif len(row) > width:
                    return f"line {reader.line_num} has {len(row):,} fields, the header {width:,}"
    except csv.Error:  # a quote the csv module reads differently: say it without a line number
        pass
    return "a row has more fields than the header"


def _longest_line(content: bytes) -> tuple[int, int]:
    """(1-based number, length in bytes) of the first line over ``MAX_LINE_CHARS``, else (0, 0).

    A line that long must hold one of the aligned blocks of half that size entirely, so only
    blocks without a newline (found by ``bytes.find``, no copying) are looked at closely.
    """
    half = MAX_LINE_CHARS // 2
    for start in range(0, len(content) - half + 1, half):
        if content.find(b"\n", start, start + half) != -1:
            continue
        line_start = content.rfind(b"\n", 0, start) + 1
        line_end = content.find(b"\n", start)
        length = (len(content) if line_end == -1 else line_end) - line_start
        if length > MAX_LINE_CHARS:
            return content.count(b"\n", 0, line_start) + 1, length
    return 0, 0


def _to_utf8(data: bytes, name: str) -> tuple[bytes, str]:
    """The file as UTF-8 bytes without a byte-order mark, and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _valid_utf8(data[3:]), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf-16"
        except UnicodeDecodeError:
            raise DataError(f"{name} starts like UTF-16 text but cannot be decoded as UTF-16. "
                            "Save it as CSV UTF-8.", "binary_file") from None
    check_not_binary(data, name)
    for encoding in ENCODINGS[:-1]:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return (data if encoding == "utf-8" else text.encode("utf-8")), encoding
    return data.decode(ENCODINGS[-1]).encode("utf-8"), ENCODINGS[-1]  # Latin-1 decodes any byte


def check_not_binary(data: bytes, name: str) -> None:
    """A DataError ``binary_file`` when a text file without a byte-order mark starts like a
    known binary format or has a NUL byte in its first 64 KB (``data`` may be just its start)."""
    for magic, what in _SIGNATURES.items():
        if data.startswith(magic):
            raise DataError(f"{name} looks like {what}, not a text table. Save it as CSV, or "
                            "upload it with its proper extension (.xlsx, .parquet).", "binary_file")
    if b"\x00" in data[:65536]:
        raise DataError(f"{name} contains NUL bytes: it is a binary file, or text in an encoding "
                        "this app cannot recognise (such as UTF-16 without a byte-order mark). "
                        "Save it as CSV UTF-8.", "binary_file")


def _valid_utf8(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace").encode("utf-8")


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter among comma, semicolon, tab and pipe that splits ``lines`` most consistently.

    Each candidate splits the non-empty lines with the csv module (so quoted delimiters do not
    count); the winner gives the most lines with the header's field count, then the most fields.
    The header is the first line the candidate splits in two or more fields: up to
    ``MAX_TITLE_ROWS`` lines that it does not split (a title above the table) are passed over.
    A single-column file gets the comma.
    """
    sample = [line for line in lines if line.strip()]
    best, best_key = ",", (0, 0)
    with _long_fields():
        for delimiter in DELIMITERS:
            widths = [len(row) for row in csv.reader(sample, delimiter=delimiter)]
            start = next((i for i, w in enumerate(widths[:MAX_TITLE_ROWS + 1]) if w >= 2), None)
            if start is None:
                continue
            widths = widths[start:]
            key = (sum(w == widths[0] for w in widths), widths[0])
            if key > best_key:
                best, best_key = delimiter, key
    return best


def _parser_detail(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    if "Expected" in text and "line" in text:
        return text[text.index("Expected"):].replace("Expected", "expected", 1)
    return text


def _read_excel(data: bytes, name: str, sha: str, sheet: str | None,
                header_row: int | None = None) -> LoadedTable:
    _check_unzipped_size(data, name)
    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="openpyxl")
    except _DAMAGED_WORKBOOK as exc:
        raise DataError(f"{name} could not be opened as an Excel workbook ({_damage(exc)}). Open "
                        "it in Excel and save it again as .xlsx, or export it as CSV.",
                        "bad_excel") from None
    sheets = tuple(str(s) for s in book.sheet_names)
    if not sheets:
        raise DataError(f"{name} has no worksheets. Open it in Excel and save it again as .xlsx, "
                        "or export it as CSV.", "bad_excel")
    chosen, sheet_origin = _choose_sheet(book, sheets, sheet, name)
    _check_sheet_size(book, chosen, name)
    header, header_origin = _excel_header(book, chosen, name, header_row)
    try:
        frame = pd.read_excel(book, sheet_name=chosen, header=header.index)
    except _DAMAGED_WORKBOOK as exc:
        raise DataError(f"Sheet '{printable(chosen)}' of {name} could not be read "
                        f"({_damage(exc)}). Open the workbook in Excel and save it again, or "
                        "export the sheet as CSV.", "bad_excel") from None
    if frame.shape[1] == 0:
        raise DataError(f"Sheet '{printable(chosen)}' of {name} is empty.", "empty_file")
    _check_width(name, frame.shape[1])
    frame.columns = clean_names(frame.columns)
    return LoadedTable(frame.reset_index(drop=True), name, "excel", sha, len(data), sheet=chosen,
                       sheets=sheets, sheet_origin=sheet_origin, first_row=header.row + 1,
                       header_row=header.row, header_origin=header_origin)


#: Most sheets looked at to choose the one holding the data.
_SHEETS_LOOKED_AT = 50


def _choose_sheet(book: pd.ExcelFile, sheets: tuple[str, ...], sheet: str | None,
                  name: str) -> tuple[str, str]:
    """The sheet to read and how it was chosen: ``sheet`` when given, else the sheet whose
    header names the most column roles (``layout.best_sheet``; the first on a tie)."""
    if sheet is not None:
        if sheet not in sheets:
            raise DataError(f"{name} has no sheet named '{printable(sheet)}'. Its sheets: "
                            f"{', '.join(printable(s, 40) for s in sheets)}.", "no_sheet")
        return sheet, "chosen by you"
    if len(sheets) == 1:
        return sheets[0], "the only sheet"
    peeks = {s: _peek_rows(book, s) for s in sheets[:_SHEETS_LOOKED_AT]}
    chosen = best_sheet(peeks)
    if chosen == sheets[0] and not guess_header(peeks[chosen]).roles:
        return chosen, "the first sheet (no sheet names a column role)"
    return chosen, "the sheet whose column names name the most roles"


def _peek_rows(book: pd.ExcelFile, sheet: str, rows: int = MAX_TITLE_ROWS + 1,
               columns: int = MAX_COLUMNS) -> list[list]:
    """The first ``rows`` rows of a sheet (up to ``columns`` cells each) as openpyxl reads
    them ([] when they cannot be)."""
    try:
        worksheet = book.book[sheet]
        peek = [list(row) for row in worksheet.iter_rows(min_row=1, max_row=rows,
                                                         max_col=columns, values_only=True)]
    except Exception:  # noqa: BLE001 - a damaged sheet: reading it says what is wrong
        return []
    for row in peek:  # read-only sheets pad every row to max_col: the empty cells at the end go
        while row and row[-1] is None:
            row.pop()
    return peek


def _excel_header(book: pd.ExcelFile, sheet: str, name: str,
                  header_row: int | None) -> tuple[HeaderGuess, str]:
    """The header row of a sheet: ``header_row`` when given (checked against the sheet's
    rows), else guessed from its first rows."""
    if header_row is None:
        guess = guess_header(_peek_rows(book, sheet))
        return guess, _header_origin(guess)
    if header_row < 1 or len(_peek_rows(book, sheet, header_row, columns=1)) < header_row:
        raise DataError(f"{name}: row {header_row:,} of sheet '{printable(sheet)}' cannot hold "
                        "the column names: the sheet has fewer rows.", "bad_header_row")
    return HeaderGuess(header_row - 1, frozenset()), "set by you"


def _check_unzipped_size(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts hold more than ``MAX_WORKBOOK_UNZIPPED_MB`` unzipped, from
    the sizes its zip directory declares (nothing is unzipped; a lying directory makes the
    part fail its CRC check, said as damage)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            unzipped = sum(part.file_size for part in book.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # damaged: openpyxl's error says how
    if unzipped > MAX_WORKBOOK_UNZIPPED_MB * 1024 * 1024:
        raise DataError(f"{name} expands to {unzipped / 1024 / 1024:,.0f} MB when unzipped; the "
                        f"limit is {MAX_WORKBOOK_UNZIPPED_MB:,} MB. Save the sheet as CSV (it "
                        "reads much faster), or keep only the columns and rows you need.",
                        "workbook_too_large")


def _check_sheet_size(book: pd.ExcelFile, sheet: str, name: str) -> None:
    """Refuse a sheet that declares more than ``MAX_SHEET_CELLS`` cells (its dimension, read
    from the sheet's first lines; a sheet that declares none is bounded by the unzipped size)."""
    try:
        worksheet = book.book[sheet]
        rows, columns = worksheet.max_row, worksheet.max_column
    except Exception:  # noqa: BLE001 - no usable dimension: reading will say what is wrong
        return
    if rows and columns and rows * columns > MAX_SHEET_CELLS:
        raise DataError(f"Sheet '{printable(sheet)}' of {name} spans {rows:,} rows x {columns:,} "
                        f"columns ({rows * columns:,} cells); the limit is {MAX_SHEET_CELLS:,} "
                        "cells. Save the sheet as CSV, or keep only the columns and rows you "
                        "need (an empty but formatted area counts too: clear it).",
                        "sheet_too_large")


#: What openpyxl and zipfile raise for a damaged workbook: a broken zip container (bad CRC,
#: truncated member, missing part), XML that does not parse, or XML that parses but does not
#: follow the spreadsheet schema (openpyxl then fails inside its own readers).
_DAMAGED_WORKBOOK = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError,
                     KeyError, ParseError, SyntaxError, OverflowError, ValueError, TypeError,
                     IndexError, AttributeError)


def _damage(exc: BaseException) -> str:
    """What is wrong with a workbook, in words, from the exception its reader raised."""
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return f"its zip container is damaged: {printable(exc, 120)}"
    if isinstance(exc, NotImplementedError):  # zipfile, for a header that asks for odd features
        return ("its zip container is damaged or uses a feature Excel files do not: "
                f"{printable(exc, 120)}")
    if isinstance(exc, KeyError):
        return f"a part of the workbook is missing: {printable(exc, 120)}"
    if isinstance(exc, (ParseError, SyntaxError)):  # lxml's XMLSyntaxError is a SyntaxError
        return f"its XML is damaged: {printable(exc, 120)}"
    if isinstance(exc, OverflowError):
        return "a cell holds a number Excel cannot hold (infinity, or too large)"
    return f"its content does not follow the .xlsx format ({type(exc).__name__})"


def _read_parquet(data: bytes, name: str, sha: str) -> LoadedTable:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception:  # pyarrow raises ArrowInvalid, OSError, ... for a damaged file
        raise DataError(f"{name} could not be read as a Parquet file.", "bad_parquet") from None
    _check_width(name, frame.shape[1])
    frame.columns = clean_names(frame.columns)
    for col in frame.columns:
        if not pd.api.types.is_object_dtype(frame[col].dtype):
            continue
        nested = frame[col].map(lambda v: isinstance(v, (list, tuple, dict, set, np.ndarray)))
        if nested.any():  # lists or structs in a cell: kept as their text, checked as such
            frame[col] = frame[col].map(_cell_text, na_action="ignore").astype("string")
    return LoadedTable(frame.reset_index(drop=True), name, "parquet", sha, len(data), first_row=1)


def _read_stats(data: bytes, name: str, sha: str, file_format: str,
                nrows: int | None) -> LoadedTable:
    """An SPSS, Stata or SAS file, read by pyreadstat from memory (``io.BytesIO``; no path and
    no temporary file): value labels applied (``_apply_value_labels``), variable labels kept,
    dates as dates, user-defined missing values missing."""
    import pyreadstat  # only when such a file is read: it is not needed otherwise

    reader = {"spss": pyreadstat.read_sav, "stata": pyreadstat.read_dta,
              "sas": pyreadstat.read_sas7bdat}[file_format]
    package = STATS_FORMATS[file_format]
    try:
        _, meta = reader(io.BytesIO(data), metadataonly=True)
        _check_stats_size(name, meta.number_rows, meta.number_columns)
        frame, meta = reader(io.BytesIO(data), dates_as_pandas_datetime=True,
                             row_limit=nrows or 0)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - ReadstatError, PyreadstatError, decoding errors, ...
        raise DataError(f"{name} could not be read as a {package} file "
                        f"({printable(exc, 120) or type(exc).__name__}). Save it again from "
                        f"{package}, or export it as CSV.", "bad_stats_file") from None
    names = clean_names(frame.columns)
    labels = dict(zip(names, meta.column_labels or [None] * len(names), strict=False))
    declared = getattr(meta, "variable_measure", None) or {}
    measures = {new: declared.get(old, "unknown") for old, new in zip(frame.columns, names,
                                                                     strict=True)}
    frame.columns = names
    frame, applied = _apply_value_labels(frame, _value_labels(meta, names), measures)
    variable_labels = {col: strip_invisible(str(label)).strip() for col, label in labels.items()
                       if label and strip_invisible(str(label)).strip() not in ("", col)}
    return LoadedTable(frame.reset_index(drop=True), name, file_format, sha, len(data),
                       first_row=1, variable_labels=variable_labels, value_labels=applied)


def _check_stats_size(name: str, rows: int | None, columns: int | None) -> None:
    _check_width(name, columns or 0)
    if rows and columns and rows > 0 and rows * columns > MAX_STATS_VALUES:
        raise DataError(f"{name} holds {rows:,} rows x {columns:,} variables "
                        f"({rows * columns:,} values); the limit is {MAX_STATS_VALUES:,}. Keep "
                        "the variables and cases you need and save it again, or export it as "
                        "CSV.", "stats_too_large")


def _value_labels(meta, names: list[str]) -> dict[str, dict]:
    """Column (cleaned name) -> its value labels (code -> label), from pyreadstat's metadata."""
    by_original = dict(zip(meta.column_names, names, strict=False))
    sets = meta.variable_value_labels or {}
    return {by_original[col]: labels for col, labels in sets.items()
            if col in by_original and labels}


def _apply_value_labels(frame: pd.DataFrame, value_labels: dict[str, dict],
                        measures: dict[str, str]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Codes replaced by their labels (``1`` -> "Face-to-face") in the columns where every
    value present has a label, except columns named like an outcome or a count (a labelled
    1-5 rating stays numbers) and columns SPSS declares ordinal. Partly labelled columns (labels
    for the ends of a scale, or for missing-value codes) keep their codes."""
    applied = []
    for col, labels in value_labels.items():
        values = frame[col]
        present = pd.unique(values.dropna())
        if (not len(present) or measures.get(col) == "ordinal" or is_numeric_role_name(col)
                or not all(value in labels for value in present)):
            continue
        text = {code: strip_invisible(str(label)).strip() for code, label in labels.items()}
        frame[col] = values.map(text).astype("string")
        applied.append(col)
    return frame, tuple(applied)


def _cell_text(value) -> str:
    """A nested Parquet cell (list, struct) as one line of text."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return str(value)


def clean_names(columns) -> list[str]:
    """Column names as trimmed strings without control characters; blank or repeated names
    get a position-based suffix."""
    names: list[str] = []
    for i, col in enumerate(columns, start=1):
        text = strip_invisible(str(col)).strip()
        if not text or text.startswith("Unnamed:"):
            text = f"column {i}"
        while text in names:
            text = f"{text} ({i})"
        names.append(text)
    return names


def read_path(path: str | Path, *, sheet: str | None = None) -> LoadedTable:
    """Read a file from disk (the CLI's entry); see :func:`read_table`."""
    path = Path(path)
    return read_table(read_bytes(path), path.name, sheet=sheet)


def read_bytes(path: str | Path) -> bytes:
    """A file's bytes, or a DataError saying why it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"No such file: {path}", "no_file") from None
    except IsADirectoryError:
        raise DataError(f"{path} is a folder, not a file.", "no_file") from None
    except OSError as exc:
        raise DataError(f"{path} could not be read: {exc.strerror}.", "no_file") from None
    return data
