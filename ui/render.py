"""Sections (``reports.blocks``) drawn with Streamlit: the one place pages turn results into
elements. Small-count hiding is applied to each section before anything is drawn or offered for
download. User text is always written as text (escaped Markdown), never as HTML."""

from __future__ import annotations

import streamlit as st

from reports import privacy
from reports.blocks import (
    Figure,
    Link,
    MethodHelp,
    Metric,
    Metrics,
    Paragraph,
    Section,
    Table,
    Tabs,
)
from reports.charts import figure_html
from reports.methods import METHODS
from reports.tables import csv_bytes

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def plain(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it literally (user-supplied labels)."""
    special = "\\`*_{}[]()<>#+-.!|~$:"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))


def render(section: Section | list, k: int | None, *, heading: bool = True) -> None:
    """Protect ``section`` (or each of a list) at threshold ``k`` and draw it."""
    for one in section if isinstance(section, list) else [section]:
        protected = privacy.protect(one, k)
        if heading and one.title:
            (st.header if one.level == 2 else st.subheader)(plain(one.title))
        for block in protected.blocks:
            _block(block, protected.key)


def _block(block, scope: str) -> None:
    if isinstance(block, Paragraph):
        _paragraph(block)
    elif isinstance(block, Table):
        render_table(block, key=f"{scope}_{block.key}")
    elif isinstance(block, Figure):
        chart(block, key=f"{scope}_{block.key}")
    elif isinstance(block, Metrics):
        for column, metric in zip(st.columns(min(len(block.items), 4) or 1), block.items):
            _metric(column, metric)
    elif isinstance(block, Metric):
        _metric(st, block)
    elif isinstance(block, Link):
        st.page_link(block.page, label=plain(block.label), icon=":material/arrow_forward:")
    elif isinstance(block, MethodHelp):
        method = METHODS[block.method]
        with st.expander(method.question, icon=":material/school:"):
            st.markdown(method.markdown())
    elif isinstance(block, Tabs):
        for tab, pane in zip(st.tabs([plain(label) for label in block.labels]), block.panes):
            with tab:
                for inner in pane:
                    _block(inner, scope)
    else:
        raise TypeError(f"cannot render {type(block).__name__}")


def _paragraph(p: Paragraph) -> None:
    text = plain(p.text)
    if p.kind == "lead":
        st.success(text, icon=":material/lightbulb:")
    elif p.kind == "apa":
        st.code(p.text, language=None, wrap_lines=True)
    elif p.kind == "note":
        st.caption(text)
    elif p.kind == "info":
        st.info(text, icon=":material/info:")
    elif p.kind == "warning":
        st.warning(text, icon=":material/warning:")
    else:
        st.markdown(text)


def _metric(where, metric: Metric) -> None:
    where.metric(plain(metric.label), metric.text(), plain(metric.note) if metric.note else None,
                 delta_color="off", delta_arrow="off")


def render_table(block: Table, *, key: str) -> None:
    """A table as people read it, and its CSV download (the same cells, formula-safe)."""
    shown = block.formatted()
    # columns of long text get room (Streamlit would cut them at its default width)
    wide = {c: st.column_config.TextColumn(width="large") for c in shown.columns
            if shown[c].astype(str).str.len().max() > 22}
    st.dataframe(shown, hide_index=True, column_config=wide or None)
    csv_download(shown, f"{block.key}.csv", "Table as CSV", key=f"{key}_csv")


def csv_download(frame, file_name: str, label: str, key: str) -> None:
    """A CSV download of ``frame``, written when clicked (a million rows cost nothing before)."""
    st.download_button(label, data=lambda: csv_bytes(frame), file_name=file_name,
                       mime="text/csv", key=key, icon=":material/download:", on_click="ignore",
                       type="tertiary")


def chart(block: Figure, *, key: str) -> None:
    """A Plotly chart (PNG from its own toolbar button) and an HTML download written when
    clicked."""
    fig = block.figure()
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    st.download_button("Chart as HTML", data=lambda: figure_html(fig),
                       file_name=f"{block.name}.html", mime="text/html", key=f"{key}_html",
                       on_click="ignore", icon=":material/download:", type="tertiary")
