"""Screenshots from a real browser: `make screenshots` writes them to screenshots/ (ignored by git)
and refreshes the README's pictures in docs/.

What it captures, each page in full (not only the first screen):

    desktop-<page>.png        every page, sample data, 1400 px wide
    phone-<page>.png          every page at 390 px (a phone), sidebar closed; phone-sidebar.png open
    privacy15-<page>.png      Problem types, Overview and Trends with "Hide small counts" on, k = 15
    upload-<page>.png         the Data page after uploading sample_data/counseling_episodes.csv,
                              then the Overview and Satisfaction of that upload
    report-page.png           the Report page after "Build the report"
    report.html / .pdf / .docx  the downloads (the PDF printed from the HTML by Chromium)
    report-html.png           the HTML report opened offline in Chromium, full length
    report-pdf-<n>.png        the PDF's first pages (pdftoppm, poppler-utils)
    report-docx-<n>.png       the .docx converted by LibreOffice to PDF, first pages

Every wait is on an element or on Streamlit's script state (helpers.py), never a sleep. A group
that fails is reported and the others still run; the exit status is 1 if any failed. Shots that
need a missing tool (pdftoppm, soffice) are skipped with the reason printed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.helpers import (
    DESKTOP,
    PAGES,
    PHONE,
    ROOT,
    TIMEOUT_MS,
    close_sidebar,
    full_page_screenshot,
    is_local_url,
    launch_browser,
    open_page,
    open_sidebar,
    rerun_and_settle,
    running_app,
    switch_page,
    wait_for_charts,
    watch_runs,
)

README_SHOTS = ("overview", "satisfaction")
SAMPLE_CSV = ROOT / "sample_data" / "counseling_episodes.csv"
PRIVACY_PAGES = ("problems", "", "adjusted", "trends")
PRIVACY_THRESHOLD = 15
#: how many pages of each PDF to render
PDF_PAGES = 6
PDF_DPI = 70


def new_page(browser, viewport: dict, **options):
    """A page in a fresh context (a new session) whose script runs ``rerun_and_settle`` sees."""
    context = browser.new_context(viewport=viewport, **options)
    watch_runs(context)
    return context, context.new_page()


def name_of(slug: str) -> str:
    return slug or "overview"


def warn_if_broken(page, label: str) -> None:
    """Print (not fail) when a page shows a Python exception: the shot is still taken."""
    if page.locator('[data-testid="stException"]').count() or "Traceback" in page.inner_text(
            '[data-testid="stMain"]'):
        print(f"!!! {label}: the page shows an exception", file=sys.stderr)


def take_all(page, url: str, folder: Path, prefix: str = "desktop-") -> list[Path]:
    """Visit every page (a fresh load each) and save a full-page screenshot of each into
    ``folder`` as ``<prefix><page>.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for slug in PAGES:
        open_page(page, f"{url}/{slug}")
        wait_for_charts(page)
        if page.viewport_size["width"] < 640:
            close_sidebar(page)
        warn_if_broken(page, f"{prefix}{name_of(slug)}")
        paths.append(full_page_screenshot(page, folder / f"{prefix}{name_of(slug)}.png"))
    return paths


def phone_shots(browser, url: str, folder: Path) -> list[Path]:
    context, page = new_page(browser, PHONE)
    paths = take_all(page, url, folder, prefix="phone-")
    open_page(page, url)
    wait_for_charts(page)
    open_sidebar(page)
    page.screenshot(path=str(folder / "phone-sidebar.png"))
    paths.append(folder / "phone-sidebar.png")
    context.close()
    return paths


