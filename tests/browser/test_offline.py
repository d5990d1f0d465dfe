"""Nothing leaves the machine: a page load requests nothing outside localhost, neither from the
browser (Playwright's request log) nor from the Streamlit server (an audit hook logs every socket
connection and name lookup the server process makes)."""

from __future__ import annotations

import http.client
from urllib.parse import urljoin, urlsplit

import pytest

from tests.browser.helpers import (
    DESKTOP,
    PAGES,
    is_local_url,
    open_page,
    outside_lookups,
    record_requests,
    running_app,
    wait_for_charts,
)


@pytest.fixture(scope="module")
def netlog(tmp_path_factory):
    return tmp_path_factory.mktemp("netlog") / "server.log"


@pytest.fixture(scope="module")
def logged_app(netlog):
    """The app, started through the instrumented launcher that logs the server's lookups."""
    with running_app(env={"CC_NETLOG": str(netlog)}, instrumented=True) as url:
        yield url


@pytest.mark.parametrize("slug", list(PAGES), ids=lambda slug: slug or "overview")
def test_a_page_load_requests_nothing_outside_localhost(browser, logged_app, netlog, slug):
    context = browser.new_context(viewport=DESKTOP)
    requested = record_requests(context)
    # Fail anything outside instead of sending it: the test itself stays offline.
    context.route("**/*", lambda route: route.continue_() if is_local_url(route.request.url)
                  else route.abort())
    page = context.new_page()
    open_page(page, f"{logged_app}/{slug}")
    wait_for_charts(page)
    page.wait_for_load_state("networkidle")
    icons = page.eval_on_selector_all("link[rel~='icon']", "links => links.map(l => l.href)")
    context.close()

    assert any(urlsplit(url).path.startswith("/_stcore/") for url in requested), requested
    assert [url for url in requested if not is_local_url(url)] == []
    assert [icon for icon in icons if not is_local_url(urljoin(logged_app, icon))] == []
    assert outside_lookups(netlog) == []


def websocket_handshake(url: str, origin: str) -> int:
    """Open Streamlit's websocket with an ``Origin`` header; return the HTTP status (101 when
    accepted)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/_stcore/stream", headers={
        "Origin": origin, "Connection": "Upgrade", "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Protocol": "streamlit"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_foreign_origin_is_refused_without_an_outside_lookup(browser, tmp_path):
    netlog = tmp_path / "server.log"
    with running_app(env={"CC_NETLOG": str(netlog)}, instrumented=True) as url:
        page = browser.new_page()
        open_page(page, url)  # one script run first, so a fix made in dashboard.py counts too
        page.close()
        assert websocket_handshake(url, url) == 101
        assert websocket_handshake(url, "http://attacker.example") == 403
    assert outside_lookups(netlog) == []
