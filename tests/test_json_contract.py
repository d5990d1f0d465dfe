"""The command line's output on the sample data, kept as golden copies (tests/data/golden/).

The JSON contract (keys, order, strings, counts) must stay exactly as it is through any change of
the code's structure: a golden copy is compared key by key and string by string, integers
exactly and other numbers to a relative 1e-9 (so that a newer scipy does not fail CI: the
Games-Howell p comes from scipy's numerical integration of the studentized range, whose last
digits moved by 5e-10 between scipy releases). The ``adjusted`` block comes from iterative fits
(logistic IRLS, REML, the proportional-odds likelihood) that stop at a tolerance, and its
balance after overlap weighting is 0 up to rounding (1e-15): there numbers agree to a relative
1e-6 or an absolute 1e-9, what the fits promise. After a deliberate change of the contract, write
the copies again with ``python -m tests.test_json_contract`` and say so in the commit.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from analysis.data.bundled import sample_path
from tests.helpers import run_cli

GOLDEN = Path(__file__).parent / "data" / "golden"
SAMPLE = str(sample_path())
MESSY = str(sample_path("messy_export"))
#: name -> the command line (the golden copy is tests/data/golden/<name>)
COMMANDS = {
    "report.json": ["report", SAMPLE, "--groups", "online,face-to-face"],
    "report_covariates.json": ["report", SAMPLE, "--groups", "online,face-to-face",
                               "--covariates", "problem,age,site"],
    "report_adjusted.json": ["report", SAMPLE, "--groups", "online,face-to-face",
                             "--cluster", "counselor,site", "--weights", "ate"],
    "report.txt": ["report", SAMPLE, "--groups", "online,face-to-face", "--format", "text"],
    "validate.json": ["validate", SAMPLE, "--format", "json"],
    "validate_messy.txt": ["validate", MESSY],
    "plan.json": ["plan", "--n", "60,60", "--d", "0.4"],
}


def output(name: str) -> str:
    run = run_cli(COMMANDS[name])
    assert run.exit_code == 0 and run.problem() is None, run.problem()
    return run.stdout


def differences(expected, actual, path: str = "$") -> list[str]:
    """Where two parsed JSON documents differ: structure, key order, strings and integers
    exactly, other numbers to a relative 1e-9."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        if list(expected) != list(actual):
            return [f"{path}: keys {list(expected)} != {list(actual)}"]
        return [d for key in expected
                for d in differences(expected[key], actual[key], f"{path}.{key}")]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items != {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual))
                for d in differences(e, a, f"{path}[{i}]")]
    if type(expected) is float and type(actual) is float:
        fitted = path.startswith("$.adjusted")
        if math.isclose(expected, actual, rel_tol=1e-6 if fitted else 1e-9,
                        abs_tol=1e-9 if fitted else 1e-300):
            return []
    elif type(expected) is type(actual) and expected == actual:
        return []
    return [f"{path}: {expected!r} != {actual!r}"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_output_on_the_sample_is_the_golden_copy(name):
    expected, actual = (GOLDEN / name).read_text(encoding="utf-8"), output(name)
    if name.endswith(".json"):
        found = differences(json.loads(expected), json.loads(actual))
        assert not found, "\n".join(found[:20])
    else:
        assert actual == expected


def test_the_comparison_sees_what_it_must():
    assert differences({"a": 1, "b": [0.1, "x"]}, {"a": 1, "b": [0.1 + 1e-11, "x"]}) == []
    assert differences({"a": 1, "b": 2}, {"b": 2, "a": 1}) == ["$: keys ['a', 'b'] != ['b', 'a']"]
    assert differences({"n": 5}, {"n": 5.0}) == ["$.n: 5 != 5.0"]
    assert differences({"p": 0.05}, {"p": 0.0501}) == ["$.p: 0.05 != 0.0501"]
    assert differences(["Infinity"], ["inf"]) == ["$[0]: 'Infinity' != 'inf'"]
    assert differences({"adjusted": {"smd": 1e-15}}, {"adjusted": {"smd": -3e-15}}) == []
    assert differences({"adjusted": {"p": 0.05}}, {"adjusted": {"p": 0.0500001}}) != []


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for golden in sorted(COMMANDS):
        (GOLDEN / golden).write_text(output(golden), encoding="utf-8")
        print(f"wrote {GOLDEN / golden}", file=sys.stderr)
