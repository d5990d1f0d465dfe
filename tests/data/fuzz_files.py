"""A seeded generator of malformed and hostile input files for the fuzz tests.

    from tests.data.fuzz_files import generate
    for case in generate(seed=1, n=100): ...

Case ``i`` of a seed is generated from its own ``random.Random(f"{seed}:{i}")``, so any case can be
made again on its own (``make_case(seed, i)``) when the fuzz run names it. Each case starts from a
small, plausible table (client rows or aggregated counts), applies one to three *table* mutations
(duplicate or empty header names, fields of 131,073 characters, dates in mixed time zones, huge,
negative or fractional counts, outcomes of 1e15 or 1e308, constant outcomes, one value per mode,
many modes, control characters, ...), writes it as CSV/TSV/TXT, Excel or Parquet, and may then
damage the *bytes* (flips, truncation, odd encodings, a workbook's zip or XML). It also picks the
command-line options to run it with (column overrides, ``--groups``, ``--margin``, ...).

Nothing here is random at import time; the corpus is the same on every machine for a seed.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd

#: The length the csv module refuses by default (its field limit is 131,072).
LONG_FIELD = 131_073

MODES = ["online", "face-to-face", "F2F", "In person", "Online ", "phone", "video", "chat"]
ODD_MODES = ["", "unknown", "Total", "ALL attended appointments", "?", "NA", "online\x00",
             "on\u200bline", "ONLINE", "face to face", "-"]
PROBLEMS = ["anxiety", "depression", "family", "OCD", "grief", "partner relationship"]
CONTROL = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85",
           "\u2028", "\u2029", "\ufeff", "\u202e", "\r"]


@dataclass
class FuzzCase:
    """One generated file and how to run it.

    Attributes
    ----------
    name : str
        A file name (its suffix chooses the reader).
    data : bytes
        The file's content.
    kinds : list of str
        The mutations applied, in order (for the failure report).
    options : list of str
        Extra command-line options for ``validate`` and ``report`` (column overrides etc.).
    groups : str
        The ``--groups`` value for ``report``.
    """

    name: str
    data: bytes
    kinds: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    groups: str = "online,face-to-face"

    def label(self) -> str:
        return f"{self.name} [{' + '.join(self.kinds)}]"


# --------------------------------------------------------------------------- base tables

def base_table(rng: random.Random) -> pd.DataFrame:
    """A small plausible table: client rows or aggregated counts, as text cells."""
    n = rng.choice([2, 3, 5, 8, 12, 20, 40, 80])
    aggregated = rng.random() < 0.3
    modes = rng.sample(MODES[:4], 2) if rng.random() < 0.7 else rng.sample(MODES, rng.randint(2, 5))
    rows = []
    for _ in range(n):
        row = {
            "client_id": f"c{rng.randint(1, n * 2)}",
            "delivery_mode": rng.choice(modes),
            "satisfaction_total": str(rng.randint(8, 32)),
            "problem_type": rng.choice(PROBLEMS),
        }
        if rng.random() < 0.5:
            row["intake_date"] = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        if rng.random() < 0.3:
            row["presenting_problems"] = ";".join(rng.sample(PROBLEMS, rng.randint(1, 3)))
        if rng.random() < 0.3:
            row["age"] = str(rng.randint(16, 80))
        if aggregated:
            row["count"] = str(rng.randint(1, 50))
        rows.append(row)
    frame = pd.DataFrame(rows).fillna("")
    columns = list(frame.columns)
    rng.shuffle(columns)
    return frame[columns].astype(str)


# --------------------------------------------------------------------------- table mutations

def _column(rng, frame, prefer=None):
    if prefer and prefer in frame.columns and rng.random() < 0.8:
        return prefer
    return rng.choice(list(frame.columns))


def _cells(rng, frame, k=None):
    k = k or rng.randint(1, max(1, len(frame)))
    return rng.sample(range(len(frame)), min(k, len(frame)))


def dup_header(rng, frame):
    frame = frame.copy()
    names = list(frame.columns)
    target = rng.choice(["delivery_mode", "satisfaction_total", "problem_type", "count",
                         rng.choice(names)])
    for i in rng.sample(range(len(names)), rng.randint(1, len(names))):
        if rng.random() < 0.6:
            names[i] = target
    if names.count(target) < 2:
        names[rng.randrange(len(names))] = names[(rng.randrange(len(names)))]
    frame.columns = names
    return frame


def empty_header(rng, frame):
    frame = frame.copy()
    names = list(frame.columns)
    for i in rng.sample(range(len(names)), rng.randint(1, len(names))):
        names[i] = rng.choice(["", " ", "Unnamed: 0", "\t", '""', "nan", "1", "0.5"])
    frame.columns = names
    return frame


def long_field(rng, frame):
    frame = frame.copy()
    size = rng.choice([LONG_FIELD, LONG_FIELD, LONG_FIELD + 1, 200_000, 600_000, 140_000])
    text = rng.choice(["x", "a,b", "1", "online ", '"'])
    cell = (text * (size // len(text) + 1))[:size]
    col = _column(rng, frame)
    if rng.random() < 0.2:
        frame = frame.rename(columns={col: cell})
    else:
        frame.loc[frame.index[rng.randrange(len(frame))], col] = cell
    return frame


def odd_dates(rng, frame):
    frame = frame.copy()
    col = "intake_date" if "intake_date" in frame.columns else rng.choice(
        ["intake_date", "date", "month"])
    choices = ["2024-01-01T10:00:00+01:00", "2024-01-02T10:00:00Z", "2024-01-03 10:00",
               "2024-01-04T10:00:00-05:00", "2024-02-30", "31/12/2024", "12/31/2024",
               "9999-12-31", "0001-01-01", "1677-09-21", "2262-04-12", "1e10", "2024-W05",
               "2024-13-01", "yesterday", "", "2024-06-01T25:00", "1700000000", "2024",
               "2024-01-01 10:00 Europe/London", "2024-03-31T01:30:00+14:00"]
    style = rng.random()
    values = []
    for _ in range(len(frame)):
        if style < 0.4:  # mixed time zones
            values.append(rng.choice(choices[:4]))
        else:
            values.append(rng.choice(choices))
    frame[col] = values
    return frame


def counts(rng, frame):
    frame = frame.copy()
    col = "count" if "count" in frame.columns else rng.choice(["count", "appointments", "n"])
    choices = ["-3", "-1", "0", "2.5", "1e18", "1e19", str(2**62), str(2**63), str(2**64),
               "1e308", "-1e308", "inf", "nan", "1,5", "9" * 40, "0.0000001", "3"]
    style = rng.random()
    if style < 0.3:
        value = rng.choice(choices)
        frame[col] = [value] * len(frame)
    else:
        frame[col] = [str(rng.randint(1, 9)) for _ in range(len(frame))]
        for i in _cells(rng, frame):
            frame.iloc[i, list(frame.columns).index(col)] = rng.choice(choices)
    return frame


def outcomes(rng, frame):
    frame = frame.copy()
    col = "satisfaction_total"
    if col not in frame.columns:
        frame[col] = "20"
    style = rng.choice(["huge", "huge_all", "constant", "tiny", "mixed_inf", "text", "empty",
                        "near_equal", "negative"])
    if style == "huge":
        for i in _cells(rng, frame):
            frame.iloc[i, list(frame.columns).index(col)] = rng.choice(
                ["1e15", "1e308", "-1e308", "1.7976931348623157e308", "1e15", "999999999999999"])
    elif style == "huge_all":
        base = rng.choice([1e15, 1e300, 1e308, 1e154, -1e15])
        frame[col] = [repr(base + rng.randint(0, 3) * (abs(base) * 1e-16))
                      for _ in range(len(frame))]
    elif style == "constant":
        frame[col] = rng.choice(["20", "0", "1e15", "-5"])
    elif style == "tiny":
        frame[col] = [repr(rng.random() * 1e-300) for _ in range(len(frame))]
    elif style == "mixed_inf":
        frame[col] = [rng.choice(["inf", "-inf", "Infinity", "nan", "28"])
                      for _ in range(len(frame))]
    elif style == "text":
        frame[col] = [rng.choice(["high", "low", "n/a", "28 points", "=1+1"])
                      for _ in range(len(frame))]
    elif style == "empty":
        frame[col] = ""
    elif style == "near_equal":
        frame[col] = [repr(1e15 + rng.randint(0, 2)) for _ in range(len(frame))]
    else:
        frame[col] = [str(-rng.randint(0, 10**6)) for _ in range(len(frame))]
    return frame


def one_per_mode(rng, frame):
    frame = frame.copy()
    modes = rng.sample(MODES, rng.randint(1, min(4, len(frame))))
    keep = frame.head(len(modes)).copy()
    keep["delivery_mode"] = modes
    if rng.random() < 0.5:
        keep = pd.concat([keep, frame.tail(max(0, len(frame) - len(modes))).assign(
            satisfaction_total="")])
    return keep


def many_modes(rng, frame):
    n = rng.choice([30, 60, 120, 300])
    rows = max(n * rng.choice([1, 2, 3]), len(frame))
    out = pd.concat([frame] * (rows // len(frame) + 1), ignore_index=True).head(rows).copy()
    out["delivery_mode"] = [f"mode {i % n}" for i in range(rows)]
    if rng.random() < 0.5:
        out.loc[out.index[: rows // 2], "delivery_mode"] = rng.choice(["online", "face-to-face"])
    return out


def many_problems(rng, frame):
    n = rng.choice([30, 100, 400])
    rows = max(n, len(frame))
    out = pd.concat([frame] * (rows // len(frame) + 1), ignore_index=True).head(rows).copy()
    out["problem_type"] = [f"problem {rng.randrange(n)}" for _ in range(rows)]
    return out


def control_chars(rng, frame):
    frame = frame.copy()
    for _ in range(rng.randint(1, 6)):
        col = rng.choice(list(frame.columns) + ["delivery_mode", "problem_type"])
        if col not in frame.columns:
            continue
        i = rng.randrange(len(frame))
        j = list(frame.columns).index(col)
        text = str(frame.iat[i, j])
        pos = rng.randint(0, len(text))
        frame.iat[i, j] = (text[:pos] + "".join(rng.choices(CONTROL, k=rng.randint(1, 3)))
                           + text[pos:])
    if rng.random() < 0.2:
        names = list(frame.columns)
        k = rng.randrange(len(names))
        names[k] = names[k] + rng.choice(CONTROL)
        frame.columns = names
    return frame


def odd_labels(rng, frame):
    frame = frame.copy()
    col = rng.choice(["delivery_mode", "problem_type", "client_id"])
    if col not in frame.columns:
        return frame
    weird = ["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "**bold**", "a;b;;c", "|||",
             ";", "   ", "1", "1.0", "True", "None", "nan", "é" * 50, "😀", "a\nb", "x" * 300,
             "online;face-to-face", "NULL", "#N/A"]
    for i in _cells(rng, frame):
        frame.iloc[i, list(frame.columns).index(col)] = rng.choice(weird)
    return frame


def many_columns(rng, frame):
    extra = pd.DataFrame({f"extra_{k}": str(k) for k in range(rng.choice([50, 200, 600]))},
                         index=frame.index)
    return pd.concat([frame, extra], axis=1)


def few_rows(rng, frame):
    return frame.head(rng.choice([0, 1, 2]))


def numeric_text(rng, frame):
    """Numbers written as an export might: thousands separators, currency, percent, spaces."""
    frame = frame.copy()
    col = rng.choice(["satisfaction_total", "count", "age"])
    if col not in frame.columns:
        return frame
    forms = ["1,000", "1 000", "£3", "30%", " 28 ", "+28", "28.", ".5", "0x1A", "1_000", "٣", "²",
             "28e", "e5", "--3", "3-", "1/2", "(4)"]
    for i in _cells(rng, frame):
        frame.iloc[i, list(frame.columns).index(col)] = rng.choice(forms)
    return frame


HEADER_MUTATIONS = ("few_rows", "dup_header", "empty_header", "long_field")
TABLE_MUTATIONS: dict[str, Callable] = {
    "dup_header": dup_header, "empty_header": empty_header, "long_field": long_field,
    "odd_dates": odd_dates, "counts": counts, "outcomes": outcomes, "one_per_mode": one_per_mode,
    "many_modes": many_modes, "many_problems": many_problems, "control_chars": control_chars,
    "odd_labels": odd_labels, "many_columns": many_columns, "few_rows": few_rows,
    "numeric_text": numeric_text,
}


# --------------------------------------------------------------------------- writing

def write_text(rng, frame, delimiter=",") -> bytes:
    quoting = rng.choice([0, 0, 1, 3])  # csv.QUOTE_MINIMAL, ALL, NONE-ish via escapechar
    buffer = io.StringIO()
    try:
        frame.to_csv(buffer, index=False, sep=delimiter, quoting=quoting,
                     escapechar="\\" if quoting == 3 else None,
                     lineterminator=rng.choice(["\n", "\n", "\r\n", "\r"]))
    except Exception:  # noqa: BLE001 - QUOTE_NONE cannot write some cells: write minimal
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, sep=delimiter)
    text = buffer.getvalue()
    encoding = rng.choice(["utf-8"] * 6 + ["utf-8-sig", "cp1252", "latin-1", "utf-16",
                                           "utf-16-le", "utf-16-be", "utf-32", "mac_roman"])
    return text.encode(encoding, errors="replace")


#: The control characters a worksheet cell cannot hold (all but tab and newline).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def write_excel(rng, frame) -> bytes:
    """An .xlsx written cell by cell with openpyxl: duplicate or empty header cells survive, and
    cells may be numbers, text, booleans, dates, formulas or Excel error values."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = rng.choice(["Sheet1", "data", "Données", "a" * 31])

    def clean(text):
        return _CONTROL.sub("", str(text))[:32_000]

    header = [clean(c) or None for c in frame.columns]
    if rng.random() < 0.1:
        sheet.append([None] * len(header))  # a blank first row
    sheet.append(header)
    extras = [True, False, dt.datetime(2024, 5, 1, 10, 30), dt.date(1900, 1, 1),
              "=1/0", "#DIV/0!", "#N/A", "=SUM(A1:A2)", 1e308, -0.0, 2**63]
    for row in frame.itertuples(index=False):
        values = []
        for v in row:
            v = clean(v)
            try:
                value = float(v) if rng.random() < 0.9 else v
            except ValueError:
                value = v
            if rng.random() < 0.02:
                value = rng.choice(extras)
            values.append(value if value != "" else None)
        sheet.append(values)
    if rng.random() < 0.2:
        book.create_sheet("empty")
    if rng.random() < 0.05 and sheet.max_row > 2:
        sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """A workbook with fixed zip and document timestamps, so that the same case gives the same
    bytes on every run (a byte flip then always hits the same place)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>2024-01-01T00:00:00Z", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, content)
    return out.getvalue()


def write_parquet(rng, frame) -> bytes:
    out = frame.copy()
    out.columns = [str(c) for c in out.columns]
    if out.columns.duplicated().any():
        out = out.loc[:, ~out.columns.duplicated()]
    if rng.random() < 0.5:
        for col in out.columns:
            numbers = pd.to_numeric(out[col], errors="coerce")
            if numbers.notna().all():
                out[col] = numbers
    if rng.random() < 0.2 and "intake_date" in out.columns:
        out["intake_date"] = pd.to_datetime(out["intake_date"], errors="coerce", utc=True)
    if rng.random() < 0.15:
        out["delivery_mode"] = out.get("delivery_mode", pd.Series("online", index=out.index)
                                       ).astype("category")
    if rng.random() < 0.1:
        out["nested"] = [[1, 2]] * len(out)
    if rng.random() < 0.1 and "delivery_mode" in out.columns:
        out["delivery_mode"] = [[m] for m in out["delivery_mode"]]
    buffer = io.BytesIO()
    out.to_parquet(buffer, index=False)
    return buffer.getvalue()


# --------------------------------------------------------------------------- byte mutations

def byte_flip(rng, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(rng, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def insert_bytes(rng, data: bytes) -> bytes:
    pos = rng.randint(0, len(data))
    chunk = rng.choice([b"\x00", b'"', b"\r", b"\n\n\n", b"\xff\xfe", b"\xef\xbb\xbf", b",,,,",
                        b"\xc3", b"\xed\xa0\x80", bytes(rng.randrange(256) for _ in range(20))])
    return data[:pos] + chunk * rng.randint(1, 5) + data[pos:]


def duplicate_lines(rng, data: bytes) -> bytes:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    i = rng.randrange(len(lines))
    return b"\n".join(lines[: i + 1] + [lines[i]] * rng.randint(1, 50) + lines[i + 1:])


def nul_late(rng, data: bytes) -> bytes:
    """NUL bytes after the first 64 KiB (the binary check looks at the start only)."""
    return data + b"\n" + b"a" * 70_000 + b"\n" + b"online,\x00\x00,anxiety\n"


BYTE_MUTATIONS: dict[str, Callable] = {
    "byte_flip": byte_flip, "truncate": truncate, "insert_bytes": insert_bytes,
    "duplicate_lines": duplicate_lines, "nul_late": nul_late,
}


def damage_zip(rng, data: bytes) -> tuple[bytes, str]:
    """A damaged workbook: bad CRC, broken XML, missing parts, or truncation."""
    style = rng.choice(["crc", "xml", "missing", "truncate", "shared_strings", "not_zip",
                        "bad_dimension", "flip_header"])
    if style == "truncate":
        return data[: rng.randint(4, max(5, len(data) - 1))], "zip_truncate"
    if style == "not_zip":
        return b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(200)), "zip_garbage"
    if style == "flip_header":
        out = bytearray(data)
        for _ in range(3):
            out[rng.randrange(min(len(out), 64))] = rng.randrange(256)
        return bytes(out), "zip_header_flip"
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if style == "missing" and info.filename.startswith("xl/worksheets/"):
                continue
            if style == "xml" and info.filename.startswith("xl/worksheets/"):
                cut = rng.randint(1, len(content) - 1)
                content = content[:cut] + rng.choice([b"<", b"&", b"</x>", b"\x00"]) + content[cut:]
            if style == "shared_strings" and info.filename.endswith("sharedStrings.xml"):
                content = content.replace(b"<t", b"<t x=", 1)
            if style == "bad_dimension" and info.filename.startswith("xl/worksheets/"):
                content = content.replace(b'<dimension ref="',
                                          b'<dimension ref="A1:XFD1048576" x="', 1)
            if style == "xml" and info.filename == "xl/workbook.xml" and rng.random() < 0.3:
                content = content[: len(content) // 2]
            target.writestr(info, content)
    out = buffer.getvalue()
    if style == "crc":
        # flip a byte inside the first compressed member: zipfile then reports a bad CRC-32
        out = bytearray(data)
        header = zipfile.ZipFile(io.BytesIO(data)).infolist()
        member = rng.choice([i for i in header if i.compress_size > 4])
        start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
        pos = start + rng.randrange(member.compress_size)
        out[pos] ^= 1 << rng.randrange(8)
        return bytes(out), "zip_crc"
    return out, f"zip_{style}"


# --------------------------------------------------------------------------- cases

def _options(rng: random.Random, frame: pd.DataFrame) -> list[str]:
    options: list[str] = []
    columns = [str(c) for c in frame.columns]
    if rng.random() < 0.25 and columns:
        role = rng.choice(["mode", "outcome", "problem", "count"])
        options += [f"--{role}-col", rng.choice(columns)]
    if rng.random() < 0.1:
        options += ["--problem-sep", rng.choice(["auto", "none", ";", "|", ","])]
    if rng.random() < 0.1:
        options += ["--outcome-range", rng.choice(["8,32", "1,5", "0,1e308", "-1e308,1e308"])]
    return options


def make_case(seed: int, index: int) -> FuzzCase:
    """The case ``index`` of the corpus ``seed`` (always the same bytes)."""
    import warnings

    with warnings.catch_warnings():  # pandas' own notes while *writing* the hostile files
        warnings.simplefilter("ignore")
        return _make_case(seed, index)


def _make_case(seed: int, index: int) -> FuzzCase:
    rng = random.Random(f"{seed}:{index}")
    frame = base_table(rng)
    kinds: list[str] = []
    chosen = rng.sample(sorted(TABLE_MUTATIONS), rng.choice([1, 1, 2, 3]))
    # header mutations last: the others address columns by name
    for name in sorted(chosen, key=lambda k: k in HEADER_MUTATIONS):
        try:
            frame = TABLE_MUTATIONS[name](rng, frame)
        except Exception:  # noqa: BLE001 - a mutation that does not apply (e.g. no rows left)
            continue
        kinds.append(name)
    fmt = rng.choices(["csv", "tsv", "txt", "xlsx", "parquet"], weights=[60, 8, 7, 18, 7])[0]
    try:
        if fmt == "xlsx":
            data = write_excel(rng, frame)
        elif fmt == "parquet":
            data = write_parquet(rng, frame)
        else:
            data = write_text(rng, frame, {"csv": rng.choice([",", ";", "|"]), "tsv": "\t",
                                           "txt": rng.choice([",", "\t", ";"])}[fmt])
    except Exception as exc:  # noqa: BLE001 - a writer refusing a frame: fall back to CSV
        kinds.append(f"writer_refused:{type(exc).__name__}")
        fmt, data = "csv", write_text(rng, frame)
    if fmt == "xlsx" and rng.random() < 0.35:
        data, kind = damage_zip(rng, data)
        kinds.append(kind)
    elif rng.random() < 0.3:
        name = rng.choice(sorted(BYTE_MUTATIONS))
        data = BYTE_MUTATIONS[name](rng, data)
        kinds.append(name)
    if rng.random() < 0.03:  # a file whose suffix lies about its content
        fmt = rng.choice(["csv", "xlsx", "parquet", "xls", "json"])
        kinds.append(f"named_{fmt}")
    groups = "online,face-to-face"
    if rng.random() < 0.15:
        groups = rng.choice(["online,phone", "Online,F2F", "online,online", "online",
                             "mode 1,mode 2", "a,b,c", ",", "online,face-to-face,phone"])
    return FuzzCase(f"fuzz_{seed}_{index}.{fmt}", data, kinds, _options(rng, frame), groups)


def generate(seed: int, n: int, start: int = 0) -> Iterator[FuzzCase]:
    """Cases ``start`` to ``start + n - 1`` of the corpus ``seed``."""
    for index in range(start, start + n):
        yield make_case(seed, index)


# --------------------------------------------------------------------------- running

#: Seconds one command may take before the fuzz run counts it as a failure.
TIMEOUT = 30.0


def run_kinds(index: int, every_format: bool = False) -> tuple[str, ...]:
    """What case ``index`` is run with: one command by turns (``validate``, ``report`` as JSON,
    ``report --format text``: each reads and checks the whole file, and a third of the corpus
    sees each), or with ``every_format`` all three."""
    every = ("validate", "json", "text")
    return every if every_format else (every[index % 3],)


def commands(case: FuzzCase, path: str, kinds: tuple[str, ...] = ("validate", "json", "text")
             ) -> list[list[str]]:
    """The command lines a case is run with: ``validate`` and report in each format of ``kinds``
    (JSON, the default, has no ``--format``); with the environment variable
    ``FUZZ_DOCUMENTS=1`` also report --format markdown (the whole document, via reports/)."""
    import os

    runs = [["validate", path, *case.options]] if "validate" in kinds else []
    for fmt in (k for k in kinds if k != "validate"):
        runs.append(["report", path, "--groups", case.groups,
                     *([] if fmt == "json" else ["--format", fmt]), *case.options])
    if os.environ.get("FUZZ_DOCUMENTS"):
        runs.append(["report", path, "--groups", case.groups, "--format", "markdown",
                     *case.options])
    return runs


def run_corpus(seed: int, n: int, folder, *, start: int = 0, every_format: bool = False,
               timeout: float = TIMEOUT, progress: bool = False, timings: list | None = None,
               kinds: set | None = None) -> tuple[int, list[tuple[FuzzCase, object, str]]]:
    """Write each case to ``folder`` and run its commands through ``main()`` in this process:
    one command by turns (``run_kinds``: validate, report, report --format text by the case's
    number), or with ``every_format`` all three.

    Returns ``(runs, failures)``: the number of commands run and ``(case, run, problem)`` for
    each command that was not clean (see ``tests.helpers.CliRun.problem``). With ``timings``
    (a list), ``(seconds, case label, command)`` of every run is appended to it; with ``kinds``
    (a set), the mutations applied and the file suffixes written (``"csv"``, ...) are added.
    """
    from pathlib import Path

    from tests.helpers import run_cli

    folder = Path(folder)
    failures = []
    runs = 0
    for k, case in enumerate(generate(seed, n, start)):
        if kinds is not None:
            kinds.update(kind.split(":")[0] for kind in case.kinds)
            kinds.add(case.name.rsplit(".", 1)[1])
        path = folder / case.name
        path.write_bytes(case.data)
        for argv in commands(case, str(path), run_kinds(start + k, every_format)):
            run = run_cli(argv, timeout=timeout)
            runs += 1
            if timings is not None:
                timings.append((run.seconds, case.label(), " ".join([argv[0], *argv[2:]])))
            problem = run.problem()
            if problem:
                failures.append((case, run, problem))
        path.unlink()
        if progress and (k + 1) % 500 == 0:
            print(f"  {k + 1:,} files, {len(failures)} failures", flush=True)
    return runs, failures


def run_chunk(seed: int, start: int, n: int, every_format: bool = False) -> dict:
    """``run_corpus`` over cases ``start`` to ``start + n - 1`` in a folder of its own, for a
    worker process: ``runs``, ``failures``, the five ``slowest`` runs, ``kinds`` seen."""
    import tempfile

    timings: list = []
    kinds: set = set()
    with tempfile.TemporaryDirectory() as folder:
        runs, failures = run_corpus(seed, n, folder, start=start, every_format=every_format,
                                    timings=timings, kinds=kinds)
    return {"runs": runs, "failures": failures, "slowest": sorted(timings, reverse=True)[:5],
            "kinds": kinds}


def summarise(failures) -> str:
    """Failures grouped by kind (the problem text up to its first digit or quote), largest first."""
    from collections import Counter

    kinds = Counter(re.split(r"[\d'\"(]", problem, maxsplit=1)[0].strip()
                    for _, _, problem in failures)
    return "\n".join(f"{count:6,}  {kind}" for kind, count in kinds.most_common())


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.data.fuzz_files [--seed S] [-n N] [--start K] [--alternate]``: run and
    summarise."""
    import argparse
    import tempfile
    import time

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--show", type=int, default=20, help="failures to list in full")
    parser.add_argument("--alternate", action="store_true",
                        help="one command per file, validate, report or report --format text "
                             "by its number (as make test runs them); by default all three")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    timings: list = []
    with tempfile.TemporaryDirectory() as folder:
        runs, failures = run_corpus(args.seed, args.n, folder, start=args.start, progress=True,
                                    timings=timings, every_format=not args.alternate)
    print(f"{args.n:,} files, {runs:,} commands, {len(failures)} failures, "
          f"{time.perf_counter() - began:.0f} s")
    print("slowest: " + "; ".join(f"{s:.1f} s {label} {command.split()[0]}"
                                  for s, label, command in sorted(timings, reverse=True)[:5]))
    print(summarise(failures))
    for case, run, problem in failures[: args.show]:
        print(f"- {case.label()} {' '.join(run.argv[:1] + run.argv[2:])}\n    {problem}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
