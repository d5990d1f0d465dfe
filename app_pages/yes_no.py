"""Yes/no outcomes (completed or dropped out, recovered, attended): each mode's share with its
CI, and two modes compared (risk difference, risk and odds ratios, chi-square, Fisher's test,
the number needed to treat)."""

import streamlit as st

from analysis.errors import DataError
from analysis.groups import default_groups
from reports.sections import binary
from ui import state
from ui.render import plain, render
from ui.widgets import pick_groups, require_context

st.title("Yes/no outcomes")
ctx = require_context()
choices = binary.columns(ctx)
if not choices:
    st.info("The data have no column with two values (such as completed / dropped out, or "
            "0/1). Such a column appears here once the file has one; map the other columns on "
            "the Data page.", icon=":material/info:")
    st.stop()

c1, c2 = st.columns(2)
column = c1.selectbox("Outcome", choices, key=state.widget_key("yn_column"),
                      help="A column with two values, counted once per client.")
event = c2.selectbox("Counted as the event", binary.events(ctx, column),
                     key=state.widget_key(f"yn_event_{column}"),
                     help="The value whose share is compared (the less common one first).")
try:
    render(binary.shares_section(ctx, column, event), ctx.k)
    shown = [g for g in binary.result(ctx, column, event)[0].by_group]
except DataError as exc:
    st.error(plain(exc.message))
    st.stop()


@st.fragment
def comparison() -> None:
    """The two groups rerun only their comparison."""
    st.header("Two modes compared")
    pair = pick_groups(st.columns(2), shown, default_groups(shown), f"yn_{column}")
    try:
        render(binary.comparison_section(ctx, column, event, pair), ctx.k, heading=False)
    except DataError as exc:
        st.error(plain(exc.message))


comparison()
