"""The checks on a cleaned ``Dataset.frame`` as a whole: enough delivery modes, and enough
outcome values and problem types in them to compare (codes of :mod:`analysis.data.issues`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.exclusions import FILE_ROWS
from analysis.data.issues import issue
from analysis.data.roles import ColumnRoles
from analysis.data.units import Unit
from analysis.data.validation import Issue, printable
from analysis.options import MAX_ABS_OUTCOME, MAX_MODES, MAX_PROBLEM_TYPES


def per_mode(out: pd.DataFrame, mask: np.ndarray | None = None) -> tuple[list[str], np.ndarray]:
    """The modes and the units per mode in the usable rows (a mode and a count), optionally
    restricted to ``mask``."""
    codes, labels = pd.factorize(out["mode"])
    weight = out["weight"].to_numpy(float)
    valid = (codes >= 0) & (weight > 0)
    if mask is not None:
        valid &= mask
    return [str(m) for m in labels], np.bincount(codes[valid], weights=weight[valid],
                                                 minlength=len(labels))


def check_groups(out: pd.DataFrame, roles: ColumnRoles) -> list[Issue]:
    """Errors when the usable rows have fewer than two modes, or more than ``MAX_MODES``."""
    labels, units = per_mode(out)
    present = [m for m, n in zip(labels, units) if n > 0]
    found = []
    if roles.mode and len(present) < 2:
        shown = ", ".join(printable(m, 40) for m in present) or "none"
        found.append(issue("fewer_than_two_modes", column=roles.mode, found=shown))
    if len(present) > MAX_MODES:
        found.append(issue("too_many_modes", column=roles.mode, count=len(present),
                           limit=MAX_MODES, values=tuple(printable(m, 40) for m in present[:10])))
    return found


def _counts_text(pairs: list[tuple[str, float]], unit: Unit, what: str) -> str:
    """"Group 'online' has 1 client(s) with a usable value, 'face-to-face' has 0" (up to five
    modes, then "and k more")."""
    shown = [f"'{printable(m, 40)}' has {int(n):,}" for m, n in pairs[:5]]
    shown[0] = f"Group {shown[0]} {unit.singular}(s)"
    more = f" and {len(pairs) - 5:,} more modes" if len(pairs) > 5 else ""
    return ", ".join(shown) + more + f" {what}"


def check_outcome(out: pd.DataFrame, roles: ColumnRoles, label: str, unit: Unit) -> list[Issue]:
    """One rule for every way an outcome column can leave nothing to compare.

    Outcome analyses need at least two modes with two or more usable values: an outcome column
    that is empty, holds no numbers, only infinite or out-of-range values, or has one value per
    mode blocks them (an error naming the modes and their counts). A mode with fewer than two
    values beside two that have enough is left out of the comparisons (a warning).
    """
    labels, units = per_mode(out)
    if sum(n > 0 for n in units) < 2:
        return []  # fewer_than_two_modes already blocks everything
    _, with_values = per_mode(out, out["outcome"].notna().to_numpy())
    ranked = sorted(((m, n, v) for m, n, v in zip(labels, units, with_values) if n > 0),
                    key=lambda t: (t[2], -t[1], t[0]))
    enough = [m for m, _, v in ranked if v >= 2]
    if len(enough) >= 2:
        found = [issue("small_group", column=roles.mode, values=(printable(mode),),
                       mode=printable(mode, 40), count=int(v), unit=unit.singular)
                 for mode, _, v in ranked if v < 2]
        spread = _no_spread(out, enough, label, roles.outcome)
        return found + ([spread] if spread is not None else [])
    counts = _counts_text([(m, v) for m, _, v in ranked], unit, "with a usable value")
    return [issue("too_few_outcome_values", column=roles.outcome,
                  values=tuple(printable(m) for m, _, _ in ranked[:10]),
                  label=printable(label), counts=counts,
                  why=_why_too_few(out, with_values.sum() == 0))]


def _why_too_few(out: pd.DataFrame, no_values: bool) -> str:
    """Why the usable rows have too few outcome values: their reasons, counted."""
    usable = (out["weight"] > 0).to_numpy() & out["mode"].notna().to_numpy()
    left_out = usable & out["outcome"].isna().to_numpy()
    reasons = out.loc[left_out, "outcome_issue"].astype(object).fillna("missing")
    if FILE_ROWS in out.columns:  # grouped rows: the file's rows, ties in order of appearance
        counts = pd.Series(out[FILE_ROWS].to_numpy()[left_out], index=reasons.index).groupby(
            reasons, sort=False).sum().sort_values(ascending=False, kind="stable")
    else:
        counts = reasons.value_counts()
    if counts.empty:
        return "every value was usable: there are too few rows"
    if no_values and len(counts) == 1:
        return {"not a number": "the column holds no numbers",
                "missing": "every value is missing",
                "infinite": "every value is infinite",
                "too large": f"every value is {MAX_ABS_OUTCOME:.0e} or more in size",
                "out of range": "every value is outside the valid range",
                }.get(str(counts.index[0]), f"every value is unusable ({counts.index[0]})")
    return "values left out: " + ", ".join(f"{n:,} {reason}" for reason, n in counts.items())


def _no_spread(out: pd.DataFrame, enough: list[str], label: str, column: str | None
               ) -> Issue | None:
    """A warning when no mode with enough values has any spread in its outcome."""
    rows = out["outcome"].notna() & (out["weight"] > 0) & out["mode"].isin(enough)
    spread = out.loc[rows, ["mode", "outcome"]].groupby("mode", observed=True)["outcome"].agg(
        ["min", "max"])
    if (spread["max"] > spread["min"]).any():
        return None
    values = sorted(set(spread["min"]))
    where = (f"every usable value of '{printable(label)}' is {values[0]:g}" if len(values) == 1
             else f"within each mode every usable value of '{printable(label)}' is the same")
    return issue("outcome_no_spread", column=column, where=where)


def check_problems(out: pd.DataFrame, roles: ColumnRoles, unit: Unit, sep: str | None
                   ) -> list[Issue]:
    """Problem analyses need at least two modes with a problem type recorded, and at most
    ``MAX_PROBLEM_TYPES`` distinct types (errors)."""
    distinct = pd.Series(out["problem"].dropna().unique(), dtype=object)
    if sep is not None:
        distinct = pd.Series(distinct.str.split(sep, regex=False).explode().unique())
    found = []
    if len(distinct) > MAX_PROBLEM_TYPES:
        found.append(issue("too_many_problem_types", column=roles.problem, count=len(distinct),
                           limit=MAX_PROBLEM_TYPES,
                           values=tuple(printable(p, 40) for p in distinct[:10])))
    labels, units = per_mode(out)
    if sum(n > 0 for n in units) < 2:
        return found
    _, with_problem = per_mode(out, out["problem"].notna().to_numpy())
    ranked = sorted(((m, v) for m, n, v in zip(labels, units, with_problem) if n > 0),
                    key=lambda t: (t[1], t[0]))
    if sum(v > 0 for _, v in ranked) < 2:
        found.append(issue("too_few_problem_values", column=roles.problem,
                           values=tuple(printable(m) for m, _ in ranked[:10]),
                           counts=_counts_text(ranked, unit, "with a problem type")))
    return found
