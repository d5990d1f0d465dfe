"""Random bytes and random CSVs give a data set or a DataError, never another exception."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.dataset import Preparation, prepare_dataset
from analysis.errors import DataError
from analysis.loading import read_table
from analysis.roles import detect_roles

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


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["x.csv", "x.txt", "x.tsv", "x.xlsx", "x.parquet"]))
def test_random_bytes(data, name):
    load_or_error(data, name)


cell = st.one_of(
    st.sampled_from(["online", "F2F", "In person", "", "NA", "unknown", "Total", "anxiety; family",
                     "4,5", "inf", "-3", "2.5", "=cmd()", "1e308", "nan", "2025-13-45"]),
    st.integers(-100, 100).map(str),
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
