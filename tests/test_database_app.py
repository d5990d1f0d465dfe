"""The app with a database declared in the secrets (ui/access.py, the Data page's table picker):
nothing shown before sign-in, nothing without [auth], and a signed-in visitor's pages computed
from the table grouped inside the database, equal to the same data uploaded as a file. The
sign-in through a real OpenID Connect provider is in tests/browser/test_sign_in.py.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.helpers import ROOT
from tests.test_app import metric_values, shown, texts
from tests.test_database import sample_database

TIMEOUT = 120
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
        "client_id": "counselcompare", "client_secret": "secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
SIGNED_IN = {"is_logged_in": True, "email": "ann@clinic.example", "name": "Ann"}


@pytest.fixture(scope="module")
def duck(tmp_path_factory) -> str:
    return sample_database(tmp_path_factory.mktemp("app"))


def app(secrets: dict, user: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    for key, value in secrets.items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    return at.run()


def test_without_auth_nothing_is_shown(duck):
    at = app({"connections": {"clinic": {"url": duck}}})
    assert not at.exception
    assert "sign-in is not configured" in at.error[0].value
    assert not at.sidebar.markdown and not at.metric and not at.button
    assert duck not in texts(at) + at.error[0].value


def test_before_sign_in_only_the_sign_in_button_is_shown(duck):
    at = app({"connections": {"clinic": {"url": duck}}, "auth": AUTH},
             {"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.sidebar.markdown and not at.metric and "satisfaction" not in texts(at)


def test_uploads_only_needs_no_sign_in():
    at = app({})
    assert not at.exception and "Sign in" not in [b.label for b in at.button] and at.metric


def test_a_signed_in_visitor_picks_a_table_and_sees_its_numbers(duck):
    at = app({"connections": {"clinic": {"url": duck}}, "auth": AUTH}, SIGNED_IN)
    assert not at.exception
    assert "Signed in as ann@clinic.example" in [shown(c) for c in at.sidebar.caption]
    sample_numbers = metric_values(at)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    assert at.selectbox(key="db_connection").options == ["clinic"]
    assert at.selectbox(key="db_table").options == ["episodes"]
    assert duck not in texts(at)  # the URL stays in the secrets
    at.button(key="db_use").click().run()
    assert not at.exception
    assert "Data: table episodes on connection clinic" in [shown(c) for c in at.sidebar.caption]
    assert "distinct combinations" in texts(at) and "counted inside the database" in texts(at)
    assert "How the table was read" in [h.value for h in at.subheader]
    assert shown(at.sidebar.caption[-1]) == "Signed in as ann@clinic.example"  # at the foot
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert metric_values(at) == sample_numbers  # the same data, counted in the database


def test_a_connection_that_fails_says_why(tmp_path):
    url = f"postgres://ann:s3cret@127.0.0.1:{__import__('tests.servers').servers.free_port()}/x"
    at = app({"connections": {"clinic": {"url": url}}, "auth": AUTH}, SIGNED_IN)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception
    message = at.error[0].value
    assert "Could not connect" in message and "s3cret" not in message + texts(at)


def test_every_page_runs_on_a_database_table(duck):
    from tests.test_app import PAGES

    at = app({"connections": {"clinic": {"url": duck}}, "auth": AUTH}, SIGNED_IN)
    at.switch_page("app_pages/data.py").run()
    at.button(key="db_use").click().run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert not [e.value for e in at.error if "could not" in e.value.lower()], page
