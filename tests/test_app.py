"""The app through Streamlit's AppTest, always from the entrypoint (dashboard.py)."""

import datetime as dt
import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.data.bundled import load_sample, sample_path
from analysis.descriptives import describe_outcome
from tests.helpers import BAD, ROOT

PAGES = ["app_pages/overview.py", "app_pages/satisfaction.py", "app_pages/yes_no.py",
         "app_pages/problems.py", "app_pages/categories.py",
         "app_pages/subgroups.py", "app_pages/adjusted.py", "app_pages/trends.py",
         "app_pages/planner.py",
         "app_pages/report.py", "app_pages/from_paper.py", "app_pages/data.py"]
TIMEOUT = 120


def start(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in (at.text, at.caption, at.markdown) for e in kind]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def shown(element) -> str:
    """An element's text as the reader sees it (user text is sent Markdown-escaped)."""
    return element.value.replace("\\", "")


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label.replace("\\", ""): m.value for m in at.metric}


def widget(at: AppTest, kind: str, label: str):
    """The widget of type ``kind`` with this label (keys are scoped to the loaded file)."""
    return next(w for w in getattr(at, kind) if w.label == label)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.switch_page("app_pages/data.py").run()
    at.file_uploader(key="upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1])
def test_every_page_renders_the_sample(page):
    at = start(page)
    assert not at.error


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1])
def test_every_page_renders_with_small_counts_hidden(page):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["privacy_on"] = True
    at.session_state["privacy_threshold"] = 15
    at.run()
    at.switch_page(page).run()
    assert not at.exception and not at.error
    for frame in (d.value for d in at.dataframe):
        assert not frame.astype(str).isin(["None", "nan", "NaN", "<NA>"]).any().any()


def test_overview_shows_the_sample_numbers():
    at = start()
    assert metric_values(at) == {"face-to-face": "857", "online": "643"}
    summary = describe_outcome(load_sample().frame)
    table = next(d.value for d in at.dataframe if "mean [95% CI]" in d.value.columns)
    online = table[table["group"] == "online"].iloc[0]
    g = next(g for g in summary.groups if g.group == "online")
    assert online["mean [95% CI]"] == (f"{g.mean:,.2f} [{g.mean_ci.low:.2f}, "
                                       f"{g.mean_ci.high:.2f}]")
    assert "N = 1,357 of 1,500 clients" in texts(at)
    assert [shown(h) for h in at.header] == ["The answer in brief", "The adjusted answer",
                                            "Clients per delivery mode",
                                            "Satisfaction total per delivery mode",
                                            "Most common problem types", "Data quality"]
    assert table["range"].iloc[0] == "11 to 32" and table["IQR"].iloc[0] == "26 to 32"


def test_a_filter_changes_the_numbers_and_survives_a_page_switch():
    at = start()
    widget(at, "multiselect", "Site").select("North").run()
    frame = load_sample().frame
    north = frame[frame["site"] == "North"]["mode"].value_counts()
    assert metric_values(at) == {m: f"{n:,}" for m, n in north.items()}
    at.switch_page("app_pages/data.py").run()
    at.switch_page("app_pages/overview.py").run()
    assert widget(at, "multiselect", "Site").value == ["North"]
    assert metric_values(at)["online"] == f"{north['online']:,}"


def test_age_and_period_filters():
    at = start()
    widget(at, "slider", "Age").set_range(19, 25).run()
    frame = load_sample().frame
    young = frame[frame["age"].between(19, 25)]
    assert sum(int(v.replace(",", "")) for v in metric_values(at).values()) == len(young)
    assert "age 19-25" in texts(at)
    widget(at, "date_input", "Period").set_value((dt.date(2025, 1, 1), dt.date(2025, 12, 31))).run()
    in_2025 = young[young["date"].dt.year == 2025]
    assert sum(int(v.replace(",", "")) for v in metric_values(at).values()) == len(in_2025)
    assert "period 2025-01-01 to 2025-12-31" in texts(at)


def test_upload_messy_export_reaches_mapping_and_validation():
    at = start()
    upload(at, "messy_export.csv", sample_path("messy_export").read_bytes())
    assert widget(at, "selectbox", "Delivery mode").value == "Format"
    assert widget(at, "selectbox", "Outcome (e.g. satisfaction)").value == "CSQ Score"
    report = at.dataframe[0].value
    assert "share a client id" in " ".join(report["problem"])
    mapping = at.dataframe[1].value
    assert set(mapping["label in the file"]) >= {"F2F", "In person", "Online "}
    at.switch_page("app_pages/overview.py").run()
    assert metric_values(at) == {"face-to-face": "64", "online": "53"}


