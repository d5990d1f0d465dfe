"""Write the corpus of bad input files in tests/data/bad/ (committed; rerun to refresh).

    python tests/data/make_bad_files.py

Each file has one defect; tests/test_bad_files.py holds the message each must produce.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "bad"
HEADER = "client_id,delivery_mode,satisfaction,problem_type\n"


def rows(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


GOOD = ["c1,online,28,anxiety", "c2,face-to-face,30,depression", "c3,online,25,family",
        "c4,face-to-face,31,anxiety"]


def workbook(rows_: list[list]) -> bytes:
    """An .xlsx of ``rows_`` (first row the header) with fixed timestamps: the same bytes on
    every run, so that damaging it at a fixed place is reproducible."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = dt.datetime(2024, 1, 1)
    for row in rows_:
        book.active.append(row)
    raw = io.BytesIO()
    book.save(raw)
    source = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z",
                                 content)
            target.writestr(fixed, content)
    return out.getvalue()


def bad_crc(data: bytes, member: str = "xl/worksheets/sheet1.xml") -> bytes:
    """``data`` with one bit flipped inside a zip member's compressed bytes (Bad CRC-32)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    out[start + info.compress_size // 2] ^= 0x10
    return bytes(out)


def odd_compression(data: bytes, member: str = "xl/workbook.xml") -> bytes:
    """``data`` with a member's compression method set to 99 (AES encryption) in its local and
    central headers: what a byte flip in a zip header can do."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    out = bytearray(data)
    out[info.header_offset + 8:info.header_offset + 10] = (99).to_bytes(2, "little")
    start = data.find(b"PK\x01\x02")  # the central directory's entries
    while start != -1:
        name_length = int.from_bytes(data[start + 28:start + 30], "little")
        if data[start + 46:start + 46 + name_length] == member.encode():
            out[start + 10:start + 12] = (99).to_bytes(2, "little")
        start = data.find(b"PK\x01\x02", start + 4)
    return bytes(out)


