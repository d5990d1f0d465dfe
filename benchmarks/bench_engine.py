"""Big files through DuckDB (``report --engine duckdb``): the report on a 10,000,000-row Parquet
file (100,000,000 with --huge) against DuckDB's own bare GROUP BY of the same columns of the
same file (the physical limit: the engine's one aggregation, with nothing else), the peak memory
at 1M, 10M (and 100M) rows, and the 1,000,000-row CSV against the pandas engine and the naive
script (benchmarks/naive.py).

    .venv/bin/python benchmarks/bench_engine.py [--rows N] [--huge] [--repeat R]

The files are generated once, in a temporary folder (Parquet written a million rows at a time;
the CSV copies written by DuckDB). Times are the best of R runs, each as a whole process
(imports count), and in one warm process (``main()`` called again; the bare query in the same
process). Prints times, ratios and peaks; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, large_frame, python, timed

GROUPS = "online,face-to-face"
#: The bare aggregate: the columns the report reads, counted per distinct combination.
BARE = ("SELECT delivery_mode, satisfaction, problem_type, count(*) AS n FROM {source} "
        "GROUP BY ALL")

#: Run in a fresh interpreter: ``CHILD FILE REPEAT`` times the report (in-process, warm) and
#: the bare query on FILE, alternately, and prints the best of each as JSON.
CHILD = r"""
import contextlib, io, json, sys, time
sys.path.insert(0, sys.argv[3])
import duckdb
from analysis.__main__ import main
from analysis.stats import anova

path, repeat = sys.argv[1], int(sys.argv[2])
source = ("read_parquet('{}')" if path.endswith(".parquet") else "read_csv('{}')").format(path)
bare = sys.argv[4].format(source=source)
argv = ["report", path, "--groups", "online,face-to-face", "--margin", "1", "--engine", "duckdb"]
times = {"report": [], "bare": []}
for _ in range(repeat + 1):  # the first round warms up (imports)
    anova._range_sf.cache_clear()  # each run computes its statistics afresh
    anova._range_quantile.cache_clear()
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(argv) == 0
    times["report"].append(time.perf_counter() - start)
    start = time.perf_counter()
    duckdb.connect().sql(bare).fetchall()
    times["bare"].append(time.perf_counter() - start)
print(json.dumps({k: min(v[1:]) for k, v in times.items()}))
"""


def write_parquet(path: Path, rows: int, chunk: int = 1_000_000) -> None:
    """``rows`` rows shaped like the sample (``common.large_frame``), a million at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    for i, start in enumerate(range(0, rows, chunk)):
        table = pa.Table.from_pandas(large_frame(min(chunk, rows - start), seed=1 + i),
                                     preserve_index=False)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    writer.close()


def write_csv(parquet: Path, path: Path) -> None:
    import duckdb

    duckdb.connect().sql(f"COPY (SELECT * FROM read_parquet('{parquet}')) TO '{path}' "
                         "(HEADER, DELIMITER ',')")


def report(path: Path, engine: str) -> list[str]:
    return [python(), "-m", "analysis", "report", str(path), "--groups", GROUPS, "--margin", "1",
            "--engine", engine]


def bare(path: Path) -> list[str]:
    source = f"read_parquet('{path}')" if path.suffix == ".parquet" else f"read_csv('{path}')"
    return [python(), "-c", f"import duckdb; duckdb.connect().sql({BARE.format(source=source)!r})"
                            ".fetchall()"]


#: Runs ``python ARGS...`` and writes the process's own peak resident memory (VmHWM, in kB) to
#: the file named first: ``ru_maxrss`` of a child starts at its parent's, and this parent holds
#: the generated data.
PEAK = r"""
import atexit, runpy, sys
peak_file, sys.argv = sys.argv[1], sys.argv[2:]

def peak():
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    with open(peak_file, "w") as out:
        out.write(str(kb))

atexit.register(peak)
if sys.argv[0] == "-m":
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
elif sys.argv[0] == "-c":
    exec(sys.argv[1])
else:
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def best(args: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time (s) and the largest peak memory (MB) of ``repeat`` whole processes."""
    times, peaks = [], []
    with tempfile.NamedTemporaryFile() as peak:
        for _ in range(repeat):
            times.append(timed([args[0], "-c", PEAK, peak.name, *args[1:]])[0])
            peaks.append(int(Path(peak.name).read_text()) / 1024)
    return min(times), max(peaks)


