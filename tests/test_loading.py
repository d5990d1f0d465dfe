"""Reading files: encodings, delimiters, Excel, Parquet; the sample files."""

import io

import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.loading import read_table, sniff_delimiter
from analysis.sample import SAMPLES, load_sample, sample_path
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
                "alliance_bond", "alliance_goal", "alliance_total", *[f"sat_{i}" for i in range(1, 9)]):
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
    first = read_table(data, "book.xlsx")
    assert first.sheets == ("Notes", "Data") and first.sheet == "Notes"
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
    from analysis.loading import _longest_line
    data = b"a,b\n" + b"1,2\n" * before + b"x" * length + b"\n1,2\n"
    line, found = _longest_line(data)
    assert (found > 0) == flagged
    if flagged:
        assert (line, found) == (before + 2, length)
