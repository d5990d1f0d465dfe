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


def hidden_text(threshold: int) -> str:
    return f"<{threshold}"


def summary_table_suppressed(summary: OutcomeSummary, threshold: int | None) -> pd.DataFrame:
    """:func:`summary_table`, with every statistic of a group under ``threshold`` clients hidden."""
    table = summary_table(summary)
    if threshold is None:
        return table
    for i, g in enumerate(summary.groups):
        if 0 < g.n < threshold:
            table.loc[i, table.columns[1:]] = "hidden"
            table.loc[i, "n"] = hidden_text(threshold)
    return table


def problem_table_text(counts: pd.DataFrame, percent: pd.DataFrame, hidden: pd.DataFrame | None,
                       threshold: int | None) -> pd.DataFrame:
    """Problem x mode table as text: 'n (p%)' per cell, suppressed cells as '<k'."""
    out = pd.DataFrame(index=counts.index)
    for mode in counts.columns:
        cells = []
        for problem in counts.index:
            if hidden is not None and hidden.loc[problem, mode]:
                cells.append(hidden_text(threshold))
            else:
                cells.append(f"{int(counts.loc[problem, mode]):,} ({percent.loc[problem, mode]:.1f}%)")
        out[str(mode)] = cells
    out.index.name = "problem"
    return out.reset_index()


def comparison_tables(c) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tests and the effect sizes of an OutcomeComparison, formatted (A minus B)."""
    w, s, mw = c.welch, c.student, c.mann_whitney
    level = f"{w.confidence_level:.0%}"
    tests = pd.DataFrame([
        {"test": "Welch's t (primary)", "statistic": f"t = {w.t:.2f}", "df": f"{w.df:.1f}",
         "p": fmt_p(w.p), f"difference {level} CI": fmt_ci(w.ci.low, w.ci.high)},
        {"test": "Student's t", "statistic": f"t = {s.t:.2f}", "df": f"{s.df:.0f}",
         "p": fmt_p(s.p), f"difference {level} CI": fmt_ci(s.ci.low, s.ci.high)},
        {"test": f"Mann-Whitney U ({mw.method})", "statistic": f"U = {mw.u:,.1f}", "df": "",
         "p": fmt_p(mw.p), f"difference {level} CI": ""},
    ])
    effects = pd.DataFrame([
        {"effect size": "mean difference (A − B)", "value": fmt_number(w.mean_diff),
         f"{level} CI": fmt_ci(w.ci.low, w.ci.high), "method": "Welch"},
        {"effect size": "Cohen's d", "value": fmt_number(c.cohens_d.value),
         f"{level} CI": fmt_ci(c.cohens_d.ci.low, c.cohens_d.ci.high), "method": c.cohens_d.method},
        {"effect size": "Hedges' g", "value": fmt_number(c.hedges_g.value),
         f"{level} CI": fmt_ci(c.hedges_g.ci.low, c.hedges_g.ci.high), "method": c.hedges_g.method},
        {"effect size": "rank-biserial r", "value": fmt_number(mw.rank_biserial.value),
         f"{level} CI": fmt_ci(mw.rank_biserial.ci.low, mw.rank_biserial.ci.high),
         "method": mw.rank_biserial.method},
        {"effect size": "Hodges-Lehmann shift", "value": fmt_number(mw.hodges_lehmann),
         f"{level} CI": "", "method": "median of all A − B differences"},
    ])
    return tests, effects


def fmt_p(p: float) -> str:
    if p is None or math.isnan(p):
        return "–"
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")
