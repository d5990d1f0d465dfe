"""End to end in Debian's Chromium against `streamlit run` on a free port."""

from analysis.data.bundled import sample_path
from tests.browser.helpers import (
    PAGES,
    TIMEOUT_MS,
    assert_no_exception,
    open_page,
    wait_until_idle,
)


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text(timeout=TIMEOUT_MS)


def test_overview_shows_the_sample_numbers(page, app_url):
    open_page(page, app_url, "Overview")
    assert metric(page, "face-to-face") == "857"
    assert metric(page, "online") == "643"
    page.get_by_text("N = 1,357 of 1,500 clients").first.wait_for(timeout=TIMEOUT_MS)
    page.locator(".js-plotly-plot").nth(2).wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)


def test_the_adjusted_comparison_draws_its_love_plot(page, app_url):
    open_page(page, f"{app_url}/adjusted", "Adjusted comparison")
    love = page.locator(".st-key-adjusted_balance_adjusted_love .js-plotly-plot")
    love.wait_for(timeout=TIMEOUT_MS)
    love.locator(".gtitle", has_text="Balance before and after weighting").wait_for(
        timeout=TIMEOUT_MS)
    assert love.locator(".scatterlayer .trace").count() == 2  # before and after weighting
    page.get_by_role("heading", name="Overlap: are there comparable clients?").wait_for(
        timeout=TIMEOUT_MS)
    assert_no_exception(page)


def test_upload_reaches_mapping_and_validation(page, app_url):
    open_page(page, f"{app_url}/data", "Data")
    page.locator('input[type="file"]').set_input_files(str(sample_path("messy_export")))
    page.get_by_text("messy_export.csv: 120 rows x 7 columns").wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.get_by_role("heading", name="Validation report").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("combobox", name="Delivery mode").input_value() == "Format"
    outcome = page.get_by_role("combobox", name="Outcome (e.g. satisfaction)")
    assert outcome.input_value() == "CSQ Score"
    page.get_by_text("The data can be analysed").wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)
    page.get_by_role("link", name="Overview").first.click()
    page.get_by_role("heading", name="Overview").first.wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
                           ".some(m => m.innerText.trim() === '64')", timeout=TIMEOUT_MS)
    assert metric(page, "online") == "53"
    assert_no_exception(page)


def assert_clean(page) -> None:
    """No traceback, no "Error" text and no Streamlit exception box on the page."""
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body, body[:3000]
    assert page.locator('[data-testid="stException"]').count() == 0


def test_every_page_renders_and_is_screenshotted(page, app_url):
    from tests.browser.helpers import ROOT
    from tests.browser.screenshots import take_all

    for path in take_all(page, app_url, ROOT / "screenshots"):
        assert path.stat().st_size > 10_000
    for slug, heading in PAGES.items():
        open_page(page, f"{app_url}/{slug}", heading)
        assert_clean(page)


def test_a_filter_changes_a_number_and_survives_page_switches(page, app_url):
    open_page(page, app_url, "Overview")
    assert metric(page, "face-to-face") == "857"
    page.get_by_role("combobox", name="Site").click()
    page.get_by_role("option", name="North").click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
                           ".some(m => m.innerText !== '857' && m.innerText !== '643')",
                           timeout=TIMEOUT_MS)
    wait_until_idle(page)
    north = metric(page, "face-to-face")
    assert north != "857"
    page.get_by_role("link", name="Satisfaction").first.click()
    page.get_by_role("heading", name="Satisfaction").first.wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.get_by_text("site: North").first.wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Overview").first.click()
    page.get_by_role("heading", name="Overview").first.wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    assert metric(page, "face-to-face") == north
    assert_clean(page)


def test_a_csv_download_reads_back(page, app_url, tmp_path):
    import pandas as pd

    open_page(page, f"{app_url}/satisfaction", "Satisfaction")
    # the descriptives table's download (keys: section, then table)
    button = page.locator(".st-key-descriptives_descriptives_outcome_csv button")
    button.wait_for(timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    table = pd.read_csv(path, encoding="utf-8-sig")
    assert download.value.suggested_filename == "descriptives_outcome.csv"
    assert table["group"].tolist() == ["face-to-face", "online"]
    assert table["n"].astype(str).tolist() == ["771", "586"]


def test_the_html_report_opens_offline_without_console_errors(browser, tmp_path):
    from analysis.data.bundled import load_sample, sample_path
    from analysis.data.loading import read_path
    from reports import document

    dataset = load_sample()
    doc = document.build_document(dataset, dataset.frame, read_path(sample_path()).to_dict(),
                                  sections=list(document.SECTIONS),
                                  groups=("online", "face-to-face"), margin=1.5)
    html = document.to_html(doc)
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else route.abort())  # offline: anything but the file itself fails
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(path.as_uri(), timeout=TIMEOUT_MS)
    figures = html.count("Plotly.newPlot")
    page.wait_for_function(f"() => document.querySelectorAll('.main-svg').length >= {figures}",
                           timeout=TIMEOUT_MS)
    assert figures >= 8 and problems == []
    context.close()


def _damaged_workbook() -> bytes:
    import io

    import pandas as pd

    buffer = io.BytesIO()
    pd.DataFrame({"mode": ["online", "F2F"] * 50, "satisfaction": range(100)}).to_excel(
        buffer, index=False)
    data = bytearray(buffer.getvalue())
    middle = len(data) // 2
    data[middle:middle + 400] = bytes(400)  # a damaged zip: bad CRC, truncated XML
    return bytes(data)


BROKEN_UPLOADS = {
    "damaged.xlsx": _damaged_workbook,
    "long_field.csv": lambda: b"mode,satisfaction\nonline," + b"7" * 131_073 + b"\nF2F,20\n",
    "mixed_timezones.csv": lambda: (b"mode,satisfaction,date\nonline,30,2024-01-01T10:00:00+01:00"
                                    b"\nF2F,28,2024-01-02T10:00:00-05:00\nonline,25,2024-02-01"
                                    b"\nF2F,22,2024-03-01T08:00:00Z\n"),
}


def test_a_broken_upload_leaves_the_app_usable(page, app_url):
    """Any upload, however broken: a plain message, the Data page still there, and the sample
    data one click away; never a traceback (issue 8)."""
    for name, make in BROKEN_UPLOADS.items():
        open_page(page, f"{app_url}/data", "Data")
        page.locator('input[type="file"]').set_input_files(
            files=[{"name": name, "mimeType": "application/octet-stream", "buffer": make()}])
        page.get_by_role("button", name="Use the sample data").first.wait_for(timeout=TIMEOUT_MS)
        wait_until_idle(page)
        body = page.inner_text("body")
        assert "Traceback" not in body and "File \"" not in body, (name, body[:2000])
        assert page.locator('[data-testid="stException"]').count() == 0, name
        page.get_by_role("heading", name="Data").first.wait_for(timeout=TIMEOUT_MS)
        page.get_by_role("button", name="Use the sample data").first.click()
        wait_until_idle(page)
        page.get_by_role("link", name="Overview").first.click()
        page.get_by_role("heading", name="Overview").first.wait_for(timeout=TIMEOUT_MS)
        wait_until_idle(page)
        page.wait_for_function("() => [...document.querySelectorAll("
                               "'[data-testid=\"stMetricValue\"]')].some(m => "
                               "m.innerText.trim() === '857')", timeout=TIMEOUT_MS)
        assert_no_exception(page)
