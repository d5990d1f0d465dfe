"""Planner: the sample size a study needs, and what the current data can detect."""

import streamlit as st

from analysis import power
from reports.tables import fmt_number
from ui import analyses
from ui.widgets import method_help, plain, require_view

st.title("Planner")
st.markdown("How many clients per group a comparison needs, and how large a difference the data "
            "you have can detect. Two-sided two-sample t-test (Cohen's d) and chi-square "
            "(Cohen's w).")
c1, c2, c3 = st.columns(3)
d = c1.number_input("Effect to detect (Cohen's d)", min_value=0.01, max_value=3.0, value=0.2,
                    step=0.05, key="plan_d")
alpha = c2.number_input("Alpha", min_value=0.001, max_value=0.2, value=0.05, step=0.005,
                        format="%.3f", key="plan_alpha")
target = c3.number_input("Power", min_value=0.5, max_value=0.99, value=0.8, step=0.05,
                         key="plan_power")
ratio = st.slider("Group B clients per group A client", 0.25, 4.0, 1.0, 0.25, key="plan_ratio")
plan = power.sample_size_t(d, alpha=alpha, power=target, ratio=ratio)
n_a, n_b = power.planned_n(plan)
st.metric("Clients needed", f"{n_a:,} + {n_b:,}", f"{n_a + n_b:,} in all", delta_color="off",
          delta_arrow="off")
st.caption(f"d = {d:g} means the group means differ by {d:g} standard deviations "
           "(0.2 is conventionally small, 0.5 medium).")
method_help("power")

st.header("The current data")
view = require_view()
summary = analyses.outcome_summary(view) if view.dataset.has["outcome"] else None
groups = [g for g in summary.groups if g.n > 1] if summary else []
default = analyses.default_groups([g.group for g in groups])
if default is None:
    st.info("Two groups with outcome values are needed.")
else:
    n = {g.group: g.n for g in groups}
    na, nb = n[default[0]], n[default[1]]
    now = power.power_t(d, na, nb, alpha=alpha)
    smallest = power.detectable_d(na, nb, alpha=alpha, power=target)
    c1, c2 = st.columns(2)
    c1.metric(f"Power to detect d = {d:g}", f"{now.power:.0%}",
              f"{default[0]} n = {na:,}, {default[1]} n = {nb:,}", delta_color="off",
              delta_arrow="off")
    c2.metric(f"Smallest d detectable with {target:.0%} power", fmt_number(smallest.effect_size))
    pooled = max(g.sd for g in groups)
    st.caption(plain(f"In {view.dataset.outcome_label} points that is about "
                     f"{smallest.effect_size * pooled:.2f} (SD ≈ {pooled:.2f})."))

st.header("Problem types (chi-square)")
c1, c2 = st.columns(2)
w = c1.number_input("Effect to detect (Cohen's w)", min_value=0.01, max_value=2.0, value=0.1,
                    step=0.05, key="plan_w")
df = c2.number_input("Degrees of freedom (problem types − 1, for two modes)", min_value=1,
                     max_value=50, value=7, key="plan_df")
c1, c2 = st.columns(2)
c1.metric("Clients needed in all",
          f"{power.sample_size_chisq(w, int(df), alpha=alpha, power=target):,.0f}")
n_clients = view.n_clients
c2.metric(f"Smallest w detectable with {target:.0%} power",
          fmt_number(power.detectable_w(n_clients, int(df), alpha=alpha, power=target)),
          f"with the {n_clients:,} clients after filters", delta_color="off", delta_arrow="off")
