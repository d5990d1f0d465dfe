"""The corpus of bad files (tests/data/bad, made by make_bad_files.py): each gives its own message.

The hostile ones are the worst cases of the fuzz run (tests/test_fuzz_cli.py): every file here
also runs through the command line (validate, report, report --format text) without a traceback.
"""

import pytest

from analysis.data.loading import read_path
from analysis.errors import DataError
from tests.helpers import BAD, dataset_from_bytes, issue, run_cli

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
    "bad_crc.xlsx": ("bad_excel", "its zip container is damaged: Bad CRC-32 for file "
                                  "'xl/worksheets/sheet1.xml'"),
    "broken_xml.xlsx": ("bad_excel", "Sheet 'Sheet' of broken_xml.xlsx could not be read (its XML "
                                     "is damaged: not well-formed"),
    "infinite_cell.xlsx": ("bad_excel", "a cell holds a number Excel cannot hold"),
    "zip_method_99.xlsx": ("bad_excel", "uses a feature Excel files do not: That compression "
                                        "method is not supported"),
    "too_many_columns.csv": ("too_many_columns", "has 60,001 columns; the limit is 1,000"),
    "extra_fields.csv": ("ragged_rows", "line 2 has 5 fields, the header 3"),
}

#: file -> (severity, code, message fragment, row numbers) for files read but flagged
FLAGGED = {
    "wrong_delimiter.csv": ("error", "one_column", "Only one column was found", ()),
    "not_numeric_outcome.csv": ("error", "too_few_outcome_values",
                                "(the column holds no numbers)", ()),
    "some_not_numeric.csv": ("warning", "outcome_not_numeric",
                             "1 row has an outcome that is not a number", (6,)),
    "infinite_outcome.csv": ("warning", "outcome_infinite", "infinite outcome", (6,)),
    "one_mode.csv": ("error", "fewer_than_two_modes",
                     "fewer than two delivery modes (found: online)", ()),
    "group_of_one.csv": ("error", "too_few_outcome_values", "Group 'online' has 1 client(s), "
                         "'face-to-face' has 2 with a usable value", ()),
    "missing_modes.csv": ("warning", "missing_mode", "3 rows have no delivery mode", (2, 3, 4)),
    "unknown_modes.csv": ("warning", "unknown_mode", "meaning 'unknown'", (6, 7)),
    "total_row.csv": ("warning", "total_row", "names a total", (6,)),
    "duplicate_ids.csv": ("warning", "duplicate_client_id", "share a client id", (3, 6)),
    "bad_dates.csv": ("warning", "bad_date", "2 rows have a date that could not be read", (3, 4)),
    "bad_counts.csv": ("warning", "count_negative", "count negative", (3,)),
    "no_problem_column.csv": ("error", "no_problem_column", "No problem-type column", ()),
    "no_outcome_column.csv": ("error", "no_outcome_column", "No outcome column", ()),
    "case_variants.csv": ("warning", "problem_case_variants",
                          "differ only in upper and lower case", ()),
    "implausible_age.csv": ("warning", "bad_age", "2 rows have an age", (3, 4)),
    # the worst cases of the fuzz run
    "one_value_per_mode.csv": ("error", "too_few_outcome_values", "Group 'face-to-face' has 1 "
                               "client(s), 'online' has 1 with a usable value (values left out: "
                               "2 missing)", ()),
    "empty_outcome.csv": ("error", "too_few_outcome_values", "(every value is missing)", ()),
    "all_infinite_outcome.csv": ("error", "too_few_outcome_values",
                                 "(every value is infinite)", ()),
    "no_problems_in_one_mode.csv": ("error", "too_few_problem_values", "Group 'face-to-face' has "
                                    "0 client(s), 'online' has 2 with a problem type", ()),
    "many_modes.csv": ("error", "too_many_mode_labels", "has 30 different labels (such as "
                       "mode 0, mode 1", ()),
    "counts_over_limit.csv": ("error", "counts_too_large", "add up to 1,800,000,006", ()),
    "huge_count.csv": ("warning", "count_too_large", "1 row: count too large", (2,)),
    "negative_counts.csv": ("warning", "count_negative", "3 rows: count negative", (2, 3, 6)),
    "outcome_1e308.csv": ("warning", "outcome_too_large", "2 rows have an outcome of 1e+15 or more",
                          (6, 7)),
    "constant_outcome.csv": ("warning", "outcome_no_spread", "every usable value of "
                             "'satisfaction' is 20", ()),
    "mixed_timezones.csv": ("info", "date_time_zone", "3 dates give a time zone", (2, 3, 5)),
    "long_date.csv": ("warning", "bad_date", "1 row has a date that could not be read", (2,)),
    "control_characters.csv": ("info", "invisible_characters", "2 rows have control or invisible "
                               "characters", (2, 4)),
    "nul_after_64k.csv": ("info", "invisible_characters", "1 row has control", (3006,)),
}

