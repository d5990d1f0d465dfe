"""Random bytes and random CSVs give a data set or a DataError, never another exception."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.data.dataset import Preparation, prepare_dataset
from analysis.data.loading import read_table
from analysis.data.roles import detect_roles
from analysis.data.units import UNITS
from analysis.data.validation import has_invisible
from analysis.errors import DataError
from analysis.options import MAX_ABS_OUTCOME
from tests.helpers import run_cli

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_or_error(data: bytes, name: str) -> None:
    try:
        table = read_table(data, name)
    except DataError as exc:
        assert exc.message and exc.code
        return
    dataset = prepare_dataset(table.frame, Preparation(detect_roles(table.frame)),
                              first_row=table.first_row)
    assert dataset.validation.n_rows == len(table.frame)
    assert len(dataset.frame) == len(table.frame)
    assert dataset.frame.columns.is_unique and dataset.frame.index.is_unique
    assert 0 <= dataset.n_usable <= dataset.usable.n_total
    assert dataset.n_usable_rows <= len(dataset.frame)
    assert (dataset.frame["weight"] >= 0).all()
    assert dataset.unit in UNITS
    values = dataset.frame["outcome"].dropna()
    if dataset.scale is not None and dataset.outcome_scale.source == "detected":
        used = dataset.frame["mode"].notna() & (dataset.frame["weight"] > 0)
        inside = dataset.frame.loc[used, "outcome"].dropna()
        assert inside.between(*dataset.scale).all()
    assert (values.abs() < MAX_ABS_OUTCOME).all()
    for label in [*dataset.modes, *dataset.frame["problem"].dropna().unique()]:
        assert not has_invisible(str(label)), repr(label)


@SETTINGS
@given(st.binary(max_size=2000),
       st.sampled_from(["x.csv", "x.txt", "x.tsv", "x.xlsx", "x.parquet"]))
def test_random_bytes(data, name):
    load_or_error(data, name)


cell = st.one_of(
    st.sampled_from(["online", "F2F", "In person", "", "NA", "unknown", "Total", "anxiety; family",
                     "4,5", "inf", "-3", "2.5", "=cmd()", "1e308", "nan", "2025-13-45"]),
    st.integers(-100, 100).map(str),
    st.sampled_from(["1e15", "-1e308", "4611686018427387904", "2024-01-01T10:00+01:00",
                     "2024-01-02T10:00Z", "online\x07", "on\u200bline", "x" * 131_073]),
    st.text(max_size=12),
)
header = st.lists(st.sampled_from(["delivery_mode", "satisfaction", "problem_type", "count",
                                   "client_id", "age", "intake_date", "site", "x", ""]),
                  min_size=1, max_size=6)


@SETTINGS
@given(header, st.data(), st.sampled_from([",", ";", "\t", "|"]),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_random_csv(columns, data, delimiter, encoding):
    rows = data.draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)),
                              max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    writer.writerows(rows)
    load_or_error(buffer.getvalue().encode(encoding, errors="replace"), "random.csv")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header, st.data(), st.sampled_from([",", ";", "\t"]))
def test_random_csv_through_the_command_line(tmp_path_factory, columns, data, delimiter):
    rows = data.draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)),
                              min_size=1, max_size=8))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([columns, *rows])
    path = tmp_path_factory.mktemp("csv") / "random.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    for argv in (["validate", str(path)], ["report", str(path), "--groups", "online,F2F"]):
        run = run_cli(argv, timeout=30)
        assert run.problem() is None, run.problem()
        assert run.exit_code in (0, 2)