def sidebar_widget(page, key: str, label: str):
    """A sidebar widget by its Streamlit key, or by its label if the key has changed."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    return sidebar.locator(f".st-key-{key}").or_(
        sidebar.locator('[data-testid="stElementContainer"]').filter(has_text=label)).first


def hide_small_counts(page, threshold: int) -> None:
    """Switch "Hide small counts" on and set its threshold (sidebar widgets: they keep their
    values across page switches within the session)."""
    toggle = sidebar_widget(page, "privacy_on", "Hide small counts")
    box = toggle.locator('input[type="checkbox"]')
    if not box.is_checked():
        rerun_and_settle(page, lambda: toggle.locator("label").first.click())
    number = sidebar_widget(page, "privacy_threshold", "Threshold").locator("input")
    number.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function("e => !e.disabled", arg=number.element_handle(), timeout=TIMEOUT_MS)
    if number.input_value() != str(threshold):
        def enter() -> None:
            number.fill(str(threshold))
            number.press("Enter")
        rerun_and_settle(page, enter)
    assert number.input_value() == str(threshold), number.input_value()


def privacy_shots(browser, url: str, folder: Path) -> list[Path]:
    context, page = new_page(browser, DESKTOP)
    open_page(page, url)
    wait_for_charts(page)
    hide_small_counts(page, PRIVACY_THRESHOLD)
    paths = []
    for slug in PRIVACY_PAGES:
        switch_page(page, slug)
        warn_if_broken(page, f"privacy{PRIVACY_THRESHOLD}-{name_of(slug)}")
        paths.append(full_page_screenshot(
            page, folder / f"privacy{PRIVACY_THRESHOLD}-{name_of(slug)}.png"))
    context.close()
    return paths


def upload_shots(browser, url: str, folder: Path) -> list[Path]:
    context, page = new_page(browser, DESKTOP)
    open_page(page, f"{url}/data")
    wait_for_charts(page)
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]').first
    rerun_and_settle(page, lambda: uploader.set_input_files(str(SAMPLE_CSV)))
    page.locator('[data-testid="stSidebar"]').get_by_text(SAMPLE_CSV.name).first.wait_for(
        timeout=TIMEOUT_MS)
    warn_if_broken(page, "upload-data")
    paths = [full_page_screenshot(page, folder / "upload-data.png")]
    for slug in ("", "satisfaction"):
        switch_page(page, slug)
        warn_if_broken(page, f"upload-{name_of(slug)}")
        paths.append(full_page_screenshot(page, folder / f"upload-{name_of(slug)}.png"))
    context.close()
    return paths


def download(page, key: str, label: str, path: Path) -> Path:
    button = page.locator(f".st-key-{key} button").or_(
        page.locator('[data-testid="stDownloadButton"] button').filter(
            has_text=re.compile(label, re.I))).first
    button.wait_for(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        button.click()
    info.value.save_as(path)
    return path


def report_downloads(browser, url: str, folder: Path) -> tuple[list[Path], Path, Path]:
    """Build the report on the Report page; return its screenshot, the HTML and the .docx."""
    context, page = new_page(browser, DESKTOP, accept_downloads=True)
    open_page(page, f"{url}/report")
    wait_for_charts(page)
    build = page.get_by_role("button", name=re.compile("build the report", re.I)).first
    rerun_and_settle(page, build.click)
    page.locator('[data-testid="stDownloadButton"]').first.wait_for(timeout=TIMEOUT_MS)
    wait_for_charts(page)
    warn_if_broken(page, "report-page")
    shot = full_page_screenshot(page, folder / "report-page.png")
    html = download(page, "report_html", "html", folder / "report.html")
    docx = download(page, "report_docx", "word|docx", folder / "report.docx")
    context.close()
    return [shot], html, docx


def html_report_shots(browser, html: Path, folder: Path) -> list[Path]:
    """Open the HTML report offline (anything but the file itself fails), screenshot it in full
    and print it to PDF."""
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    context.route("**/*", lambda route: route.continue_() if is_local_url(route.request.url)
                  and not route.request.url.startswith("http") else route.abort())
    page = context.new_page()
    page.goto(html.as_uri(), timeout=TIMEOUT_MS)
    figures = html.read_text(encoding="utf-8").count('class="plotly-graph-div"')
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot').length >= n && [...document"
        ".querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))",
        arg=figures, timeout=TIMEOUT_MS)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    shot = folder / "report-html.png"
    page.screenshot(path=str(shot), full_page=True)
    pdf = folder / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True,
             margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
    context.close()
    return [shot, *pdf_pages(pdf, folder / "report-pdf")]


def pdf_pages(pdf: Path, prefix: Path) -> list[Path]:
    """Render the PDF's first pages to ``<prefix>-<n>.png`` with pdftoppm."""
    if not shutil.which("pdftoppm"):
        print(f"skipped {prefix.name}-*.png: pdftoppm is missing "
              "(apt-get install poppler-utils; `make screenshots` does it as root)")
        return []
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(PDF_DPI), "-f", "1", "-l", str(PDF_PAGES),
                    str(pdf), str(prefix)], check=True, timeout=300)
    made = sorted(prefix.parent.glob(f"{prefix.name}-*.png"))
    for path in made:  # pdftoppm pads the page number to the page count's width: drop that
        number = int(path.stem.rsplit("-", 1)[1])
        path.rename(prefix.parent / f"{prefix.name}-{number}.png")
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def docx_shots(docx: Path, folder: Path) -> list[Path]:
    """The .docx as LibreOffice lays it out: converted headless to PDF, then to PNG."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("skipped report-docx-*.png: LibreOffice is missing "
              "(apt-get install libreoffice-writer-nogui; `make screenshots` does it as root)")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", tmp, str(docx)],
                       check=True, timeout=300, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        converted = Path(tmp) / f"{docx.stem}.pdf"
        if not converted.exists():
            print("skipped report-docx-*.png: LibreOffice did not convert the .docx")
            return []
        pdf = folder / "report-docx.pdf"
        shutil.copyfile(converted, pdf)
    return pdf_pages(pdf, folder / "report-docx")


def readme_shots(browser, url: str) -> list[Path]:
    """docs/overview.png and docs/satisfaction.png: the first screen, as a visitor sees it."""
    context, page = new_page(browser, DESKTOP)
    paths = []
    for name in README_SHOTS:
        open_page(page, f"{url}/{'' if name == 'overview' else name}")
        wait_for_charts(page)
        path = ROOT / "docs" / f"{name}.png"
        page.screenshot(path=str(path))
        paths.append(path)
    context.close()
    return paths


def main() -> None:
    folder = ROOT / "screenshots"
    folder.mkdir(exist_ok=True)
    failed = []

    def run(label: str, make, *args):
        try:
            result = make(*args)
        except Exception:  # report, go on with the other groups
            failed.append(label)
            print(f"!!! {label} failed:\n{traceback.format_exc()}", file=sys.stderr)
            return None
        for path in (result[0] if isinstance(result, tuple) else result):
            print(f"wrote {path.relative_to(ROOT)}")
        return result

    with running_app() as url, sync_playwright() as playwright:
        browser = launch_browser(playwright)

        def desktop(url: str):
            context, page = new_page(browser, DESKTOP)
            paths = take_all(page, url, folder)
            context.close()
            return paths

        run("desktop pages", desktop, url)
        run("phone pages", phone_shots, browser, url, folder)
        run("privacy on", privacy_shots, browser, url, folder)
        run("upload", upload_shots, browser, url, folder)
        report = run("report page and downloads", report_downloads, browser, url, folder)
        if report:
            _, html, docx = report
            print(f"wrote {html.relative_to(ROOT)}\nwrote {docx.relative_to(ROOT)}")
            run("HTML and PDF report", html_report_shots, browser, html, folder)
            run(".docx report", docx_shots, docx, folder)
        run("README pictures", readme_shots, browser, url)
        browser.close()
    if failed:
        sys.exit(f"screenshots failed for: {', '.join(failed)}")


if __name__ == "__main__":
    main()
