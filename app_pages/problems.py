"""Problem types by delivery mode: the table, charts, the omnibus test, residuals and a forest
plot of per-problem odds ratios."""

import streamlit as st

from analysis.data.dataset import PROBLEMS
from analysis.errors import DataError
from analysis.groups import default_groups
from reports.sections import problems
from ui.render import plain, render
from ui.widgets import blocked, pick_groups, require_context

st.title("Problem types")
ctx = require_context()
if blocked(ctx, PROBLEMS):
    st.stop()


@st.fragment
def table() -> None:
    """The bar style reruns only the table's section."""
    stacked = st.toggle("Stacked bars (each mode's problem mix)", key="prob_stacked")
    render(problems.table_section(ctx, stacked=stacked), ctx.k)


@st.fragment
def comparison() -> None:
    """The two modes rerun only their tests."""
    st.header("Two modes compared")
    modes = problems.modes(ctx)
    pair = pick_groups(st.columns(2), modes, default_groups(modes), "prob")
    try:
        sections = problems.test_sections(ctx, pair)
    except DataError as exc:
        st.error(plain(exc.message))
        return
    render(sections, ctx.k)


table()
comparison()
