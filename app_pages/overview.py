"""Overview: clients per mode, satisfaction per mode with CIs, common problems, data quality."""

import streamlit as st

from analysis.dataset import OUTCOME, PROBLEMS
from analysis.descriptives import describe_outcome
from analysis.problems import problem_table
from reports.charts import clients_chart, means_chart, problems_chart
from reports.tables import summary_table
from ui import state
from ui.widgets import chart, exclusions_note, plain

st.title("Overview")
view = state.view()
if view is None:
    st.error(st.session_state.get("load_error") or "No data loaded.")
    st.page_link("app_pages/data.py", label="Choose another file on the Data page", icon=":material/upload:")
    st.stop()

dataset, frame = view.dataset, view.frame
st.caption(plain(view.caption()))
report = dataset.validation
if not dataset.has["mode"]:
    st.error("No column is mapped to the delivery mode, so nothing can be compared.")
    st.page_link("app_pages/data.py", label="Map the columns on the Data page", icon=":material/tune:")
    st.stop()
st.info("Clients choose how they are seen, so differences between modes are associations, not "
        "effects of the mode.", icon=":material/info:")

st.header("Clients per delivery mode")
clients = frame[frame["mode"].notna()].groupby("mode")["weight"].sum().sort_values(ascending=False)
clients = {str(m): int(n) for m, n in clients.items() if n > 0}
total = sum(clients.values())
if not clients:
    st.warning("No client has a usable delivery mode after the filters.")
else:
    cols = st.columns(min(len(clients), 5))
    for col, (mode, n) in zip(cols, clients.items()):
        col.metric(plain(mode), f"{n:,}", f"{n / total:.0%} of clients", delta_color="off",
                   delta_arrow="off")
    chart(clients_chart(clients), key="overview_clients")

st.header(f"Satisfaction: {dataset.outcome_label}")
blocked = report.blocking(OUTCOME)
if blocked:
    st.info(blocked[0].message + " " + blocked[0].action)
else:
    summary = describe_outcome(frame, scale_max=dataset.scale[1] if dataset.scale else None)
    st.dataframe(summary_table(summary), hide_index=True)
    exclusions_note(summary.exclusions)
    if any(g.n > 0 for g in summary.groups):
        chart(means_chart(summary, outcome_label=dataset.outcome_label, scale=dataset.scale),
              key="overview_means")
    for g in summary.groups:
        if g.pct_at_max is not None and g.pct_at_max >= 15:
            st.caption(plain(f"{g.pct_at_max:.0f}% of {g.group} clients gave the highest possible "
                             "score: a ceiling effect, which hides differences among the most "
                             "satisfied and makes the median less informative than the mean."))

st.header("Most common problem types")
blocked = report.blocking(PROBLEMS)
if blocked:
    st.info(blocked[0].message + " " + blocked[0].action)
else:
    table = problem_table(frame, sep=dataset.problem_sep)
    top = table.top(3)
    cols = st.columns(min(len(top), 4) or 1)
    for col, (mode, items) in zip(cols, top.items()):
        col.markdown(f"**{plain(mode)}**")
        col.dataframe({"problem": [p for p, _, _ in items], "clients": [n for _, n, _ in items],
                       "% of mode": [round(pct, 1) for _, _, pct in items]}, hide_index=True)
    exclusions_note(table.exclusions)
    if table.multi_label:
        st.caption("Clients can list several problems, so the percentages of a mode add up to "
                   "more than 100%.")
    if not table.counts.empty:
        chart(problems_chart(table), key="overview_problems")

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
