"""How numbers are written for people: one set of formatters for sentences, tables and charts.

Numbers stay unrounded in every result; they are rounded only here. Undefined values (NaN,
None) are written "–" in tables and "n/a" in sentences; infinite ones as "∞" / "−∞", so the two
are never confused.
"""

from __future__ import annotations

import math

DASH = "–"
MINUS = "−"


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x, digits: int = 2, *, missing: str = DASH) -> str:
    """``1,234.57``; infinities as ∞ and −∞."""
    if _missing(x):
        return missing
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else MINUS + "∞"
    return f"{x:,.{digits}f}"


def integer(x, *, missing: str = DASH) -> str:
    """``1,234`` (counts)."""
    return missing if _missing(x) else f"{int(round(float(x))):,}"


def p_value(p, *, missing: str = DASH) -> str:
    """A p-value in a table: ".069", "< .001" (APA: no leading zero, three decimals)."""
    if _missing(p):
        return missing
    return "< .001" if p < 0.001 else f"{p:.3f}".lstrip("0")


def p_text(p) -> str:
    """A p-value in a sentence: "p = .069", "p < .001"."""
    if _missing(p):
        return "p = n/a"
    return "p < .001" if p < 0.001 else "p = " + p_value(p)


def ci(low, high, digits: int = 2, *, missing: str = DASH) -> str:
    """``[0.12, 0.45]``; "–" when either end is undefined."""
    if _missing(low) or _missing(high):
        return missing
    return f"[{num(low, digits)}, {num(high, digits)}]"


def ci_text(low, high, level: float = 0.95, digits: int = 2) -> str:
    """``95% CI [0.12, 0.45]`` (sentences)."""
    return f"{level:.0%} CI {ci(low, high, digits, missing='[n/a, n/a]')}"


def df_text(df) -> str:
    """Degrees of freedom: whole numbers without decimals, Welch's with one."""
    if _missing(df):
        return "n/a"
    return f"{df:.0f}" if abs(df - round(df)) < 1e-9 else f"{df:.1f}"


def percent(x, digits: int = 1, *, missing: str = DASH) -> str:
    """``14.5%``."""
    return missing if _missing(x) else f"{num(x, digits)}%"


def signed(x, digits: int = 2, *, missing: str = DASH) -> str:
    """``+0.42`` / ``−0.42`` (a change)."""
    if _missing(x):
        return missing
    return ("+" if x >= 0 else MINUS) + num(abs(x), digits)


def span(low, high, *, missing: str = DASH) -> str:
    """``12 to 32`` (a range or an interquartile range: the ends as they are, no brackets)."""
    if _missing(low) or _missing(high):
        return missing
    return f"{float(low):g} to {float(high):g}"


def estimate_ci(value, low, high, digits: int = 2, *, missing: str = DASH) -> str:
    """``28.27 [27.97, 28.57]``: an estimate with its CI in one cell (narrow tables)."""
    if _missing(value):
        return missing
    interval = ci(low, high, digits, missing="")
    return f"{num(value, digits)} {interval}".strip()


def _pair(fmt):
    def write(value, **kw):
        if value is None:
            return DASH
        return fmt(*value, **kw)
    return write


#: Column formats of ``reports.blocks.Table``: name -> function of the raw value.
FORMATS = {
    "text": lambda v: DASH if _missing(v) else str(v),
    "int": integer,
    "num": num,
    "num1": lambda v: num(v, 1),
    "num3": lambda v: num(v, 3),
    "p": p_value,
    "ci": _pair(ci),
    "ci1": _pair(lambda lo, hi: ci(lo, hi, 1)),
    "pct": percent,
    "span": _pair(span),
    "est_ci": _pair(estimate_ci),
    "est_ci1": _pair(lambda v, lo, hi: estimate_ci(v, lo, hi, 1)),
    "df": lambda v: DASH if _missing(v) else df_text(v),
    "signed": signed,
    "signed1": lambda v: signed(v, 1),
}


def pretty_label(name: object) -> str:
    """A column name as a title: ``satisfaction_total`` -> "Satisfaction total"; names that
    already read as words (spaces, capitals) are kept."""
    text = str(name).strip()
    if " " in text or any(ch.isupper() for ch in text):
        return text
    words = text.replace("_", " ").replace(".", " ").split()
    return " ".join(words)[:1].upper() + " ".join(words)[1:] if words else text
