"""The app on a 10,000,000-row database table: the Satisfaction page in Streamlit's AppTest,
signed in, with the table (a DuckDB file, declared in the secrets) as the data source: the
first load (the table grouped inside the database) against a rerun after a filter change, which
must not touch the database again and should take under a second of server time. The same page
on the bundled sample is the baseline.

    .venv/bin/python benchmarks/bench_app_database.py [--rows N]

Prints times and ratios; asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from unittest import mock

from bench_engine import write_parquet
from common import ROOT
from streamlit.testing.v1 import AppTest

from analysis.data import database

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "bench",
        "client_id": "bench", "client_secret": "bench",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


def filter_rerun(at: AppTest) -> tuple[float, float]:
    """The Satisfaction page's first load, then a rerun after the Site filter changes."""
    at.switch_page("app_pages/satisfaction.py")
    first = timed_run(at)
    site = next(w for w in at.multiselect if w.label == "Site")
    site.select(site.options[0])
    return first, timed_run(at)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        parquet, url = Path(tmp) / "rows.parquet", f"duckdb:///{tmp}/clinic.duckdb"
        write_parquet(parquet, args.rows)
        backend = database.connect(url)
        backend.raw_sql(f"CREATE TABLE episodes AS SELECT * FROM read_parquet('{parquet}')")
        backend.disconnect()

        sample = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600).run()
        sample_first, sample_rerun = filter_rerun(sample)

        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
        at.secrets["connections"] = {"clinic": {"url": url}}
        at.secrets["auth"] = AUTH
        at.user = {"is_logged_in": True, "email": "bench@example.org"}
        at.run()
        at.switch_page("app_pages/data.py").run()
        at.button(key="db_use").click()
        grouped = timed_run(at)
        with mock.patch.object(database.TableSource, "group",
                               wraps=database.TableSource.group) as group:
            first, rerun = filter_rerun(at)
        rows = len(at.session_state["view"].dataset.frame) if "view" in at.session_state else 0
        print(f"{args.rows:,}-row table (DuckDB file), {rows:,} distinct combinations; "
              "AppTest, Satisfaction page")
        print(f"table grouped inside the database and prepared: {grouped:.2f} s")
        print(f"first load of the page: {first:.2f} s (sample: {sample_first:.2f} s)")
        print(f"rerun after a filter change: {rerun:.2f} s (sample: {sample_rerun:.2f} s, "
              f"ratio {rerun / sample_rerun:.2f})")
        print(f"database asked again during the reruns: {'yes' if group.called else 'no'}")


if __name__ == "__main__":
    main()
