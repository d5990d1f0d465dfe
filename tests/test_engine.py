"""The duckdb engine (analysis/data/engine.py): the whole JSON report equal to the pandas
engine's, counts exactly and numbers to 1e-9 (in practice to the last bit), on the sample data,
the files of tests/data/, CSV in other encodings and layouts, Parquet files, and generated files
full of missing values and junk; the engine chosen by size; plain messages (exit 2) otherwise.
"""

import contextlib
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analysis.__main__ import main
from analysis.data import engine
from analysis.data.bundled import sample_path
from analysis.data.dataset import FILE_ROWS, Preparation, prepare_dataset
from analysis.data.loading import read_table
from analysis.data.roles import detect_roles
from analysis.data.validation import GroupedRows
from tests.helpers import BAD, assert_same, run

SAMPLE = sample_path()
MESSY = sample_path("messy_export")
GROUPS = ["--groups", "online,face-to-face"]


def both_engines(path, *options, exact: bool = True) -> tuple[int, str]:
    """The report of ``path`` by each engine: the same exit status, the same message, and the
    same JSON (or text; ``exact``: the same JSON to the last character, as it happens for
    everything but the regressions, whose sums run in another order). Returns the status and
    the output."""
    runs = {e: run(["report", path, *options, "--engine", e]) for e in engine.ENGINES}
    (pandas_code, pandas_out, pandas_err), (duck_code, duck_out, duck_err) = runs.values()
    assert (duck_code, duck_err) == (pandas_code, pandas_err), path
    if pandas_code == 0 and "--format" not in options:
        assert_same(json.loads(pandas_out), json.loads(duck_out))
    if exact or "--format" in options:
        assert duck_out == pandas_out
    return pandas_code, pandas_out


def uses_duckdb(path) -> bool:
    """Whether DuckDB itself groups the text file (rather than pandas' parser, streamed)."""
    source = engine.open_source(path)
    return source.scan.plain and source.skip is not None and \
        source._duckdb([0]) is not None


# --- the sample data ----------------------------------------------------------------------

#: The statistics report's options, tried on the sample (here and in tests/test_database.py).
SAMPLE_OPTIONS = [
    [*GROUPS, "--margin", "1"],
    ["--groups", "face-to-face,online", "--problem-col", "presenting_problems",
     "--problem-sep", ";", "--alpha", "0.1"],
    [*GROUPS, "--outcome-col", "alliance_total", "--outcome-range", "8,14", "--unit", "episodes"],
    [*GROUPS, "--count-col", "sessions_attended"],
    [*GROUPS, "--margin", "2", "--format", "text"],
    ["--groups", "online,phone"],
    [*GROUPS, "--mode-col", "site"],
]


@pytest.mark.parametrize("options", SAMPLE_OPTIONS)
def test_the_sample_gives_the_same_report(options):
    both_engines(SAMPLE, *options)


#: The analyses beyond the statistics report, each computed from the rows grouped by the
#: columns it reads: the same report as from every row (regressions, propensity scores and
#: mixed models take the group sizes as frequency weights).
OTHER_ANALYSES = [
    ["--covariates", "age,gender,problem"],
    ["--covariates", "age,gender,site,date,problem", "--cluster", "counselor,site"],
    ["--weights", "ate"],
    ["--cluster", "client_id"],
    ["--covariates", "age", "--format", "text"],
    ["--category-col", "site"],
    ["--category-col", "completed", "--binary-outcome", "completed", "--event", "dropped out"],
    ["--periods", "fy", "--category-col", "gender"],
]


@pytest.mark.parametrize("options", OTHER_ANALYSES, ids=" ".join)
def test_the_other_analyses_give_the_same_report(options):
    assert both_engines(SAMPLE, *GROUPS, *options, exact=False)[0] == 0


