"""``python -m analysis validate``: exit codes, messages, no tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.__main__ import main
from analysis.sample import sample_path
from tests.helpers import BAD

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
