"""Problem types by delivery mode: the table, charts, the omnibus test, residuals and a forest
plot of per-problem odds ratios."""

import pandas as pd
import streamlit as st

from analysis import apa
from analysis.dataset import PROBLEMS
from analysis.errors import DataError
from analysis.suppression import suppress_table
from reports import charts
from reports.tables import fmt_ci, fmt_p, problem_table_text
from ui import analyses
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

st.title("Problem types")
view = require_view()
if blocked(view, PROBLEMS):
    st.stop()
threshold = view.suppress
table = analyses.problems_table(view)
hidden = suppress_table(table.counts, threshold)[0] if threshold else None

st.header("Problem types per mode")
percent_kind = st.radio("Percentages", ["of each mode's clients", "of each problem's clients"],
                        horizontal=True, key="prob_percent")
percent = (table.percent_of_mode() if percent_kind.startswith("of each mode")
           else table.percent_of_problem())
result_table(problem_table_text(table.counts, percent, hidden, threshold), name="problem_types",
             key="prob_table")
exclusions_note(table.exclusions)
if table.multi_label:
    st.caption("Clients can list several problems: each problem counts every client who lists it, "
               "so a mode's percentages add up to more than 100%.")
if threshold:
    st.caption(f"Counts under {threshold}, and the cells that would reveal them, are hidden.")
stacked = st.toggle("Stacked bars (each mode's problem mix)", key="prob_stacked")
chart(charts.problems_chart(table, top=len(table.counts), stacked=stacked, hidden=hidden),
      key="prob_bars", name="problem_types")

st.header("Does the problem mix differ between two modes?")
modes = list(table.counts.columns)
a, b = pick_groups(st.columns(2), modes, analyses.default_groups(modes), "prob")
try:
    result = analyses.problem_analysis(view, groups=(a, b))
except DataError as exc:
    st.error(plain(exc.message))
    st.stop()
for note in result.notes:
    st.info(note)
x = result.chi_square
if x is not None:
    st.markdown(plain(f"Pearson's chi-square({x.df}, N = {x.n:,}) = {x.statistic:.2f}, "
                      f"{apa.p_text(x.p)}; Cramér's V = {x.cramers_v:.2f}, 95% CI "
                      f"{fmt_ci(x.cramers_v_ci.low, x.cramers_v_ci.high)}; likelihood-ratio "
                      f"G = {x.g:.2f}, {apa.p_text(x.g_p)}. No Yates correction."))
    for note in x.notes:
        st.caption(plain(note))
    method_help("chi_square")
    if x.monte_carlo_p is not None:
        st.markdown(plain(f"Monte Carlo {apa.p_text(x.monte_carlo_p)}."))
    shown = result.residuals
    if threshold:
        shown = shown.mask(hidden.reindex_like(shown).fillna(False).astype(bool))
    chart(charts.residual_heatmap(shown), key="prob_residuals", name="adjusted_residuals")
    st.caption("Adjusted standardized residuals: beyond ±1.96 a cell has clearly more (+) or "
               "fewer (−) clients than if problem type and mode were unrelated.")
    method_help("residuals")

st.subheader("Each problem on its own (Fisher's exact test, Holm-adjusted)")
rows = result.per_problem
chart(charts.forest_chart([r.problem for r in rows], [r.odds_ratio for r in rows],
                          [r.ci.low for r in rows], [r.ci.high for r in rows], reference=1,
                          log_x=True, highlight=[r.p_holm < 0.05 for r in rows],
                          title=f"Odds of each problem, {a} vs {b} (95% CI)",
                          x_title=f"odds ratio (above 1: more common in {a})"),
      key="prob_forest", name="odds_ratios")
st.caption("Orange: significant after Holm's adjustment across problem types.")
method_help("fisher")
table_rows = []
for r in rows:
    cells = [r.a_with, r.b_with]
    hide = threshold is not None and any(0 < n < threshold for n in cells)
    table_rows.append({
        "problem": r.problem, f"{a} with": f"<{threshold}" if hide else f"{r.a_with:,}",
        f"{b} with": f"<{threshold}" if hide else f"{r.b_with:,}",
        "odds ratio": f"{r.odds_ratio:.2f}",
        "95% CI": fmt_ci(r.ci.low, r.ci.high), "p": fmt_p(r.p), "p (Holm)": fmt_p(r.p_holm),
        "p (BH)": fmt_p(r.p_bh), "note": r.note})
result_table(pd.DataFrame(table_rows), name="per_problem_tests", key="prob_fisher")
