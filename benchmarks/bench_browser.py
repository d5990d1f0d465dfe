"""Speed a user feels, in a real browser: Debian's Chromium driven by Playwright, one user, the
bundled sample data, a 1400 x 1000 window.

    .venv/bin/python benchmarks/bench_browser.py [--repeats 5]      (or: make bench-browser)

(a) Page switch: the time from clicking a page in the sidebar navigation to the last Plotly chart
    drawn on the new page (Streamlit's script finished, nothing stale or still loading, every
    visible chart has its SVG). The pages are clicked through in order, --repeats + 1 rounds: the
    first round is reported apart (a first visit: analyses not yet cached, chart code not yet
    loaded), the median of the others is the page switch.
(b) First Overview: from navigating to the URL in a fresh browser context (empty browser cache,
    new session) until every chart is drawn. The very first load after the server starts is
    reported apart (cold server caches); the median is over --repeats more. A returning user
    (same browser context: the app's code already cached) is measured too.

Times are taken inside the page (performance.now() at the click, in a MutationObserver when the
page becomes settled), so Playwright's polling does not add to them. The split: "server run" is
the server-side wall time of the script runs the switch caused (logged by the instrumented
launcher in tests/browser/helpers.py); "until run done" is when the browser learnt the run had
finished; "drawing after" is the time from then to the last chart drawn (lazy chart code,
Plotly's drawing, layout).

Baseline, measured in the same run with the same browser: a minimal Streamlit app with the same
config, whose pages hold only a heading and a sentence (and one with a single small Plotly chart).
Ratios are against its page switch and its first load. Targets (issue 8): a page switch under
1.5 s and the first Overview under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT
from playwright.sync_api import sync_playwright

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.helpers import (  # noqa: E402
    DESKTOP,
    PAGES,
    TIMEOUT_MS,
    launch_browser,
    nav_link,
    running_app,
    watch_runs,
)

SWITCH_TARGET_S = 1.5
FIRST_OVERVIEW_TARGET_S = 3.0

#: with helpers.RUN_WATCH_JS (which sees each script run end on the websocket): the time of the
#: last click on a navigation link and the run count before it (helpers' mark)
PROBE_JS = """(() => {
  const probe = window.__probe = {clickAt: 0, mark: {started: 0, fragments: 0}};
  document.addEventListener('click', event => {
    if (!event.target.closest('[data-testid="stSidebarNav"] a')) return;
    Object.assign(probe, {clickAt: performance.now(), mark: window.__cc.mark()});
  }, true);
})();"""

#: the baseline: the floor of a Streamlit page switch and first load on this machine
BASELINE_APP = '''
import plotly.graph_objects as go
import streamlit as st


def blank_a():
    st.title("Blank A")
    st.write("A page with a heading and a sentence.")


def blank_b():
    st.title("Blank B")
    st.write("A page with a heading and a sentence.")


def one_chart():
    st.title("One chart")
    st.plotly_chart(go.Figure(go.Bar(x=["online", "face-to-face"], y=[643, 857])))


st.navigation([st.Page(blank_a, title="Blank A", default=True),
               st.Page(blank_b, title="Blank B", url_path="blank_b"),
               st.Page(one_chart, title="One chart", url_path="one_chart")]).run()
'''


class Probe:
    """One browser context whose pages carry the probe; the server's script-run log beside it."""

    def __init__(self, browser, scriptlog: Path):
        self.context = browser.new_context(viewport=DESKTOP)
        watch_runs(self.context)
        self.context.add_init_script(PROBE_JS)
        self.page = self.context.new_page()
        self.scriptlog = scriptlog

    def close(self):
        self.context.close()

    def server_runs(self, start: float, end: float) -> tuple[float, int]:
        """Seconds of script runs that started within [start, end], and how many. A run is
        logged just after the browser hears it has finished: poll the log for a moment."""
        deadline = time.monotonic() + 2
        while True:
            runs = [tuple(map(float, line.split())) for line in
                    self.scriptlog.read_text().splitlines()] if self.scriptlog.exists() else []
            mine = [b - a for a, b in runs if start <= a <= end]
            if mine or time.monotonic() > deadline:
                return sum(mine), len(mine)
            time.sleep(0.02)  # polling a log file written by the server, not the page

    def result(self, start: float) -> dict:
        """Wait until the run started by the navigation or the click has finished and its page
        is settled; the times are the page's own (performance.now())."""
        done = self.page.wait_for_function(
            "() => window.__cc.done(window.__probe.mark)", timeout=TIMEOUT_MS).json_value()
        end = time.time()
        probe = self.page.evaluate("""() => {
          const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
          return {clickAt: window.__probe.clickAt, finishedAt: window.__cc.finishedAt,
                  charts: charts.length, visible: charts.filter(c => c.checkVisibility()).length,
                  heading: document.querySelector('[data-testid="stMain"] h1')?.innerText ?? ''};
        }""")
        server, runs = self.server_runs(start - 0.05, end)
        begin = probe["clickAt"]
        return {"total": (done - begin) / 1000, "run_done": (probe["finishedAt"] - begin) / 1000,
                "after_run": (done - probe["finishedAt"]) / 1000, "server": server, "runs": runs,
                "charts": probe["charts"], "visible": probe["visible"],
                "heading": probe["heading"]}

    def first_load(self, url: str) -> dict:
        start = time.time()
        self.page.goto(url, timeout=TIMEOUT_MS)
        return self.result(start)

    def switch(self, slug: str) -> dict:
        link = nav_link(self.page, slug)
        start = time.time()
        link.click()
        return self.result(start)


