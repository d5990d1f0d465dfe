"""Start the dashboard with `streamlit run` on a free port and drive it with Debian's Chromium.

Shared by the browser tests and `make screenshots`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]
#: Generous, because CI machines are slow; waits end as soon as the element is there.
TIMEOUT_MS = 60_000
#: url path -> the page's heading
PAGES = {"": "Overview", "satisfaction": "Satisfaction", "problems": "Problem types",
         "subgroups": "Subgroups and confounding", "trends": "Trends", "planner": "Planner",
         "report": "Report", "from_paper": "From a paper", "data": "Data"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(startup_timeout: float = 90) -> Iterator[str]:
    """Run ``streamlit run dashboard.py`` on a free localhost port; yield its URL."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{process.stdout.read()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer on {url} in {startup_timeout} s")
            time.sleep(0.25)  # polling the server's health endpoint, not waiting on the page
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)


def wait_until_idle(page) -> None:
    """Wait until Streamlit has finished running the script (its status widget is gone)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMainBlockContainer\"]')",
        timeout=TIMEOUT_MS)


def open_page(page, url: str, heading: str) -> None:
    """Go to ``url`` and wait for the page's ``heading`` and for the script to finish."""
    page.goto(url, timeout=TIMEOUT_MS)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)


def assert_no_exception(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body, body[:2000]
    assert page.locator('[data-testid="stException"]').count() == 0


def wait_for_charts(page) -> None:
    """Wait until every chart placeholder on the page has drawn its Plotly figure."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(c => c.querySelector('.main-svg'))", timeout=TIMEOUT_MS)
