"""Reading files: encodings, delimiters, Excel, Parquet; the sample files."""

import io

import pandas as pd
import pytest

from analysis.data.bundled import SAMPLES, load_sample, sample_path
from analysis.data.loading import read_table, sniff_delimiter
from analysis.errors import DataError
from tests.helpers import dataset_from_bytes

TEXT = "delivery_mode,satisfaction,problem_type\nonline,28,anxiety\nF2F,30,family\n"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_file_loads_and_is_analysable(name):
    dataset = load_sample(name)
    assert dataset.validation.ok
    assert set(dataset.modes) == {"online", "face-to-face"}


def test_sample_has_the_documented_columns_and_size():
    frame = pd.read_csv(sample_path())
    assert 1400 <= len(frame) <= 1600
    for col in ("client_id", "intake_date", "site", "counselor_id", "delivery_mode",
                "online_channel", "age", "gender", "problem_type", "presenting_problems",
                "sessions_attended", "completed", "satisfaction_total", "alliance_task",
                "alliance_bond", "alliance_goal", "alliance_total",
                *[f"sat_{i}" for i in range(1, 9)]):
        assert col in frame.columns
    assert frame["site"].nunique() == 3
    assert 12 <= frame["counselor_id"].nunique() <= 18
    assert frame["satisfaction_total"].dropna().between(8, 32).all()


def test_messy_export_reads_with_bom_and_semicolons():
    data = sample_path("messy_export").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = read_table(data, "messy_export.csv")
    assert table.encoding == "utf-8-sig" and table.delimiter == ";"
    assert table.frame.columns[0] == "Client Ref"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_encodings_and_delimiters(encoding, delimiter):
    text = TEXT.replace(",", delimiter).replace("anxiety", "anxiété")
    table = read_table(text.encode(encoding), "x.csv")
    assert table.delimiter == delimiter
    assert table.frame["problem_type"].tolist() == ["anxiété", "family"]


def test_cp1252_is_tried_before_latin1():
    table = read_table("mode,score\nonline,28\nface-to-face,30 €\n".encode("cp1252"), "x.csv")
    assert table.encoding == "cp1252"
    assert table.frame["score"].iloc[1] == "30 €"


def test_quoted_delimiters_do_not_fool_the_sniffer():
    lines = ['mode;problem', 'online;"anxiety, stress"', 'f2f;"family, work"']
    assert sniff_delimiter(lines) == ";"


def test_excel_reads_the_chosen_sheet():
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame({"notes": ["x"]}).to_excel(writer, sheet_name="Notes", index=False)
        pd.read_csv(io.StringIO(TEXT)).to_excel(writer, sheet_name="Data", index=False)
    data = buffer.getvalue()
    first = read_table(data, "book.xlsx")  # the sheet naming the roles, not the first one
    assert first.sheets == ("Notes", "Data") and first.sheet == "Data"
    assert first.sheet_origin == "the sheet whose column names name the most roles"
    notes = read_table(data, "book.xlsx", sheet="Notes")
    assert (notes.sheet, notes.sheet_origin) == ("Notes", "chosen by you")
    table = read_table(data, "book.xlsx", sheet="Data")
    assert table.frame["satisfaction"].tolist() == [28, 30]
    with pytest.raises(DataError, match="no sheet named 'Other'"):
        read_table(data, "book.xlsx", sheet="Other")


def test_parquet_round_trip_and_row_numbers():
    buffer = io.BytesIO()
    pd.read_csv(io.StringIO(TEXT)).to_parquet(buffer)
    dataset = dataset_from_bytes(buffer.getvalue(), "x.parquet")
    assert dataset.frame["mode"].tolist() == ["online", "face-to-face"]
    assert dataset.frame["row"].tolist() == [1, 2]


def test_size_cap():
    with pytest.raises(DataError) as err:
        read_table(b"a,b\n" + b"1,2\n" * 300_000, "big.csv", max_mb=1)
    assert err.value.code == "file_too_large"


def test_decimal_comma_is_read_and_said():
    dataset = dataset_from_bytes("mode;satisfaction\nonline;4,5\nF2F;3,25\n")
    assert dataset.frame["outcome"].tolist() == [4.5, 3.25]
    assert any(i.code == "decimal_comma" for i in dataset.validation.issues)


