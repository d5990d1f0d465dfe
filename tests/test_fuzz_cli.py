"""Generated hostile files through the command line: no traceback, ever.

Each case of tests/data/fuzz_files.py (a mutated table: duplicate or empty header names, fields
of 131,073 characters, mixed time zones, damaged workbooks, huge or negative counts, outcomes of
1e15 or 1e308, control characters, ...) runs through ``analysis.__main__.main`` in a worker
process. A run is clean when it exits 0 with nothing on stderr, or 2 with one plain line on
stderr, raises no Python warning and (a JSON report) holds no impossible number; anything else (a
traceback, the last-resort "internal error", a timeout of 30 s, a warning, a p of 1.5) fails.

The default run (``make test``) takes 2,500 files, each through one command by turns:
``validate``, ``report`` (JSON) or ``report --format text`` (each reads and checks the whole
file), split over the machine's cores, and checks that its corpus applied every mutation and
wrote every file format. ``make fuzz`` (``pytest -m fuzz``) takes 10,000 other files (another
seed) through
``validate``, ``report`` and ``report --format text`` each (30,000 commands); ``FUZZ_SEED`` and
``FUZZ_FILES`` change its corpus, ``FUZZ_DOCUMENTS=1`` adds ``report --format markdown`` (the
whole document, via reports/). A failing case can be made again alone:
``python -m tests.data.fuzz_files --seed S --start I -n 1``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
import types
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.data.fuzz_files import BYTE_MUTATIONS, TABLE_MUTATIONS, make_case, run_chunk, summarise

#: The default run: files (about 1 minute on a 2-core machine; 10,000 take 3; kept at 2,500
#: so that ``make test`` stays well under 10 minutes), seed, and files per chunk handed to one
#: worker process.
DEFAULT_FILES = 2_500
DEFAULT_SEED = 20240601
#: ``make fuzz``: files and seed unless FUZZ_FILES / FUZZ_SEED say otherwise.
FULL_FILES = 10_000
FULL_SEED = 1
CHUNK = 100


def _report(failures, seed: int) -> str:
    lines = [f"{len(failures)} unclean run(s):", summarise(failures)]
    for case, run, problem in failures[:15]:
        index = case.name.split("_")[2].split(".")[0]
        lines.append(f"- {case.label()}: {' '.join([run.argv[0], *run.argv[2:]])}\n    {problem}\n"
                     f"    again: python -m tests.data.fuzz_files --seed {seed} --start {index}"
                     " -n 1")
    return "\n".join(lines)


def _run(seed: int, total: int, *, every_format: bool) -> dict:
    """The corpus in chunks over one worker process per core, with a summary line printed (see
    it with -s). The workers are fresh interpreters: by now this process may run other threads,
    and a fork would copy a lock one of them holds."""
    began = time.perf_counter()
    chunks = [(seed, start, min(CHUNK, total - start), every_format)
              for start in range(0, total, CHUNK)]
    runs, failures, slowest, kinds = 0, [], [], set()
    context = multiprocessing.get_context("spawn")
    with _main_module_hidden(), ProcessPoolExecutor(max_workers=os.cpu_count() or 1,
                                                    mp_context=context) as pool:
        for chunk in pool.map(run_chunk, *zip(*chunks, strict=True)):
            runs += chunk["runs"]
            failures += chunk["failures"]
            slowest = sorted(slowest + chunk["slowest"], reverse=True)[:5]
            kinds |= chunk["kinds"]
    print(f"\nfuzz: seed {seed}, {total:,} files, {runs:,} commands, {len(failures)} unclean, "
          f"{time.perf_counter() - began:.0f} s on {os.cpu_count()} core(s); slowest: "
          + "; ".join(f"{s:.1f} s {label} {command.split()[0]}" for s, label, command in slowest))
    return {"runs": runs, "failures": failures, "kinds": kinds}


@contextlib.contextmanager
def _main_module_hidden():
    """A spawned worker first runs the parent's ``__main__`` unless it is a package's (pytest's):
    after Streamlit's AppTest that is the app's script (dashboard.py), which fails outside a
    session. The workers need nothing from it: it is hidden while they start."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def test_generated_files_run_clean():
    result = _run(DEFAULT_SEED, DEFAULT_FILES, every_format=False)
    if result["failures"]:
        pytest.fail(_report(result["failures"], DEFAULT_SEED), pytrace=False)
    assert result["runs"] == DEFAULT_FILES
    assert set(TABLE_MUTATIONS) | set(BYTE_MUTATIONS) <= result["kinds"]
    assert {"zip_crc", "zip_xml", "zip_missing", "zip_truncate", "zip_shared_strings",
            "zip_garbage", "zip_bad_dimension", "zip_header_flip"} <= result["kinds"]
    assert {"csv", "tsv", "txt", "xlsx", "parquet", "xls", "json"} <= result["kinds"]


def test_the_generator_is_seeded():
    xlsx = next(i for i in range(100) if make_case(5, i).name.endswith(".xlsx"))
    case = make_case(5, xlsx)
    assert make_case(5, xlsx).data == case.data
    assert make_case(5, 17).data != make_case(5, 18).data
    # a workbook carries the time it was written: the generator fixes it, so the bytes do not
    # change from one second to the next
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(case.data)) as book:
        assert {info.date_time for info in book.infolist()} == {(2024, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml")
    assert core.count(b">2024-01-01T00:00:00Z<") == 2


@pytest.mark.fuzz
def test_ten_thousand_more_files_in_every_format_run_clean():
    seed = int(os.environ.get("FUZZ_SEED", str(FULL_SEED)))
    total = int(os.environ.get("FUZZ_FILES", str(FULL_FILES)))
    result = _run(seed, total, every_format=True)
    if result["failures"]:
        pytest.fail(_report(result["failures"], seed), pytrace=False)
    assert result["runs"] == (4 if os.environ.get("FUZZ_DOCUMENTS") else 3) * total


def test_impossible_numbers_in_a_report_are_caught():
    """The fuzz runs judge the numbers too (issue 9): a p above 1, a negative count or a CI
    upside down makes a run unclean; "Infinity" and null are possible values."""
    import json

    from analysis.data.bundled import sample_path
    from tests.helpers import impossible_values, run_cli

    run = run_cli(["report", str(sample_path()), "--groups", "online,face-to-face"])
    assert run.problem() is None and impossible_values(run.stdout) == []
    report = json.loads(run.stdout)
    report["outcome"]["welch"]["p"] = 1.5
    report["problems"]["counts"]["OCD"]["online"] = -3
    report["outcome"]["cohens_d"]["ci"] = [0.2, 0.1]
    report["problems"]["per_problem"][0]["odds_ratio"] = "Infinity"
    assert impossible_values(json.dumps(report)) == [
        "$.outcome.welch.p = 1.5", "$.outcome.cohens_d.ci = [0.2, 0.1]",
        "$.problems.counts.OCD.online = -3"]
