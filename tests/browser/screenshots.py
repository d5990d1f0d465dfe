"""Refresh the README screenshots (docs/*.png) from a real browser: `make screenshots`."""

from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.browser.helpers import ROOT, TIMEOUT_MS, launch_browser, open_page, running_app

SHOTS = {"overview.png": ("", "Overview"), "data.png": ("/data", "Data")}


def main() -> None:
    out = ROOT / "docs"
    out.mkdir(exist_ok=True)
    with running_app() as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, (path, heading) in SHOTS.items():
            open_page(page, url + path, heading)
            if path == "":
                page.locator(".js-plotly-plot").nth(2).wait_for(timeout=TIMEOUT_MS)
            page.screenshot(path=str(out / name), full_page=False)
            print(f"wrote docs/{name}")
        browser.close()


if __name__ == "__main__":
    main()
