"""p-value adjustment for several tests."""

from __future__ import annotations

import numpy as np
from scipy import stats


def p_adjust(p, method: str = "holm") -> np.ndarray:
    """Adjusted p-values, as R's ``p.adjust(p, method)``: "holm" (Holm 1979, controls the
    family-wise error) or "BH" (Benjamini & Hochberg 1995, controls the false discovery rate).
    NaN p-values stay NaN and do not count as tests.
    """
    p = np.asarray(p, dtype=float)
    out = np.full_like(p, np.nan)
    ok = ~np.isnan(p)
    if not ok.any():
        return out
    if method == "BH":
        out[ok] = stats.false_discovery_control(p[ok], method="bh")
    elif method == "holm":
        q = p[ok]
        order = np.argsort(q)
        m = len(q)
        stepped = np.maximum.accumulate((m - np.arange(m)) * q[order])
        adjusted = np.empty(m)
        adjusted[order] = np.minimum(stepped, 1.0)
        out[ok] = adjusted
    else:
        raise ValueError("method must be 'holm' or 'BH'")
    return out
