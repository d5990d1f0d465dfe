"""Helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from analysis.dataset import Dataset, Preparation, prepare_dataset
from analysis.loading import read_table
from analysis.roles import detect_roles

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BAD = DATA / "bad"


def dataset_from_bytes(data: bytes | str, name: str = "test.csv", **preparation) -> Dataset:
    """Read ``data`` as the file ``name`` and prepare it with detected roles (overridable)."""
    raw = data.encode() if isinstance(data, str) else data
    table = read_table(raw, name)
    roles = detect_roles(table.frame).replace(**preparation.pop("roles", {}))
    return prepare_dataset(table.frame, Preparation(roles, **preparation), first_row=table.first_row)


def codes(dataset: Dataset) -> set[str]:
    return {issue.code for issue in dataset.validation.issues}


def issue(dataset: Dataset, code: str):
    matches = [i for i in dataset.validation.issues if i.code == code]
    assert matches, f"no issue {code!r} in {sorted(codes(dataset))}"
    return matches[0]
