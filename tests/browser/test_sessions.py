"""A closed browser's session ends: its uploaded file and state are let go (issue 9).

Streamlit keeps a disconnected session for ``server.disconnectedSessionTTL`` seconds in case the
browser comes back; past that, the app closes it (``ui.state``), so an upload does not stay in
the server's memory for good. The server here keeps sessions 3 s instead of 120.
"""

from __future__ import annotations

import pytest

from analysis.data.bundled import sample_path
from tests.browser.helpers import (
    DESKTOP,
    TIMEOUT_MS,
    open_page,
    running_app,
    server_metrics,
    sessions_gone,
    wait_for,
)

TTL = 3


@pytest.fixture(scope="module")
def short_lived_app():
    with running_app(env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL)}) as url:
        yield url


def test_a_closed_browser_lets_its_upload_go(browser, short_lived_app):
    url = short_lived_app
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    open_page(page, f"{url}/data", "Data")
    page.locator('input[type="file"]').set_input_files(str(sample_path("messy_export")))
    page.get_by_text("messy_export.csv: 120 rows x 7 columns").wait_for(timeout=TIMEOUT_MS)
    held = server_metrics(url)
    assert held["active_sessions"] == 1 and held["uploaded_files"] > 0, held
    context.close()
    assert wait_for(lambda: sessions_gone(url), timeout=90), server_metrics(url)