def rewrite_member(data: bytes, member: str, change) -> bytes:
    """``data`` with one zip member replaced by ``change(its bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == member else content)
    return out.getvalue()


def parquet(frame) -> bytes:
    out = io.BytesIO()
    frame.to_parquet(out, index=False)
    return out.getvalue()


#: The rows of a small table every hostile file below starts from.
TABLE = [["delivery_mode", "satisfaction", "problem_type"],
         ["online", 28, "anxiety"], ["face-to-face", 30, "depression"],
         ["online", 25, "family"], ["face-to-face", 31, "anxiety"]]


def hostile() -> dict[str, bytes]:
    """The worst cases found by the fuzz run (tests/test_fuzz_cli.py), kept as files."""
    import pandas as pd

    long_cell = "x" * 131_073  # one more than the csv module's default field limit
    mixed_tz = ["2024-01-01T10:00:00+01:00", "2024-01-02T10:00:00Z", "2024-01-03 10:00",
                "2024-03-31T01:30:00-05:00"]
    return {
        "long_field.csv": rows(f"c1,online,28,{long_cell}", *GOOD[1:]),
        "too_many_columns.csv": ("a,b," * 30_000 + "c\n" + "1,2," * 30_000 + "3\n").encode(),
        "duplicate_headers.csv": b"delivery_mode,satisfaction,satisfaction,delivery_mode,,,"
                                 b"problem\n"
                                 b"online,28,1,x,,,a\nface-to-face,30,2,y,,,b\nonline,25,3,x,,,a\n"
                                 b"face-to-face,31,4,y,,,b\n",
        "mixed_timezones.csv": ("delivery_mode,satisfaction,problem_type,intake_date\n" + "".join(
            f"{m},{s},anxiety,{d}\n" for m, s, d in zip(
                ["online", "face-to-face", "online", "face-to-face"], [28, 30, 25, 31], mixed_tz))
        ).encode(),
        "control_characters.csv": "delivery_mode,satisfaction,problem_type\n"
                                  "online\x07,28,anx\x1biety\n"
                                  "face-to-face,30,\"depres\nsion\"\non\u200bline,25,family\u202e\n"
                                  "face-to-face,31,anxiety\n".encode(),
        "constant_outcome.csv": rows("c1,online,20,anxiety", "c2,face-to-face,20,depression",
                                     "c3,online,20,family", "c4,face-to-face,20,anxiety"),
        "one_value_per_mode.csv": rows("c1,online,28,anxiety", "c2,face-to-face,30,family",
                                       "c3,online,,family", "c4,face-to-face,,anxiety"),
        "empty_outcome.csv": rows("c1,online,,anxiety", "c2,face-to-face,,family",
                                  "c3,online,,family", "c4,face-to-face,,anxiety"),
        "all_infinite_outcome.csv": rows("c1,online,inf,anxiety", "c2,face-to-face,-inf,family",
                                         "c3,online,inf,family", "c4,face-to-face,inf,anxiety"),
        "outcome_1e308.csv": rows(*GOOD, "c5,online,1e308,anxiety", "c6,online,-1e308,family"),
        "outcome_near_1e15.csv": rows("c1,online,999999999999990,anxiety",
                                      "c2,online,999999999999991,family",
                                      "c3,face-to-face,999999999999995,anxiety",
                                      "c4,face-to-face,999999999999996,family"),
        "huge_count.csv": b"delivery_mode,satisfaction,problem_type,count\n"
                          b"online,28,anxiety,4611686018427387904\nface-to-face,30,family,3\n"
                          b"online,25,family,2\nface-to-face,31,anxiety,4\n",
        "counts_over_limit.csv": b"delivery_mode,satisfaction,problem_type,count\n"
                                 b"online,28,anxiety,900000000\nface-to-face,30,family,900000000\n"
                                 b"online,25,family,2\nface-to-face,31,anxiety,4\n",
        "negative_counts.csv": b"delivery_mode,satisfaction,problem_type,count\n"
                               b"online,28,anxiety,-5\nface-to-face,30,family,-3\n"
                               b"online,25,family,2\nface-to-face,31,anxiety,4\n"
                               b"online,27,anxiety,-1\nface-to-face,29,family,6\n",
        "many_modes.csv": ("delivery_mode,satisfaction,problem_type\n" + "".join(
            f"mode {i},{8 + i % 20},anxiety\nmode {i},{9 + i % 20},family\n" for i in range(30))
        ).encode(),
        "no_problems_in_one_mode.csv": rows("c1,online,28,anxiety", "c2,face-to-face,30,",
                                            "c3,online,25,family", "c4,face-to-face,31,"),
        "bad_crc.xlsx": bad_crc(workbook(TABLE)),
        "broken_xml.xlsx": rewrite_member(workbook(TABLE), "xl/worksheets/sheet1.xml",
                                          lambda x: x.replace(b"<sheetData>", b"<sheetData><<", 1)),
        "zip_method_99.xlsx": odd_compression(workbook(TABLE)),
        "infinite_cell.xlsx": rewrite_member(
            workbook(TABLE), "xl/worksheets/sheet1.xml",
            lambda x: x.replace(b"<v>28</v>", b"<v>1e999</v>", 1)),
        "nested_cells.parquet": parquet(pd.DataFrame({
            "delivery_mode": [["online"], ["face-to-face"], ["online"], ["face-to-face"]],
            "satisfaction": [28, 30, 25, 31], "problem_type": ["a", "b", "a", "b"]})),
        # a first row longer than the header once became a MultiIndex of every row (52 s)
        "extra_fields.csv": b"delivery_mode,satisfaction,problem_type\n"
                            b"online,28,anxiety,a,b\nface-to-face,30,family\n",
        # dateutil's time grows with the square of a cell's length (11 s for 600,000 digits)
        "long_date.csv": ("delivery_mode,satisfaction,problem_type,intake_date\n"
                          f"online,28,anxiety,{'1' * 200_000}\nface-to-face,30,family,2024-01-02\n"
                          "online,25,family,2024-01-03\nface-to-face,31,anxiety,2024-01-04\n"
                          ).encode(),
        "nul_after_64k.csv": rows(*GOOD,
                                  *[f"c{i},online,{20 + i % 10},anxiety" for i in range(3000)],
                                  "c9,face-to-face,30,depr\x00ession"),
    }


def files() -> dict[str, bytes]:
    rng = random.Random(7)
    return {**hostile(), **{
        "empty.csv": b"",
        "whitespace_only.csv": b"\n  \n\t\n",
        "header_only.csv": HEADER.encode(),
        "binary.csv": (bytes([0, 159, 146, 150, 0, 1, 2])
                       + bytes(rng.randrange(256) for _ in range(500))),
        "xlsx_named_csv.csv": b"PK\x03\x04" + b"\x00" * 60,
        "utf16_no_bom.csv": rows(*GOOD).decode().encode("utf-16-le"),
        "wrong_delimiter.csv": b"delivery_mode:satisfaction\nonline:28\nface-to-face:30\n",
        "ragged.csv": rows(*GOOD[:2], "c3,online,25,family,extra,fields", GOOD[3]),
        "huge_line.csv": rows(*GOOD) + b"x" * 1_100_000 + b"\n",
        "not_numeric_outcome.csv": rows("c1,online,high,anxiety", "c2,face-to-face,low,family",
                                        "c3,online,medium,anxiety"),
        "some_not_numeric.csv": rows(*GOOD, "c5,online,five,anxiety"),
        "infinite_outcome.csv": rows(*GOOD, "c5,online,inf,anxiety"),
        "one_mode.csv": rows("c1,online,28,anxiety", "c2,online,30,family", "c3,Online ,25,family"),
        "group_of_one.csv": rows("c1,online,28,anxiety", "c2,face-to-face,30,family",
                                 "c3,face-to-face,25,family"),
        "missing_modes.csv": rows("c1,,28,anxiety", "c2,,30,family", "c3,,25,family"),
        "unknown_modes.csv": rows(*GOOD, "c5,unknown,27,anxiety", "c6,?,29,family"),
        "total_row.csv": rows(*GOOD, "all,Total,114,all"),
        "duplicate_ids.csv": rows(*GOOD, "c2,face-to-face,30,depression"),
        "bad_dates.csv": b"client_id,delivery_mode,satisfaction,intake_date\n"
                         b"c1,online,28,2025-01-03\nc2,face-to-face,30,yesterday\n"
                         b"c3,online,25,2025-02-30\nc4,face-to-face,31,2025-03-01\n",
        "bad_counts.csv": b"delivery_mode,satisfaction,count\nonline,28,3\nface-to-face,30,-3\n"
                          b"online,25,2.5\nface-to-face,31,x\nface-to-face,29,4\n",
        "no_problem_column.csv": b"delivery_mode,satisfaction\nonline,28\nface-to-face,30\n"
                                 b"online,25\nface-to-face,31\n",
        "no_outcome_column.csv": b"delivery_mode,problem_type\nonline,anxiety\n"
                                 b"face-to-face,family\n",
        "case_variants.csv": rows(*GOOD, "c5,online,27,Anxiety"),
        "implausible_age.csv": b"delivery_mode,satisfaction,age\nonline,28,34\n"
                               b"face-to-face,30,340\n"
                               b"online,25,-1\nface-to-face,31,52\n",
        "report.pdf": b"%PDF-1.4\n%binary\n",
        "old_workbook.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "broken.xlsx": b"this is not a zip archive at all",
        "broken.parquet": b"PAR1 but then nothing that parquet can read",
        "pdf_named_csv.csv": b"%PDF-1.7\n1 0 obj\n",
    }}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in files().items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(files())} files to {OUT}")


if __name__ == "__main__":
    main()