def test_the_messy_export_gives_the_same_report():
    code, out = both_engines(MESSY, *GROUPS, "--outcome-range", "8,32")
    assert code == 0 and json.loads(out)["outcome"]["exclusions"]["dropped"]
    assert uses_duckdb(SAMPLE) and uses_duckdb(MESSY)  # a BOM, semicolons: DuckDB reads them


@pytest.mark.parametrize("path", sorted(BAD.glob("*.csv")) + sorted(BAD.glob("*.parquet")),
                         ids=lambda p: p.name)
def test_every_test_file_gives_the_same_report_or_message(path):
    both_engines(path, *GROUPS)


# --- other encodings, delimiters, line breaks and layouts ----------------------------------

def sample_text() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    # labels that only some encodings can hold, and junk the parsers must agree on
    lines[3] = lines[3].replace("depression", "dépression")
    lines[5] = lines[5].replace("Riverside", '"River, side"')
    return "\n".join(lines[:400]) + "\n"


def delimited(delimiter: str) -> str:
    frame = pd.read_csv(io.StringIO(sample_text()), dtype=str, keep_default_na=False)
    return frame.to_csv(sep=delimiter, index=False)


def variants() -> dict[str, bytes]:
    text = sample_text()
    return {
        "utf8.csv": text.encode(),
        "bom.csv": b"\xef\xbb\xbf" + text.encode(),
        "bom_invalid.csv": b"\xef\xbb\xbf" + text.encode().replace(b"\xc3\xa9", b"\xe9"),
        "cp1252.csv": text.replace("dépression", "d€pression").encode("cp1252"),
        "latin1.csv": text.encode("latin-1").replace(b"OCD", b"OC\x81D"),
        "utf16.csv": text.encode("utf-16"),
        "utf16be.csv": b"\xfe\xff" + text.encode("utf-16-be"),
        "semicolon.csv": delimited(";").encode(),
        "tab.tsv": delimited("\t").encode(),
        "pipe.txt": delimited("|").encode(),
        "crlf.csv": text.replace("\n", "\r\n").encode(),
        "cr.csv": text.replace("\n", "\r").encode(),
        "mixed_breaks.csv": text.replace("\n", "\r\n", 150).encode(),
        "title.csv": ("Counselling export 2024\n" + text).encode(),
        "title_blank.csv": ("Counselling export 2024\n\n" + text).encode(),
        "blank_lines.csv": text.replace("\nCL0", "\n\nCL0").encode(),
        "space_lines.csv": text.replace("\nCL1", "\n   \nCL1", 5).encode(),
        "short_rows.csv": (text + "CL9999,2024-01-01,North\n").encode(),
        "quoted_break.csv": text.replace("partner relationship,",
                                         '"partner\nrelationship",', 3).encode(),
    }


@pytest.fixture(scope="module")
def variant_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("variants")
    for name, data in variants().items():
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("name", list(variants()))
def test_other_encodings_and_layouts_give_the_same_report(variant_files, name):
    code, _ = both_engines(variant_files / name, *GROUPS, "--margin", "1")
    assert code == 0


def test_duckdb_reads_the_plain_files_and_pandas_parser_the_others(variant_files):
    read_by_duckdb = {name for name in variants() if uses_duckdb(variant_files / name)}
    assert {"utf8.csv", "bom.csv", "semicolon.csv", "tab.tsv", "pipe.txt", "crlf.csv",
            "cr.csv", "title.csv", "blank_lines.csv", "quoted_break.csv"} <= read_by_duckdb
    assert not read_by_duckdb & {"bom_invalid.csv", "cp1252.csv", "latin1.csv", "utf16.csv",
                                 "utf16be.csv", "mixed_breaks.csv", "space_lines.csv",
                                 "short_rows.csv", "title_blank.csv"}


def test_groups_merge_across_the_chunks_of_pandas_parser(variant_files, monkeypatch):
    monkeypatch.setattr(engine, "CHUNK_ROWS", 7)
    for name in ("cp1252.csv", "short_rows.csv"):
        assert both_engines(variant_files / name, *GROUPS)[0] == 0


