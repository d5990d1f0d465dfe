"""``report --connection URL --table NAME`` (analysis/data/database.py): the whole JSON report of
a table in a real database equal to the pandas engine's report of the file the table was loaded
from (counts exactly, numbers to 1e-9), on DuckDB, PostgreSQL (a server started by the tests)
and Spark (local mode), for the sample data and the test data sets; connections named in
secrets.toml; passwords never shown; plain messages for what cannot run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from analysis.data import database
from analysis.data.bundled import sample_path
from analysis.data.loading import read_table
from analysis.errors import DataError
from tests import servers
from tests.helpers import BAD, DATA, assert_same, run
from tests.test_engine import OTHER_ANALYSES, SAMPLE_OPTIONS

GROUPS = ["--groups", "online,face-to-face"]


def readable(path: Path) -> bool:
    try:
        read_table(path.read_bytes(), path.name)
    except DataError:
        return False
    return True


#: Every data set as the loader reads it, loaded into each database as a table: the sample,
#: the messy export, the adjusted-comparison file and every test file the loader reads.
DATASETS = {p.stem: p for p in [sample_path(), sample_path("messy_export"),
                                 DATA / "adjusted_clients.csv",
                                 *sorted(BAD.glob("*.csv")), *sorted(BAD.glob("*.parquet"))]
            if readable(p)}


def table_name(stem: str) -> str:
    return "t_" + re.sub(r"\W", "_", stem.lower())


def arrow_table(path: Path) -> pa.Table:
    """The file's cells as the loader reads them, with a database's types (labels as text)."""
    frame = read_table(path.read_bytes(), path.name).frame.copy()
    for col in frame.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype) or frame[col].dtype == object:
            frame[col] = frame[col].astype("string")
    return pa.Table.from_pandas(frame, preserve_index=False)


class Backend:
    """A running database with every data set loaded: ``url`` for ``--connection``."""

    def __init__(self, kind: str, url: str, backend) -> None:
        self.kind, self.url, self.backend = kind, url, backend
        self.refused: dict[str, str] = {}  # data set -> why the database could not store it

    def load(self, stems) -> None:
        for stem in stems:
            name = table_name(stem)
            cells = arrow_table(DATASETS[stem])
            if self.kind == "postgres" and any("\x00" in str(v) for c in cells.columns
                                               for v in c.to_pylist()):
                self.refused[stem] = "PostgreSQL text cannot hold a NUL character"
            elif self.kind == "spark":  # a temporary view of the session --connection gets
                session = self.backend._session
                session.createDataFrame(cells).createOrReplaceTempView(name)
            else:
                self.backend.create_table(name, cells)


@pytest.fixture(scope="module", params=["duckdb", "postgres", "spark"])
def db(request, tmp_path_factory):
    kind = request.param
    if kind == "duckdb":
        url = f"duckdb:///{tmp_path_factory.mktemp('duck') / 'test.duckdb'}"
        backend = database.connect(url)
        engine = Backend(kind, url, backend)
        engine.load(DATASETS)
        backend.disconnect()  # each report opens its own connection
        yield engine
    elif kind == "postgres":
        if reason := servers.postgres_missing():
            pytest.skip(reason)
        with servers.postgres_server() as url:
            engine = Backend(kind, url, database.connect(url))
            engine.load(DATASETS)
            yield engine
    else:
        if reason := servers.spark_missing():
            pytest.skip(reason)
        url = "spark:local[2]"
        engine = Backend(kind, url, database.connect(url))
        engine.load(DATASETS)
        yield engine
        engine.backend._session.stop()


def both(db: Backend, stem: str, *options, exact: bool = True) -> tuple[int, str]:
    """The report of the data set's file (pandas engine) and of its table: the same exit
    status and the same JSON (or text; ``exact``: see ``test_engine.both_engines``). Returns
    the status and the output."""
    if stem in db.refused:
        pytest.skip(f"{stem}: {db.refused[stem]}")
    file_code, file_out, file_err = run(["report", DATASETS[stem], *options,
                                         "--engine", "pandas"])
    code, out, err = run(["report", "--connection", db.url, "--table", table_name(stem),
                          *options])
    assert code == file_code, (stem, file_err, err)
    if code == 0 and "--format" not in options:
        assert_same(json.loads(file_out), json.loads(out))
    if code == 0 and (exact or "--format" in options):
        assert out == file_out
    return code, out


@pytest.mark.parametrize("options", SAMPLE_OPTIONS)
def test_the_sample_gives_the_same_report(db, options):
    assert both(db, "counseling_episodes", *options)[0] in (0, 2)


@pytest.mark.parametrize("options", OTHER_ANALYSES, ids=" ".join)
def test_the_other_analyses_give_the_same_report(db, options):
    assert both(db, "counseling_episodes", *GROUPS, *options, exact=False)[0] == 0


@pytest.mark.parametrize("stem", [s for s in DATASETS if s != "counseling_episodes"])
def test_every_test_data_set_gives_the_same_report(db, stem):
    both(db, stem, *GROUPS, "--outcome-range", "0,40")
    both(db, stem, *GROUPS)


def test_the_messy_export_drops_the_same_rows(db):
    code, out = both(db, "messy_export", *GROUPS, "--outcome-range", "8,32")
    assert code == 0 and json.loads(out)["outcome"]["exclusions"]["dropped"]


# --- connections, names and messages (no server needed) --------------------------------------

def sample_database(folder: Path) -> str:
    """A DuckDB file in ``folder`` holding the sample as the table ``episodes``; its URL."""
    url = f"duckdb:///{folder / 'clinic.duckdb'}"
    backend = database.connect(url)
    backend.create_table("episodes", arrow_table(sample_path()))
    backend.disconnect()  # each report, page or server opens its own connection
    return url


@pytest.fixture
def duck(tmp_path) -> str:
    return sample_database(tmp_path)


def test_a_connection_is_named_in_secrets_toml(duck, tmp_path, monkeypatch):
    folder = tmp_path / ".streamlit"
    folder.mkdir()
    (folder / "secrets.toml").write_text(f'[connections.clinic]\nurl = "{duck}"\n')
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["report", "--connection", "clinic", "--table", "episodes", *GROUPS])
    assert code == 0, err
    code, file_out, _ = run(["report", sample_path(), *GROUPS])
    assert out == file_out
    code, _, err = run(["report", "--connection", "other", "--table", "episodes", *GROUPS])
    assert code == 2 and "no connection 'other'" in err and "it declares clinic" in err


def test_a_password_is_never_printed():
    url = f"postgres://ann:s3cr3t-pw@127.0.0.1:{servers.free_port()}/clinic"
    code, out, err = run(["report", "--connection", url, "--table", "t", *GROUPS])
    assert code == 2 and "s3cr3t-pw" not in err + out
    assert "postgres://ann:***@127.0.0.1:" in err
    assert database.redacted("postgres://ann:pw@db.example:5433/x") == \
        "postgres://ann:***@db.example:5433/x"
    assert database.redacted("duckdb:///a/b.duckdb") == "duckdb:///a/b.duckdb"


@pytest.mark.parametrize(("argv", "message"), [
    (["--table", "episodes"], "--connection and --table together"),
    (["--connection", "{duck}"], "--connection and --table together"),
    (["--connection", "{duck}", "--table", "nope"], "no table 'nope' here. Tables: episodes"),
    (["--connection", "{duck}", "--table", "episodes", "--wide-modes", "age=online"],
     "--wide-modes cannot be used with a database table"),
    (["--connection", "{duck}", "--table", "episodes", "--category-col", "nosuch"],
     "episodes has no column 'nosuch' (named by --binary-outcome or --category-col)"),
    (["--connection", "{duck}", "--table", "episodes", "--format", "html"],
     "--format html cannot be used with a database table"),
    (["--connection", "{duck}", "--table", "episodes", "--engine", "duckdb"],
     "--engine cannot be used with a database table"),
    (["--connection", "not a name", "--table", "episodes"], "neither a URL nor a connection"),
    (["--connection", "nosuchdriver://x/y", "--table", "episodes"], "nosuchdriver://x/y"),
])
def test_what_cannot_run_says_why(duck, argv, message):
    code, out, err = run(["report", *(a.format(duck=duck) for a in argv), *GROUPS])
    assert (code, out) == (2, "") and message in err and err.count("\n") == 1, err


def test_a_file_and_a_table_together_are_refused(duck):
    code, _, err = run(["report", sample_path(), "--connection", duck, "--table", "episodes",
                        *GROUPS])
    assert code == 2 and "instead of a data file" in err


def test_the_groups_come_back_in_the_order_of_their_values(duck):
    source = database.open_table(database.connect(duck), "episodes")
    table, rows = source.group(["online_channel", "gender"])
    assert int(rows.sizes.sum()) == len(read_table(sample_path().read_bytes(), "x.csv").frame)
    keys = [tuple((pd.notna(v), "" if pd.isna(v) else v) for v in row)
            for row in table.frame.itertuples(index=False)]
    assert keys == sorted(keys) and len(set(keys)) == len(keys) and not keys[0][0][0]
    assert list(rows.first) == list(range(1, len(table.frame) + 1))