def first_loads(browser, url: str, scriptlog: Path, repeats: int) -> tuple[dict, list[dict]]:
    """The first load ever (cold server), then ``repeats`` loads, each in a fresh context."""
    results = []
    for _ in range(repeats + 1):
        probe = Probe(browser, scriptlog)
        results.append(probe.first_load(url))
        probe.close()
    return results[0], results[1:]


def returning_loads(browser, url: str, scriptlog: Path, repeats: int) -> list[dict]:
    """``repeats`` loads in one context after a first one: a returning user, whose browser has
    cached (and compiled) the app's code; each load is still a new session."""
    probe = Probe(browser, scriptlog)
    probe.first_load(url)
    results = [probe.first_load(url) for _ in range(repeats)]
    probe.close()
    return results


def switches(browser, url: str, scriptlog: Path, slugs: list[str], repeats: int,
             start_slug: str) -> dict[str, list[dict]]:
    """Click through ``slugs`` in order, ``repeats + 1`` rounds, from ``start_slug``."""
    probe = Probe(browser, scriptlog)
    probe.first_load(f"{url}/{start_slug}")
    results: dict[str, list[dict]] = {slug: [] for slug in slugs}
    for _ in range(repeats + 1):
        for slug in slugs:
            results[slug].append(probe.switch(slug))
    probe.close()
    return results


def charts(result: dict) -> str:
    """Charts drawn (visible), with the total in the page when some are hidden (tabs, expanders)."""
    if result["charts"] == result["visible"]:
        return str(result["visible"])
    return f"{result['visible']}/{result['charts']}"


