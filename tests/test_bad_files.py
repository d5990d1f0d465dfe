"""The corpus of bad files (tests/data/bad, made by make_bad_files.py): each gives its own message."""

import pytest

from analysis.errors import DataError
from analysis.loading import read_path
from tests.helpers import BAD, dataset_from_bytes, issue

#: file -> (code, a fragment of the message) for files that cannot be read at all
UNREADABLE = {
    "empty.csv": ("empty_file", "is empty"),
    "whitespace_only.csv": ("empty_file", "is empty"),
    "header_only.csv": ("no_rows", "header row but no data rows"),
    "binary.csv": ("binary_file", "NUL bytes"),
    "utf16_no_bom.csv": ("binary_file", "UTF-16 without a byte-order mark"),
    "xlsx_named_csv.csv": ("binary_file", "looks like an Excel workbook"),
    "pdf_named_csv.csv": ("binary_file", "looks like a PDF document"),
    "ragged.csv": ("ragged_rows", "expected 4 fields in line 4, saw 6"),
    "huge_line.csv": ("huge_line", "line 6 is 1,100,000 characters long"),
    "report.pdf": ("unsupported_type", "files ending in .pdf are not supported"),
    "old_workbook.xls": ("unsupported_type", "save it as .xlsx or .csv"),
    "broken.xlsx": ("bad_excel", "could not be opened as an Excel workbook"),
    "broken.parquet": ("bad_parquet", "could not be read as a Parquet file"),
}

#: file -> (severity, code, message fragment, row numbers) for files read but flagged
FLAGGED = {
    "wrong_delimiter.csv": ("error", "one_column", "Only one column was found", ()),
    "not_numeric_outcome.csv": ("error", "outcome_not_numeric", "holds no numbers", ()),
    "some_not_numeric.csv": ("warning", "outcome_not_numeric", "1 row has an outcome that is not a number", (6,)),
    "infinite_outcome.csv": ("warning", "outcome_infinite", "infinite outcome", (6,)),
    "one_mode.csv": ("error", "fewer_than_two_modes", "fewer than two delivery modes (found: online)", ()),
    "group_of_one.csv": ("warning", "small_group", "Mode 'online' has 1 client(s)", ()),
    "missing_modes.csv": ("warning", "missing_mode", "3 rows have no delivery mode", (2, 3, 4)),
    "unknown_modes.csv": ("warning", "unknown_mode", "meaning 'unknown'", (6, 7)),
    "total_row.csv": ("warning", "total_row", "names a total", (6,)),
    "duplicate_ids.csv": ("warning", "duplicate_client_id", "share a client id", (3, 6)),
    "bad_dates.csv": ("warning", "bad_date", "2 rows have a date that could not be read", (3, 4)),
    "bad_counts.csv": ("warning", "count_negative", "count negative", (3,)),
    "no_problem_column.csv": ("error", "no_problem_column", "No problem-type column", ()),
    "no_outcome_column.csv": ("error", "no_outcome_column", "No outcome column", ()),
    "case_variants.csv": ("warning", "problem_case_variants", "differ only in upper and lower case", ()),
    "implausible_age.csv": ("warning", "bad_age", "2 rows have an age", (3, 4)),
}


def test_corpus_is_large_enough():
    assert len(UNREADABLE) + len(FLAGGED) >= 20
    assert {p.name for p in BAD.iterdir() if p.suffix != ".py"} == set(UNREADABLE) | set(FLAGGED)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_file_gives_its_message(name):
    code, fragment = UNREADABLE[name]
    with pytest.raises(DataError) as err:
        read_path(BAD / name)
    assert err.value.code == code
    assert fragment in err.value.message
    assert name in err.value.message


@pytest.mark.parametrize("name", sorted(FLAGGED))
def test_flagged_file_reports_its_issue(name):
    severity, code, fragment, rows = FLAGGED[name]
    dataset = dataset_from_bytes((BAD / name).read_bytes(), name)
    found = issue(dataset, code)
    assert found.severity == severity
    assert fragment in found.message
    if rows:
        assert found.rows == rows


def test_bad_counts_reports_every_defect_and_zero_weights():
    dataset = dataset_from_bytes((BAD / "bad_counts.csv").read_bytes(), "bad_counts.csv")
    by_code = {i.code: i.rows for i in dataset.validation.issues}
    assert by_code["count_negative"] == (3,)
    assert by_code["count_not_a_whole_number"] == (4,)
    assert by_code["count_not_a_number"] == (5,)
    assert dataset.frame["weight"].tolist() == [3, 0, 0, 0, 4]
