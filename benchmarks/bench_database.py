"""A table in PostgreSQL (``report --connection URL --table NAME``): the report on a
10,000,000-row table against PostgreSQL's own bare GROUP BY of the same columns (the physical
limit: the one aggregation the report needs, with nothing else), and the report's peak memory at
1M and 10M rows (it should not grow with the rows: only the distinct combinations come back).

    .venv/bin/python benchmarks/bench_database.py [--rows N] [--repeat R]

A PostgreSQL server is started in a temporary folder (as the tests start theirs; Debian's
``postgresql``), the tables are loaded with COPY from CSV files generated like the sample
(``common.large_frame``). Times are the best of R runs: the report as a whole process (imports
count) and in one warm process; the bare query through psycopg. Prints times, ratios and peaks;
asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from pathlib import Path

from bench_engine import best, write_csv, write_parquet
from common import ROOT, python

sys.path.insert(0, str(ROOT))
from tests import servers  # noqa: E402 - the tests' own server, started the same way

GROUPS = "online,face-to-face"
BARE = ("SELECT delivery_mode, satisfaction, problem_type, count(*) AS n FROM {table} "
        "GROUP BY 1, 2, 3")


def load(url: str, table: str, rows: int, folder: Path) -> None:
    """``rows`` sample-like rows into ``table``, by COPY from a CSV file."""
    import psycopg

    parquet, csv = folder / f"{table}.parquet", folder / f"{table}.csv"
    write_parquet(parquet, rows)
    write_csv(parquet, csv)
    header = csv.open().readline().strip().split(",")
    columns = ", ".join(f'"{c}" {"text" if c in TEXT else "double precision"}' for c in header)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE TABLE {table} ({columns})")
        with con.cursor().copy(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)") as copy, \
                csv.open("rb") as source:
            while chunk := source.read(2**20):
                copy.write(chunk)
        con.execute(f"ANALYZE {table}")
    parquet.unlink()
    csv.unlink()


#: Columns of ``common.large_frame`` stored as text.
TEXT = {"client_id", "intake_date", "site", "counselor_id", "delivery_mode", "online_channel",
        "gender", "problem_type", "presenting_problems", "completed"}


def bare_time(url: str, table: str, repeat: int) -> float:
    import psycopg

    times = []
    with psycopg.connect(url) as con:
        for _ in range(repeat):
            start = time.perf_counter()
            con.execute(BARE.format(table=table)).fetchall()
            times.append(time.perf_counter() - start)
    return min(times)


def warm_time(url: str, table: str, repeat: int) -> float:
    from analysis.__main__ import main

    argv = ["report", "--connection", url, "--table", table, "--groups", GROUPS]
    times = []
    for _ in range(repeat + 1):  # the first warms up
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(argv) == 0
        times.append(time.perf_counter() - start)
    return min(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if reason := servers.postgres_missing():
        print(reason)
        return
    sizes = [1_000_000, args.rows]
    with tempfile.TemporaryDirectory() as tmp, servers.postgres_server() as url:
        for rows in sizes:
            start = time.perf_counter()
            load(url, f"rows_{rows}", rows, Path(tmp))
            print(f"loaded {rows:,} rows into PostgreSQL in {time.perf_counter() - start:.0f} s")
        print(f"\nreport --connection (PostgreSQL) against PostgreSQL's bare GROUP BY of the "
              f"same columns (best of {args.repeat})")
        peaks = {}
        for rows in sizes:
            table = f"rows_{rows}"
            ours, peaks[rows] = best([python(), "-m", "analysis", "report", "--connection", url,
                                      "--table", table, "--groups", GROUPS], args.repeat)
            limit = bare_time(url, table, args.repeat)
            inside = warm_time(url, table, args.repeat)
            print(f"   {rows:>11,} rows: whole process {ours:.2f} s vs bare {limit:.2f} s = "
                  f"{ours / limit:.2f}x; in one warm process {inside:.2f} s = "
                  f"{inside / limit:.2f}x; peak memory {peaks[rows]:,.0f} MB")
        print(f"\npeak memory: {sizes[-1] // sizes[0]}x the rows, "
              f"{peaks[sizes[-1]] / peaks[sizes[0]]:.2f}x the memory")


if __name__ == "__main__":
    main()
