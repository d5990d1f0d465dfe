"""The shared sidebar filters. Created in the entrypoint, so they survive page switches."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.dataset import Dataset
from analysis.options import SUPPRESSION_THRESHOLD
from analysis.problems import explode_problems
from ui.state import widget_key

#: role -> label of its multiselect (empty selection = everything)
CATEGORY_FILTERS = {"site": "Site", "counselor": "Counselor", "problem": "Problem type",
                    "gender": "Gender", "channel": "Online channel"}


def _options(frame: pd.DataFrame, role: str, sep: str | None) -> list[str]:
    column = explode_problems(frame, sep)["problem"] if role == "problem" else frame[role]
    return sorted(column.dropna().astype(str).unique(), key=str.casefold)


def sidebar_filters(dataset: Dataset) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Draw the filters for the roles the data have; return the filtered rows and a description.

    A filter left at "everything" keeps rows with a missing value too; an active filter keeps
    only rows that match it.
    """
    frame = dataset.frame
    keep = pd.Series(True, index=frame.index)
    active: list[str] = []
    has = dataset.has
    if has["date"] and frame["date"].notna().any():
        first, last = frame["date"].min().date(), frame["date"].max().date()
        period = st.date_input("Period", value=(first, last), min_value=first, max_value=last,
                               key=widget_key("filter_period"), format="YYYY-MM-DD")
        if isinstance(period, (tuple, list)) and len(period) == 2 and tuple(period) != (first, last):
            start, end = (pd.Timestamp(d) for d in period)
            keep &= frame["date"].between(start, end + pd.Timedelta(days=1) - pd.Timedelta(1, "ns"))
            active.append(f"period {period[0]:%Y-%m-%d} to {period[1]:%Y-%m-%d}")
    for role, label in CATEGORY_FILTERS.items():
        if not has[role]:
            continue
        options = _options(frame, role, dataset.problem_sep)
        if len(options) < 2:
            continue
        chosen = st.multiselect(label, options, key=widget_key(f"filter_{role}"), placeholder="All")
        if chosen:
            if role == "problem" and dataset.problem_sep is not None:
                labels = frame["problem"].str.split(dataset.problem_sep, regex=False).explode()
                match = labels.isin(chosen).groupby(level=0).any()
            else:
                match = frame[role].isin(chosen)
            keep &= match.fillna(False).astype(bool)
            active.append(f"{label.lower()}: {', '.join(chosen)}")
    if has["age"] and frame["age"].notna().any():
        lo, hi = int(frame["age"].min()), int(frame["age"].max())
        if lo < hi:
            ages = st.slider("Age", lo, hi, (lo, hi), key=widget_key("filter_age"))
            if tuple(ages) != (lo, hi):
                keep &= frame["age"].between(*ages).fillna(False).astype(bool)
                active.append(f"age {ages[0]}-{ages[1]}")
    return frame[keep], tuple(active)


def clear_filters() -> None:
    for key in list(st.session_state.keys()):
        if str(key).startswith("filter_"):
            del st.session_state[key]


def privacy_switch() -> int | None:
    """The small-cell suppression switch and threshold; the threshold when on, else None."""
    on = st.toggle("Hide small counts", key="privacy_on",
                   help="Counts below the threshold are hidden in every table, chart and download, "
                        "with the percentages and means derived from them, and enough other cells "
                        "that a hidden count cannot be worked out from the totals.")
    threshold = st.number_input("Threshold", min_value=2, max_value=100,
                                value=SUPPRESSION_THRESHOLD, step=1, key="privacy_threshold",
                                disabled=not on)
    return int(threshold) if on else None
