"""Trends: clients and mean outcome per month and mode (when the data have dates)."""

import streamlit as st

from reports.sections import trends
from ui.render import render
from ui.widgets import require_context

st.title("Trends")
ctx = require_context()
render(trends.section(ctx), ctx.k, heading=False)
