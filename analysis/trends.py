"""Monthly clients and monthly mean outcome per delivery mode."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.data.exclusions import Exclusions, usable_rows
from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL


def monthly(data: pd.DataFrame, *, confidence_level: float = CONFIDENCE_LEVEL,
            scale: tuple[float, float] | None = None) -> tuple[pd.DataFrame, Exclusions]:
    """Clients and the mean outcome per calendar month and delivery mode.

    Parameters
    ----------
    data : DataFrame
        A prepared frame with a parsed ``date`` column (``mode``, ``weight``, ``outcome``).
    confidence_level : float
        Of the monthly means' CIs.
    scale : (float, float), optional
        The outcome's possible range: the CIs are clipped to it (a mean cannot lie outside it).

    Returns
    -------
    table : DataFrame
        One row per (month, mode): ``month`` (its first day), ``mode``, ``clients``, and of
        those with an outcome ``n``, ``mean``, ``ci_low``, ``ci_high`` (the t interval; NaN
        when n < 2).
    exclusions : Exclusions
        Rows without a date or a mode, left out and counted (a missing outcome only leaves a
        client out of the mean).

    Raises
    ------
    DataError
        ``no_such_column`` when the data have no date column.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> frame = frame_from_columns(["online", "online", "face-to-face"], [4, 2, 5],
    ...                            date=pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-01"]))
    >>> table, _ = monthly(frame)
    >>> print(table[["month", "mode", "clients", "mean"]].to_string(index=False))
         month         mode  clients  mean
    2024-01-01       online        2   3.0
    2024-02-01 face-to-face        1   5.0
    """
    if "date" not in data.columns:
        raise DataError("The data have no date column: map one on the Data page "
                        "to see trends.", "no_such_column")
    used, exclusions = usable_rows(data.assign(date_issue=None), ("date",), columns=("outcome",))
    month = used["date"].dt.to_period("M").dt.to_timestamp()
    w = used["weight"].to_numpy(float)
    x = used["outcome"].to_numpy(float)
    has = ~np.isnan(x)
    parts = pd.DataFrame({"month": month.to_numpy(), "mode": used["mode"].astype(str).to_numpy(),
                          "clients": w, "n": np.where(has, w, 0.0),
                          "wx": np.where(has, w * x, 0.0), "wxx": np.where(has, w * x * x, 0.0)})
    table = parts.groupby(["month", "mode"], as_index=False).sum()
    n = table["n"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = table["wx"] / n
        var = (table["wxx"] - n * mean**2) / (n - 1)
        half = stats.t.ppf(0.5 + confidence_level / 2, n - 1) * np.sqrt(np.clip(var, 0, None) / n)
    table["mean"] = mean.where(n > 0)
    low, high = (mean - half).where(n > 1), (mean + half).where(n > 1)
    if scale is not None:
        low, high = low.clip(lower=scale[0]), high.clip(upper=scale[1])
    table["ci_low"], table["ci_high"] = low, high
    table["clients"] = table["clients"].astype(int)
    table["n"] = table["n"].astype(int)
    return table[["month", "mode", "clients", "n", "mean", "ci_low", "ci_high"]], exclusions
