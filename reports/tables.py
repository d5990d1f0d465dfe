"""Tables for people: formatted numbers, and CSV exports safe to open in a spreadsheet."""

from __future__ import annotations

import math

import pandas as pd

from analysis.descriptives import OutcomeSummary

#: Cell starts that a spreadsheet would run as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def fmt_number(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def fmt_ci(low: float, high: float, digits: int = 2) -> str:
    if math.isnan(low) or math.isnan(high):
        return "–"
    return f"[{low:.{digits}f}, {high:.{digits}f}]"


def summary_table(summary: OutcomeSummary) -> pd.DataFrame:
    """Descriptives per mode, formatted: n, mean [CI], SD, median [CI], IQR, range."""
    level = f"{summary.confidence_level:.0%}"
    rows = []
    for g in summary.groups:
        row = {
            "mode": g.group, "n": f"{g.n:,}", "mean": fmt_number(g.mean),
            f"mean {level} CI": fmt_ci(g.mean_ci.low, g.mean_ci.high), "SD": fmt_number(g.sd),
            "median": fmt_number(g.median, 1),
            f"median {level} CI": fmt_ci(g.median_ci.low, g.median_ci.high, 1),
            "IQR": fmt_ci(g.q1, g.q3, 1).replace(",", " to").strip("[]"),
            "range": f"{fmt_number(g.minimum, 0)} to {fmt_number(g.maximum, 0)}",
        }
        if g.pct_at_max is not None:
            row["% at scale maximum"] = fmt_number(g.pct_at_max, 1)
        rows.append(row)
    return pd.DataFrame(rows)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells that start like a formula get a leading apostrophe."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype("string")
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            text = out[col]
            risky = text.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS))
            out[col] = text.mask(risky, "'" + text.astype(str))
    out.columns = [f"'{c}" if str(c).startswith(FORMULA_STARTS) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a BOM, so Excel reads accents) with formula-like cells neutralised."""
    return neutralise_formulas(frame).to_csv(index=False).encode("utf-8-sig")
