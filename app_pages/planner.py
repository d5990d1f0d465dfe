"""Planner: the sample size a study needs, and what the current data can detect."""

import streamlit as st

from reports.sections import planner
from ui.render import render
from ui.widgets import require_context

st.title("Planner")
ctx = require_context(stop=False)
st.markdown("How many clients per group a comparison needs, and how large a difference the data "
            "you have can detect. Two-sided two-sample t-test (Cohen's d) and chi-square "
            "(Cohen's w). The same numbers: `python -m analysis plan`.")
c1, c2, c3 = st.columns(3)
d = c1.number_input("Effect to detect (Cohen's d)", min_value=0.01, max_value=3.0, value=0.2,
                    step=0.05, key="plan_d")
alpha = c2.number_input("Alpha", min_value=0.001, max_value=0.2, value=0.05, step=0.005,
                        format="%.3f", key="plan_alpha")
target = c3.number_input("Power", min_value=0.5, max_value=0.99, value=0.8, step=0.05,
                         key="plan_power")
ratio = st.slider("Group B clients per group A client", 0.25, 4.0, 1.0, 0.25, key="plan_ratio")
render(planner.needed_section(d=d, alpha=alpha, target=target, ratio=ratio), None)
if ctx is None:
    st.info("Load data on the Data page to see what it can detect.", icon=":material/info:")
    st.stop()
render(planner.current_section(ctx, d=d, alpha=alpha, target=target), ctx.k)
st.header("Problem types (chi-square)")
c1, c2 = st.columns(2)
w = c1.number_input("Effect to detect (Cohen's w)", min_value=0.01, max_value=2.0, value=0.1,
                    step=0.05, key="plan_w")
df = c2.number_input("Degrees of freedom (problem types − 1, for two modes)", min_value=1,
                     max_value=50, value=7, key="plan_df")
render(planner.chi_square_section(ctx, w=w, df=int(df), alpha=alpha, target=target), ctx.k,
       heading=False)
