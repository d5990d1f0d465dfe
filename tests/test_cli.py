"""``python -m analysis validate``: exit codes, messages, no tracebacks."""

import contextlib
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.__main__ import main
from analysis.data.bundled import sample_path
from tests.helpers import BAD
from tests.reference import power_reference as P

ROOT = Path(__file__).resolve().parent.parent


def test_validate_sample_exits_0(capsys):
    assert main(["validate", str(sample_path())]) == 0
    out = capsys.readouterr().out
    assert "1,500 rows" in out and "mode=delivery_mode" in out


def test_validate_messy_export_lists_rows_and_values(capsys):
    assert main(["validate", str(sample_path("messy_export")), "--outcome-range", "8,32"]) == 0
    out = capsys.readouterr().out
    assert "1 row has an outcome outside the valid range 8-32" in out
    assert "values: n/k" in out
    assert "rows: 9, 43" in out


def test_validate_json(capsys):
    assert main(["validate", str(sample_path("messy_export")), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["roles"]["mode"] == "Format"
    assert {m["original"] for m in report["mode_mapping"]} >= {"F2F", "In person", "Online "}
    assert any(i["code"] == "duplicate_client_id" for i in report["issues"])


@pytest.mark.parametrize("args, message", [
    (["validate", "no/such/file.csv"], "No such file"),
    (["validate", str(BAD / "empty.csv")], "is empty"),
    (["validate", str(BAD / "one_mode.csv")], None),
    (["validate", str(sample_path()), "--mode-col", "nope"], "has no column 'nope'"),
    (["validate", str(sample_path()), "--problem-sep", "#"], "--problem-sep must be"),
    (["validate", str(sample_path()), "--outcome-range", "9"], "expected LOW,HIGH"),
])
def test_invalid_input_exits_2_with_a_plain_message(args, message, capsys):
    assert exit_code(args) == 2
    err = capsys.readouterr().err
    if message:
        assert message in err
    assert "Traceback" not in err


def exit_code(args: list[str]) -> int:
    """main()'s status, whether it returns it or argparse exits with it."""
    try:
        return main(args)
    except SystemExit as exc:
        return exc.code


def test_overriding_a_column_frees_it_from_its_detected_role(capsys):
    assert main(["validate", str(sample_path()), "--outcome-col", "alliance_total"]) == 0
    assert "outcome=alliance_total" in capsys.readouterr().out


def test_module_runs_as_a_process_without_traceback():
    done = subprocess.run([sys.executable, "-m", "analysis", "validate", str(BAD / "binary.csv")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.startswith("error: binary.csv contains NUL bytes")
    assert "Traceback" not in done.stderr


# ---- python -m analysis plan --------------------------------------------------------------

def plan_json(args, capsys) -> dict:
    assert main(["plan", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_plan_for_group_sizes_prints_detectable_d_and_power(capsys):
    out = plan_json(["--n", "10,10", "--d", "0.5"], capsys)
    assert (out["test"], out["n_a"], out["n_b"], out["d"]) == ("t", 10, 10, 0.5)
    # R: power.t.test(n = 10, sd = 1, power = .8, strict = TRUE, tol = 1e-12)$delta
    expected = next(r[-1] for r in P.T_DETECTABLE_D if r[:4] == (10, 10, 0.05, 0.8))
    assert out["detectable_d"] == pytest.approx(expected, rel=1e-8)
    # R: power.t.test(n = 10, delta = .5, sd = 1, strict = TRUE)$power
    assert out["power"] == pytest.approx(0.18509565629, abs=1e-10)
    assert (out["alpha"], out["target_power"]) == (0.05, 0.8)


def test_plan_for_an_effect_prints_rounded_and_unrounded_group_sizes(capsys):
    out = plan_json(["--d", "0.5", "--power", "0.9", "--alpha", "0.01", "--ratio", "2"], capsys)
    group = out["n_per_group"]
    assert group["n_b_unrounded"] == pytest.approx(2 * group["n_a_unrounded"])
    assert (group["n_a"], group["n_b"]) == (math.ceil(group["n_a_unrounded"]),
                                            math.ceil(group["n_b_unrounded"]))
    assert group["power"] >= 0.9
    equal = plan_json(["--d", "0.5"], capsys)["n_per_group"]
    # R: power.t.test(delta = .5, sd = 1, power = .8, strict = TRUE, tol = 1e-12)$n
    expected = next(r[-1] for r in P.T_SAMPLE_SIZE if r[:4] == (0.5, 0.05, 0.8, 1))
    assert (equal["n_a"], equal["n_b"]) == (64, 64)
    assert equal["n_a_unrounded"] == pytest.approx(expected, rel=1e-8)


def test_plan_for_a_chi_square(capsys):
    out = plan_json(["--w", "0.3", "--df", "4", "--n", "500"], capsys)
    assert out["test"] == "chi-square" and out["df"] == 4
    # R: pwr.chisq.test(w = .3, df = 4, power = .8)$N = 132.6143
    assert out["n_total"] == 133 and out["n_total_unrounded"] == pytest.approx(132.6143, abs=1e-3)
    assert 0 < out["detectable_w"] < 0.3 and out["power"] > 0.99
    only_n = plan_json(["--df", "7", "--n", "1500"], capsys)
    assert set(only_n) == {"test", "alpha", "target_power", "df", "n", "detectable_w"}


@pytest.mark.parametrize("args, message", [
    ([], "Give --n A,B"),
    (["--d", "0"], "other than 0"),
    (["--n", "10,x"], "expected whole numbers"),
    (["--n", "10.5,20"], "expected whole numbers"),
    (["--n", "1,20"], "at least 2 clients"),
    (["--n", "10,20,30"], "two group sizes"),
    (["--n", "10,20", "--ratio", "2"], "--ratio is for --d alone"),
    (["--d", "0.5", "--power", "0.01"], "above alpha"),
    (["--d", "nan"], "finite number"),
    (["--alpha", "1.5", "--d", "0.5"], "between 0 and 1"),
    (["--w", "0.3"], "needs --df"),
    (["--df", "0", "--w", "0.3"], "at least 1"),
    (["--df", "3", "--n", "10,20"], "one total"),
    (["--df", "3", "--w", "0.3", "--d", "0.4"], "for the t-test"),
    (["--d", "1e-12"], "out of reach"),
])
def test_plan_bad_arguments_exit_2_with_a_plain_message(args, message, capsys):
    assert exit_code(["plan", *args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_plan_runs_as_a_process():
    done = subprocess.run([sys.executable, "-m", "analysis", "plan", "--n", "25,60"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and json.loads(done.stdout)["detectable_d"] > 0
    bad = subprocess.run([sys.executable, "-m", "analysis", "plan", "--n", "3"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and bad.stderr.startswith("error: For the t-test, --n is two")
    assert "Traceback" not in bad.stderr


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["--n", "--d", "--w", "--df", "--alpha", "--power", "--ratio",
                                 "3", "10,10", "2,1000", "0", "-1", "0.5", "1e9", "x", "1,2,3",
                                 "0.99", "inf", ""]), max_size=8))
def test_plan_never_shows_a_traceback(args):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(err):
        code = exit_code(["plan", *args])
    assert code in (0, 2)
    if code == 0:
        assert json.loads(out.getvalue())
    else:
        assert err.getvalue() and "Traceback" not in err.getvalue()


def test_help_states_the_limits(capsys):
    from analysis.__main__ import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "200 MB" in text and "1,000 columns" in text and "12 delivery modes" in text


def test_a_run_over_its_time_limit_stops_with_a_plain_message():
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(sample_path()),
                           "--groups", "online,face-to-face", "--time-limit", "0.001"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: report took longer than 0.001 s, the time limit.")
    assert "--time-limit" in done.stderr and "Traceback" not in done.stderr


def test_a_timer_the_caller_runs_is_left_to_stand(capsys):
    """In-process callers with their own alarm (the fuzz harness) keep it: main() does not
    replace it with the default limit."""
    import signal

    from tests.helpers import run_cli

    run = run_cli(["validate", str(sample_path())], timeout=60)
    assert run.exit_code == 0 and run.problem() is None
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0  # the harness's timer was cleared
