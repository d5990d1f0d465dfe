"""The analysis pages in AppTest: every widget that changes a result changes the numbers shown
to the values analysis/ returns."""

import io

import pandas as pd
import pytest

from analysis.compare import analyse_problems, compare_outcome
from analysis.data.bundled import load_sample, sample_path
from analysis.formats import ci as fmt_ci
from analysis.grouping import with_groups
from analysis.stats import power
from analysis.subgroups import adjusted_mode_effect
from tests.helpers import ROOT
from tests.test_app import start, texts, upload, widget

GROUPS = ("online", "face-to-face")


def table(at, index: int = 0) -> pd.DataFrame:
    return at.dataframe[index].value


def find(at, column: str) -> pd.DataFrame:
    """The first table on the page with this column."""
    return next(t for t in (d.value for d in at.dataframe) if column in t.columns)


def shown(at, text: str) -> bool:
    """Whether some table on the page has a cell equal to ``text``."""
    return any((d.value.astype(str) == text).any().any() for d in at.dataframe)


def test_overview_headline_is_the_analysis():
    at = start()
    frame = load_sample().frame
    result = compare_outcome(frame, groups=GROUPS, margin=1.5)
    text = texts(at)
    assert f"Welch's t({result.welch.df:.1f}) = {result.welch.t:.2f}" in text
    d = result.cohens_d
    assert f"d = {d.value:.2f}, 95% CI {fmt_ci(*d.ci.to_list())}" in text
    lead = at.success[0].value.replace("\\", "")
    assert "27.99 vs 27.22 on average on the 8–32 scale" in lead
    assert "so in practice the two are equivalent (TOST p = .003)" in lead
    assert "The margin is 1/16 of the 8–32 scale, detected from the values" in lead
    chi = analyse_problems(frame, sep=None, groups=GROUPS).chi_square
    assert f"chi-square({chi.df}, N = {chi.n:,}) = {chi.statistic:.2f}" in text


def test_satisfaction_tests_and_effect_sizes_match_the_analysis():
    at = start("app_pages/satisfaction.py")
    result = compare_outcome(load_sample().frame, groups=GROUPS, margin=1.5, scale=(8, 32))
    tests = next(t for t in (d.value for d in at.dataframe) if "test" in t.columns)
    welch = tests[tests["test"] == "Welch's t (primary)"].iloc[0]
    assert welch["statistic"] == f"t = {result.welch.t:.2f}"
    assert welch["difference 95% CI"] == fmt_ci(*result.welch.ci.to_list())
    assert any("Welch's t(1170.5) = -2.96" in c.value for c in at.code)
    assert "None" not in tests.to_string() and "nan" not in tests.to_string()


def test_changing_the_outcome_and_the_margin():
    at = start("app_pages/satisfaction.py")
    widget(at, "selectbox", "Outcome").select("alliance_total").run()
    frame = load_sample().frame
    result = compare_outcome(frame.assign(outcome=frame["alliance_total"], outcome_issue=None),
                             groups=GROUPS, margin=0.2)
    assert shown(at, f"t = {result.welch.t:.2f}")
    widget(at, "number_input", "Equivalence margin (± points)").set_value(0.05).run()
    assert "equivalence not shown" in texts(at)
    assert "Margin ±0.05 points: set by you." in texts(at)


def test_comparing_online_channels_with_face_to_face():
    at = start("app_pages/satisfaction.py")
    widget(at, "radio", "Compare").set_value("channel").run()
    widget(at, "selectbox", "Group A").select("video").run()
    data, group = with_groups(load_sample().frame, "channel")
    result = compare_outcome(data, groups=("video", "face-to-face"), margin=1.5, scale=(8, 32),
                             group=group)
    assert not at.exception
    assert shown(at, f"t = {result.welch.t:.2f}")
    assert "Games\\-Howell pairwise comparisons" in [t.value for t in at.markdown] or \
        any("Games" in c for c in find(at, "p (Games-Howell)").columns)


@pytest.mark.parametrize("kind, trace", [("box", '"type":"box"'), ("ecdf", '"shape":"hv"'),
                                         ("histogram", '"type":"bar"')])
