"""Sign-in in a real browser: the app serving a database (a DuckDB file declared in a secrets
file given to the server) with Streamlit's OpenID Connect login against a local provider
(``oidc-provider-mock``, started by the test on a free port). Before signing in nothing of the
data is shown; after, the table's numbers are; after signing out they are gone again.
"""

from __future__ import annotations

import secrets

import pytest

from tests.browser.helpers import (
    DESKTOP,
    free_port,
    full_page_screenshot,
    open_page,
    running_app,
    wait_until_idle,
)
from tests.helpers import ROOT
from tests.test_database import sample_database

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def provider():
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def secured_app(tmp_path_factory, provider):
    folder = tmp_path_factory.mktemp("signin")
    url = sample_database(folder)
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""
[connections.clinic]
url = "{url}"

[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "counselcompare"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""")
    with running_app(port=port, args=("--secrets.files", str(secrets_file))) as app_url:
        yield app_url


def test_nothing_is_shown_before_sign_in_and_the_data_after(browser, secured_app):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    open_page(page, secured_app)
    sign_in = page.get_by_role("button", name="Sign in")
    sign_in.wait_for(timeout=TIMEOUT)
    full_page_screenshot(page, ROOT / "screenshots" / "desktop-sign-in.png")
    body = page.inner_text("body")
    assert "Filters" not in body and "satisfaction" not in body.lower()
    assert page.locator('[data-testid="stMetric"]').count() == 0
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0

    sign_in.click()
    page.get_by_placeholder("sub").wait_for(timeout=TIMEOUT)  # the provider's own form
    page.get_by_placeholder("sub").fill("ann@clinic.example")
    page.get_by_role("button", name="Authorize").click()
    page.get_by_text("Signed in as ann@clinic.example").wait_for(timeout=TIMEOUT)
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=TIMEOUT)  # the Overview

    open_page(page, f"{secured_app}/data")
    page.get_by_role("button", name="Use this table").click()
    page.get_by_text("Data: table episodes on connection clinic").wait_for(timeout=TIMEOUT)
    wait_until_idle(page)
    assert "clinic.duckdb" not in page.inner_text("body")  # the URL stays in the secrets
    full_page_screenshot(page, ROOT / "screenshots" / "desktop-data-database.png")

    page.get_by_role("button", name="Sign out").click()
    # Streamlit drops its identity cookie, then sends the browser to the provider's end of
    # session (the mock's asks for a click); back at the app, the sign-in screen again
    page.get_by_role("button", name="End session").click(timeout=TIMEOUT)
    open_page(page, secured_app)
    page.get_by_role("button", name="Sign in").wait_for(timeout=TIMEOUT)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    context.close()
