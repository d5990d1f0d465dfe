"""Streamlit pieces the pages share."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.exclusions import Exclusions
from reports.tables import csv_bytes

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def exclusions_note(exclusions: Exclusions) -> None:
    """The N used and what was left out, under a result."""
    st.caption(plain(exclusions.text()))


def csv_download(frame: pd.DataFrame, file_name: str, label: str, key: str) -> None:
    """A download button whose payload is prepared before the button is drawn."""
    st.download_button(label, data=csv_bytes(frame), file_name=file_name, mime="text/csv",
                       key=key, icon=":material/download:", on_click="ignore")


def plain(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown shows it literally (user-supplied labels)."""
    special = "\\`*_{}[]()<>#+-.!|~$:"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))


def issue_list(messages: list[str]) -> None:
    """Bullet-free list of plain-text messages (never parsed as Markdown or HTML)."""
    for message in messages:
        st.text(message)
