"""Streamlit pieces the pages share."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.exclusions import Exclusions
from reports.charts import figure_html
from reports.tables import csv_bytes
from ui import state

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def require_view() -> state.View:
    """The current view; on a page without readable data, an error and a link to the Data page."""
    current = state.view()
    if current is None:
        st.error(st.session_state.get("load_error") or "No data loaded.")
        st.page_link("app_pages/data.py", label="Choose another file on the Data page",
                     icon=":material/upload:")
        st.stop()
    st.caption(plain(current.caption()))
    return current


def chart(fig: go.Figure, key: str, name: str | None = None) -> None:
    """A Plotly chart (PNG from its own toolbar button) and, with ``name``, an HTML download
    generated only when clicked."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    if name:
        st.download_button("Chart as HTML", data=lambda: figure_html(fig), file_name=f"{name}.html",
                           mime="text/html", key=f"{key}_html", on_click="ignore",
                           icon=":material/download:", type="tertiary")


def result_table(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """A results table and its CSV download (the same rows, formula-safe)."""
    st.dataframe(frame, hide_index=True)
    csv_download(frame, f"{name}.csv", "Table as CSV", key=f"{key}_csv")


def exclusions_note(exclusions: Exclusions) -> None:
    """The N used and what was left out, under a result."""
    st.caption(plain(exclusions.text()))


def csv_download(frame: pd.DataFrame, file_name: str, label: str, key: str) -> None:
    """A CSV download of ``frame``. The file is written when the button is clicked, without a
    rerun, so nothing on screen is lost and a million-row table costs nothing until asked for."""
    st.download_button(label, data=lambda: csv_bytes(frame), file_name=file_name,
                       mime="text/csv", key=key, icon=":material/download:", on_click="ignore",
                       type="tertiary")


def plain(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it literally (user-supplied labels)."""
    special = "\\`*_{}[]()<>#+-.!|~$:"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))


def blocked(view: state.View, analysis: str) -> bool:
    """Show why an analysis cannot run (and return True), or return False."""
    issues = view.dataset.validation.blocking(analysis)
    if issues:
        st.info(plain(f"{issues[0].message} {issues[0].action}"), icon=":material/block:")
        st.page_link("app_pages/data.py", label="Fix it on the Data page", icon=":material/tune:")
    return bool(issues)


def method_help(name: str) -> None:
    """A short "what is this test" expander for students (reports/methods.py)."""
    from reports.methods import METHODS

    method = METHODS[name]
    with st.expander(f"What is {method.name}?", icon=":material/school:"):
        st.markdown(method.markdown())


def pick_groups(columns, options: list[str], default: tuple[str, str] | None,
                key: str) -> tuple[str, str]:
    """Group A and group B selectboxes in two of ``columns`` (stops the page when there are
    not two groups to choose from, or the same one is chosen twice)."""
    if default is None:
        st.info("Two groups are needed for a comparison.")
        st.stop()
    a = columns[0].selectbox("Group A", options, index=options.index(default[0]),
                             key=state.widget_key(f"{key}_a"))
    b = columns[1].selectbox("Group B", options, index=options.index(default[1]),
                             key=state.widget_key(f"{key}_b"))
    if a == b:
        st.warning("Choose two different groups.")
        st.stop()
    return a, b
