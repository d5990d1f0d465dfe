"""Which other columns of a prepared data set can be analysed by delivery mode: yes/no
outcomes (two levels, such as completed / dropped out) and categories (a few levels, such as
gender, site or an age band)."""

from __future__ import annotations

import pandas as pd

#: A column with more distinct values than this is not offered as a category.
MAX_CATEGORY_LEVELS = 30
#: Columns of the prepared frame that are not the user's variables (or have their own pages).
_NOT_VARIABLES = {"row", "weight", "mode", "outcome", "problem", "date", "client_id",
                  "presenting_problems"}


def levels(data: pd.DataFrame, column: str) -> list[str]:
    """The distinct values of ``column`` as text, the most common first (counts weighted),
    then by name; missing values are not a level.

    >>> frame = pd.DataFrame({"status": ["done", "left", "done", None], "weight": [1, 5, 1, 1]})
    >>> levels(frame, "status")
    ['left', 'done']
    """
    values = data[column]
    present = values.notna().to_numpy() & (data["weight"] > 0).to_numpy()
    totals = data.loc[present, "weight"].groupby(_as_text(values[present]), observed=True).sum()
    return sorted(totals.index.astype(str), key=lambda level: (-totals[level], level))


def category_columns(data: pd.DataFrame, *, max_levels: int = MAX_CATEGORY_LEVELS
                     ) -> tuple[str, ...]:
    """The columns with 2 to ``max_levels`` distinct values that can be tabulated by mode, in
    the file's order: the user's other columns and the site, counselor, gender and channel
    roles (not the mode, outcome, problem, date or id, nor the ``*_issue`` columns). A numeric
    column is offered only with two values (0/1): with more it is a score, analysed as an
    outcome on the Satisfaction page."""
    found = []
    for column in data.columns:
        if column in _NOT_VARIABLES or column.endswith("_issue"):
            continue
        distinct = data[column].dropna().nunique()
        numeric = pd.api.types.is_numeric_dtype(data[column])
        if 2 <= distinct <= (2 if numeric else max_levels):
            found.append(column)
    return tuple(found)


def binary_columns(data: pd.DataFrame) -> tuple[str, ...]:
    """The columns with exactly two distinct values (a yes/no outcome such as completed /
    dropped out, or 0/1), in the file's order."""
    return tuple(c for c in category_columns(data, max_levels=2))


def _as_text(values: pd.Series) -> pd.Series:
    """Values as the text a user reads: whole numbers without ".0" (a 0/1 column read as
    floats shows 0 and 1)."""
    if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
        return values.astype("Int64").astype(str)
    return values.astype(str)
