"""Tables in a database or a Spark session, analysed where they are, through Ibis
(``report --connection URL --table NAME``).

The report depends on the rows only through how many carry each combination of the values of the
columns it reads (see :mod:`analysis.data.engine`), so the database itself groups the table by
those columns (one ``GROUP BY`` with ``COUNT(*)``, written for each backend by Ibis, the portable
layer: PostgreSQL, DuckDB, Spark, SQLite, MySQL, Snowflake, BigQuery, ...) and only the distinct
combinations come back: kilobytes, however many rows the table holds. They are read by the
loader's own code, as a Parquet file with the table's types would be
(:func:`~analysis.data.loading.parquet_frame`: the same names, missing values and numbers), and
cleaned by the same code with the group sizes (:func:`~analysis.data.dataset.prepare_dataset`
with ``rows``): the report is the one the same rows would give from a file, number for number.

A table's rows have no order, so the groups are put in the order of their values (missing first,
text by its UTF-8 bytes): the same on every backend. Issues name no row numbers.

A connection is a URL (``postgres://user@host:5432/db``, ``duckdb:///path/file.duckdb``,
``spark://host:7077`` or ``spark:local[2]`` for Spark) or the name of one declared in
``.streamlit/secrets.toml`` (``[connections.NAME]`` with ``url = "..."``), so that a password
is never typed on a command line. A URL is never printed with its password
(:func:`redacted`).
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import pandas as pd

from analysis.data import loading
from analysis.data.loading import LoadedTable
from analysis.data.roles import ColumnRoles, could_be_mode, detect_roles_from, numeric_share
from analysis.data.validation import GroupedRows, printable
from analysis.errors import DataError

__all__ = ["SECRETS", "TableSource", "connect", "connection_url", "open_table", "redacted",
           "table_names"]

#: Where connections are declared: ``[connections.NAME]`` tables with a ``url``.
SECRETS = Path(".streamlit") / "secrets.toml"
#: The distinct values fetched to decide whether a column could hold the mode.
_MODE_VALUES = 50
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def redacted(url: str) -> str:
    """``url`` without its password (``postgres://ann:***@host/db``): what messages show."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(a connection URL that could not be read)"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def connection_url(target: str, secrets: Path | None = None) -> str:
    """The URL of ``target``: a URL as given, else the ``url`` of ``[connections.TARGET]`` in
    ``secrets`` (``.streamlit/secrets.toml``, Streamlit's own secrets file)."""
    if ":" in target:
        return target
    path = SECRETS if secrets is None else secrets
    if not _NAME.match(target):
        raise DataError(f"--connection: '{printable(target, 40)}' is neither a URL nor a "
                        "connection name.", "bad_connection")
    try:
        declared = tomllib.loads(path.read_text(encoding="utf-8")).get("connections", {})
    except FileNotFoundError:
        declared = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise DataError(f"{path} could not be read as TOML.", "bad_connection") from None
    entry = declared.get(target)
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        names = ", ".join(sorted(k for k, v in declared.items() if isinstance(v, dict)))
        raise DataError(f"--connection: no connection '{target}' with a url in {path}"
                        + (f" (it declares {names})." if names else "."), "bad_connection")
    return entry["url"]


def connect(url: str):
    """An Ibis backend for ``url``: ``ibis.connect`` (PostgreSQL, DuckDB, ...), or a Spark
    session for ``spark://HOST:PORT`` or ``spark:local[N]`` (local mode)."""
    import ibis

    try:
        if url.startswith("spark:"):
            return ibis.pyspark.connect(_spark_session(url))
        return ibis.connect(url)
    except ImportError as exc:
        raise DataError(f"The driver for {redacted(url)} is not installed ({exc.name or exc}).",
                        "bad_connection") from None
    except Exception as exc:  # noqa: BLE001 - each driver raises its own errors
        raise DataError(f"Could not connect to {redacted(url)}: "
                        f"{_first_line(exc, url)}", "bad_connection") from None


def _spark_session(url: str):
    """Spark's session for ``url``; in local mode without a web UI and with its (empty)
    warehouse folder in the temporary folder, not in the current one."""
    import tempfile

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("CounselCompare")
    if url.startswith("spark:local"):
        builder = (builder.master(url.removeprefix("spark:"))
                   .config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", "4")  # not 200 tasks a GROUP BY
                   .config("spark.sql.warehouse.dir",
                           str(Path(tempfile.gettempdir()) / "counselcompare-spark")))
    else:
        builder = builder.master(url)
    return builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()


def _first_line(exc: Exception, url: str = "") -> str:
    """The first line of a driver's message, with the password (if any) blanked out."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    password = urlsplit(url).password if "://" in url else None
    if password:
        text = text.replace(password, "***")
    return printable(text, 200)


def table_names(backend) -> list[str]:
    """The tables (and views) the connection can read, sorted."""
    return sorted(backend.list_tables())


def open_table(backend, table: str, *, label: str | None = None) -> TableSource:
    """The table ``table`` of ``backend`` (see :func:`connect`), opened for the report."""
    if table not in backend.list_tables():
        raise DataError(f"--table: there is no table '{printable(table, 60)}' here. "
                        f"Tables: {', '.join(printable(t, 40) for t in table_names(backend)[:20])}"
                        ".", "no_such_table")
    return TableSource(backend.table(table), label or table)


class TableSource:
    """A database table opened for the report: its columns named as the loader names them,
    the roles detected as on a file, and :meth:`group`.

    Attributes
    ----------
    name : str
        What messages call the table.
    columns : list of str
        Its column names, cleaned as the loader cleans a file's.
    """

    def __init__(self, table, name: str) -> None:
        self.table, self.name = table, name
        self.schema = table.schema().to_pyarrow()
        empty = self._frame(self.schema.empty_table())
        self.columns = list(empty.columns)
        self.dtypes = empty.dtypes
        self._names = dict(zip(self.columns, self.schema.names, strict=True))

    def _frame(self, arrow) -> pd.DataFrame:
        """An Arrow table of the table's columns as the loader reads such a Parquet file."""
        import pyarrow.parquet as pq

        buffer = io.BytesIO()
        pq.write_table(arrow, buffer)
        return loading.parquet_frame(buffer.getvalue(), self.name)

    def _present(self, col: str):
        column = self.table[self._names[col]]
        present = column.notnull()
        if column.type().is_floating():
            present &= ~column.isnan()
        return present

    def _fetch(self, expr):
        """``expr``'s result as an Arrow table of its own types. Fetched as a whole (``execute``):
        ``to_pyarrow`` streams PostgreSQL's answer through a server-side cursor, which runs the
        query without parallel workers (twice the time on 10M rows)."""
        import pyarrow as pa

        try:
            return pa.Table.from_pandas(expr.execute(), schema=expr.schema().to_pyarrow(),
                                        preserve_index=False)
        except Exception as exc:  # noqa: BLE001 - each backend raises its own errors
            raise DataError(f"{self.name}: the database refused the query "
                            f"({_first_line(exc)}).", "bad_query") from None

    def _share(self, col: str) -> float:
        """:func:`numeric_share` of the column, over every row."""
        present = self.table.filter(self._present(col))
        if pd.api.types.is_numeric_dtype(self.dtypes[col]):
            return 1.0 if self._fetch(present.limit(1)).num_rows else 0.0
        name = self._names[col]
        counts = self._fetch(present.group_by(name).aggregate(n=present.count()))
        values = self._frame(counts.select([name]))
        return numeric_share(values.iloc[:, 0], pd.Series(counts.column("n").to_numpy()))

    def _mode_like(self, col: str) -> bool:
        """:func:`could_be_mode` of the column, over every row."""
        name = self._names[col]
        values = self._fetch(self.table.filter(self._present(col)).select(name).distinct()
                             .limit(_MODE_VALUES))
        return (values.num_rows < _MODE_VALUES
                and could_be_mode(self._frame(values).iloc[:, 0]))

    def roles(self) -> ColumnRoles:
        """The roles a file with these columns and values would be given (asked of the
        database)."""
        return detect_roles_from(self.columns, self._share, self._mode_like)

    def group(self, columns: list[str]) -> tuple[LoadedTable, GroupedRows]:
        """The distinct combinations of ``columns`` (missing values a group of their own) as
        the loader reads them, in the order of their values, with how many rows hold each."""
        import pyarrow.compute as pc

        if not columns:
            raise ValueError("group() needs at least one column")
        names = [self._names[c] for c in columns]
        counted = self.table.group_by(names).aggregate(__rows=self.table.count())
        result = self._fetch(counted)
        if not result.num_rows:
            raise DataError(f"{self.name} has no rows.", "no_rows")
        order = pc.sort_indices(result, sort_keys=[(n, "ascending") for n in names],
                                null_placement="at_start")
        result = result.take(order)
        frame = self._frame(result.select(names))
        frame.columns = list(columns)
        sizes = result.column("__rows").to_numpy().astype(np.int64)
        table = LoadedTable(frame, self.name, "database", "", 0, first_row=1)
        return table, GroupedRows(pd.Series(np.arange(1, len(frame) + 1), index=frame.index),
                                  sizes)
