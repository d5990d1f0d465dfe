"""CounselCompare: the entrypoint. Page config, the data source and filters in the sidebar, then
the page chosen in the navigation."""

import streamlit as st

from analysis.errors import DataError
from ui import state
from ui.filters import clear_filters, sidebar_filters

st.set_page_config(page_title="CounselCompare", page_icon=":material/compare_arrows:",
                   layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/data.py", title="Data", icon=":material/table_view:"),
]

with st.sidebar:
    st.markdown("### CounselCompare")
    source = state.current_source()
    try:
        table, dataset = state.load_dataset()
    except DataError as exc:
        st.session_state["view"] = None
        st.session_state["load_error"] = exc.message
        st.caption(f"Data: {source.label} (could not be read)")
    else:
        st.session_state["load_error"] = None
        st.caption(f"Data: {source.label}")
        st.markdown("**Filters**")
        frame, active = sidebar_filters(dataset)
        if active:
            st.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")
        st.session_state["view"] = state.View(dataset, table, frame, active)
    if not source.sample:
        st.button("Use the sample data", key="use_sample",
                  on_click=lambda: state.set_source(state.sample_source()))

st.navigation(PAGES).run()
