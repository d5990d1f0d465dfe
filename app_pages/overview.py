"""Overview: the answer in brief, clients per mode, the outcome per mode, the most common problem
types, data quality."""

import streamlit as st

from analysis.data.dataset import OUTCOME, PROBLEMS
from reports.sections import adjusted, outcome, overview, problems
from ui.render import render
from ui.widgets import blocked, require_context

st.title("Overview")
ctx = require_context()
if not ctx.dataset.has["mode"]:
    st.error("No column is mapped to the delivery mode, so nothing can be compared.")
    st.page_link("app_pages/data.py", label="Map the columns on the Data page",
                 icon=":material/tune:")
    st.stop()
render(overview.headline_sections(ctx), ctx.k)
render(adjusted.overview_section(ctx), ctx.k)
render(overview.clients_section(ctx), ctx.k)
st.header(f"{ctx.outcome_label} per delivery mode")
if not blocked(ctx, OUTCOME):
    render(outcome.descriptives_section(ctx), ctx.k, heading=False)
st.header("Most common problem types")
if not blocked(ctx, PROBLEMS):
    render(problems.top_section(ctx), ctx.k, heading=False)
render(overview.quality_section(ctx), ctx.k)
