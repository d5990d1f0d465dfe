"""p-value adjustment for several tests."""

from __future__ import annotations

import numpy as np
from scipy import stats

from analysis.errors import DataError

__all__ = ["p_adjust"]


def p_adjust(p, method: str = "holm") -> np.ndarray:
    """Adjusted p-values of several tests, as R's ``p.adjust(p, method)``.

    Parameters
    ----------
    p : array_like
        p-values in [0, 1]; NaN marks a test that could not be run (it stays NaN and does not
        count as a test).
    method : {"holm", "BH"}
        "holm" controls the family-wise error rate; "BH" the false discovery rate.

    Returns
    -------
    ndarray
        The adjusted p-values, in the order given, at most 1.

    Raises
    ------
    DataError
        ``bad_p_value`` (a p outside [0, 1] or infinite), ``bad_method``.

    Notes
    -----
    Holm: the i-th smallest of m p-values times (m - i + 1), made non-decreasing and capped at
    1. BH: scipy's ``false_discovery_control``.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics, 6*, 65-70.
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate. *JRSS B, 57*,
    289-300.

    Examples
    --------
    >>> p_adjust([0.01, 0.04, 0.03], "holm").round(4).tolist()  # R: p.adjust(p, "holm")
    [0.03, 0.06, 0.06]
    >>> p_adjust([0.01, 0.04, 0.03], "BH").round(4).tolist()  # R: p.adjust(p, "BH")
    [0.03, 0.04, 0.04]
    """
    if method not in ("holm", "BH"):
        raise DataError(f"method must be 'holm' or 'BH' (got {method!r}).", "bad_method")
    try:
        p = np.asarray(p, dtype=float)
    except (TypeError, ValueError):
        raise DataError("p-values must be numbers.", "bad_p_value") from None
    known = p[~np.isnan(p)]
    if not ((known >= 0) & (known <= 1)).all():
        raise DataError("p-values must be between 0 and 1 (NaN for a test not run).",
                        "bad_p_value")
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if not ok.any():
        return out
    if method == "BH":
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    else:
        q = p[ok]
        order = np.argsort(q)
        m = len(q)
        stepped = np.maximum.accumulate((m - np.arange(m)) * q[order])
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(stepped, 1.0)
        out[ok] = adjusted
    return out
