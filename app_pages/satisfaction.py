"""Satisfaction (or any numeric outcome): distributions, the primary test, effect sizes,
equivalence, Bayes factor, assumption checks and the APA sentences."""

import streamlit as st

from analysis.data.dataset import OUTCOME
from analysis.equivalence import custom_margin, lenient_note
from analysis.errors import DataError
from analysis.grouping import BY_CHANNEL, BY_MODE
from reports.sections import outcome
from ui import state
from ui.render import plain, render
from ui.widgets import blocked, pick_groups, require_context

st.title("Satisfaction")
ctx = require_context()
if blocked(ctx, OUTCOME):
    st.stop()
key = state.widget_key

c1, c2 = st.columns(2)
outcomes = ["outcome", *ctx.dataset.other_numeric]
choice = c1.selectbox("Outcome", outcomes, key=key("sat_outcome"), format_func=ctx.label)
by = BY_MODE
if ctx.dataset.has["channel"]:
    by = c2.radio("Compare", [BY_MODE, BY_CHANNEL], horizontal=True, key=key("sat_by"),
                  format_func={BY_MODE: "delivery modes",
                               BY_CHANNEL: "online channels with face-to-face"}.get)
where = {"by": by, "outcome": choice}

render(outcome.descriptives_section(ctx, **where, title="Descriptives"), ctx.k)


@st.fragment
def distribution() -> None:
    """The chart choice reruns only the chart."""
    kinds = [k for k in outcome.CHART_KINDS if k != "likert" or outcome.rating_scale(ctx, **where)]
    kind = st.radio("Distribution chart", kinds, horizontal=True, key="sat_chart_kind",
                    format_func=outcome.CHART_KINDS.get)
    render(outcome.distribution_section(ctx, kind, **where), ctx.k, heading=False)


@st.fragment
def comparison() -> None:
    """The groups and the margin rerun only the comparison."""
    st.header("Comparison of two groups")
    shown = outcome.groups(ctx, **where)
    c1, c2, c3 = st.columns(3)
    a, b = pick_groups((c1, c2), shown, outcome.default_pair(ctx, **where), f"sat_{by}")
    default = outcome.margin(ctx, **where)
    value = c3.number_input("Equivalence margin (± points)", min_value=0.01, value=default.value,
                            step=0.1, key=key(f"sat_margin_{choice}_{by}"),
                            help="The smallest difference that would matter in practice. The "
                                 "groups are called equivalent when the 90% CI of the difference "
                                 "lies inside ± this margin (TOST). Default: " + default.text())
    margin = custom_margin(value, default)
    try:
        result = outcome.comparison(ctx, pair=(a, b), margin=margin.value, **where)
    except DataError as exc:
        st.error(plain(exc.message))
        return
    sd = max(g.sd for g in result.descriptives)
    if note := lenient_note(margin.value, sd):
        st.warning(plain(note), icon=":material/warning:")
    render(outcome.comparison_sections(ctx, result, margin, outcome=choice), ctx.k)
    if len(shown) > 2:
        render(outcome.omnibus_section(ctx, **where), ctx.k)


distribution()
comparison()
