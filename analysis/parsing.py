"""Turn text cells into numbers and dates, keeping track of what could not be read."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def parse_numbers(column: pd.Series) -> tuple[pd.Series, pd.Series, bool]:
    """Numbers from a column of text or numbers.

    Returns ``(values, unreadable, decimal_comma)``: float values (NaN where missing or not a
    number), a mask of the cells that held something that is not a number, and whether decimal
    commas ("4,5") were read as decimal points. That happens only when no cell uses a decimal
    point, so "1,000" in a file with "3.5" elsewhere stays unreadable rather than becoming 1.0.
    """
    if pd.api.types.is_bool_dtype(column):
        column = column.astype("Int64")
    if pd.api.types.is_numeric_dtype(column):
        values = pd.to_numeric(column, errors="coerce").astype(float)
        return values, pd.Series(False, index=column.index), False
    text = column.astype("string").str.strip()
    text = text.mask(text == "")
    values = pd.to_numeric(text, errors="coerce").astype(float)
    unreadable = values.isna() & text.notna()
    decimal_comma = False
    if unreadable.any():
        failed = text[unreadable]
        if failed.str.match(_DECIMAL_COMMA.pattern).all() and not text.str.contains(".", regex=False).any():
            values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype(float)
            unreadable = values.isna() & text.notna()
            decimal_comma = True
    return values, unreadable.fillna(False).astype(bool), decimal_comma


def non_finite(values: pd.Series) -> pd.Series:
    """Mask of infinite values."""
    return pd.Series(np.isinf(values.to_numpy(dtype=float)), index=values.index)


def parse_dates(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from text (ISO 8601 first; otherwise day-first, as UK and European exports write).

    Returns ``(dates, unreadable)``.
    """
    if pd.api.types.is_datetime64_any_dtype(column):
        return column, pd.Series(False, index=column.index)
    text = column.astype("string").str.strip()
    text = text.mask(text == "")
    dates = pd.to_datetime(text, errors="coerce", format="ISO8601")
    if (dates.isna() & text.notna()).mean() > 0.2:
        dates = pd.to_datetime(text, errors="coerce", format="mixed", dayfirst=True)
    unreadable = (dates.isna() & text.notna()).fillna(False).astype(bool)
    return dates, unreadable


def clean_labels(column: pd.Series, *, lower: bool = False) -> pd.Series:
    """Labels as trimmed text (optionally lower-cased); empty cells become missing."""
    text = column.astype("string").str.strip()
    if lower:
        text = text.str.lower()
    return text.mask(text == "")
