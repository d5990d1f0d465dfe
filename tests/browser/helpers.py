"""Start the dashboard with `streamlit run` on a free port and drive it with Debian's Chromium.

Shared by the browser tests, `make screenshots` and benchmarks/bench_browser.py.

Waiting: Streamlit marks its root element with ``data-test-script-state`` ("initial", "running",
"notRunning", ...). A page is *settled* when that reads "notRunning", no element is stale (left
over from the previous run), no lazily loaded element still shows its skeleton (Plotly charts and
download buttons load their code on first use and show ``stSkeleton`` until then) and every visible
Plotly chart has drawn its SVG. After an interaction, ``rerun_and_settle`` waits for a *new* run to
finish, so it cannot mistake the state before the rerun for its end.

Run as a module, this file is an instrumented ``streamlit`` command (see ``serve``): with
``CC_NETLOG`` set it logs every socket connection and name lookup the server makes, with
``CC_SCRIPTLOG`` the wall time of every script run.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic",
                 "--no-first-run"]
#: Chromium's own services still look up hosts of their own despite the flags above
#: (content-autofill.googleapis.com, accounts.google.com, update.googleapis.com): send all but
#: this machine to a proxy port where nothing listens, so the browser tests stay offline.
OFFLINE_ARGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost"]
#: Generous, because CI machines are slow; waits end as soon as the element is there.
TIMEOUT_MS = 60_000
#: url path -> the page's heading
PAGES = {"": "Overview", "satisfaction": "Satisfaction", "yes_no": "Yes/no outcomes",
         "problems": "Problem types", "categories": "Categories by mode",
         "subgroups": "Subgroups and confounding", "adjusted": "Adjusted comparison",
         "trends": "Trends", "planner": "Planner",
         "report": "Report", "from_paper": "From a paper", "data": "Data"}
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_app(startup_timeout: float = 90, env: dict | None = None,
                instrumented: bool = False, script: str | Path = "dashboard.py",
                port: int | None = None, args: tuple[str, ...] = ()) -> Iterator[str]:
    """Run ``streamlit run dashboard.py`` on a free localhost port (or ``port``); yield its URL.

    ``env`` adds environment variables; ``instrumented`` starts the server through this module
    (``serve``), which honours ``CC_NETLOG`` and ``CC_SCRIPTLOG``; ``script`` runs another
    Streamlit script instead (the benchmarks' minimal baseline app); ``args`` are more
    ``streamlit run`` options (``--secrets.files PATH``).
    """
    port = port or free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    command = ([sys.executable, "-m", "tests.browser.helpers"] if instrumented
               else [sys.executable, str(ROOT / "serve.py")])
    process = subprocess.Popen(
        [*command, "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", *args],
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


def server_metrics(url: str) -> dict[str, float]:
    """Streamlit's own counters (``/_stcore/metrics``): the open sessions and the bytes held in
    uploaded files, session state and caches."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics?families=active_sessions"
                                "&families=cache_memory_bytes", timeout=10) as response:
        text = response.read().decode()
    values = {"active_sessions": 0.0, "uploaded_files": 0.0, "session_state": 0.0, "cache": 0.0}
    for line in text.splitlines():
        if line.startswith("active_sessions "):
            values["active_sessions"] = float(line.split()[-1])
        elif line.startswith("cache_memory_bytes"):
            number = float(line.split()[-1])
            if 'cache_type="uploaded_file' in line or "UploadedFile" in line:
                values["uploaded_files"] += number
            elif 'cache_type="st_session_state"' in line:
                values["session_state"] += number
            else:
                values["cache"] += number
    return values


def sessions_gone(url: str) -> bool:
    """True when no session is open and Streamlit holds no uploaded file."""
    now = server_metrics(url)
    return now["active_sessions"] == 0 and now["uploaded_files"] == 0


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.5) -> bool:
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)  # polling the server's counters, not waiting on a fixed delay
    return True


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM),
                                      args=CHROMIUM_ARGS + OFFLINE_ARGS, headless=True)


# --- waiting ---------------------------------------------------------------------------------

