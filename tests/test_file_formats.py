"""The file shapes services hold: SPSS, Stata and SAS files (value and variable labels), a
workbook whose data are on a later sheet, title rows above the header (Excel and CSV).

The .sav, .dta and .sas7bdat files are written by pyreadstat here, in the test's own folder;
the app reads them from bytes in memory."""

import io
import json
from unittest import mock

import openpyxl
import pandas as pd
import pytest

import analysis.data.loading as loading
from analysis.__main__ import main
from analysis.data.loading import read_table
from analysis.errors import DataError
from tests.helpers import codes, dataset_from_bytes, issue, run_cli

pyreadstat = pytest.importorskip("pyreadstat")

LABELS = {"mode": "Delivery mode", "satisfaction": "CSQ-8 total", "rating": "Overall rating"}


def survey() -> pd.DataFrame:
    """Six clients: mode coded 1/2, a satisfaction total, a 1-5 rating labelled at every
    point, a gender coded with labels for some codes only, a problem as text."""
    return pd.DataFrame({
        "mode": [1.0, 2.0, 1.0, 2.0, 1.0, 2.0],
        "satisfaction": [28.0, 24.0, 30.0, 22.0, 27.0, 25.0],
        "rating": [5.0, 3.0, 4.0, 2.0, 5.0, 3.0],
        "gender": [1.0, 2.0, 3.0, 1.0, 2.0, 1.0],
        "problem": ["anxiety", "depression", "anxiety", "stress", "depression", "anxiety"],
    })


VALUE_LABELS = {
    "mode": {1: "Face-to-face", 2: "Online"},
    "rating": {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "excellent"},
    "gender": {1: "woman", 2: "man"},  # 3 has no label: the codes stay
}


