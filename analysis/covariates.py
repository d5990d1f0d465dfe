"""The roles a comparison can be adjusted for, and how each enters a model."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError

#: Roles that can be covariates (``--covariates`` takes these names).
COVARIATE_ROLES = ("problem", "age", "gender", "site", "date", "counselor")
#: What each covariate role is called in tables.
COVARIATE_NAMES = {"problem": "problem type", "age": "age", "gender": "gender", "site": "site",
                   "date": "intake (years since the first)", "counselor": "counselor"}
_NUMERIC = ("age", "date")


def covariate_roles(present, *, chosen=None) -> tuple[str, ...]:
    """The covariate roles among ``present`` (all but counselor, or those ``chosen``), in the
    order of :data:`COVARIATE_ROLES`.

    Raises
    ------
    DataError
        ``bad_covariate`` for a name that is not a covariate role, ``no_such_column`` for a
        role the data lack.

    Examples
    --------
    >>> covariate_roles(["mode", "age", "site", "counselor"])
    ('age', 'site')
    >>> covariate_roles(["age", "site"], chosen=["site"])
    ('site',)
    """
    if chosen is None:
        return tuple(r for r in COVARIATE_ROLES if r in present and r != "counselor")
    chosen = [str(c).strip().lower() for c in chosen]
    wrong = [c for c in chosen if c not in COVARIATE_ROLES]
    if wrong:
        raise DataError(f"'{wrong[0]}' is not a covariate; choose from "
                        f"{', '.join(COVARIATE_ROLES)}.", "bad_covariate")
    absent = [c for c in chosen if c not in present]
    if absent:
        raise DataError(f"The data have no {absent[0]} column (none was detected or mapped).",
                        "no_such_column")
    return tuple(r for r in COVARIATE_ROLES if r in chosen)


def covariate_frame(frame: pd.DataFrame, covariates, *, names: bool = True) -> pd.DataFrame:
    """The covariates as model columns: the first listed problem of a multi-label cell, the
    intake date as years since the first intake, age as a number, the rest as text (NaN where
    missing). Columns are named by :data:`COVARIATE_NAMES` (by role with ``names=False``).

    Examples
    --------
    >>> f = pd.DataFrame({"problem": ["anxiety;OCD", "family"],
    ...                   "date": pd.to_datetime(["2024-01-01", "2025-01-01"])})
    >>> covariate_frame(f, ["problem", "date"], names=False)
       problem      date
    0  anxiety  0.000000
    1   family  1.002053
    """
    out = {}
    for role in covariates:
        values = frame[role]
        if role == "problem":  # split each distinct label once, not each row
            labels = values.astype("category")
            first = labels.cat.categories.astype(str).str.split(r"\s*[;|]\s*", regex=True)
            values = labels.map(dict(zip(labels.cat.categories, first.str[0]))).astype(object)
        elif role == "date":
            values = (values - values.min()).dt.days / 365.25
        elif role not in _NUMERIC:
            values = values.astype("string")
        out[COVARIATE_NAMES[role] if names else role] = values.to_numpy(
            dtype=float if role in _NUMERIC else object, na_value=np.nan)
    return pd.DataFrame(out, index=frame.index)