def test_thousands_commas_are_not_taken_for_decimals():
    dataset = dataset_from_bytes('mode,satisfaction\nonline,"1,000"\nF2F,3.5\nonline,2\nF2F,3\n')
    assert dataset.frame["outcome"].isna().tolist() == [True, False, False, False]


def test_blank_and_repeated_column_names_get_names():
    table = read_table(b"mode,,mode\nonline,1,2\n", "x.csv")
    assert len(set(table.frame.columns)) == 3


@pytest.mark.parametrize("before, length, flagged", [
    (10, 1_000_001, True), (600_000, 1_000_001, True), (3, 999_999, False), (0, 2_500_000, True),
])
def test_huge_line_is_found_wherever_it_starts(before, length, flagged):
    from analysis.data.loading import _longest_line
    data = b"a,b\n" + b"1,2\n" * before + b"x" * length + b"\n1,2\n"
    line, found = _longest_line(data)
    assert (found > 0) == flagged
    if flagged:
        assert (line, found) == (before + 2, length)


# ---- hostile text, cells and workbooks ---------------------------------------------------------

def test_fields_longer_than_the_csv_modules_limit_are_read():
    long = "x" * 131_073
    table = read_table(f"mode,satisfaction,note\nonline,28,{long}\nF2F,30,a\n".encode(), "x.csv")
    assert table.delimiter == "," and table.frame["note"].str.len().max() == 131_073
    assert sniff_delimiter(["a;b", f"1;{long}"]) == ";"
    import csv
    assert csv.field_size_limit() == 131_072  # lifted while sniffing only


def test_lines_are_split_as_the_csv_parsers_split_them():
    # U+2029 (paragraph separator) is not a line break for a CSV parser: the header keeps it
    table = read_table("mode\u2029;satisfaction;problem\nonline;28;a\nF2F;30;b\n".encode(), "x.csv")
    assert table.delimiter == ";"
    assert list(table.frame.columns) == ["mode", "satisfaction", "problem"]


def test_too_many_columns_is_a_plain_error_before_parsing():
    with pytest.raises(DataError, match="has 5,001 columns; the limit is 1,000") as err:
        read_table(("a," * 5000 + "b\n" + "1," * 5000 + "2\n").encode(), "wide.csv")
    assert err.value.code == "too_many_columns"


