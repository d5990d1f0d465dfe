"""Adjusted comparison: the mode difference once who chose which mode, which counselor they saw
and who answered are taken into account (propensity weighting with balance and overlap,
clustering, non-response, the E-value, the ordinal model)."""

import streamlit as st

from analysis.data.dataset import OUTCOME
from reports.blocks import Paragraph, Section
from reports.sections import adjusted, outcome, subgroups
from ui import state
from ui.render import render
from ui.widgets import blocked, pick_groups, require_context

st.title("Adjusted comparison")
ctx = require_context()
if blocked(ctx, OUTCOME):
    st.stop()
render(Section("caveat", "", (Paragraph(subgroups.CAVEAT, "info"),)), ctx.k)
choices = adjusted.covariate_choices(ctx)
if not choices:
    st.info("No covariate columns (problem, age, gender, site, date, counselor) are mapped, so "
            "there is nothing to adjust for. Map them on the Data page.", icon=":material/info:")
    st.page_link("app_pages/data.py", label="Map the columns on the Data page",
                 icon=":material/tune:")
    st.stop()
pair = pick_groups(st.columns(2), outcome.groups(ctx), outcome.default_pair(ctx), "adj")
c1, c2 = st.columns(2)
covariates = c1.multiselect(
    "Adjust for", choices, default=list(adjusted.default_covariates(ctx)),
    format_func=adjusted.covariate_label, key=state.widget_key("adj_covariates"),
    help="The client characteristics that may differ between the modes. Counselor is left out "
         "by default: it is better treated as a cluster (below).")
estimand = c2.radio(
    "Weights", list(adjusted.WEIGHTS), format_func=adjusted.WEIGHTS.get,
    key=state.widget_key("adj_weights"),
    help="Overlap weights compare the clients who could plausibly have been seen either way "
         "and give little weight to clients whose covariates all but decide the mode: stable, "
         "and balance is exact. ATE (inverse-probability) weights compare everyone as if all "
         "clients had been seen each way; a few clients unlike the other group can then carry "
         "a lot of weight.")
roles = adjusted.cluster_choices(ctx)
clusters = st.multiselect(
    "Clients may be alike within", roles,
    default=[r for r in roles if r == "counselor"], format_func=adjusted.cluster_label,
    key=state.widget_key("adj_clusters"),
    help="Clients of one counselor (or site, or repeated episodes of one client) can be more "
         "alike than others; the confidence interval then has to be wider.") if roles else []
with st.spinner("Weighting and fitting the models…"):
    built = adjusted.sections(ctx, pair, tuple(covariates), tuple(clusters), estimand)
render(built, ctx.k)