#: file -> what must hold of its data set, for hostile files read without any issue
READ_CLEAN = {
    "long_field.csv": lambda ds: ds.frame["problem"].str.len().max() == 131_073,
    "duplicate_headers.csv": lambda ds: list(ds.frame.columns[-4:]) == [
        "satisfaction.1", "delivery_mode.1", "column 5", "column 6"],
    "outcome_near_1e15.csv": lambda ds: ds.frame["outcome"].notna().all(),
    "nested_cells.parquet": lambda ds: ds.modes == ["['face-to-face']", "['online']"],
}


def test_corpus_is_large_enough():
    assert len(UNREADABLE) + len(FLAGGED) >= 20
    assert ({p.name for p in BAD.iterdir() if p.suffix != ".py"}
            == set(UNREADABLE) | set(FLAGGED) | set(READ_CLEAN))


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


@pytest.mark.parametrize("name", sorted(READ_CLEAN))
def test_hostile_file_is_read_as_it_should(name):
    dataset = dataset_from_bytes((BAD / name).read_bytes(), name)
    assert not dataset.validation.errors
    assert READ_CLEAN[name](dataset)


def test_control_characters_leave_the_labels():
    dataset = dataset_from_bytes((BAD / "control_characters.csv").read_bytes(),
                                 "control_characters.csv")
    assert dataset.modes == ["face-to-face", "online"]
    assert set(dataset.frame["problem"]) == {"anxiety", "depres sion", "family"}
    assert issue(dataset, "invisible_characters").values == ("online\\x07", "on\\u200bline")


def test_mixed_time_zones_keep_the_dates_as_written():
    dataset = dataset_from_bytes((BAD / "mixed_timezones.csv").read_bytes(), "mixed_timezones.csv")
    assert [str(d) for d in dataset.frame["date"]] == [
        "2024-01-01 10:00:00", "2024-01-02 10:00:00", "2024-01-03 10:00:00", "2024-03-31 01:30:00"]


#: file -> expected (exit status of validate, of report) and a fragment of report's stderr
CLI = {
    "long_field.csv": (0, 0, ""),
    "outcome_near_1e15.csv": (0, 0, ""),
    "outcome_1e308.csv": (0, 0, ""),
    "constant_outcome.csv": (0, 0, ""),
    "mixed_timezones.csv": (0, 0, ""),
    "huge_count.csv": (0, 0, ""),
    "too_many_columns.csv": (2, 2, "the limit is 1,000"),
    "bad_crc.xlsx": (2, 2, "Bad CRC-32"),
    "one_value_per_mode.csv": (2, 2, "Outcome analyses need at least two delivery modes"),
    "many_modes.csv": (2, 2, "30 different labels"),
}


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir() if p.suffix != ".py"))
def test_every_bad_file_runs_clean_through_the_command_line(name):
    for argv in (["validate", str(BAD / name)],
                 ["report", str(BAD / name), "--groups", "online,face-to-face"],
                 ["report", str(BAD / name), "--groups", "online,face-to-face",
                  "--format", "text"]):
        run = run_cli(argv, timeout=30)
        assert run.problem() is None, (argv[0], run.problem())
    if name in CLI:
        validate, report, fragment = CLI[name]
        assert run_cli(["validate", str(BAD / name)]).exit_code == validate
        run = run_cli(["report", str(BAD / name), "--groups", "online,face-to-face"])
        assert run.exit_code == report and fragment in run.stderr


def test_the_near_1e15_outcome_gets_finite_effect_sizes():
    import json

    run = run_cli(["report", str(BAD / "outcome_near_1e15.csv"), "--groups", "online,face-to-face"])
    out = json.loads(run.stdout)["outcome"]
    assert out["welch"]["mean_diff"] == -5.0
    assert all(isinstance(v, float) for v in [out["cohens_d"]["value"], *out["cohens_d"]["ci"],
                                               *out["hedges_g"]["ci"]])
