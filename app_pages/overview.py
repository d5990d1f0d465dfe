"""Overview: clients per mode, satisfaction per mode with CIs, common problems, data quality."""

import pandas as pd
import streamlit as st

from analysis import apa
from analysis.dataset import OUTCOME, PROBLEMS
from analysis.errors import DataError
from analysis.suppression import large_enough, small, suppress_table
from reports.charts import clients_chart, means_chart, problems_chart
from reports.tables import fmt_ci, summary_table_suppressed
from ui import analyses
from ui.widgets import chart, exclusions_note, plain, require_view, result_table

st.title("Overview")
view = require_view()
dataset, frame = view.dataset, view.frame
threshold = view.suppress
report = dataset.validation
if not dataset.has["mode"]:
    st.error("No column is mapped to the delivery mode, so nothing can be compared.")
    st.page_link("app_pages/data.py", label="Map the columns on the Data page", icon=":material/tune:")
    st.stop()
st.info("Clients choose how they are seen, so differences between modes are associations, not "
        "effects of the mode.", icon=":material/info:")

st.header("The answer in brief")
groups = analyses.default_groups(dataset.modes)
if groups is None:
    st.info("Two delivery modes are needed for a comparison.")
else:
    a, b = groups
    if not report.blocking(OUTCOME):
        try:
            summary_all = analyses.outcome_summary(view)
            sd = max((g.sd for g in summary_all.groups if g.n > 1), default=1.0)
            margin = apa.default_margin(dataset.scale, sd)
            result = analyses.comparison(view, groups=groups, margin=margin)
        except DataError as exc:
            st.markdown(plain(f"Satisfaction: {exc.message}"))
        else:
            w, d, t = result.welch, result.cohens_d, result.tost
            verdict = (f"equivalent within ±{margin:g}" if t.equivalent
                       else f"equivalence within ±{margin:g} not shown")
            st.markdown(plain(f"Satisfaction ({a} − {b}): Welch's t({w.df:.1f}) = {w.t:.2f}, "
                              f"{apa.p_text(w.p)}; d = {d.value:.2f}, 95% CI "
                              f"{fmt_ci(d.ci.low, d.ci.high)}; {verdict} (TOST {apa.p_text(t.p)})."))
            st.page_link("app_pages/satisfaction.py", label="Satisfaction in detail",
                         icon=":material/arrow_forward:")
    if not report.blocking(PROBLEMS):
        try:
            problems = analyses.problem_analysis(view, groups=groups)
        except DataError as exc:
            st.markdown(plain(f"Problem types: {exc.message}"))
        else:
            x = problems.chi_square
            if x is not None:
                line = (f"Problem types ({a} vs {b}): chi-square({x.df}, N = {x.n:,}) = "
                        f"{x.statistic:.2f}, {apa.p_text(x.p)}, Cramér's V = {x.cramers_v:.2f}, "
                        f"95% CI {fmt_ci(x.cramers_v_ci.low, x.cramers_v_ci.high)}.")
            else:
                significant = [r.problem for r in problems.per_problem if r.p_holm < 0.05]
                line = (f"Problem types ({a} vs {b}, tested one by one): "
                        + (f"differ for {', '.join(significant)} after Holm's adjustment."
                           if significant else "no problem differs after Holm's adjustment."))
            st.markdown(plain(line))
            st.page_link("app_pages/problems.py", label="Problem types in detail",
                         icon=":material/arrow_forward:")

st.header("Clients per delivery mode")
clients = frame[frame["mode"].notna()].groupby("mode", observed=True)["weight"].sum()
clients = {str(m): int(n) for m, n in sorted(clients.items(), key=lambda i: -i[1]) if n > 0}
total = sum(clients.values())
if not clients:
    st.warning("No client has a usable delivery mode after the filters.")
else:
    hide = dict(zip(clients, small(list(clients.values()), threshold))) if threshold else {}
    cols = st.columns(min(len(clients), 5))
    for col, (mode, n) in zip(cols, clients.items()):
        if hide.get(mode):
            col.metric(plain(mode), f"<{threshold}")
        else:
            col.metric(plain(mode), f"{n:,}", f"{n / total:.0%} of clients", delta_color="off",
                       delta_arrow="off")
    shown = {m: n for m, n in clients.items() if not hide.get(m)}
    chart(clients_chart(shown), key="overview_clients", name="clients_per_mode")

st.header(plain(f"Satisfaction: {dataset.outcome_label}"))
if report.blocking(OUTCOME):
    issue = report.blocking(OUTCOME)[0]
    st.info(plain(issue.message + " " + issue.action))
else:
    summary = analyses.outcome_summary(view)
    result_table(summary_table_suppressed(summary, threshold), name="outcome_by_mode",
                 key="overview_summary")
    exclusions_note(summary.exclusions)
    visible = large_enough(summary.groups, threshold)
    if visible:
        means = type(summary)(visible, summary.exclusions, summary.confidence_level)
        chart(means_chart(means, outcome_label=dataset.outcome_label, scale=dataset.scale),
              key="overview_means", name="means")
    for g in visible:
        if g.pct_at_max is not None and g.pct_at_max >= 15:
            st.caption(plain(f"{g.pct_at_max:.0f}% of {g.group} clients gave the highest possible "
                             "score: a ceiling effect, which hides differences among the most "
                             "satisfied and makes the median less informative than the mean."))

st.header("Most common problem types")
if report.blocking(PROBLEMS):
    issue = report.blocking(PROBLEMS)[0]
    st.info(plain(issue.message + " " + issue.action))
else:
    table = analyses.problems_table(view)
    hidden = suppress_table(table.counts, threshold)[0] if threshold else None
    top = table.top(3)
    cols = st.columns(min(len(top), 4) or 1)
    for col, (mode, items) in zip(cols, top.items()):
        col.markdown(f"**{plain(mode)}**")
        rows = [(p, n, pct) for p, n, pct in items if hidden is None or not hidden.loc[p, mode]]
        with col:
            result_table(pd.DataFrame({"problem": [p for p, _, _ in rows],
                                       "clients": [n for _, n, _ in rows],
                                       "% of mode": [round(pct, 1) for _, _, pct in rows]}),
                         name=f"top_problems_{mode}", key=f"overview_top_{mode}")
    exclusions_note(table.exclusions)
    if table.multi_label:
        st.caption("Clients can list several problems, so the percentages of a mode add up to "
                   "more than 100%.")
    if not table.counts.empty:
        chart(problems_chart(table, hidden=hidden), key="overview_problems", name="problem_types")

st.header("Data quality")
if not report.issues:
    st.success(f"{report.n_rows:,} rows read; no problems found.")
else:
    counts = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    st.markdown(f"{report.n_rows:,} rows read: {counts}. Each analysis leaves out the rows it "
                "cannot use and says so under its result.")
    for issue in report.sorted():
        where = f" [{issue.column}]" if issue.column else ""
        st.text(f"{issue.severity.upper()}{where}: {issue.message}")
st.page_link("app_pages/data.py", label="See the full validation report and the column mapping",
             icon=":material/table_view:")