def test_changing_the_mapping_changes_the_analysis():
    at = start("app_pages/data.py")
    widget(at, "selectbox", "Outcome (e.g. satisfaction)").select("alliance_total").run()
    at.switch_page("app_pages/overview.py").run()
    assert "Alliance total per delivery mode" in [shown(h) for h in at.header]


def test_valid_range_flags_out_of_range_values():
    at = start()
    upload(at, "messy_export.csv", sample_path("messy_export").read_bytes())
    widget(at, "checkbox", "Values outside a valid range are errors").check().run()
    widget(at, "number_input", "Lowest valid value").set_value(8).run()
    widget(at, "number_input", "Highest valid value").set_value(32).run()
    report = at.dataframe[0].value
    assert any("outside the valid range 8-32" in p for p in report["problem"])


def test_item_scoring_from_the_data_page():
    at = start("app_pages/data.py")
    widget(at, "number_input", "Missing items allowed").set_value(1).run()
    widget(at, "button", "Use this score as the outcome").click().run()
    assert not at.exception
    assert "Outcome = sum of 8 items" in texts(at)
    alphas = at.dataframe[0].value
    assert set(alphas["mode"]) == {"online", "face-to-face"}


@pytest.mark.parametrize("name", ["binary.csv", "empty.csv", "ragged.csv"])
def test_a_bad_upload_shows_an_error_not_an_exception(name):
    at = start()
    upload(at, name, (BAD / name).read_bytes())
    assert at.error, "expected st.error"
    assert name in shown(at.error[0])
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception and at.error


def test_back_to_the_sample_after_an_upload():
    at = start()
    upload(at, "one_mode.csv", (BAD / "one_mode.csv").read_bytes())
    at.switch_page("app_pages/overview.py").run()
    assert at.button(key="use_sample")
    at.button(key="use_sample").click().run()
    assert metric_values(at) == {"face-to-face": "857", "online": "643"}


def test_aggregated_counts_are_honoured():
    data = ("mode,satisfaction,problem,clients\nonline,30,anxiety,40\nF2F,28,family,60\n"
            "F2F,31,anxiety,5\n")
    at = start()
    upload(at, "counts.csv", data.encode())
    at.switch_page("app_pages/overview.py").run()
    assert metric_values(at) == {"face-to-face": "65", "online": "40"}


def test_excel_upload_with_sheet_choice():
    buffer = io.BytesIO()
    frame = pd.read_csv(sample_path()).head(50)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"about": ["export notes"]}).to_excel(writer, sheet_name="README", index=False)
        frame.to_excel(writer, sheet_name="episodes", index=False)
    at = start()
    upload(at, "book.xlsx", buffer.getvalue())
    at.selectbox(key="sheet").select("episodes").run()
    assert widget(at, "selectbox", "Delivery mode").value == "delivery_mode"
    assert not at.error


def test_user_labels_are_not_rendered_as_html_or_markdown():
    data = ("mode,satisfaction,problem\n<b>online</b>,30,<script>x</script>\nF2F,28,a\nF2F,20,a\n"
            "<b>online</b>,12,a\n")
    at = start()
    upload(at, "**html**.csv", data.encode())
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    assert not any(m.proto.allow_html for m in at.markdown)
    labels = [m.label for m in at.metric]
    assert "\\<b\\>online\\</b\\>" in labels  # escaped: shown as typed, not bold
    assert any("\\*\\*html\\*\\*" in c.value for c in at.sidebar.caption)


def test_a_file_over_the_limit_is_refused_on_the_page(monkeypatch):
    """Issue 9: a file over the size limit was refused only in the upload box's tooltip, while
    the old data stayed on screen without a word."""
    import analysis.options

    monkeypatch.setattr(analysis.options, "MAX_FILE_MB", 0.001)  # 1 KB, for the test
    at = start()
    upload(at, "big.csv", b"mode,satisfaction\n" + b"online,30\nF2F,28\n" * 200)
    assert "big.csv (0 MB) was not loaded: the limit is 0.001 MB" in shown(at.error[0])
    assert at.file_uploader(key="upload_1")  # a fresh upload box: the refused file is dropped
    at.switch_page("app_pages/overview.py").run()
    assert metric_values(at) == {"face-to-face": "857", "online": "643"}  # the data shown stay