def warm(path: Path, repeat: int) -> dict:
    out = subprocess.run([python(), "-c", CHILD, str(path), str(repeat), str(ROOT), BARE],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--huge", action="store_true", help="also 100,000,000 rows")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [1_000_000, args.rows] + ([100_000_000] if args.huge else [])
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for rows in sizes:
            start = time.perf_counter()
            files[rows] = Path(tmp) / f"rows_{rows}.parquet"
            write_parquet(files[rows], rows)
            print(f"wrote {rows:,} rows: {files[rows].stat().st_size / 2**20:,.0f} MB Parquet "
                  f"in {time.perf_counter() - start:.0f} s")
        imports = best([python(), "-c", "import duckdb, analysis.__main__, analysis.json_report"],
                       args.repeat)
        print(f"\nimports alone (python, pandas, scipy, statsmodels, duckdb): {imports[0]:.2f} s, "
              f"peak {imports[1]:,.0f} MB")
        print("\n1. Parquet: report --engine duckdb against DuckDB's bare GROUP BY of the same "
              f"columns (best of {args.repeat})")
        peaks = {}
        for rows in sizes:
            path = files[rows]
            (ours, peak), (limit, bare_peak) = best(report(path, "duckdb"), args.repeat), \
                best(bare(path), args.repeat)
            inside = warm(path, args.repeat)
            peaks[rows] = peak
            print(f"   {rows:>11,} rows: whole process {ours:.2f} s vs bare {limit:.2f} s = "
                  f"{ours / limit:.2f}x; in one warm process {inside['report']:.3f} s vs "
                  f"{inside['bare']:.3f} s = {inside['report'] / inside['bare']:.2f}x; "
                  f"peak memory {peak:,.0f} MB (bare {bare_peak:,.0f} MB)")
        print("\n2. Peak memory of the report against the rows: "
              + ", ".join(f"{rows:,} rows {peaks[rows]:,.0f} MB" for rows in sizes)
              + f"; {sizes[-1] // sizes[0]}x the rows: {peaks[sizes[-1]] / peaks[sizes[0]]:.2f}x "
              "the memory")
        print("\n3. CSV (written by DuckDB from the Parquet files)")
        csv = {}
        for rows in sizes[:2]:
            csv[rows] = Path(tmp) / f"rows_{rows}.csv"
            write_csv(files[rows], csv[rows])
        small = csv[sizes[0]]
        size = small.stat().st_size / 2**20
        duck = best(report(small, "duckdb"), args.repeat)
        pandas = best(report(small, "pandas"), args.repeat)
        naive = best([python(), "benchmarks/naive.py", str(small)], args.repeat)
        print(f"   {sizes[0]:,} rows ({size:.0f} MB): --engine duckdb {duck[0]:.2f} s, peak "
              f"{duck[1]:,.0f} MB; --engine pandas {pandas[0]:.2f} s, peak {pandas[1]:,.0f} MB; "
              f"naive script {naive[0]:.2f} s, peak {naive[1]:,.0f} MB")
        print(f"   ratio duckdb / pandas engine: time {duck[0] / pandas[0]:.2f}x, memory "
              f"{duck[1] / pandas[1]:.2f}x; duckdb / naive: time {duck[0] / naive[0]:.2f}x, "
              f"memory {duck[1] / naive[1]:.2f}x")
        big = csv[sizes[1]]
        ours, limit = best(report(big, "duckdb"), args.repeat), best(bare(big), args.repeat)
        print(f"   {sizes[1]:,} rows ({big.stat().st_size / 2**20:,.0f} MB): --engine duckdb "
              f"{ours[0]:.2f} s vs bare GROUP BY {limit[0]:.2f} s = {ours[0] / limit[0]:.2f}x; "
              f"peak {ours[1]:,.0f} MB (bare {limit[1]:,.0f} MB)")


if __name__ == "__main__":
    main()
