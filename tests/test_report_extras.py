"""The report's optional analyses of issue 11 on the command line: --binary-outcome with
--event, --category-col and --periods add new keys only, equal to the analysis functions, and
bad choices exit 2 with a plain message."""

import json
import re
from pathlib import Path

import pytest

from analysis.binary import compare_binary
from analysis.categories import compare_categories
from analysis.data.bundled import load_sample, sample_path
from analysis.periods import compare_periods
from analysis.results import json_ready, to_plain
from tests.helpers import impossible_values, run_cli

SAMPLE = str(sample_path())
BASE = ["report", SAMPLE, "--groups", "online,face-to-face"]
NHS = Path(__file__).resolve().parents[2] / "shared" / "real-data" / "nhstt"
EXTRAS = ["--binary-outcome", "completed", "--event", "dropped out", "--category-col", "gender",
          "--periods", "fy"]


def report(*extra: str) -> dict:
    run = run_cli([*BASE, *extra])
    assert run.exit_code == 0 and run.problem() is None, run.problem() or run.stderr
    assert impossible_values(run.stdout) == []
    return json.loads(run.stdout)


def plain(result) -> dict:
    return json.loads(json.dumps(json_ready(to_plain(result))))


def test_the_extras_are_new_keys_equal_to_the_analysis_functions():
    base, extended = report(), report(*EXTRAS)
    assert list(extended) == [*base, "binary_outcome", "category", "periods"]
    assert {k: extended[k] for k in base} == base  # nothing else changes
    frame, groups = load_sample().frame, ("online", "face-to-face")
    assert extended["binary_outcome"] == plain(
        compare_binary(frame, "completed", "dropped out", groups=groups))
    assert extended["category"] == plain(compare_categories(frame, "gender", groups=groups))
    assert extended["periods"] == plain(compare_periods(frame, "fy", scale=load_sample().scale))
    assert len(extended["periods"]["outcomes"]) == 6  # 3 financial years x 2 modes
    rd = extended["binary_outcome"]["comparison"]["risk_difference"]
    assert rd["value"] == pytest.approx(134 / 643 - 117 / 857)


def test_a_role_column_is_named_as_in_the_file():
    out = report("--category-col", "delivery_mode")  # mapped to the mode role
    assert out["category"]["column"] == "mode"


def test_the_text_report_has_the_sentences():
    run = run_cli([*BASE, *EXTRAS, "--format", "text"])
    assert run.exit_code == 0, run.stderr
    assert "Risk difference (online − face-to-face) = 7.2 percentage points" in run.stdout
    assert "gender by mode: chi-square(2, N = 1,490)" in run.stdout
    assert "Mode by period (2023/24, 2024/25, 2025/26)" in run.stdout


@pytest.mark.parametrize("extra, code_words", [
    (["--event", "dropped out"], "--event goes with --binary-outcome"),
    (["--binary-outcome", "completed"], "needs --event"),
    (["--binary-outcome", "gender", "--event", "woman"], "levels, not two"),
    (["--binary-outcome", "completed", "--event", "left"], "never occurs"),
    (["--category-col", "nonexistent"], "no column 'nonexistent'"),
    (["--periods", "fortnight"], "cannot be read"),
    (["--periods", "fy:2030/31,2031/32"], "No rows fall in"),
])
def test_bad_choices_exit_2_with_a_plain_message(extra, code_words):
    run = run_cli([*BASE, *extra])
    assert run.exit_code == 2 and run.exception is None, run.exception
    assert code_words in run.stderr, run.stderr


@pytest.mark.skipif(not NHS.exists(), reason="the real NHS data are not beside this checkout")
def test_the_nhs_monthly_file_compares_financial_years_without_an_outcome():
    path = NHS / "nhstt_england_monthly_appointments_by_consultation_medium.csv"
    run = run_cli(["report", str(path), "--groups", "video consultation,face-to-face",
                   "--periods", "fy:2022/23,2023/24"])
    assert run.exit_code == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["outcome"] is None and out["problems"] is None
    assert set(out["not_available"]) == {"outcome", "problems"}
    assert out["periods"]["counts"]["2023/24"]["face-to-face"] == 1078949
    assert out["periods"]["chi_square"]["cramers_v"] < 0.1  # "significant", and small
    # without an extra analysis, a file without an outcome is still refused
    plain_run = run_cli(["report", str(path), "--groups", "video consultation,face-to-face"])
    assert plain_run.exit_code == 2


def test_the_document_has_the_new_chapters_with_the_options_chosen():
    run = run_cli([*BASE, "--format", "markdown", "--binary-outcome", "completed", "--event",
                   "completed", "--category-col", "site", "--periods", "year"])
    assert run.exit_code == 0, run.stderr
    text = run.stdout
    for chapter in ("## 3. Yes/no outcomes", "## 5. Categories by mode",
                    "## 7. Adjusted comparison", "## 9. Periods compared"):
        assert chapter in text
    assert "### 'completed' by group" in text and "### Site per mode" in text
    assert "| 2024 | online |" in text and "2023/24" not in text
    assert not re.search(r"\bnan\b|\bNone\b", text)


@pytest.mark.skipif(not NHS.exists(), reason="the real NHS data are not beside this checkout")
def test_the_nhs_provider_file_reshaped_and_compared_by_quarter():
    path = NHS / "nhstt_provider_monthly_mode_and_outcomes_2024-25.csv"
    wide = ("M1001_faceto_face_appts_count=face-to-face,M1002_telephone_appts_count=phone,"
            "M1018_cons_medium_video_consult_appts_count=video")
    run = run_cli(["report", str(path), "--wide-modes", wide, "--groups", "video,face-to-face",
                   "--periods", "quarter"])
    assert run.exit_code == 0, run.stderr
    periods = json.loads(run.stdout)["periods"]
    assert periods["periods"] == ["2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]
    assert set(periods["counts"]["2024 Q2"]) == {"phone", "video", "face-to-face"}
    assert all(isinstance(n, int) and n > 100_000 for n in periods["counts"]["2024 Q2"].values())