# --- Parquet ----------------------------------------------------------------------------

def parquet_files(folder: Path) -> list[Path]:
    frame = pd.read_csv(SAMPLE)
    rng = np.random.default_rng(5)
    written = {
        "plain": frame,
        "categorical": frame.astype({"delivery_mode": "category", "problem_type": "category"}),
        "nullable": frame.assign(satisfaction_total=frame["satisfaction_total"].astype("Int64")),
        "text_outcome": frame.assign(satisfaction_total=frame["satisfaction_total"].map(
            lambda v: None if v != v else f"{v / 4:.2f}".replace(".", ","))),
        "index": frame.set_index("client_id"),
        "counts": frame.assign(n=rng.choice([1, 2, 5, 0, -1], len(frame))),
    }
    paths = []
    for name, data in written.items():
        data.to_parquet(folder / f"{name}.parquet")
        paths.append(folder / f"{name}.parquet")
    table = pa.table({  # written by Arrow without pandas' metadata
        "mode": pa.array(frame["delivery_mode"]).dictionary_encode(),
        "score": pa.array([None if v != v else int(v) for v in frame["satisfaction_total"]],
                          pa.decimal128(6, 2)),
        "problem": pa.array([[p] for p in frame["problem_type"]])})
    pq.write_table(table, folder / "arrow.parquet")
    return [*paths, folder / "arrow.parquet"]


def test_parquet_files_give_the_same_report(tmp_path):
    for path in parquet_files(tmp_path):
        assert both_engines(path, *GROUPS, "--margin", "1")[0] == 0, path.name
    assert both_engines(tmp_path / "counts.parquet", *GROUPS, "--count-col", "n")[0] == 0


def test_a_parquet_file_duckdb_cannot_read_is_refused_plainly(tmp_path):
    path = tmp_path / "wide_decimals.parquet"
    pq.write_table(pa.table({"delivery_mode": ["online", "face-to-face"] * 5,
                             "satisfaction": pa.array(range(10), pa.decimal256(40, 2))}), path)
    code, out, err = run(["report", path, *GROUPS, "--engine", "duckdb"])
    assert code == 2 and not out
    assert err.startswith("error: wide_decimals.parquet: DuckDB could not read this Parquet file")
    assert "--engine pandas" in err and err.count("\n") == 1


# --- generated files with missing values and junk --------------------------------------------

CELLS = {
    "delivery_mode": ["online", "Online ", "F2F", "face-to-face", "in person", "", "NA", "unknown",
                      "Total", '"on line"', "ON\u200bLINE", "-", "\x00", '"F2F"'],
    "satisfaction": ["25", "30", " 28", "1,5", "3.5", "abc", "", "NA", "inf", "1e3", "True",
                     "1e400", "007", "nan", "+4", "1 000", "#N/A", '"q""q"'],
    "problem_type": ["anxiety", "Anxiety", "depression;work", "work|family", "", "n/a",
                     '"a,b"', " family ", '"stress\nwork"', "None", "tab\there"],
    "client_id": ["c1", "c2", "c3"],
    "count": ["1", "2", "0", "3", "", "-1", "2.5", "x", "1e12"],
}


def junk_file(seed: int) -> bytes:
    """A CSV whose cells mix usual values with missing ones and junk, in some rows short,
    long, blank or quoted across lines, in a random delimiter, line break and encoding."""
    rng = random.Random(seed)
    columns = [c for c in CELLS if c != "count" or rng.random() < 0.3]
    delimiter, newline = rng.choice(",;\t|"), rng.choice(["\n", "\r\n", "\r"])
    lines = [delimiter.join(columns)]
    for _ in range(rng.randint(5, 80)):
        row = [rng.choice(CELLS[c][:3] if rng.random() < 0.6 else CELLS[c]) for c in columns]
        row = [f'"{v}"' if delimiter in v and not v.startswith('"') else v for v in row]
        shape = rng.random()
        if shape < 0.03:
            row = row[:rng.randint(1, len(row) - 1)]
        elif shape < 0.05:
            lines.append(rng.choice(["", "   "]))
        elif shape < 0.06:
            row.append("extra")
        lines.append(delimiter.join(row))
    text = newline.join(lines) + newline
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"])
    return text.encode(encoding, errors="replace")