@pytest.fixture(scope="module")
def stats_files(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("stats")
    frame = survey()
    pyreadstat.write_sav(frame, folder / "survey.sav", column_labels=LABELS,
                         variable_value_labels=VALUE_LABELS)
    pyreadstat.write_dta(frame, folder / "survey.dta", column_labels=LABELS,
                         variable_value_labels=VALUE_LABELS)
    sas = frame.assign(mode=frame["mode"].map({1.0: "F2F", 2.0: "Online"}))
    pyreadstat.write_sas7bdat(sas, folder / "survey.sas7bdat", column_labels=LABELS)
    return {p.suffix: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_value_labels_become_modes_and_variable_labels_are_kept(stats_files, suffix):
    table = read_table(stats_files[suffix], f"survey{suffix}")
    assert table.file_format == {".sav": "spss", ".dta": "stata"}[suffix]
    assert table.frame["mode"].tolist() == ["Face-to-face", "Online"] * 3
    assert table.variable_labels == LABELS
    assert table.value_labels == ("mode",)
    # a rating named like an outcome keeps its codes; a partly labelled column too
    assert table.frame["rating"].tolist() == [5, 3, 4, 2, 5, 3]
    assert table.frame["gender"].tolist() == [1, 2, 3, 1, 2, 1]
    assert table.first_row == 1 and "value labels applied to 1 column(s)" in table.describe()
    dataset = dataset_from_bytes(stats_files[suffix], f"survey{suffix}")
    assert dataset.roles.mode == "mode" and dataset.roles.outcome == "satisfaction"
    assert set(dataset.modes) == {"face-to-face", "online"}  # normalised as usual
    assert dataset.validation.ok


def test_sas_files_are_read_with_their_labels(stats_files):
    table = read_table(stats_files[".sas7bdat"], "survey.sas7bdat")
    assert table.file_format == "sas" and table.value_labels == ()  # SAS keeps no value labels
    assert table.variable_labels == LABELS
    assert set(dataset_from_bytes(stats_files[".sas7bdat"], "x.sas7bdat").modes) == {
        "face-to-face", "online"}


def test_statistics_files_are_read_from_memory(stats_files):
    """pyreadstat is handed an in-memory buffer, never a path (nothing is written to disk)."""
    seen = []
    real = pyreadstat.read_sav

    def spy(source, **kwargs):
        seen.append(type(source))
        return real(source, **kwargs)

    with mock.patch.object(pyreadstat, "read_sav", spy):
        read_table(stats_files[".sav"], "survey.sav")
    assert seen and set(seen) == {io.BytesIO}


def test_damaged_and_misnamed_statistics_files(stats_files):
    with pytest.raises(DataError, match="could not be read as a SPSS file") as bad:
        read_table(b"$FL2" + b"\x00garbage" * 50, "broken.sav")
    assert bad.value.code == "bad_stats_file"
    with pytest.raises(DataError, match="could not be read as a Stata file"):
        read_table(stats_files[".sav"], "wrong.dta")
    with pytest.raises(DataError, match="looks like an SPSS .sav file") as misnamed:
        read_table(stats_files[".sav"], "survey.csv")
    assert misnamed.value.code == "binary_file"


def test_statistics_files_keep_the_limits(stats_files, monkeypatch):
    with pytest.raises(DataError) as big:
        read_table(stats_files[".sav"], "survey.sav", max_mb=0.0001)
    assert big.value.code == "file_too_large"
    monkeypatch.setattr(loading, "MAX_STATS_VALUES", 10)
    with pytest.raises(DataError, match=r"6 rows x 5 variables \(30 values\)") as values:
        read_table(stats_files[".dta"], "survey.dta")
    assert values.value.code == "stats_too_large"
    with pytest.raises(DataError) as header:
        read_table(stats_files[".dta"], "survey.dta", header_row=2)
    assert header.value.code == "bad_header_row"


def test_validate_json_carries_the_variable_labels(stats_files, tmp_path, capsys):
    path = tmp_path / "survey.sav"
    path.write_bytes(stats_files[".sav"])
    main(["validate", str(path), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert out["reading"] == {"variable_labels": LABELS, "value_labels": ["mode"]}
    assert "variable_labels" not in out["file"]  # the file's keys are as they were
    assert out["roles"]["mode"] == "mode"
    assert {m["mode"] for m in out["mode_mapping"]} == {"face-to-face", "online"}
    assert main(["validate", str(path)]) in (0, 2)
    assert "Variable labels: mode = Delivery mode; satisfaction = CSQ-8 total" in (
        capsys.readouterr().out)


# --------------------------------------------------------------------------- Excel and titles

def workbook() -> bytes:
    """An "Info" sheet first; the data on "Data" below a title row and a blank row."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Info"
    info.append(["About this export"])
    info.append(["Made by the service's records system"])
    data = book.create_sheet("Data")
    data.append(["Client satisfaction, 2024"])
    data.append([])
    data.append(["delivery_mode", "satisfaction", "problem_type"])
    for row in (["online", 28, "anxiety"], ["F2F", 31, "stress"], ["online", "n/k", "anxiety"],
                ["F2F", 25, "depression"], ["online", 24, "stress"]):
        data.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_opens_on_its_data_sheet_below_the_title():
    table = read_table(workbook(), "export.xlsx")
    assert table.sheet == "Data" and table.sheets == ("Info", "Data")
    assert table.sheet_origin == "the sheet whose column names name the most roles"
    assert (table.header_row, table.first_row) == (3, 4)
    assert table.header_origin == "detected: rows 1-2 above it look like a title"
    assert list(table.frame.columns) == ["delivery_mode", "satisfaction", "problem_type"]
    assert "column names in row 3" in table.describe()
    dataset = dataset_from_bytes(workbook(), "export.xlsx")
    assert issue(dataset, "outcome_not_numeric").rows == (6,)  # the row Excel shows
    info = read_table(workbook(), "export.xlsx", sheet="Info")
    assert (info.sheet, info.sheet_origin) == ("Info", "chosen by you")


def test_the_header_row_can_be_set_in_a_workbook():
    table = read_table(workbook(), "export.xlsx", sheet="Data", header_row=3)
    assert (table.header_row, table.header_origin) == (3, "set by you")
    assert table.frame.shape == (5, 3)
    with pytest.raises(DataError, match="row 40 of sheet 'Data' cannot hold") as beyond:
        read_table(workbook(), "export.xlsx", sheet="Data", header_row=40)
    assert beyond.value.code == "bad_header_row"


TITLED = ("Counselling service export,,\n"
          ",,\n"
          "delivery_mode,satisfaction,problem_type\n"
          "online,28,anxiety\nF2F,x,stress\nonline,24,anxiety\nF2F,25,depression\n")


def test_a_csv_title_row_is_detected_and_rows_are_counted_as_in_the_file():
    table = read_table(TITLED.encode(), "titled.csv")
    assert (table.header_row, table.first_row) == (3, 4)
    assert list(table.frame.columns) == ["delivery_mode", "satisfaction", "problem_type"]
    dataset = dataset_from_bytes(TITLED, "titled.csv")
    assert issue(dataset, "outcome_not_numeric").rows == (5,)
    assert dataset.roles.mode == "delivery_mode" and len(dataset.frame) == 4


def test_a_title_without_delimiters_above_a_semicolon_table():
    text = "Export of 3 June\n\nmode;satisfaction;problem\nonline;20;a\nF2F;25;b\n"
    table = read_table(text.encode(), "titled.csv")
    assert table.delimiter == ";" and table.header_row == 3
    assert table.frame["satisfaction"].tolist() == [20, 25]


def test_a_header_in_the_first_row_is_read_as_before():
    text = "mode,satisfaction\nonline,20\nF2F,25\n"
    table = read_table(text.encode(), "plain.csv")
    assert (table.header_row, table.first_row, table.header_origin) == (1, 2, "the first row")


def test_ragged_rows_below_a_title_are_numbered_as_in_the_file():
    text = TITLED + "online,20,anxiety,extra\n"
    with pytest.raises(DataError, match="line 8") as ragged:
        read_table(text.encode(), "titled.csv")
    assert ragged.value.code == "ragged_rows"


def test_the_header_row_option_on_the_command_line(tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text(TITLED)
    run = run_cli(["validate", str(path), "--header-row", "3", "--format", "json"])
    assert run.problem() is None
    reading = json.loads(run.stdout)["reading"]
    assert reading == {"header_row": 3, "header_origin": "set by you"}
    plain = run_cli(["validate", str(path), "--format", "json"])
    assert json.loads(plain.stdout)["reading"]["header_origin"] == (
        "detected: rows 1-2 above it look like a title")
    beyond = run_cli(["validate", str(path), "--header-row", "99"])
    assert beyond.exit_code == 2 and beyond.problem() is None
    assert "row 99 cannot hold the column names: the file has 7 line(s)" in beyond.stderr
    zero = run_cli(["validate", str(path), "--header-row", "0"])
    assert zero.exit_code == 2 and "at least 1" in zero.stderr and zero.exception is None
    sheet = tmp_path / "export.xlsx"
    sheet.write_bytes(workbook())
    run = run_cli(["report", str(sheet), "--groups", "online,face-to-face"])
    assert run.exit_code == 0 and json.loads(run.stdout)["groups"] == ["online", "face-to-face"]


def test_the_cli_reads_a_stata_file(stats_files, tmp_path):
    path = tmp_path / "survey.dta"
    path.write_bytes(stats_files[".dta"])
    run = run_cli(["report", str(path), "--groups", "online,face-to-face"])
    assert run.problem() is None
    report = json.loads(run.stdout)
    assert report["outcome"]["descriptives"]["online"]["n"] == 3


def test_role_detection_reads_a_labelled_mode_not_its_codes(stats_files):
    assert "too_many_mode_labels" not in codes(dataset_from_bytes(stats_files[".sav"], "x.sav"))


def test_the_data_page_reads_a_sav_file_and_a_workbook(stats_files):
    from tests.test_app import start, texts, upload, widget

    at = start("app_pages/data.py")
    upload(at, "survey.sav", stats_files[".sav"])
    assert not at.exception
    mode = widget(at, "selectbox", "Delivery mode")
    assert mode.value == "mode" and "mode — Delivery mode" in mode.options
    assert "SPSS file" in texts(at)
    upload(at, "export.xlsx", workbook())
    assert widget(at, "selectbox", "Sheet").value == "Data"
    assert widget(at, "number_input", "Row holding the column names").value == 3
    assert "Column names in row 3: detected" in texts(at)
    widget(at, "selectbox", "Sheet").select("Info").run()
    assert not at.exception and "Sheet 'Info': chosen by you." in texts(at)


def test_the_data_page_refuses_a_header_row_beyond_the_file():
    from tests.test_app import start, texts, upload, widget

    at = start("app_pages/data.py")
    upload(at, "titled.csv", TITLED.encode())
    field = widget(at, "number_input", "Row holding the column names")
    assert field.value == 3
    field.set_value(50).run()
    assert not at.exception
    assert any("row 50 cannot hold the column names" in e.value for e in at.error)
    assert "Column names in row 3" in texts(at)  # the file stays as it was read
    widget(at, "number_input", "Row holding the column names").set_value(1).run()
    assert "Column names in row 1: set by you." in texts(at)
