"""The catalogue of issues (analysis/data/issues.py) is complete and used: the cleaners and checks
build every issue from it, and every entry is reported by a file of the corpus."""

import ast
import functools
from pathlib import Path

import pytest

from analysis.data.issues import CATALOGUE, issue
from analysis.data.scales import ItemScoring
from analysis.errors import DataError
from tests.helpers import BAD, ROOT, dataset_from_bytes

#: The modules that report issues while preparing a data set.
REPORTING = [ROOT / "analysis" / "data" / name for name in ("dataset.py", "cleaners.py",
                                                             "checks.py", "modes.py", "wide.py")]
SAMPLE = ROOT / "sample_data" / "counseling_episodes.csv"

#: Entries no file of the corpus reports with its detected roles: the choices (in the app's
#: mapping and options) that make the sample data or a bad file report them.
CHOSEN = {
    "outcome_out_of_range": (SAMPLE, {}, {"outcome_range": (8, 24)}),
    "item_out_of_range": (SAMPLE, {}, {"scoring": ItemScoring(
        tuple(f"sat_{i}" for i in range(1, 9)), item_max=3)}),
    "too_many_missing_items": (SAMPLE, {}, {"scoring": ItemScoring(
        tuple(f"sat_{i}" for i in range(1, 9)), item_max=3)}),
    "no_mode_column": (SAMPLE, {"mode": None}, {}),
    "small_group": (SAMPLE, {"mode": "sessions_attended"}, {}),
    "too_many_problem_types": (SAMPLE, {"problem": "client_id", "client_id": None}, {}),
    "count_missing": (SAMPLE, {"count": "satisfaction_total", "outcome": "alliance_total"}, {}),
    "count_infinite": (BAD / "infinite_outcome.csv", {"count": "satisfaction", "outcome": None},
                       {}),
    # 15 counselors as modes: too many to compare, not too many labels (the corpus's many_modes
    # file has 30, which says it is no mode column at all)
    "too_many_modes": (SAMPLE, {"mode": "counselor_id", "counselor": None}, {}),
}
#: Entries no file of the corpus can report, and why (each shown here on a small table).
UNREACHABLE = {
    # the sample data and the bad files write decimal points (the messy export has whole scores)
    "decimal_comma": "client_id;delivery_mode;satisfaction\nc1;online;4,5\nc2;face-to-face;3,5\n",
    # no file of the corpus has columns of counts per mode (tests/test_wide.py reads such files)
    "wide_count_columns": "month,online_sessions,face_to_face_sessions\n2024-01,5,7\n",
}


def corpus() -> list[Path]:
    return sorted(p for p in BAD.iterdir() if p.suffix != ".py") + sorted(
        (ROOT / "sample_data").glob("*.csv"))


@functools.cache
def reported_by_the_corpus() -> frozenset[str]:
    codes = set()
    for path in corpus():
        try:
            dataset = dataset_from_bytes(path.read_bytes(), path.name)
        except DataError:
            continue  # unreadable files stop before preparation (errors of loading.py)
        codes |= {i.code for i in dataset.validation.issues}
    return frozenset(codes)


def issue_calls(path: Path) -> list[ast.Call]:
    """The calls of ``issue(...)`` and ``rows_issue(...)`` in ``path``."""
    return [node for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in ("issue", "rows_issue")]


def test_the_cleaners_take_every_issue_from_the_catalogue():
    for path in REPORTING:
        tree = ast.parse(path.read_text())
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Call)
                    and isinstance(n.func, ast.Name) and n.func.id in ("Issue", "issue_for_rows")
                    ], f"{path.name} builds an issue outside the catalogue"
        for call in issue_calls(path):
            code = call.args[0]
            if isinstance(code, ast.Constant):
                assert code.value in CATALOGUE, (path.name, code.value)
            else:  # the counts' codes are their reasons (checked on the corpus below)
                assert ast.unparse(code) == "reason.replace(' ', '_')", (path.name, call.lineno)


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError):
        issue("no_such_code")


def test_every_code_reported_is_in_the_catalogue():
    assert reported_by_the_corpus() <= set(CATALOGUE)


def test_every_entry_is_reported_by_the_corpus():
    assert set(CATALOGUE) - reported_by_the_corpus() == set(CHOSEN) | set(UNREACHABLE)


@pytest.mark.parametrize("code", sorted(CHOSEN))
def test_the_entries_reported_after_a_choice(code):
    path, roles, options = CHOSEN[code]
    dataset = dataset_from_bytes(path.read_bytes(), path.name, roles=roles, **options)
    assert code in {i.code for i in dataset.validation.issues}


@pytest.mark.parametrize("code", sorted(UNREACHABLE))
def test_the_entries_no_file_reports(code):
    dataset = dataset_from_bytes(UNREACHABLE[code])
    assert code in {i.code for i in dataset.validation.issues}


def test_every_error_says_what_to_do():
    assert all(kind.action for kind in CATALOGUE.values() if kind.severity == "error")


def test_an_entry_that_depends_on_the_role_needs_the_role_s_analyses():
    with pytest.raises(ValueError):
        issue("invisible_characters")
    with pytest.raises(ValueError):
        issue("no_mode_column", affects="problem analyses")