def test_chart_choice_changes_the_chart(kind, trace):
    at = start("app_pages/satisfaction.py")
    widget(at, "radio", "Distribution chart").set_value(kind).run()
    specs = [e.proto.spec for e in at.get("plotly_chart")]
    assert any(trace in spec.replace(" ", "") for spec in specs)


def test_a_filter_changes_the_satisfaction_numbers():
    at = start("app_pages/satisfaction.py")
    widget(at, "multiselect", "Site").select("Central").run()
    frame = load_sample().frame
    central = frame[frame["site"] == "Central"]
    result = compare_outcome(central, groups=GROUPS, margin=1.5)
    assert shown(at, f"t = {result.welch.t:.2f}")


def test_problem_page_and_multi_label_data():
    at = start("app_pages/problems.py")
    chi = analyse_problems(load_sample().frame, sep=None, groups=GROUPS).chi_square
    assert f"Cramér's V = {chi.cramers_v:.2f}" in texts(at)
    at.switch_page("app_pages/data.py").run()
    widget(at, "selectbox", "Problem type").select("presenting_problems").run()
    at.switch_page("app_pages/problems.py").run()
    assert not at.exception
    assert any("invalid" in i.value for i in at.info)
    assert "Cramér's V" not in texts(at)


def hide(at, k: int):
    widget(at, "toggle", "Hide small counts").set_value(True).run()
    widget(at, "number_input", "Threshold").set_value(k).run()
    return at


def test_suppression_on_the_problem_page_hides_the_ocd_count_everywhere():
    at = hide(start("app_pages/problems.py"), 15)
    problems = find(at, "online %")
    ocd = problems[problems["problem"] == "OCD"].iloc[0]
    assert ocd["online"] == "<15" and ocd["online %"] == "hidden"
    family = problems[problems["problem"] == "family"].iloc[0]
    assert family["face-to-face"] == "124" and family["online"] == "56"  # not "<15"
    for frame in (d.value for d in at.dataframe):
        assert not frame.isin(["None", "nan", "NaN"]).any().any()
    per_problem = find(at, "odds ratio")
    assert "OCD" not in set(per_problem["problem"])  # not tested one by one: pooled
    assert "other (small counts pooled)" in texts(at)


def test_suppression_leaves_small_groups_out_of_the_satisfaction_page():
    at = start("app_pages/satisfaction.py")
    widget(at, "radio", "Compare").set_value("channel").run()
    hide(at, 100)
    descriptives = find(at, "mean [95% CI]")
    assert "phone" not in set(descriptives["group"])  # 96 phone clients with a score
    assert "phone" not in widget(at, "selectbox", "Group A").options
    # the channels make up the online mode, whose n the mode view shows: a second channel is
    # left out, or phone's n would be online's minus the others
    assert not {"phone", "chat"} & set(descriptives["group"])
    assert "Not shown while small counts are hidden: chat, phone (fewer than 100 clients" in \
        texts(at)


def test_filters_and_the_mapping_are_locked_while_small_counts_are_hidden():
    at = hide(start(), 5)
    assert widget(at, "multiselect", "Site").disabled
    assert widget(at, "slider", "Age").disabled
    assert "Filters are locked while small counts are hidden" in texts(at)
    at.switch_page("app_pages/data.py").run()
    assert widget(at, "selectbox", "Delivery mode").disabled


def test_subgroups_adjustment_follows_the_covariates():
    at = start("app_pages/subgroups.py")
    frame = load_sample().frame
    widget(at, "multiselect", "Adjust for").set_value(["site"]).run()
    expected = adjusted_mode_effect(frame, groups=GROUPS, covariates=["site"])
    adjusted = find(at, "model")
    assert adjusted.iloc[1]["difference"] == f"{expected.adjusted.estimate:.2f}"
    assert "clients choose" in " ".join(i.value for i in at.info).lower()