#: true when the script has finished and everything on screen is drawn (see the module doc)
SETTLED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector('[data-testid="stMainBlockContainer"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const visible = e => e.checkVisibility ? e.checkVisibility() : e.offsetParent !== null;
  if ([...document.querySelectorAll('[data-testid="stSkeleton"]')].some(visible)) return false;
  return [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter(visible)
    .every(c => c.querySelector('.main-svg'));
}"""

#: Installed in every document of a context by ``watch_runs``, before the app's own scripts: reads
#: the top-level fields of each message the server sends on Streamlit's websocket (protobuf
#: ForwardMsg: field 4 new_session starts a run, field 6 script_finished ends one, value 2 meaning
#: "stopped early for a rerun"). The script-state attribute alone cannot tell that a rerun
#: happened: a fast run can go from "notRunning" to "notRunning" within one React commit.
#: A fragment's run sends no new_session and ends with script_finished = 3.
#: ``window.__cc.done(window.__cc.mark())`` (mark taken before an action): the time the page
#: became settled after the run the action caused, or null.
RUN_WATCH_JS = """(() => {
  if (window.__cc) return;
  const settled = SETTLED;
  const cc = window.__cc = {started: 0, open: false, finished: 0, fragments: 0,
                            finishedAt: null, finishedFrame: 0, frame: 0, settledSince: null};
  const fields = bytes => {
    const out = {};
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) out[field] = varint();
      else if (wire === 2) { const n = varint(); out[field] = true; i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return out;
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const f = fields(new Uint8Array(event.data));
        if (4 in f) { cc.started += 1; cc.open = true; }
        if (6 in f) {
          cc.open = false;  // a run stopped early for a rerun is followed by a new_session
          if (f[6] !== 2) {
            cc.finished += 1; cc.finishedAt = performance.now(); cc.finishedFrame = cc.frame;
          }
          if (f[6] === 3) cc.fragments += 1;  // a fragment's run: no new_session before it
        }
      });
    }
  };
  const check = () => {
    if (!document.body) return;
    if (settled()) { if (cc.settledSince === null) cc.settledSince = performance.now(); }
    else cc.settledSince = null;
  };
  const tick = () => { cc.frame += 1; check(); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  document.addEventListener('DOMContentLoaded', () => new MutationObserver(check).observe(
    document.body, {subtree: true, childList: true, attributes: true,
                    attributeFilter: ['data-test-script-state', 'data-stale']}));
  cc.mark = () => ({started: cc.started, fragments: cc.fragments});
  // when the page became settled after a run (of the script or of a fragment) begun since
  // ``mark`` has finished, two frames after the last finish so React has drawn what it sent;
  // or null
  cc.done = mark => (cc.started > mark.started || cc.fragments > mark.fragments) && !cc.open
    && cc.frame - cc.finishedFrame >= 2 && settled() && cc.settledSince !== null
    ? Math.max(cc.settledSince, cc.finishedAt) : null;
})();""".replace("SETTLED", SETTLED_JS)


def watch_runs(context) -> None:
    """Let ``rerun_and_settle`` see the script runs of every page opened in ``context`` from now
    on (install before opening the page)."""
    context.add_init_script(RUN_WATCH_JS)


def wait_until_idle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMainBlockContainer\"]')",
        timeout=TIMEOUT_MS)


def wait_for_charts(page) -> None:
    """Wait until the page is settled: script done, nothing stale or still loading, every
    visible Plotly chart drawn."""
    page.wait_for_function(SETTLED_JS, timeout=TIMEOUT_MS)


def rerun_and_settle(page, action: Callable[[], object]) -> None:
    """Do ``action`` (a click, a fill, an upload) and wait until the script run it causes has
    finished and the page is settled. The page's context needs ``watch_runs``."""
    mark = page.evaluate("() => window.__cc ? window.__cc.mark() : null")
    if mark is None:
        raise RuntimeError("rerun_and_settle needs watch_runs(context) before the page opens")
    action()
    page.wait_for_function("mark => window.__cc.done(mark) !== null", arg=mark,
                           timeout=TIMEOUT_MS)


def open_page(page, url: str, heading: str | None = None) -> None:
    """Go to ``url`` and wait for the page's heading (its ``h1`` when ``heading`` is None) and
    for the script to finish."""
    page.goto(url, timeout=TIMEOUT_MS)
    if heading is None:
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=TIMEOUT_MS)
    else:
        page.get_by_role("heading", name=heading).first.wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)


