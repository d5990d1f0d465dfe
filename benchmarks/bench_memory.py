"""Memory: the peak of reading and checking a large CSV, and the server's memory after
sessions that uploaded files have ended.

    .venv/bin/python benchmarks/bench_memory.py [--rows N] [--uploads K] [--upload-rows M]
                                                [--skip-read] [--skip-server]

1. Reading: a generated CSV of about 150 MB (the columns of bench_report.py's large file, more
   rows) goes through the app's own path in a fresh process, with the dashboard's allocator
   settings (``ui.memory.lean_allocators``): ``analysis.data.loading.read_table``, then the column
   roles detected and ``analysis.data.dataset.prepare_dataset`` (what ``ui.state`` does for an
   upload). Peak resident memory above the same process holding the file's bytes is printed as
   a multiple of the file's size after reading and after checking, beside ``pandas.read_csv``
   of the same bytes (a baseline run in the same way).
2. The server: the app started as ``make run`` does (``serve.py``); K browser contexts (Debian's
   Chromium) each upload their own M-row CSV on the Data page and open the Overview; then every
   context is closed, and the server's resident memory (``/proc/<pid>/status``) is read once
   Streamlit has dropped the sessions, against its memory after the first page load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from common import ROOT, large_frame, python

MB = 1024 * 1024

# --- 1. reading a large file ----------------------------------------------------------------

#: Run in a fresh interpreter: ``CHILD app|pandas FILE`` prints the resident memory (MB) with the
#: modules imported, then with the file's bytes held, and the peak and the end of the reading.
CHILD = r"""
import io, json, sys
sys.path.insert(0, sys.argv[3])

def status(field):
    with open("/proc/self/status") as lines:
        return next(int(l.split()[1]) for l in lines if l.startswith(field)) / 1024

def rss():
    return status("VmRSS:")

def peak():  # VmHWM: this program's own high-water mark (ru_maxrss may carry the parent's)
    return status("VmHWM:")

import pandas as pd
from analysis.data.dataset import Preparation, prepare_dataset
from analysis.data.loading import read_table
from analysis.data.roles import detect_roles
from ui.memory import lean_allocators

if sys.argv[1] == "app":
    lean_allocators()  # as the dashboard does
imported = rss()
data = open(sys.argv[2], "rb").read()
held = rss()
if sys.argv[1] == "app":
    table = read_table(data, "large.csv")
    read = peak()
    dataset = prepare_dataset(table.frame, Preparation(detect_roles(table.frame)),
                              first_row=table.first_row)
    kept = [table, dataset]
else:
    kept = [pd.read_csv(io.BytesIO(data))]
    read = peak()
print(json.dumps({"imported": imported, "held": held, "read": read, "peak": peak(), "end": rss()}))
"""


def measure_reading(path: Path, how: str) -> dict:
    out = subprocess.run([python(), "-c", CHILD, how, str(path), str(ROOT)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def reading(rows: int, tmp: Path) -> None:
    path = tmp / "large.csv"
    large_frame(rows).to_csv(path, index=False)
    size = path.stat().st_size / MB
    print(f"1. Reading a {size:.0f} MB CSV ({rows:,} rows) in a fresh process; memory above the "
          "process holding the file's bytes (imports and bytes excluded)")
    results = {how: measure_reading(path, how) for how in ("pandas", "app")}
    base, app = results["pandas"], results["app"]

    def above(r: dict, key: str) -> str:
        extra = r[key] - r["held"]
        return f"+{extra:,.0f} MB = {extra / size:.1f}x the file"

    print(f"   pandas.read_csv (baseline): peak {above(base, 'peak')}, kept {above(base, 'end')}")
    print(f"   the app, reading (read_table): peak {above(app, 'read')}")
    print(f"   the app, reading and checking (read_table + prepare_dataset, what an upload "
          f"costs): peak {above(app, 'peak')}, kept {above(app, 'end')}; whole process peak "
          f"{app['peak']:,.0f} MB")
    print(f"   ratio app reading / pandas.read_csv (peaks above the bytes): "
          f"{(app['read'] - app['held']) / (base['peak'] - base['held']):.2f}x")


# --- 2. the server after sessions end --------------------------------------------------------

def server_pid(port: int) -> int:
    """The pid of the Streamlit server this process started on ``port``."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == me and str(port).encode() in cmdline:
            return int(entry.name)
    raise RuntimeError(f"no server process on port {port}")


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines()
                if line.startswith("VmRSS")) / 1024


