"""The shared sidebar filters. Created in the entrypoint, so they survive page switches."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.data.dataset import Dataset
from analysis.options import SUPPRESSION_THRESHOLD
from analysis.problems import explode_problems
from ui.state import current_source, widget_key

#: role -> label of its multiselect (empty selection = everything)
CATEGORY_FILTERS = {"site": "Site", "counselor": "Counselor", "problem": "Problem type",
                    "gender": "Gender", "channel": "Online channel"}


def filter_choices(dataset: Dataset) -> dict:
    """What each filter offers: the labels per role, the date span and the age span.

    Worked out once per data set and reading (kept in the session), not on every rerun.
    """
    store = st.session_state.setdefault("_filter_choices", {})
    source = current_source()
    key = (source.sha256, source.sheet, dataset.preparation)
    if key not in store:
        frame = dataset.frame
        has = dataset.has
        choices: dict = {}
        for role in CATEGORY_FILTERS:
            if has[role]:
                column = (explode_problems(frame[["problem"]], dataset.problem_sep)["problem"]
                          if role == "problem" else frame[role])
                labels = pd.Series(column.dropna().unique()).astype(str).unique()
                choices[role] = sorted(labels, key=str.casefold)
        if has["date"] and frame["date"].notna().any():
            choices["date"] = (frame["date"].min().date(), frame["date"].max().date())
        if has["age"] and frame["age"].notna().any():
            choices["age"] = (int(frame["age"].min()), int(frame["age"].max()))
        store.clear()  # one data set at a time
        store[key] = choices
    return store[key]


def sidebar_filters(dataset: Dataset, *, locked: bool = False
                    ) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Draw the filters for the roles the data have; return the filtered rows and a description.

    A filter left at "everything" keeps rows with a missing value too; an active filter keeps
    only rows that match it. ``locked`` (small counts hidden) shows them as set but unchangeable:
    two views that differ by a few clients would give those clients' counts away.
    """
    frame = dataset.frame
    keep = pd.Series(True, index=frame.index)
    active: list[str] = []
    choices = filter_choices(dataset)
    if "date" in choices:
        first, last = choices["date"]
        period = st.date_input("Period", value=(first, last), min_value=first, max_value=last,
                               key=widget_key("filter_period"), format="YYYY-MM-DD",
                               disabled=locked)
        if (isinstance(period, (tuple, list)) and len(period) == 2
                and tuple(period) != (first, last)):
            start, end = (pd.Timestamp(d) for d in period)
            keep &= frame["date"].between(start, end + pd.Timedelta(days=1) - pd.Timedelta(1, "ns"))
            active.append(f"period {period[0]:%Y-%m-%d} to {period[1]:%Y-%m-%d}")
    for role, label in CATEGORY_FILTERS.items():
        options = choices.get(role, [])
        if len(options) < 2:
            continue
        chosen = st.multiselect(label, options, key=widget_key(f"filter_{role}"), placeholder="All",
                                disabled=locked)
        if chosen:
            if role == "problem" and dataset.problem_sep is not None:
                labels = frame["problem"].str.split(dataset.problem_sep, regex=False).explode()
                match = labels.isin(chosen).groupby(level=0).any()
            else:
                match = frame[role].isin(chosen)
            keep &= match.fillna(False).astype(bool)
            active.append(f"{label.lower()}: {', '.join(chosen)}")
    if "age" in choices:
        lo, hi = choices["age"]
        if lo < hi:
            ages = st.slider("Age", lo, hi, (lo, hi), key=widget_key("filter_age"),
                             disabled=locked)
            if tuple(ages) != (lo, hi):
                keep &= frame["age"].between(*ages).fillna(False).astype(bool)
                active.append(f"age {ages[0]}-{ages[1]}")
    return (frame[keep] if active else frame), tuple(active)


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
