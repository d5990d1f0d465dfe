"""End to end in Debian's Chromium against `streamlit run` on a free port."""

from analysis.sample import sample_path
from tests.browser.helpers import TIMEOUT_MS, assert_no_exception, open_page, wait_until_idle


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


def test_upload_reaches_mapping_and_validation(page, app_url):
    open_page(page, f"{app_url}/data", "Data")
    page.locator('input[type="file"]').set_input_files(str(sample_path("messy_export")))
    page.get_by_text("messy_export.csv: 120 rows x 7 columns").wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.get_by_role("heading", name="Validation report").wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_role("combobox", name="Delivery mode").input_value() == "Format"
    assert page.get_by_role("combobox", name="Outcome (e.g. satisfaction)").input_value() == "CSQ Score"
    page.get_by_text("The data can be analysed").wait_for(timeout=TIMEOUT_MS)
    assert_no_exception(page)
    page.get_by_role("link", name="Overview").first.click()
    page.get_by_role("heading", name="Overview").first.wait_for(timeout=TIMEOUT_MS)
    wait_until_idle(page)
    page.locator('[data-testid="stMetricValue"]').filter(has_text="64").first.wait_for(
        timeout=TIMEOUT_MS)
    assert metric(page, "online") == "53"
    assert_no_exception(page)
