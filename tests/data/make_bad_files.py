"""Write the corpus of bad input files in tests/data/bad/ (committed; rerun to refresh).

    python tests/data/make_bad_files.py

Each file has one defect; tests/test_bad_files.py holds the message each must produce.
"""

from __future__ import annotations

import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "bad"
HEADER = "client_id,delivery_mode,satisfaction,problem_type\n"


def rows(*lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode()


GOOD = ["c1,online,28,anxiety", "c2,face-to-face,30,depression", "c3,online,25,family",
        "c4,face-to-face,31,anxiety"]


def files() -> dict[str, bytes]:
    rng = random.Random(7)
    return {
        "empty.csv": b"",
        "whitespace_only.csv": b"\n  \n\t\n",
        "header_only.csv": HEADER.encode(),
        "binary.csv": bytes([0, 159, 146, 150, 0, 1, 2]) + bytes(rng.randrange(256) for _ in range(500)),
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
        "no_outcome_column.csv": b"delivery_mode,problem_type\nonline,anxiety\nface-to-face,family\n",
        "case_variants.csv": rows(*GOOD, "c5,online,27,Anxiety"),
        "implausible_age.csv": b"delivery_mode,satisfaction,age\nonline,28,34\nface-to-face,30,340\n"
                               b"online,25,-1\nface-to-face,31,52\n",
        "report.pdf": b"%PDF-1.4\n%binary\n",
        "old_workbook.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "broken.xlsx": b"this is not a zip archive at all",
        "broken.parquet": b"PAR1 but then nothing that parquet can read",
        "pdf_named_csv.csv": b"%PDF-1.7\n1 0 obj\n",
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, data in files().items():
        (OUT / name).write_bytes(data)
    print(f"wrote {len(files())} files to {OUT}")


if __name__ == "__main__":
    main()
