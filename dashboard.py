"""CounselCompare: the entrypoint. Page config, the data source and filters in the sidebar, then
the page chosen in the navigation."""

from pathlib import Path

import streamlit as st

from analysis.errors import DataError
from ui import access, memory, state
from ui.filters import clear_filters, privacy_switch, sidebar_filters
from ui.render import plain

memory.lean_allocators()  # before the first upload: freed column arrays go back to the system

# A local SVG (sent inline as a data: URL): a ":material/...:" icon makes the browser fetch the
# favicon from a public font host, and nothing may be fetched from the internet.
st.set_page_config(page_title="CounselCompare",
                   page_icon=Path(__file__).parent / "assets" / "page_icon.svg", layout="wide")

access.require_sign_in()  # with a database declared, nothing below runs for a visitor not signed in


def pages(has_dates: bool) -> list:
    """Every page, registered explicitly; Trends is hidden when the data have no dates."""
    return [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:",
                default=True),
        st.Page("app_pages/satisfaction.py", title="Satisfaction",
                icon=":material/sentiment_satisfied:"),
        st.Page("app_pages/yes_no.py", title="Yes/no outcomes", icon=":material/rule:"),
        st.Page("app_pages/problems.py", title="Problem types", icon=":material/category:"),
        st.Page("app_pages/categories.py", title="Categories", icon=":material/bar_chart:"),
        st.Page("app_pages/subgroups.py", title="Subgroups", icon=":material/account_tree:"),
        st.Page("app_pages/adjusted.py", title="Adjusted comparison", icon=":material/balance:"),
        st.Page("app_pages/trends.py", title="Trends", icon=":material/timeline:",
                visibility="visible" if has_dates else "hidden"),
        st.Page("app_pages/planner.py", title="Planner", icon=":material/calculate:"),
        st.Page("app_pages/report.py", title="Report", icon=":material/description:"),
        st.Page("app_pages/from_paper.py", title="From a paper", icon=":material/menu_book:"),
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
        st.caption(plain(f"Data: {source.label} (could not be read)"))
    else:
        st.session_state["load_error"] = None
        st.caption(plain(f"Data: {source.label}"))
        st.markdown("**Filters**")
        try:
            locked = bool(st.session_state.get("privacy_on"))
            frame, active = sidebar_filters(dataset, locked=locked)
            if locked:
                st.caption("Filters are locked while small counts are hidden: two views that "
                           "differ by a few clients would give their counts away. Turn hiding off "
                           "to change them.")
        except Exception:  # noqa: BLE001 - odd values in a filter column must not stop the app
            st.warning("The filters could not be built from this file's values; every row is "
                       "shown.", icon=":material/filter_alt_off:")
            frame, active = dataset.frame, ()
        if active and not locked:
            st.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")
        st.markdown("**Privacy**")
        threshold = privacy_switch()
        key = state.view_key(source, dataset.preparation, active)
        st.session_state["view"] = state.View(dataset, table, frame, active, key, threshold)
    if not source.sample:
        st.button("Use the sample data", key="use_sample",
                  on_click=lambda: state.set_source(state.sample_source()))
    access.signed_in_box()

current = st.session_state.get("view")
has_dates = current is not None and current.dataset.has["date"]
if current is not None and not has_dates:
    st.sidebar.caption("Trends is hidden: the data have no date column.")
st.navigation(pages(has_dates)).run()
