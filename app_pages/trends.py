"""Trends: clients and mean outcome per month and mode (when the data have dates), and periods
compared (months, quarters, years or UK financial years: each mode's share and its change)."""

import streamlit as st

from analysis.errors import DataError
from analysis.periods import COMPARISONS
from reports.sections import periods, trends
from ui import state
from ui.render import plain, render
from ui.widgets import require_context

st.title("Trends")
ctx = require_context()
render(trends.section(ctx), ctx.k, heading=False)


@st.fragment
def compared() -> None:
    """The period settings rerun only this part."""
    st.header("Periods compared")
    c1, c2 = st.columns([1, 2])
    unit = c1.selectbox("Periods", list(periods.UNITS), index=list(periods.UNITS).index("fy"),
                        format_func=periods.UNITS.get, key=state.widget_key("per_unit"))
    present = periods.available(ctx, unit)
    chosen = c2.multiselect("Compare", present, default=present[-2:],
                            key=state.widget_key(f"per_chosen_{unit}"),
                            help="Two or more periods, compared in time order.")
    how = st.radio("Changes between", COMPARISONS, horizontal=True,
                   format_func={"consecutive": "consecutive periods",
                                "first_last": "the first and the last"}.get,
                   key=state.widget_key("per_how"))
    if len(chosen) < 2:
        st.info("Choose two or more periods to compare.", icon=":material/info:")
        return
    ordered = [p for p in present if p in chosen]
    try:
        render(periods.section(ctx, unit, ordered, how), ctx.k, heading=False)
    except DataError as exc:
        st.error(plain(exc.message))


if ctx.dataset.has["date"]:
    compared()
