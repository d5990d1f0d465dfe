"""Subgroups and confounding: the mode difference within each problem type, the interaction,
and the covariate-adjusted mode effect next to the raw one."""

import pandas as pd
import streamlit as st

from analysis import apa
from analysis.dataset import OUTCOME
from analysis.errors import DataError
from reports import charts
from reports.tables import fmt_ci, fmt_p
from ui import analyses, state
from ui.widgets import (
    blocked,
    chart,
    exclusions_note,
    method_help,
    pick_groups,
    plain,
    require_view,
    result_table,
)

st.title("Subgroups and confounding")
view = require_view()
if blocked(view, OUTCOME):
    st.stop()
st.info("Clients choose how they are seen, and the clients who choose online differ from those "
        "who choose face-to-face (in age and in the problems they bring, for a start). A raw "
        "difference between modes mixes the effect of the mode with these differences. Comparing "
        "within problem types and adjusting for measured covariates removes part of that; what "
        "was not measured stays mixed in.", icon=":material/info:")
method_help("subgroups")
dataset = view.dataset
modes = dataset.modes
groups = pick_groups(st.columns(2), modes, analyses.default_groups(modes), "sub")
a, b = groups

st.header("The difference within each problem type")
if not dataset.has["problem"]:
    st.info("No problem-type column is mapped.")
else:
    rows = [r for r in analyses.within_problems(view, groups=groups)]
    tested = [r for r in rows if r.n_a >= 2 and r.n_b >= 2]
    threshold = view.suppress
    if threshold:
        tested = [r for r in tested if r.n_a >= threshold and r.n_b >= threshold]
    if tested:
        chart(charts.forest_chart([r.problem for r in tested], [r.mean_diff for r in tested],
                                  [r.ci.low for r in tested], [r.ci.high for r in tested],
                                  reference=0, highlight=[r.p_holm < 0.05 for r in tested],
                                  title=f"{a} − {b} within each problem type (Welch, 95% CI)",
                                  x_title=f"difference in {dataset.outcome_label}"),
              key="sub_forest", name="within_problem_differences")
        st.caption("Orange: significant after Holm's adjustment across problem types.")
    result_table(pd.DataFrame([{
        "problem": r.problem,
        f"n {a}": f"<{threshold}" if threshold and 0 < r.n_a < threshold else f"{r.n_a:,}",
        f"n {b}": f"<{threshold}" if threshold and 0 < r.n_b < threshold else f"{r.n_b:,}",
        "difference": "" if r.note else f"{r.mean_diff:.2f}", "95% CI": fmt_ci(r.ci.low, r.ci.high),
        "p": fmt_p(r.p), "p (Holm)": fmt_p(r.p_holm), "note": r.note} for r in rows]),
        name="within_problem_differences", key="sub_table")
    if dataset.problem_sep is None:
        try:
            inter = analyses.interaction(view, groups=groups)
        except DataError as exc:
            st.info(plain(exc.message))
        else:
            st.markdown(plain(f"Mode x problem interaction (two-way ANOVA): F({inter.df1:.0f}, "
                              f"{inter.df2:.0f}) = {inter.f:.2f}, {apa.p_text(inter.p)}, "
                              f"N = {inter.n:,}. " + ("The mode difference varies by problem type."
                                                      if inter.p < 0.05 else
                                                      "No clear sign that the mode difference "
                                                      "varies by problem type.")))
            if inter.note:
                st.caption(plain(inter.note))
    else:
        st.caption("The interaction test needs one problem per client; these data are multi-label.")

st.header("Adjusted for covariates")
candidates = [c for c in ("problem", "age", "site", "gender", "counselor") if dataset.has[c]]
if not candidates:
    st.info("No covariate columns (problem, age, site, gender, counselor) are mapped.")
    st.stop()
covariates = st.multiselect("Adjust for", candidates, default=[c for c in ("problem", "age")
                                                                  if c in candidates],
                            key=state.widget_key("sub_covariates"))
try:
    adjusted = analyses.adjusted(view, groups=groups, covariates=tuple(covariates))
except DataError as exc:
    st.error(plain(exc.message))
    st.stop()
u, d = adjusted.unadjusted, adjusted.adjusted
result_table(pd.DataFrame([
    {"model": "raw (mode only)", "difference": f"{u.estimate:.2f}", "robust SE": f"{u.se:.3f}",
     "95% CI": fmt_ci(u.ci.low, u.ci.high), "p": fmt_p(u.p)},
    {"model": "adjusted: " + (", ".join(covariates) or "nothing"), "difference": f"{d.estimate:.2f}",
     "robust SE": f"{d.se:.3f}", "95% CI": fmt_ci(d.ci.low, d.ci.high), "p": fmt_p(d.p)},
]), name="adjusted_mode_effect", key="sub_adjusted")
exclusions_note(adjusted.exclusions)
change = d.estimate - u.estimate
st.markdown(plain(f"OLS with HC3 robust standard errors ({adjusted.formula}). Adjusting changes "
                  f"the {a} − {b} difference from {u.estimate:.2f} to {d.estimate:.2f} "
                  f"({change:+.2f}): " + ("the covariates account for a noticeable part of the "
                                          "raw difference." if abs(change) > 0.1 * abs(u.estimate)
                                          else "the raw difference is not explained by them.")))