def test_a_damaged_workbook_says_what_is_damaged():
    from tests.data.make_bad_files import TABLE, bad_crc, rewrite_member, workbook

    good = workbook(TABLE)
    assert read_table(good, "ok.xlsx").frame.shape == (4, 3)
    with pytest.raises(DataError, match="zip container is damaged: Bad CRC-32"):
        read_table(bad_crc(good), "crc.xlsx")
    with pytest.raises(DataError, match="could not be opened as an Excel workbook .its XML is "
                                        "damaged"):
        read_table(rewrite_member(good, "xl/workbook.xml", lambda x: x[: len(x) // 2]), "x.xlsx")
    missing = rewrite_member(good, "xl/worksheets/sheet1.xml", lambda x: b"<not-a-sheet/>")
    with pytest.raises(DataError) as err:
        read_table(missing, "x.xlsx")
    assert err.value.code in ("bad_excel", "empty_file")


def _workbook(dimension: str | None = None, padding: int = 0) -> bytes:
    """A two-row workbook, its sheet's dimension rewritten, a part of ``padding`` zero bytes."""
    import zipfile

    buffer = io.BytesIO()
    frame = pd.DataFrame({"mode": ["online", "F2F"], "satisfaction": [28, 30]})
    frame.to_excel(buffer, index=False)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for part in source.infolist():
            content = source.read(part.filename)
            if dimension and part.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'<dimension ref="A1:B3"/>',
                                          f'<dimension ref="{dimension}"/>'.encode())
            book.writestr(part.filename, content)
        if padding:
            book.writestr("xl/media/padding.bin", b"\0" * padding)
    return out.getvalue()


def test_a_workbook_that_expands_too_far_is_refused_before_it_is_unzipped(monkeypatch):
    from analysis.data import loading

    monkeypatch.setattr(loading, "MAX_WORKBOOK_UNZIPPED_MB", 1)
    data = _workbook(padding=3 * 1024 * 1024)
    assert len(data) < 100_000  # a few kilobytes that expand to 3 MB
    with pytest.raises(DataError) as error:
        read_table(data, "bomb.xlsx")
    assert error.value.code == "workbook_too_large"
    assert ("expands to 3 MB when unzipped; the limit is 1 MB. Save the sheet as CSV"
            in str(error.value))
    assert read_table(_workbook(), "small.xlsx").frame.shape == (2, 2)


def test_a_sheet_that_declares_too_many_cells_is_refused():
    with pytest.raises(DataError) as error:
        read_table(_workbook(dimension="A1:Z1000000"), "big.xlsx")
    assert error.value.code == "sheet_too_large"
    assert ("1,000,000 rows x 26 columns (26,000,000 cells); the limit is 10,000,000"
            in str(error.value))


def test_more_problem_types_than_the_limit_block_the_problem_analyses_only():
    from analysis.options import MAX_PROBLEM_TYPES

    rows = "".join(f"{'online' if i % 2 else 'F2F'},{i % 5 + 1},type {i}\n"
                   for i in range(MAX_PROBLEM_TYPES + 1))
    validation = dataset_from_bytes("mode,satisfaction,problem\n" + rows).validation
    assert [i.code for i in validation.blocking("problem analyses")] == ["too_many_problem_types"]
    assert validation.blocking("outcome analyses") == ()
    assert f"{MAX_PROBLEM_TYPES + 1:,} different problem types; at most {MAX_PROBLEM_TYPES}" in \
        validation.blocking("problem analyses")[0].message


def test_nested_parquet_cells_become_text():
    buffer = io.BytesIO()
    pd.DataFrame({"mode": [["online"], ["F2F"]], "satisfaction": [28, 30],
                  "tags": [{"a": 1}, None]}).to_parquet(buffer)
    table = read_table(buffer.getvalue(), "x.parquet")
    assert table.frame["mode"].tolist() == ["['online']", "['F2F']"]


def test_dates_with_time_zones_are_kept_as_written():
    from analysis.data.parsing import parse_dates

    dates, unreadable, zoned = parse_dates(pd.Series(
        ["2024-01-01T23:30:00-05:00", "2024-01-02T10:00:00Z", "2024-01-03", "31/12/2024", "x",
         None]))
    assert [str(d)[:16] for d in dates[:4]] == ["2024-01-01 23:30", "2024-01-02 10:00",
                                               "2024-01-03 00:00", "2024-12-31 00:00"]
    assert unreadable.tolist() == [False, False, False, False, True, False]
    assert zoned.tolist() == [True, True, False, False, False, False]
    aware = pd.Series(pd.to_datetime(["2024-01-01 10:00"]).tz_localize("Europe/London"))
    assert str(parse_dates(aware)[0][0]) == "2024-01-01 10:00:00"


@pytest.mark.parametrize("age", ["40", ""], ids=["ages", "an age missing"])
def test_text_files_are_read_the_same_way_whatever_the_other_columns_hold(age):
    """Zoned times stay as written (pyarrow alone would move them to UTC) whether or not
    another column has a blank cell (which used to send the file to pandas' slower parser)."""
    data = ("mode,satisfaction,problem,date,age,client_id,note\n"
            f"online,28,anxiety,2024-03-31T01:30:00+14:00,{age},007,a\n"
            "F2F,30,family,2024-01-02,51,008,b\n").encode()
    frame = read_table(data, "x.csv").frame
    assert frame["date"].tolist() == ["2024-03-31T01:30:00+14:00", "2024-01-02"]
    assert frame["client_id"].tolist() == ["007", "008"] and frame["client_id"].dtype == "str"
    # labels arrive as categoricals: a few bytes a row however long the label
    assert all(isinstance(frame[c].dtype, pd.CategoricalDtype) for c in ("mode", "problem"))
    assert frame["note"].dtype == "str" and frame["satisfaction"].dtype == "int64"
    dataset = dataset_from_bytes(data.decode())
    assert "date_time_zone" in {issue.code for issue in dataset.validation.issues}
    assert dataset.frame["date"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2024-03-31 01:30",
                                                                          "2024-01-02 00:00"]


def test_client_ids_are_cleaned_and_checked_for_repeats_without_a_python_object_a_row():
    from pandas.arrays import ArrowStringArray

    rows = "".join(f"online,28,a,C{i}\n" for i in range(50))
    dataset = dataset_from_bytes("mode,satisfaction,problem,client_id\n" + rows
                                 + "F2F,30,b, C7 \nF2F,30,b,C\u200b8\nF2F,1,c,\n")
    ids = dataset.frame["client_id"]
    assert isinstance(ids.array, ArrowStringArray)
    assert ids.tolist()[-3:-1] == ["C7", "C8"] and ids.isna().tolist()[-1]
    assert "invisible_characters" in {issue.code for issue in dataset.validation.issues}
    repeated = {i.code: i for i in dataset.validation.issues}["duplicate_client_id"]
    assert "4 rows" in repeated.message


def test_iso_dates_are_not_read_day_first_when_other_cells_need_it():
    from analysis.data.parsing import parse_dates

    dates, _, _ = parse_dates(pd.Series(["2024-01-02", "03/04/2024", "05/06/2024", "07/08/2024"]))
    assert [d.strftime("%Y-%m-%d") for d in dates] == ["2024-01-02", "2024-04-03", "2024-06-05",
                                                       "2024-08-07"]


def test_control_characters_are_removed_from_labels_and_said():
    dataset = dataset_from_bytes("mode,satisfaction,problem,site\nonline\x07,28,anx\u200biety,"
                                 "North\x1b[31m\nF2F,30,family,South\nonline,25,x,North\n"
                                 "F2F,31,y,South\n")
    assert dataset.modes == ["face-to-face", "online"]
    assert dataset.frame["problem"].tolist()[:2] == ["anxiety", "family"]
    assert dataset.frame["site"].tolist()[0] == "North[31m"
    notes = [i for i in dataset.validation.issues if i.code == "invisible_characters"]
    assert {i.column for i in notes} == {"mode", "problem", "site"}
    assert all(i.severity == "info" for i in notes)


# ---- the validate rule: outcome analyses need two modes with two usable values each ------------

@pytest.mark.parametrize("outcomes, why", [
    (["", "", "", ""], "every value is missing"),
    (["inf", "-inf", "inf", "inf"], "every value is infinite"),
    (["high", "low", "high", "poor"], "the column holds no numbers"),
    (["1e300", "2e20", "1e16", "1e15"], "every value is 1e+15 or more in size"),
    (["28", "30", "", ""], "values left out: 2 missing"),
    (["28", "30", "x", "inf"], "values left out: 1 not a number, 1 infinite"),
])
def test_no_outcome_analysis_possible_is_one_error(outcomes, why):
    rows = "".join(f"{m},{v},anxiety\n" for m, v in zip(["online", "F2F"] * 2, outcomes))
    dataset = dataset_from_bytes("mode,satisfaction,problem\n" + rows)
    errors = dataset.validation.blocking("outcome analyses")
    assert [e.code for e in errors] == ["too_few_outcome_values"]
    assert why in errors[0].message and not dataset.validation.ok
    assert not dataset.validation.blocking("problem analyses")


def test_a_third_mode_with_one_value_is_left_out_with_a_warning():
    dataset = dataset_from_bytes("mode,satisfaction,problem\nonline,28,a\nonline,27,b\nF2F,30,a\n"
                                 "F2F,31,b\nphone,25,a\n")
    assert dataset.validation.ok
    small = [i for i in dataset.validation.issues if i.code == "small_group"]
    assert [i.values for i in small] == [("phone",)]


def test_problem_analyses_need_two_modes_with_a_problem():
    dataset = dataset_from_bytes("mode,satisfaction,problem\nonline,28,a\nonline,27,\nF2F,30,\n"
                                 "F2F,31,\n")
    errors = dataset.validation.blocking("problem analyses")
    assert [e.code for e in errors] == ["too_few_problem_values"]
    assert ("Group 'face-to-face' has 0 client(s), 'online' has 1 with a problem type"
            in errors[0].message)
    assert not dataset.validation.blocking("outcome analyses")


@pytest.mark.parametrize("name, status", [
    ("empty_outcome.csv", 2), ("all_infinite_outcome.csv", 2), ("one_value_per_mode.csv", 2),
    ("not_numeric_outcome.csv", 2), ("no_problems_in_one_mode.csv", 2), ("constant_outcome.csv", 0),
])
def test_validate_exit_status_follows_the_rule(name, status, capsys):
    from analysis.__main__ import main
    from tests.helpers import BAD

    assert main(["validate", str(BAD / name)]) == status
    err = capsys.readouterr().err
    assert (err == "") == (status == 0) and "\n" not in err.rstrip("\n")


# ---- the outcome's scale, the unit and the usable rows -----------------------------------------

def _as_xlsx(csv_bytes: bytes) -> bytes:
    buffer = io.BytesIO()
    pd.read_csv(io.BytesIO(csv_bytes)).to_excel(buffer, index=False)
    return buffer.getvalue()


def test_the_sample_and_the_same_bytes_uploaded_have_the_same_scale():
    data = sample_path().read_bytes()
    bundled = load_sample()
    as_csv = dataset_from_bytes(data, "counseling_episodes.csv")
    as_xlsx = dataset_from_bytes(_as_xlsx(data), "counseling_episodes.xlsx")
    for dataset in (bundled, as_csv, as_xlsx):
        assert dataset.scale == (8, 32)
        assert dataset.scale_origin == "detected from the values (9–32 observed; a CSQ-8 total)"
        assert dataset.outcome_scale.source == "detected" and dataset.declared_scale is None
        assert dataset.unit == "clients"
    assert bundled.frame["outcome"].equals(as_xlsx.frame["outcome"])


def test_a_declared_range_or_item_scoring_comes_first():
    data = sample_path().read_bytes()
    declared = dataset_from_bytes(data, "x.csv", outcome_range=(0.0, 40.0))
    assert (declared.scale, declared.scale_origin) == ((0.0, 40.0), "declared as the valid range")
    assert declared.declared_scale == (0.0, 40.0)
    other = dataset_from_bytes(data, "x.csv", roles={"outcome": "alliance_total"})
    assert other.scale is None and other.scale_origin is None  # 8.07-15 is no known scale


def test_the_unit_and_the_rows_the_analyses_use_in_the_nhs_appointments():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "real-data" / "nhstt" / \
        "nhstt_england_monthly_appointments_by_consultation_medium.csv"
    if not path.exists():
        pytest.skip("the NHS file is not on this machine")
    dataset = dataset_from_bytes(path.read_bytes(), path.name)
    assert (dataset.unit, dataset.unit_singular) == ("appointments", "appointment")
    assert dataset.unit_info.origin == "guessed from the column 'appointments'"
    frame = dataset.frame
    usable = frame["mode"].notna() & (frame["weight"] > 0)
    assert dataset.n_usable == int(frame.loc[usable, "weight"].sum())
    assert dataset.n_usable_rows == int(usable.sum()) == 710 - 63 - 63
    reasons = {reason: rows for reason, rows, _ in dataset.usable.dropped}
    assert reasons == {"mode total row": 63, "mode unknown label": 63}
    assert dataset.usable.n_total > dataset.n_usable  # the "ALL" rows are not counted
    assert dataset.usable.text(dataset.unit).startswith(f"N = {dataset.n_usable:,} of ")


def test_unit_can_be_set_and_reaches_the_validate_json(capsys):
    import json

    from analysis.__main__ import main

    assert dataset_from_bytes(TEXT, unit="sessions").unit == "sessions"
    with pytest.raises(DataError, match="unit must be one of"):
        dataset_from_bytes(TEXT, unit="visits")
    assert main(["validate", str(sample_path()), "--unit", "episodes", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["unit"], out["unit_origin"], out["n_usable"]) == ("episodes", "set by you", 1500)
    assert out["outcome_scale"] == {"low": 8, "high": 32, "source": "detected", "origin":
                                    "detected from the values (9–32 observed; a CSQ-8 total)"}
    with pytest.raises(SystemExit) as done:
        main(["validate", str(sample_path()), "--unit", "visits"])
    assert done.value.code == 2 and "invalid choice: 'visits'" in capsys.readouterr().err
