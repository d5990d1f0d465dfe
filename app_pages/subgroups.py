"""Subgroups and confounding: the mode difference within each problem type, the interaction,
and the covariate-adjusted mode effect next to the raw one."""

import streamlit as st

from analysis.data.dataset import OUTCOME
from reports.blocks import MethodHelp, Paragraph, Section
from reports.sections import outcome, subgroups
from ui import state
from ui.render import render
from ui.widgets import blocked, pick_groups, require_context

st.title("Subgroups and confounding")
ctx = require_context()
if blocked(ctx, OUTCOME):
    st.stop()
render(Section("caveat", "", (Paragraph(subgroups.CAVEAT, "info"), MethodHelp("subgroups"))),
       ctx.k)
shown = outcome.groups(ctx)
pair = pick_groups(st.columns(2), shown, outcome.default_pair(ctx), "sub")
render(subgroups.within_section(ctx, pair), ctx.k)



@st.fragment
def adjusted() -> None:
    """The covariates rerun only the adjusted comparison."""
    st.header("Adjusted for covariates")
    candidates = subgroups.covariates(ctx)
    if not candidates:
        st.info("No covariate columns (problem, age, gender, site, date, counselor) are mapped.")
        return
    chosen = st.multiselect("Adjust for", candidates,
                            default=[c for c in ("problem", "age") if c in candidates],
                            key=state.widget_key("sub_covariates"))
    render(subgroups.adjusted_section(ctx, pair, chosen), ctx.k, heading=False)


adjusted()