def test_planner_uses_the_power_functions():
    at = start("app_pages/planner.py")
    widget(at, "number_input", "Effect to detect (Cohen's d)").set_value(0.5).run()
    plan = power.plan(d=0.5)["n_per_group"]
    assert at.metric[0].value == f"{plan['n_a']:,} + {plan['n_b']:,}"
    detectable = {m.label: m.value for m in at.metric}["Smallest w detectable with 80% power"]
    assert detectable == f"{power.plan(w=0.1, df=7, n=(1500,))['detectable_w']:.2f}"
    for n_a, n_b in ((10, 10), (25, 60), (3, 4), (200, 37)):  # crashed before (issue 8)
        assert power.plan(n=(n_a, n_b), d=0.5)["power"] > 0


def test_trends_page_and_a_file_without_dates():
    at = start("app_pages/trends.py")
    keys = [c.key for c in at.get("plotly_chart")]
    assert keys == ["trends_trend_clients", "trends_trend_means", "periods_period_shares"]
    at = start()
    upload(at, "nodates.csv", b"mode,satisfaction,problem\nonline,30,a\nF2F,28,b\nonline,25,a\n"
                              b"F2F,27,b\n")
    captions = [c.value for c in at.sidebar.caption]
    assert "Trends is hidden: the data have no date column." in captions
    at.switch_page("app_pages/trends.py").run()
    assert "no date column" in at.info[0].value


def test_trends_hide_the_small_months_of_riverside_in_every_column():
    at = start("app_pages/trends.py")
    widget(at, "multiselect", "Site").select("Riverside").run()
    hide(at, 5)
    monthly = find(at, "mean")
    small = monthly[monthly["clients"] == "<5"]
    assert not small.empty
    assert (small["mean"] == "hidden").all()
    # n with a value is never shown beside the clients while hiding: their difference (the
    # clients without a value) could be under k
    assert (monthly["n with Satisfaction total"] == "hidden").all()
    shown = monthly[monthly["mean"] != "hidden"]
    assert not shown.empty and not monthly.isin(["None", "nan"]).any().any()