def pandas_dataset(path: Path):
    data = path.read_bytes()
    peek = read_table(data, path.name, nrows=2000)
    roles = detect_roles(peek.frame)
    roles = roles.__class__(**{r: c for r, c in roles.mapped().items()
                               if r in ("mode", "outcome", "problem", "count")})
    table = read_table(data, path.name, columns=list(roles.mapped().values()))
    return roles, prepare_dataset(table.frame, Preparation(roles), first_row=table.first_row)


def grouped_dataset(path: Path):
    source = engine.open_source(path)
    roles = source.roles()
    roles = roles.__class__(**{r: c for r, c in roles.mapped().items()
                               if r in ("mode", "outcome", "problem", "count")})
    table, rows = source.group(list(roles.mapped().values()))
    return roles, prepare_dataset(table.frame, Preparation(roles), first_row=table.first_row,
                                  rows=rows)


def expanded(dataset, grouped: bool) -> dict:
    """Each distinct cleaned row (values, reasons, units per file row) -> the file's rows."""
    frame = dataset.frame
    keys = ["mode", "outcome", "problem", "mode_issue", "outcome_issue", "problem_issue",
            "count_issue"]
    cells = frame[keys].astype(object).where(frame[keys].notna(), None)
    rows = frame[FILE_ROWS].to_numpy() if grouped else np.ones(len(frame), int)
    found: dict = {}
    for values, weight, n in zip(cells.itertuples(index=False, name=None),
                                 frame["weight"].to_numpy() // rows, rows):
        key = (*values, int(weight))
        found[key] = found.get(key, 0) + int(n)
    return found


@pytest.mark.parametrize("seed", range(30))
def test_junk_files_give_the_same_data_set_and_report(seed, tmp_path):
    path = tmp_path / f"junk{seed}.csv"
    path.write_bytes(junk_file(seed))
    both_engines(path, *GROUPS)
    try:
        roles, dataset = pandas_dataset(path)
    except Exception as exc:  # noqa: BLE001 - then the duckdb engine says the same
        with pytest.raises(type(exc)) as raised:
            grouped_dataset(path)
        assert str(raised.value) == str(exc)
        return
    if roles.mode is None:
        return
    grouped_roles, grouped = grouped_dataset(path)
    assert grouped_roles == roles
    assert expanded(grouped, True) == expanded(dataset, False)
    # every issue: the same message (rows counted), examples and first row named
    assert [(i.code, i.message, i.values, i.rows[:1]) for i in grouped.validation.issues] == \
        [(i.code, i.message, i.values, i.rows[:1]) for i in dataset.validation.issues]
    assert grouped.usable == dataset.usable and grouped.n_usable_rows == dataset.n_usable_rows
    assert grouped.validation.n_rows == dataset.validation.n_rows
    assert grouped.mode_mapping.equals(dataset.mode_mapping)


# --- grouped rows in the cleaning code -------------------------------------------------------

def test_grouped_rows_count_the_files_rows_everywhere():
    frame = pd.DataFrame({"mode": ["online", "F2F", None, "online"],
                          "score": ["28", "x", "30", None], "n": ["2", "1", "-1", "3"]})
    roles = detect_roles(frame).replace(mode="mode", outcome="score", count="n")
    rows = GroupedRows(pd.Series([2, 3, 7, 9]), np.array([3, 1, 2, 4]))
    dataset = prepare_dataset(frame, Preparation(roles), rows=rows)
    assert dataset.frame["weight"].tolist() == [6, 1, 0, 12]
    assert dataset.validation.n_rows == 10 and dataset.n_usable_rows == 8
    assert dataset.n_usable == 19
    messages = {i.code: i.message for i in dataset.validation.issues}
    assert messages["missing_mode"].startswith("2 rows have no delivery mode")
    assert messages["outcome_not_numeric"].startswith("1 row has an outcome")
    assert messages["count_negative"].startswith("2 rows: count negative")
    assert dict(zip(dataset.mode_mapping["original"], dataset.mode_mapping["rows"])) == \
        {"online": 7, "F2F": 1, "(empty)": 2}
    assert dataset.usable.dropped == (("count negative", 2, 0),)


# --- choosing the engine ------------------------------------------------------------------

def test_the_engine_is_chosen_by_size(tmp_path, monkeypatch):
    assert engine.choose_engine(SAMPLE, None) == "pandas"
    monkeypatch.setattr(engine, "DUCKDB_FROM_MB", SAMPLE.stat().st_size / 1024 / 1024)
    assert engine.choose_engine(SAMPLE, None) == "duckdb"
    assert engine.choose_engine(SAMPLE, "pandas") == "pandas"
    assert engine.choose_engine(SAMPLE, None, needs_rows="--wide-modes") == "pandas"
    workbook = tmp_path / "big.xlsx"
    workbook.write_bytes(b"PK" + b"\0" * 100)
    assert engine.choose_engine(workbook, None) == "pandas"
    # the default engine then reads it, and the report is the same
    code, out, _ = run(["report", SAMPLE, *GROUPS])
    assert code == 0 and json.loads(out) == json.loads(run(["report", SAMPLE, *GROUPS,
                                                            "--engine", "pandas"])[1])


@pytest.mark.parametrize("argv, message", [
    (["report", BAD / "broken.xlsx", *GROUPS, "--engine", "duckdb"],
     "--engine duckdb reads CSV, TSV, TXT and Parquet files"),
    (["report", SAMPLE, *GROUPS, "--engine", "duckdb", "--wide-modes", "age=online"],
     "--wide-modes needs every row of the file: use --engine pandas"),
    (["report", SAMPLE, *GROUPS, "--engine", "duckdb", "--category-col", "nosuch"],
     "has no column 'nosuch' (named by --binary-outcome or --category-col)"),
    (["report", SAMPLE, *GROUPS, "--engine", "duckdb", "--format", "html"],
     "--format html needs every row of the file"),
    (["report", "no/such/file.csv", *GROUPS, "--engine", "duckdb"], "No such file"),
    (["report", SAMPLE, *GROUPS, "--engine", "spark"], "invalid choice: 'spark'"),
])
def test_what_the_duckdb_engine_cannot_do_is_said_plainly(argv, message):
    code, out, err = run(argv) if "spark" not in argv else (None, "", "")
    if code is None:
        with pytest.raises(SystemExit) as stopped, contextlib.redirect_stderr(io.StringIO()) as e:
            main([str(a) for a in argv])
        code, err = stopped.value.code, e.getvalue()
    assert code == 2 and not out and message in err and "Traceback" not in err


@pytest.mark.parametrize("limit", ["0.05", "0.4"])
def test_the_time_limit_stops_the_duckdb_engine_plainly(limit):
    # a fresh process: DuckDB is imported, and queried, while the limit runs (its handler must
    # never raise inside DuckDB's own code, which would abort the process)
    run_ = subprocess.run([sys.executable, "-m", "analysis", "report", str(SAMPLE), *GROUPS,
                           "--engine", "duckdb", "--time-limit", limit],
                          capture_output=True, text=True, cwd=SAMPLE.parent.parent, timeout=120)
    assert run_.returncode in (0, 2), run_.stderr
    if run_.returncode == 2:
        assert run_.stderr.startswith(f"error: report took longer than {limit} s")
        assert run_.stderr.count("\n") == 1
