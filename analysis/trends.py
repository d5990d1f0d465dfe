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
    """One row per (month, mode): ``clients``, and of those with an outcome ``n``, ``mean``,
    ``ci_low``, ``ci_high`` (t interval, clipped to the outcome's ``scale`` when it is known:
    a mean cannot lie outside it; NaN when n < 2).

    Rows without a date or a mode are left out and counted (a missing outcome only leaves a
    client out of the mean).
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
