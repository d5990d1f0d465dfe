"""Any category by delivery mode (site, gender, age band, a status with several levels): the
table, bars, the chi-square with Cramér's V and residuals, and each level tested on its own,
as the problem types get."""

import streamlit as st

from analysis.errors import DataError
from analysis.groups import default_groups
from analysis.variables import category_columns
from reports.sections import problems
from ui import state
from ui.render import plain, render
from ui.widgets import pick_groups, require_context

st.title("Categories by mode")
ctx = require_context()
choices = category_columns(ctx.dataset.frame)
if not choices:
    st.info("The data have no column with a few categories (such as site, gender or a status "
            "with several levels).", icon=":material/info:")
    st.stop()
column = st.selectbox("Column", choices, key=state.widget_key("cat_column"),
                      help="Any column with 2 to 30 values (text), or 0/1.")
topic = problems.category_topic(column)


@st.fragment
def table() -> None:
    """The bar style reruns only the table's section."""
    stacked = st.toggle("Stacked bars (each mode's mix)", key=f"cat_stacked_{column}")
    try:
        render(problems.table_section(ctx, stacked=stacked, topic=topic), ctx.k)
    except DataError as exc:
        st.error(plain(exc.message))


@st.fragment
def comparison() -> None:
    """The two modes rerun only their tests."""
    st.header("Two modes compared")
    try:
        modes = problems.modes(ctx, topic)
        pair = pick_groups(st.columns(2), modes, default_groups(modes), f"cat_{column}")
        render(problems.test_sections(ctx, pair, topic), ctx.k)
    except DataError as exc:
        st.error(plain(exc.message))


table()
comparison()