def nav_link(page, slug: str):
    """The sidebar navigation link to the page at url path ``slug`` ("" is the Overview)."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    if slug:
        return links.and_(page.locator(f'a[href$="/{slug}"]')).first
    return links.first  # the default page comes first


def switch_page(page, slug: str) -> None:
    """Click the page in the sidebar navigation (same session: widgets keep their values) and
    wait until the new page is settled. At phone width the sidebar is opened first."""
    link = nav_link(page, slug)
    if not link.is_visible():
        open_sidebar(page)
    rerun_and_settle(page, link.click)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=TIMEOUT_MS)


def open_sidebar(page) -> None:
    """Expand the sidebar if it is collapsed (as it is at phone width) and wait until it is in
    view."""
    _slide_sidebar(page, expanded=True)


def close_sidebar(page) -> None:
    """Collapse the sidebar and wait until it has slid out of view."""
    _slide_sidebar(page, expanded=False)


def _slide_sidebar(page, *, expanded: bool) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.get_attribute("data-collapsed") == ("true" if expanded else "false"):
        if expanded:
            page.locator('[data-testid="stExpandSidebarButton"]').first.click()
        else:
            sidebar.hover()  # the collapse button shows on hover
            page.locator('[data-testid="stSidebarCollapseButton"] button').first.click()
    state, edge = ("false", "left >= 0") if expanded else ("true", "right <= 0")
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=\"stSidebar\"]');"
        f" return s.getAttribute('data-collapsed') === '{state}'"
        f" && s.getBoundingClientRect().{edge}; }}", timeout=TIMEOUT_MS)


def assert_no_exception(page) -> None:
    body = page.inner_text("body")
    assert "Traceback" not in body, body[:2000]
    assert page.locator('[data-testid="stException"]').count() == 0


# --- full-page screenshots ---------------------------------------------------------------------

#: the height the whole app needs: Streamlit scrolls inside its own containers, so the document
#: is only as tall as the viewport; measure what every scrolling element holds instead
_CONTENT_HEIGHT_JS = """() => {
  let height = document.documentElement.scrollHeight;
  for (const e of document.querySelectorAll('[data-testid="stMain"],'
      + ' [data-testid="stAppViewContainer"], [data-testid="stAppScrollToBottomContainer"],'
      + ' [data-testid="stMainBlockContainer"]')) {
    const top = e.getBoundingClientRect().top + window.scrollY;
    height = Math.max(height, top + e.scrollHeight);
  }
  const block = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (block) height = Math.max(height, block.getBoundingClientRect().bottom + window.scrollY);
  return Math.ceil(height);
}"""

#: Chromium draws at most this many pixels in one capture
MAX_SHOT_HEIGHT = 16_000


def full_page_screenshot(page, path: Path, width: int | None = None) -> Path:
    """Screenshot the whole page, not just the first viewport: grow the viewport to the content's
    height (re-measured until it is stable, as charts resize), capture, restore the viewport."""
    original = page.viewport_size
    width = width or original["width"]
    height = original["height"]
    for _ in range(4):
        wanted = min(max(original["height"], page.evaluate(_CONTENT_HEIGHT_JS) + 24),
                     MAX_SHOT_HEIGHT)
        if wanted == height and page.viewport_size["width"] == width:
            break
        height = wanted
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("() => new Promise(r => requestAnimationFrame("
                      "() => requestAnimationFrame(r)))")
        wait_for_charts(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(original)
    return path


# --- what leaves the machine -------------------------------------------------------------------

def is_local_url(url: str) -> bool:
    """True for URLs that stay on this machine: localhost, loopback addresses, data:, blob:,
    file: and about: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "file", "chrome-error"):
        return True
    return is_local_host(parts.hostname or "")


def is_local_host(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def record_requests(context) -> list[str]:
    """Every URL requested by any page (and worker) of the browser context from now on."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    context.on("websocket", lambda ws: urls.append(ws.url))
    for page in context.pages:
        page.on("websocket", lambda ws: urls.append(ws.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: urls.append(ws.url)))
    return urls


def outside_lookups(netlog: Path) -> list[str]:
    """The lines of a ``CC_NETLOG`` file that name a host or address other than this machine."""
    if not netlog.exists():
        return []
    outside = []
    for line in netlog.read_text().splitlines():
        event, _, host = line.partition(" ")
        if host and not is_local_host(host.split(" ")[0]):
            outside.append(line)
    return outside


# --- the instrumented server ---------------------------------------------------------------------

def _install_netlog(path: str) -> None:
    """Log every outgoing socket connection and name lookup of this process: "event host port"."""

    def hook(event: str, args: tuple) -> None:
        if event == "socket.getaddrinfo":
            host, port = args[0], args[1]
        elif event in ("socket.connect", "socket.sendto"):
            address = args[1] if event == "socket.connect" else args[2]
            if not isinstance(address, tuple):
                return  # a Unix socket
            host, port = address[0], address[1]
        else:
            return
        host = host.decode() if isinstance(host, bytes) else str(host)
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{event} {host} {port}\n")

    sys.addaudithook(hook)


def _install_scriptlog(path: str) -> None:
    """Append "start end" (time.time()) of every script run to ``path``."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def timed(self, rerun_data):
        start = time.time()
        try:
            return original(self, rerun_data)
        finally:
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"{start:.6f} {time.time():.6f}\n")

    script_runner.ScriptRunner._run_script = timed


def serve() -> None:
    """``python -m tests.browser.helpers run dashboard.py ...``: ``streamlit`` with the logs the
    environment asks for."""
    if os.environ.get("CC_NETLOG"):
        _install_netlog(os.environ["CC_NETLOG"])
    if os.environ.get("CC_SCRIPTLOG"):
        _install_scriptlog(os.environ["CC_SCRIPTLOG"])
    sys.path.insert(0, str(ROOT))
    from serve import main  # the app's own launcher (no lookup of its external address)

    main()


if __name__ == "__main__":
    serve()
