"""Time the Satisfaction page in Streamlit's AppTest with 1,000,000 rows loaded: the first
load against a rerun after a filter change.

    .venv/bin/python benchmarks/bench_app.py [--rows N]

Prints both times, their ratio, and whether the file was read again (it must not be).
"""

from __future__ import annotations

import argparse
import time
from unittest import mock

from common import ROOT, large_frame
from streamlit.testing.v1 import AppTest

import ui.state


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    data = large_frame(args.rows).to_csv(index=False).encode()
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600).run()
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="upload").set_value(("large.csv", data, "text/csv"))
    upload = timed_run(at)
    at.switch_page("app_pages/satisfaction.py")
    first = timed_run(at)
    site = next(w for w in at.multiselect if w.label == "Site")
    with mock.patch.object(ui.state, "read_table", wraps=ui.state.read_table) as read:
        site.select("North")
        rerun = timed_run(at)
        same = timed_run(at)
    print(f"{args.rows:,} rows ({len(data) / 1e6:.0f} MB CSV); AppTest, Satisfaction page")
    print(f"upload and read: {upload:.2f} s")
    print(f"first load of the page: {first:.2f} s")
    print(f"rerun after a filter change: {rerun:.2f} s (ratio {rerun / first:.2f})")
    print(f"rerun without a change: {same:.2f} s")
    print(f"file read again during the reruns: {'yes' if read.called else 'no'}")


if __name__ == "__main__":
    main()
