"""Streamlit pieces the pages share: the page's data context, group pickers, blocked notices."""

from __future__ import annotations

import streamlit as st

from reports.context import Context
from reports.sections import overview
from ui import state
from ui.render import plain

__all__ = ["blocked", "pick_groups", "plain", "require_context"]


def require_context(*, stop: bool = True) -> Context | None:
    """The current data as a section context (caption shown); on a page without readable data,
    the reason and a link to the Data page, and the page stops (or, with ``stop=False``, goes
    on without data: None)."""
    current = state.view()
    if current is None and not stop:
        return None
    if current is None:
        st.error(plain(st.session_state.get("load_error") or "No data loaded."),
                 icon=":material/error:")
        st.page_link("app_pages/data.py", label="Choose another file on the Data page",
                     icon=":material/upload:")
        st.stop()
    ctx = state.context(current)
    st.caption(plain(f"Data: {current.table.file_name} · {overview.caption(ctx)}"))
    if ctx.k and ctx.dataset.has["mode"] and not overview.clients(ctx)[0]:
        st.info(f"Every delivery mode has fewer than {ctx.k} {ctx.unit} in this view, so nothing "
                "is shown while small counts are hidden.", icon=":material/lock:")
        if stop:
            st.stop()
    return ctx


def blocked(ctx: Context, analysis: str) -> bool:
    """Show why an analysis cannot run (and return True), or return False."""
    issues = ctx.dataset.validation.blocking(analysis)
    if issues:
        st.info(plain(f"{issues[0].message} {issues[0].action}"), icon=":material/block:")
        st.page_link("app_pages/data.py", label="Fix it on the Data page", icon=":material/tune:")
    return bool(issues)


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