def median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5, help="measured repeats (>= 1)")
    args = parser.parse_args()
    repeats = max(1, args.repeats)

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        baseline_script = Path(tmp) / "baseline_app.py"
        baseline_script.write_text(BASELINE_APP)

        log = Path(tmp) / "baseline_runs.log"
        with running_app(env={"CC_SCRIPTLOG": str(log)}, instrumented=True,
                         script=baseline_script) as url:
            base_cold, base_loads = first_loads(browser, url, log, repeats)
            _, base_chart_loads = first_loads(browser, f"{url}/one_chart", log, repeats)
            # "" is the default page, Blank A
            base_switch = switches(browser, url, log, ["blank_b", "", "one_chart"], repeats, "")
        base_first = median(base_loads, "total")
        blank = base_switch["blank_b"][1:] + base_switch[""][1:]
        base = median(blank, "total")
        chart = median(base_switch["one_chart"][1:], "total")

        log = Path(tmp) / "app_runs.log"
        with running_app(env={"CC_SCRIPTLOG": str(log)}, instrumented=True) as url:
            cold, loads = first_loads(browser, url, log, repeats)
            returning = returning_loads(browser, url, log, repeats)
            slugs = list(PAGES)
            # start on the last page, so the first click goes to the Overview
            app_switch = switches(browser, url, log, slugs, repeats, slugs[-1])
        browser.close()

    print(f"Chromium, one user, sample data, {DESKTOP['width']}x{DESKTOP['height']}; "
          f"median of {repeats} (first visits apart)")
    print(f"baseline (minimal Streamlit app, same config): page switch {base * 1000:.0f} ms "
          f"(a page with one small Plotly chart: {chart * 1000:.0f} ms); "
          f"first load {base_first * 1000:.0f} ms (with one chart: "
          f"{median(base_chart_loads, 'total') * 1000:.0f} ms, of which "
          f"{median(base_chart_loads, 'after_run') * 1000:.0f} ms after the run: loading "
          f"Plotly's code)")
    print()
    header = (f"{'page':<26}{'charts':>7}{'first visit':>13}{'switch':>9}{'server run':>12}"
              f"{'runs':>6}{'until run done':>16}{'drawing after':>15}{'x baseline':>12}")
    print("(a) page switch: click in the sidebar -> last chart drawn (s); the first visit of the"
          " first page with charts includes loading Plotly's code")
    print(header)
    for slug in slugs:
        runs = app_switch[slug]
        warm = runs[1:]
        total = median(warm, "total")
        mark = "" if total < SWITCH_TARGET_S else "  over 1.5 s"
        print(f"{runs[-1]['heading'][:25]:<26}{charts(runs[-1]):>7}"
              f"{runs[0]['total']:>13.2f}{total:>9.2f}{median(warm, 'server'):>12.2f}"
              f"{median(warm, 'runs'):>6g}"
              f"{median(warm, 'run_done'):>16.2f}{median(warm, 'after_run'):>15.2f}"
              f"{total / base:>12.1f}{mark}")
    print()
    total = median(loads, "total")
    print("(b) first Overview: navigation -> every chart drawn (s)")
    print(f"{'':<26}{'charts':>7}{'cold server':>13}{'median':>9}{'server run':>12}{'runs':>6}"
          f"{'until run done':>16}{'drawing after':>15}{'x baseline':>12}")
    print(f"{'Overview':<26}{charts(loads[-1]):>7}{cold['total']:>13.2f}{total:>9.2f}"
          f"{median(loads, 'server'):>12.2f}{median(loads, 'runs'):>6g}"
          f"{median(loads, 'run_done'):>16.2f}"
          f"{median(loads, 'after_run'):>15.2f}{total / base_first:>12.1f}"
          f"{'' if total < FIRST_OVERVIEW_TARGET_S else '  over 3 s'}")
    print(f"{'Overview, returning user':<26}{charts(returning[-1]):>7}{'':>13}"
          f"{median(returning, 'total'):>9.2f}{median(returning, 'server'):>12.2f}"
          f"{median(returning, 'runs'):>6g}{median(returning, 'run_done'):>16.2f}"
          f"{median(returning, 'after_run'):>15.2f}"
          f"{median(returning, 'total') / base_first:>12.1f}")
    print()
    slowest = max(slugs, key=lambda s: median(app_switch[s][1:], "total"))
    print(f"targets: page switch < {SWITCH_TARGET_S} s (slowest: "
          f"{app_switch[slowest][-1]['heading']}, "
          f"{median(app_switch[slowest][1:], 'total'):.2f} s);"
          f" first Overview < {FIRST_OVERVIEW_TARGET_S} s ({total:.2f} s, cold server "
          f"{cold['total']:.2f} s)")


if __name__ == "__main__":
    main()
