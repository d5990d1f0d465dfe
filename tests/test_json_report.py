"""`python -m analysis report`: the JSON contract, the text form, exit codes and messages."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis.__main__ import main
from analysis.compare import compare_outcome
from analysis.data.bundled import load_sample, sample_path
from analysis.data.dataset import frame_from_columns
from analysis.results import to_plain
from analysis.stats.ttests import welch_t
from tests.helpers import BAD, ROOT, dataset_from_bytes
from tests.reference import r_reference as R

SAMPLE = str(sample_path())
ARGS = ["report", SAMPLE, "--mode-col", "delivery_mode", "--outcome-col", "satisfaction_total",
        "--problem-col", "problem_type", "--groups", "online,face-to-face"]


def run_json(args, capsys) -> dict:
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_report_has_every_documented_key(capsys):
    report = run_json(ARGS + ["--margin", "1.5"], capsys)
    assert report["groups"] == ["online", "face-to-face"]
    out = report["outcome"]
    for g in ("online", "face-to-face"):
        assert {"n", "mean", "sd", "median"} <= set(out["descriptives"][g])
    assert {"t", "df", "p", "mean_diff", "ci"} <= set(out["welch"])
    assert {"t", "df", "p"} <= set(out["student"])
    assert {"u", "p", "rank_biserial"} <= set(out["mann_whitney"])
    assert {"value", "ci"} <= set(out["cohens_d"]) and {"value", "ci"} <= set(out["hedges_g"])
    assert {"statistic", "p"} <= set(out["levene"])
    assert {"margin", "p", "equivalent"} <= set(out["tost"])
    assert {"f", "df1", "df2", "p"} <= set(out["omnibus"]["welch_anova"])
    assert {"h", "df", "p"} <= set(out["omnibus"]["kruskal"])
    problems = report["problems"]
    assert problems["counts"]["anxiety"] == {"online": 145, "face-to-face": 161}
    assert {"statistic", "df", "p", "cramers_v"} <= set(problems["chi_square"])
    assert set(problems["adjusted_residuals"]["OCD"]) == {"online", "face-to-face"}
    assert {"problem", "p", "p_holm"} <= set(problems["per_problem"][0])


def test_report_numbers_are_the_analysis_functions(capsys):
    report = run_json(ARGS, capsys)
    frame = load_sample().frame
    a = frame.loc[(frame["mode"] == "online") & frame["outcome"].notna(), "outcome"]
    b = frame.loc[(frame["mode"] == "face-to-face") & frame["outcome"].notna(), "outcome"]
    w = welch_t(a, b)
    # unrounded: the same to the last digits (the report sums compressed samples, value by
    # weight, so numpy's summation order may move the 16th digit)
    assert report["outcome"]["welch"]["t"] == pytest.approx(w.t, rel=1e-13)
    assert report["outcome"]["welch"]["ci"] == pytest.approx([w.ci.low, w.ci.high], rel=1e-13)
    mw = report["outcome"]["mann_whitney"]
    assert mw["rank_biserial"] == pytest.approx(2 * mw["u"] / (len(a) * len(b)) - 1)
    assert "tost" not in report["outcome"]


def test_swapping_groups_negates_the_difference(capsys):
    ab = run_json(ARGS, capsys)["outcome"]
    ba = run_json(ARGS[:-1] + ["face-to-face,online"], capsys)["outcome"]
    assert ba["welch"]["t"] == pytest.approx(-ab["welch"]["t"])
    assert ba["welch"]["p"] == pytest.approx(ab["welch"]["p"])
    assert ba["cohens_d"]["value"] == pytest.approx(-ab["cohens_d"]["value"])


def test_group_labels_are_normalised_and_messy_files_work(capsys):
    report = run_json(["report", str(sample_path("messy_export")), "--groups", "Online,F2F"],
                      capsys)
    assert report["groups"] == ["online", "face-to-face"]
    assert report["outcome"]["descriptives"]["online"]["n"] == 44


def test_multi_label_problems_get_per_problem_tests_only(capsys):
    report = run_json(ARGS[:6] + ["--problem-col", "presenting_problems", "--groups",
                                  "online,face-to-face"], capsys)
    problems = report["problems"]
    assert problems["multi_label"] is True
    assert problems["chi_square"] is None and problems["adjusted_residuals"] is None
    assert "invalid" in problems["notes"][0]
    total = sum(v["online"] for v in problems["counts"].values())
    assert total > problems["clients"]["online"]  # a client counts once per problem listed


def test_third_mode_enters_the_omnibus_only(tmp_path, capsys):
    frame = pd.read_csv(sample_path())
    frame.loc[frame["online_channel"] == "phone", "delivery_mode"] = "phone"
    path = tmp_path / "three.csv"
    frame.to_csv(path, index=False)
    report = run_json(["report", str(path), "--groups", "online,face-to-face"], capsys)
    assert report["outcome"]["omnibus"]["groups"] == ["face-to-face", "online", "phone"]
    assert report["outcome"]["omnibus"]["welch_anova"]["df1"] == 2
    assert "phone" not in report["problems"]["counts"]["anxiety"]


def test_text_format_prints_apa_sentences(capsys):
    assert main(ARGS + ["--margin", "1.5", "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Welch's t(1170.5) = -2.96, p = .003, d = -0.17, 95% CI [-0.27, -0.06]" in out
    assert "TOST with bounds [-1.50, 1.50]" in out and "90% CI" in out
    assert "Cramér's V = 0.17" in out


@pytest.mark.parametrize("extra, message", [
    (["--groups", "online,video"], "Group 'video' is not a delivery mode in the data"),
    (["--groups", "online"], "exactly two modes"),
    (["--groups", "online,Online"], "must be different"),
    (["--groups", "online,face-to-face", "--margin", "-1"], "must be above 0"),
    (["--groups", "online,face-to-face", "--alpha", "2"], "between 0 and 1"),
])
def test_bad_options_exit_2_with_a_message(extra, message, capsys):
    args = ["report", SAMPLE, *extra]
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("name, message", [
    ("one_mode.csv", "fewer than two delivery modes"),
    ("no_problem_column.csv", "No problem-type column"),
    ("not_numeric_outcome.csv", "holds no numbers"),
    ("empty.csv", "is empty"),
])
def test_bad_files_exit_2(name, message):
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(BAD / name), "--groups",
                           "online,face-to-face"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_group_of_one_is_a_clear_error():
    done = subprocess.run([sys.executable, "-m", "analysis", "report",
                           str(BAD / "group_of_one.csv"), "--groups", "online,face-to-face"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "Group 'online' has 1 client(s)" in done.stderr


def test_nan_becomes_null_in_json(tmp_path, capsys):
    # equal values in both groups: Welch's t is undefined
    path = tmp_path / "flat.csv"
    path.write_text("mode,satisfaction,problem\n" + "online,4,a\nF2F,4,b\n" * 3)
    report = run_json(["report", str(path), "--groups", "online,F2F"], capsys)
    assert report["outcome"]["welch"]["t"] is None


def test_weights_equal_repeated_rows_in_the_report():
    rows = pd.DataFrame({"mode": ["online"] * 3 + ["F2F"] * 3, "satisfaction": [3, 4, 5, 2, 4, 5],
                         "problem": list("abcabc"), "n": [2, 5, 1, 3, 3, 4]})
    weighted = dataset_from_bytes(rows.to_csv(index=False), roles={"count": "n"})
    expanded = dataset_from_bytes(rows.loc[rows.index.repeat(rows["n"])].drop(columns="n")
                                  .to_csv(index=False))
    g = ("online", "face-to-face")
    a = to_plain(compare_outcome(weighted.frame, groups=g))
    b = to_plain(compare_outcome(expanded.frame, groups=g))
    for key in ("welch", "student", "mann_whitney", "cohens_d", "hedges_g", "levene"):
        flat_a = pd.json_normalize(a[key]).select_dtypes("number").iloc[0].to_numpy(float)
        flat_b = pd.json_normalize(b[key]).select_dtypes("number").iloc[0].to_numpy(float)
        assert np.allclose(flat_a, flat_b, equal_nan=True), key


def test_ties_data_gives_r_values_through_compare_outcome():
    frame = frame_from_columns(["online"] * 20 + ["face-to-face"] * 24, R.TIES_A + R.TIES_B)
    result = compare_outcome(frame, groups=("online", "face-to-face"), margin=(-0.2, 0.6))
    assert result.welch.t == pytest.approx(R.TIES_WELCH[0], rel=1e-9)
    assert result.mann_whitney.p == pytest.approx(R.TIES_WILCOX[1], abs=1e-9)
    assert result.tost.p_lower == pytest.approx(R.TIES_TOST[0], abs=1e-9)


def test_a_malformed_row_far_down_still_stops_the_report(tmp_path):
    path = tmp_path / "late.csv"
    path.write_text("mode,satisfaction,problem\n" + "online,30,a\nF2F,28,b\n" * 1500
                    + "online,30,a,extra\n")
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(path), "--groups",
                           "online,F2F"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "expected 3 fields in line 3002, saw 4" in done.stderr


def test_the_report_reads_only_the_columns_it_uses():
    from analysis.__main__ import REPORT_ROLES, build_parser, load

    args = build_parser().parse_args(["report", SAMPLE, "--groups", "online,face-to-face"])
    table, dataset = load(args, only=REPORT_ROLES)
    assert set(table.frame.columns) == {"delivery_mode", "satisfaction_total", "problem_type"}
    assert set(dataset.roles.mapped()) == {"mode", "outcome", "problem"}
    assert table.frame.shape[0] == 1500


# ---- --covariates: the adjusted mode effect and the within-problem differences ----------------

def test_covariates_only_add_keys(capsys):
    plain = run_json(ARGS + ["--margin", "1.5"], capsys)
    more = run_json(ARGS + ["--margin", "1.5", "--covariates", "problem,age,site"], capsys)
    added = more["outcome"].pop("adjusted"), more["outcome"].pop("within_problems")
    assert more.pop("adjusted")["covariates"] == ["problem", "age", "site"]  # tests/test_adjusted
    assert more == plain  # every existing key and value exactly as without --covariates
    adjusted, within = added
    assert adjusted["covariates"] == ["problem", "age", "site"]
    for model in ("unadjusted", "adjusted"):
        assert {"estimate", "se", "ci", "p", "df", "n", "formula"} <= set(adjusted[model])
    assert adjusted["unadjusted"]["formula"] == "outcome ~ mode"
    assert adjusted["adjusted"]["formula"] == "outcome ~ mode + problem + age + site"
    for row in within:
        assert {"problem", "n_a", "n_b", "mean_diff", "ci", "t", "df", "p", "p_holm"} <= set(row)


def test_covariate_numbers_are_the_analysis_functions(capsys):
    from analysis.subgroups import adjusted_mode_effect, compare_within_problems

    out = run_json(ARGS + ["--covariates", "site, Age"], capsys)["outcome"]
    frame = load_sample().frame
    groups = ("online", "face-to-face")
    expected = adjusted_mode_effect(frame, groups=groups, covariates=["site", "age"])
    adjusted = out["adjusted"]["adjusted"]
    assert adjusted["estimate"] == expected.adjusted.estimate
    assert adjusted["p"] == expected.adjusted.p and adjusted["df"] == expected.adjusted.df
    assert adjusted["ci"] == expected.adjusted.ci.to_list()
    assert adjusted["n"] == expected.exclusions.n_used
    within = compare_within_problems(frame, groups=groups, sep=None)
    assert [r["problem"] for r in out["within_problems"]] == [r.problem for r in within]
    assert [r["p_holm"] for r in out["within_problems"]] == [r.p_holm for r in within]


@pytest.mark.parametrize("extra, message", [
    (["--covariates", "income"], "'income' is not a covariate"),
    (["--covariates", ","], "needs at least one"),
    (["--covariates", "age,income", "--format", "html"], "'income' is not a covariate"),
])
def test_bad_covariates_exit_2(extra, message, capsys):
    assert main(ARGS + extra) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_a_covariate_the_data_do_not_have(tmp_path, capsys):
    path = tmp_path / "plain.csv"
    path.write_text("mode,satisfaction,problem\n"
                    + "online,30,a\nF2F,28,b\nonline,25,b\nF2F,22,a\n" * 3)
    assert main(["report", str(path), "--groups", "online,F2F", "--covariates", "site"]) == 2
    assert "the data have no site column" in capsys.readouterr().err


# ---- infinity and NaN in the JSON -----------------------------------------------------------

def test_json_writes_infinity_as_a_string_and_nan_as_null():
    from analysis.results import json_ready

    value = {"or": float("inf"), "low": -np.inf, "p": float("nan"), "ci": (0.5, np.float64(np.inf)),
             "n": np.int64(3), "rows": [np.nan, 1.5]}
    ready = json_ready(value)
    assert ready == {"or": "Infinity", "low": "-Infinity", "p": None, "ci": [0.5, "Infinity"],
                     "n": 3, "rows": [None, 1.5]}
    assert json.loads(json.dumps(ready, allow_nan=False)) == ready
    assert float(ready["or"]) == np.inf and float(ready["low"]) == -np.inf  # Python reads them back


def test_an_infinite_odds_ratio_is_not_null_in_the_report(tmp_path, capsys):
    # "rare" only among online clients: the conditional MLE is infinite, its CI open above
    rows = ("online,30,rare\n" * 3 + "online,28,common\n" * 40 + "F2F,27,common\n" * 45)
    path = tmp_path / "rare.csv"
    path.write_text("mode,satisfaction,problem\n" + rows)
    report = run_json(["report", str(path), "--groups", "online,F2F"], capsys)
    rare = next(r for r in report["problems"]["per_problem"] if r["problem"] == "rare")
    assert rare["odds_ratio"] == "Infinity" and rare["ci"][1] == "Infinity"
    assert isinstance(rare["ci"][0], float) and rare["ci"][0] > 0
    common = next(r for r in report["problems"]["per_problem"] if r["problem"] == "common")
    assert common["odds_ratio"] == 0 and common["ci"][0] == 0


def test_the_report_says_what_a_row_stands_for(tmp_path):
    data = tmp_path / "appointments.csv"
    data.write_text("medium,appointments,satisfaction,problem\nonline,40,30,a\nF2F,60,28,b\n"
                    "online,20,25,b\nF2F,30,27,a\n")
    import contextlib
    import io
    import json

    from analysis.__main__ import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["report", str(data), "--groups", "online,F2F"]) == 0
    assert json.loads(out.getvalue())["unit"] == "appointments"