def test_every_page_on_an_upload_without_problem_or_outcome():
    at = start()
    upload(at, "counts_only.csv", b"mode,clients\nonline,40\nF2F,60\n")
    for page in ("overview", "satisfaction", "problems", "subgroups", "trends", "planner"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, page
        assert not at.error, page
    at.switch_page("app_pages/satisfaction.py").run()
    assert "No outcome column" in at.info[0].value
    at.switch_page("app_pages/overview.py").run()
    assert "N = 100 clients in 2 delivery modes" in texts(at)


REAL = ROOT.parent / "shared" / "real-data" / "nhstt"


@pytest.mark.skipif(not REAL.exists(), reason="shared/real-data is not beside this checkout")
def test_real_nhs_appointment_counts_work_on_every_page():
    data = (REAL / "nhstt_england_monthly_appointments_by_consultation_medium.csv").read_bytes()
    at = start()
    upload(at, "nhstt.csv", data)
    assert widget(at, "selectbox", "Count (clients per row)").value == "appointments"
    for page in ("overview", "satisfaction", "problems", "subgroups", "trends", "planner"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, page
    at.switch_page("app_pages/overview.py").run()
    frame = pd.read_csv(io.BytesIO(data))
    phone = frame.loc[frame["consultation_medium"] == "Telephone", "appointments"].sum()
    assert dict((m.label, m.value) for m in at.metric)["phone"] == f"{int(phone):,}"
    assert "rows without a usable mode left out" in texts(at)  # the M086 total rows, and said
    # the unit is the appointments the file counts, and the headline N is what analyses use
    usable = frame.loc[~frame["consultation_medium"].str.contains("ALL|Unknown", case=False,
                                                                  na=True), "appointments"].sum()
    assert f"N = {int(usable):,} appointments in" in texts(at)
    assert "Appointments per delivery mode" in [h.value for h in at.header]
    assert "clients" not in " ".join(m.value for m in at.caption if "N = " in m.value)


def test_the_unit_can_be_set_on_the_data_page():
    at = start("app_pages/data.py")
    widget(at, "selectbox", "Each row (or each count) stands for").select("episodes").run()
    at.switch_page("app_pages/overview.py").run()
    assert "N = 1,500 episodes in 2 delivery modes" in texts(at)
    assert "Episodes per delivery mode" in [h.value for h in at.header]


def test_report_page_builds_the_three_files():
    at = start("app_pages/report.py")
    widget(at, "multiselect", "Sections").set_value(["satisfaction", "problems"]).run()
    widget(at, "button", "Build the report").click().run()
    assert not at.exception
    files = at.session_state["report_files"]
    html = files["html"].decode()
    assert "1. Satisfaction comparison" in html and "2. Problem types" in html
    assert "Data and exclusions" not in html
    assert files["docx"][:2] == b"PK" and files["md"].startswith(b"# CounselCompare report")
    assert {b.key for b in at.get("download_button")} >= {"report_html", "report_md",
                                                          "report_docx"}


def test_the_report_compares_the_periods_chosen():
    at = start("app_pages/report.py")
    widget(at, "multiselect", "Sections").set_value(["periods"]).run()
    widget(at, "selectbox", "Periods compared").select("year").run()
    assert widget(at, "multiselect", "Periods").value == ["2024", "2025"]
    widget(at, "button", "Build the report").click().run()
    assert not at.exception
    markdown = at.session_state["report_files"]["md"].decode()
    assert "## 1. Periods compared" in markdown and "| 2025 | online |" in markdown
    assert "2024/25" not in markdown


def test_from_a_paper_uses_the_summary_functions():
    from analysis.summary_stats import GroupMoments, compare_summaries

    at = start("app_pages/from_paper.py")
    assert table(at).iloc[4]["value"] == "equivalent"  # the sample's numbers: as Satisfaction says
    widget(at, "number_input", "Mean").set_value(25.0).run()
    expected = compare_summaries(GroupMoments("online", 586, 25.0, 5.01),
                                 GroupMoments("face-to-face", 771, 27.99, 4.42), margin=1.5)
    tests = table(at)
    assert tests.iloc[0]["value"] == f"t({expected.welch.df:.1f}) = {expected.welch.t:.2f}"
    assert "Cramér's V" in texts(at)


def test_from_a_paper_margin_follows_the_study():
    at = start("app_pages/from_paper.py")
    for i, (mean, sd) in enumerate(((3.1, 0.9), (3.6, 0.8))):  # a 1-5 rating, d about 0.6
        at.number_input(key=f"paper_mean_{('online', 'face-to-face')[i]}").set_value(mean).run()
        at.number_input(key=f"paper_sd_{('online', 'face-to-face')[i]}").set_value(sd).run()
    assert "equivalent" not in table(at).iloc[4]["value"].replace("not shown", "")
    margin = widget(at, "number_input", "Equivalence margin (± points)")
    assert margin.value == pytest.approx(0.17)  # 0.2 SD, not the 8-32 scale's 1.5
    assert "outside the 8–32 scale" in at.warning[0].value.replace("\\", "")
    widget(at, "number_input", "Scale: lowest possible score").set_value(1.0).run()
    widget(at, "number_input", "Scale: highest possible score").set_value(5.0).run()
    assert widget(at, "number_input", "Equivalence margin (± points)").value == 0.25


@pytest.mark.parametrize("name", ["counseling_episodes.csv", "counseling_episodes.xlsx"])
def test_the_same_data_uploaded_give_the_same_verdict(name):
    """Issue 8: the bundled sample said "equivalent within ±1.5", the same file uploaded
    "equivalence within ±0.95 not shown"; the scale now comes from the data, however loaded."""
    bundled = start().success[0].value
    data = sample_path().read_bytes()
    if name.endswith(".xlsx"):
        buffer = io.BytesIO()
        pd.read_csv(io.BytesIO(data)).to_excel(buffer, index=False)
        data = buffer.getvalue()
    at = start()
    upload(at, name, data)
    at.switch_page("app_pages/overview.py").run()
    lead = at.success[0].value
    assert lead == bundled
    assert "±1.5 points" in shown_text(lead) and "equivalent (TOST p = .003)" in shown_text(lead)


def shown_text(value: str) -> str:
    return value.replace("\\", "")
