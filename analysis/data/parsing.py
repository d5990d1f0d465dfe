"""Turn text cells into numbers and dates, keeping track of what could not be read."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.arrays import ArrowStringArray

from analysis.data.validation import has_invisible, strip_invisible

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
        points = text.str.contains(".", regex=False).any()
        if failed.str.match(_DECIMAL_COMMA.pattern).all() and not points:
            commas = text.str.replace(",", ".", regex=False)
            values = pd.to_numeric(commas, errors="coerce").astype(float)
            unreadable = values.isna() & text.notna()
            decimal_comma = True
    return values, unreadable.fillna(False).astype(bool), decimal_comma


def non_finite(values: pd.Series) -> pd.Series:
    """Mask of infinite values."""
    return pd.Series(np.isinf(values.to_numpy(dtype=float)), index=values.index)


#: A time of day followed by a time zone (Z, UTC, GMT or an offset such as +01:00).
_TIME_ZONE = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)"
                        r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$", re.IGNORECASE)
_DATE_MAX_CHARS = 64
_ZONED = re.compile(_TIME_ZONE.pattern.replace("(\\d{1,2}", "(?:\\d{1,2}", 1), re.IGNORECASE)


def parse_dates(column: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Dates from text (ISO 8601 first; otherwise day-first, as UK and European exports write).

    Returns ``(dates, unreadable, zoned)``: naive datetimes (NaT where missing or unreadable),
    a mask of the cells that held something that is not a date, and a mask of the cells whose
    time zone was set aside. A time zone is dropped and the date and time are kept as written
    ("2024-01-01T23:30-05:00" is 1 January, 23:30): an intake date is the day the client
    came, wherever the server was, and one column may mix zones (daylight saving time).
    """
    none = pd.Series(False, index=column.index)
    if pd.api.types.is_datetime64_any_dtype(column):
        if getattr(column.dtype, "tz", None) is not None:
            return column.dt.tz_localize(None), none, column.notna()
        return column, none, none
    text = column.astype("string").str.strip()
    text = text.mask(text == "")
    # no date is written in more than 64 characters, and dateutil's time grows with the square
    # of a cell's length (11 s for one cell of 600,000 digits): longer cells are not dates
    too_long = (text.str.len() > _DATE_MAX_CHARS).fillna(False).astype(bool)
    if too_long.any():
        original, text = text, text.mask(too_long)
    zoned = text.str.contains(_ZONED, regex=True).fillna(False).astype(bool)
    if zoned.any():
        text = text.str.replace(_TIME_ZONE, r"\1", regex=True)
    dates = _to_datetime(text, format="ISO8601")
    failed = dates.isna() & text.notna()
    if failed.mean() > 0.2:  # not ISO 8601: read the others day-first (ISO dates stay as read)
        dates = dates.fillna(_to_datetime(text.where(failed), format="mixed", dayfirst=True))
    unreadable = (dates.isna() & text.notna()).fillna(False).astype(bool)
    if too_long.any():
        unreadable |= too_long & original.notna()
    return dates, unreadable, zoned & ~unreadable