def server(uploads: int, upload_rows: int, tmp: Path, ttl: int, drop_timeout: float,
           extra_env: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import (
        launch_browser,
        open_page,
        running_app,
        server_metrics,
        sessions_gone,
        wait_for,
    )

    files = []
    for i in range(uploads + 1):
        path = tmp / f"upload_{i + 1}.csv"
        large_frame(upload_rows, seed=100 + i).to_csv(path, index=False)
        files.append(path)
    size = files[0].stat().st_size / MB
    print(f"2. The server (serve.py): {uploads} browser sessions at once each upload a "
          f"{upload_rows:,}-row CSV ({size:.1f} MB) on the Data page and open the Overview, "
          "then close")
    print(f"   server.disconnectedSessionTTL = {ttl} s (how long Streamlit keeps a closed "
          "browser's session for its return; 120 s by default)")
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl), **extra_env}
    with running_app(env=env) as url, sync_playwright() as playwright:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        browser = launch_browser(playwright)
        context = browser.new_context()
        open_page(context.new_page(), url)
        context.close()
        wait_for(lambda: server_metrics(url)["active_sessions"] == 0, drop_timeout)
        loaded = rss_mb(pid)
        print(f"   after the first page load (the sample data): {loaded:,.0f} MB")
        # one session through the same steps first: what the first upload loads once (code,
        # pyarrow's CSV reader, ...) is not memory a session keeps
        sessions(browser, url, files[:1], upload_rows)
        wait_for(lambda: sessions_gone(url), drop_timeout)
        warm = rss_mb(pid)
        print(f"   after one such session has ended: {warm:,.0f} MB")
        contexts = sessions(browser, url, files[1:], upload_rows, close=False)
        open_rss = rss_mb(pid)
        print(f"   with the {uploads} sessions open: {open_rss:,.0f} MB "
              f"(+{open_rss - warm:,.0f} MB)")
        start = time.monotonic()
        for context in contexts:
            context.close()
        wait_for(lambda: server_metrics(url)["active_sessions"] == 0, drop_timeout)
        closed = rss_mb(pid)
        print(f"   browsers gone ({time.monotonic() - start:.1f} s after closing): "
              f"{closed:,.0f} MB; uploaded bytes Streamlit still holds: "
              f"{server_metrics(url)['uploaded_files'] / MB:,.1f} MB")
        ended = wait_for(lambda: sessions_gone(url), drop_timeout)
        after = rss_mb(pid)
        how = "ended" if ended else f"still held after {drop_timeout:.0f} s"
        print(f"   sessions {how} ({time.monotonic() - start:.1f} s after closing): "
              f"{after:,.0f} MB: +{after - warm:,.0f} MB over the memory after one session "
              f"({after / warm:.2f}x), +{after - loaded:,.0f} MB over the first page load "
              f"({after / loaded:.2f}x)")
        browser.close()


def sessions(browser, url: str, files: list[Path], rows: int, close: bool = True) -> list:
    """One browser context per file: upload it on the Data page, open the Overview."""
    from tests.browser.helpers import open_page, rerun_and_settle, switch_page, watch_runs

    contexts = []
    for path in files:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        watch_runs(context)
        page = context.new_page()
        open_page(page, f"{url}/data", "Data")
        rerun_and_settle(page, lambda p=path, pg=page:
                         pg.locator('input[type="file"]').set_input_files(str(p)))
        page.get_by_text(f"{path.name}: {rows:,} rows").first.wait_for(timeout=60_000)
        switch_page(page, "")
        contexts.append(context)
    if close:
        for context in contexts:
            context.close()
    return contexts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=3_400_000, help="rows of the large CSV")
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--upload-rows", type=int, default=100_000)
    parser.add_argument("--session-ttl", type=int, default=10,
                        help="server.disconnectedSessionTTL: seconds a closed session is kept")
    parser.add_argument("--drop-timeout", type=float, default=300)
    parser.add_argument("--env", action="append", default=[],
                        help="NAME=VALUE for the server's environment (e.g. MALLOC_ARENA_MAX=2)")
    parser.add_argument("--skip-read", action="store_true")
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_read:
            reading(args.rows, Path(tmp))
        if not args.skip_server:
            server(args.uploads, args.upload_rows, Path(tmp), args.session_ttl,
                   args.drop_timeout, dict(e.split("=", 1) for e in args.env))


if __name__ == "__main__":
    main()
