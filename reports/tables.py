"""Tables as files: CSV exports that are safe to open in a spreadsheet."""

from __future__ import annotations

import re

import pandas as pd

#: Cell starts that a spreadsheet would run as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A plain number as a table writes it ("-0.20", "+1.5", "1,234", "-3e-5", "−0.2"): left alone.
PLAIN_NUMBER = re.compile(r"^[+\-−]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+\-]?\d+)?%?$")


def _risky(value: object) -> bool:
    return (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not (PLAIN_NUMBER.match(value) and any(ch.isdigit() for ch in value)))


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that a spreadsheet would run as a formula get a leading
    apostrophe; cells that read as plain numbers ("-0.20") are left as they are."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("string")
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            text = out[col]
            risky = text.map(_risky)
            out[col] = text.mask(risky, "'" + text.astype(str))
    out.columns = [f"'{c}" if _risky(str(c)) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a BOM, so Excel reads accents) with formula-like cells neutralised."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")