def _to_datetime(text: pd.Series, **how) -> pd.Series:
    """``pd.to_datetime(errors="coerce")`` that always gives naive datetimes.

    pandas refuses a column that mixes time zones (or zoned and naive values) even with
    ``errors="coerce"``; such a column is read value by value and each zone set aside.
    """
    try:
        dates = pd.to_datetime(text, errors="coerce", **how)
    except (ValueError, TypeError, OverflowError):
        unique = text.dropna().unique()
        parsed = {}
        for value in unique:
            try:
                one = pd.to_datetime(pd.Series([value]), errors="coerce", **how).iloc[0]
            except (ValueError, TypeError, OverflowError):
                one = pd.NaT
            if one is not pd.NaT and getattr(one, "tzinfo", None) is not None:
                one = one.tz_localize(None)
            parsed[value] = one
        dates = pd.to_datetime(text.map(parsed), errors="coerce")
    if getattr(dates.dtype, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    return dates


def clean_labels(column: pd.Series, *, lower: bool = False) -> pd.Series:
    """Labels as trimmed text (optionally lower-cased); empty cells become missing.

    Line breaks inside a label become a space and other control or invisible characters
    (NUL, escape codes, zero-width spaces, bidirectional overrides, a stray byte-order mark) are
    removed: they cannot be seen, so "on\\u200bline" and "online" must be one label, and
    nothing shown or written (a page, a .docx) may carry them. Works on the distinct values.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).astype("string")
    dirty = text.map(has_invisible, na_action="ignore").fillna(False).astype(bool)
    if dirty.any():
        text = text.where(~dirty, text[dirty].map(strip_invisible))
    text = text.str.strip()
    if lower:
        text = text.str.lower()
    text = text.mask(text == "")
    labels = text.array.take(codes, allow_fill=True)
    return pd.Series(labels, index=column.index, dtype="string")


def clean_identifiers(column: pd.Series) -> pd.Series:
    """Identifiers cleaned as :func:`clean_labels` cleans labels, for columns with about one
    value a row (client ids): the cells that are plain ASCII without a space at either end are
    kept as they are (found by Arrow's vectorised kernels) and only the others are cleaned one
    by one, so the result stays Arrow text (the column's own ``str`` dtype, shared with it when
    nothing changes) rather than a Python object a row."""
    suspect = _suspect_cells(column)
    if suspect is None:
        return clean_labels(column)
    if not suspect.any():
        return column  # shares the table's memory
    return column.mask(suspect, clean_labels(column[suspect]).astype(column.dtype))


def repeated_values(column: pd.Series) -> pd.Series:
    """Mask of the cells whose value (not missing) is in another cell too.

    Arrow text is sorted (a permutation and one sorted copy, no hash table of every distinct
    value: a few bytes a row for a column of client ids); other columns are factorised.
    """
    suspect = _suspect_cells(column)  # None unless Arrow text
    if suspect is None:
        codes, _ = pd.factorize(column)
        repeats = np.bincount(codes[codes >= 0], minlength=1)
        return pd.Series((codes >= 0) & (repeats[np.maximum(codes, 0)] > 1), index=column.index)
    values = pa.array(column.array)
    order = pc.array_sort_indices(values)
    ordered = values.take(order)
    same = pc.equal(ordered[1:], ordered[:-1]).fill_null(False).to_numpy(zero_copy_only=False)
    sorted_mask = np.zeros(len(column), dtype=bool)
    sorted_mask[1:] |= same
    sorted_mask[:-1] |= same
    mask = np.zeros(len(column), dtype=bool)
    mask[order.to_numpy()] = sorted_mask
    return pd.Series(mask, index=column.index)


def invisible_characters(column: pd.Series) -> pd.Series:
    """Mask of the cells of a label column that hold control or invisible characters."""
    suspect = _suspect_cells(column)
    if suspect is None:
        return pd.Series(_invisible_by_value(column), index=column.index)
    mask = np.zeros(len(column), dtype=bool)  # only the cells Arrow cannot vouch for are read
    mask[suspect] = _invisible_by_value(column[suspect])
    return pd.Series(mask, index=column.index)


def _invisible_by_value(column: pd.Series) -> np.ndarray:
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    dirty = np.array([has_invisible(str(u)) for u in uniques] + [False], dtype=bool)
    return dirty[codes]


def _suspect_cells(column: pd.Series) -> np.ndarray | None:
    """For a column of Arrow text, the mask of cells that may need cleaning: all but the
    non-empty printable ASCII without a space at either end (missing cells are not suspect).
    None for other columns (categoricals, Python objects), which are cleaned by their
    distinct values."""
    if not isinstance(column.array, ArrowStringArray):
        return None
    values = pa.array(column.array)
    plain = pc.and_(pc.ascii_is_printable(values), pc.greater(pc.utf8_length(values), 0))
    padded = pc.or_(pc.starts_with(values, " "), pc.ends_with(values, " "))
    suspect = pc.and_(pc.is_valid(values), pc.invert(pc.and_(plain, pc.invert(padded))))
    return suspect.fill_null(False).to_numpy(zero_copy_only=False)
