"""Screenshots of every page from a real browser: `make screenshots` writes them to screenshots/
(ignored by git) and refreshes the README's pictures in docs/."""

from __future__ import annotations

from playwright.sync_api import sync_playwright

from tests.browser.helpers import (
    PAGES,
    ROOT,
    launch_browser,
    open_page,
    running_app,
    wait_for_charts,
)

README_SHOTS = ("overview", "satisfaction")


def take_all(page, url: str, folder) -> list:
    """Visit every page and save a full-page screenshot of each into ``folder``."""
    folder.mkdir(exist_ok=True)
    paths = []
    for slug, heading in PAGES.items():
        open_page(page, f"{url}/{slug}", heading)
        wait_for_charts(page)
        path = folder / f"{slug or 'overview'}.png"
        height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": 1400, "height": max(1000, min(int(height) + 40, 12000))})
        wait_for_charts(page)
        page.screenshot(path=str(path))
        page.set_viewport_size({"width": 1400, "height": 1000})
        paths.append(path)
    return paths


def main() -> None:
    with running_app() as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path in take_all(page, url, ROOT / "screenshots"):
            print(f"wrote {path.relative_to(ROOT)}")
        for name in README_SHOTS:
            open_page(page, f"{url}/{'' if name == 'overview' else name}", PAGES[
                "" if name == "overview" else name])
            wait_for_charts(page)
            page.screenshot(path=str(ROOT / "docs" / f"{name}.png"))
            print(f"wrote docs/{name}.png")
        browser.close()


if __name__ == "__main__":
    main()
