"""From a paper: the same tests from published summary statistics (n, mean, SD per mode; or a
mode x problem count table)."""

import pandas as pd
import streamlit as st

from analysis import apa
from analysis.contingency import chi_square_test
from analysis.summary_stats import GroupMoments, compare_summaries
from reports.tables import fmt_ci, fmt_number, fmt_p
from ui.widgets import method_help, plain, result_table

st.title("From a paper")
st.markdown("Type the numbers a published study reports and get the same tests this app runs on "
            "raw data. Welch's and Student's t, Cohen's d, Hedges' g, TOST and the Bayes factor "
            "need only n, mean and SD, so they equal the raw-data results exactly (the test suite "
            "checks this on the sample data); the rank tests need the raw data.")

st.header("Two groups: n, mean and SD")
cols = st.columns(2)
entered = []
for col, (name, n, mean, sd) in zip(cols, (("online", 586, 27.39, 4.74),
                                           ("face-to-face", 771, 28.27, 4.23))):
    with col:
        label = st.text_input("Group", name, key=f"paper_name_{name}")
        entered.append((label, st.number_input("n", min_value=2, value=n, key=f"paper_n_{name}"),
                        st.number_input("Mean", value=mean, key=f"paper_mean_{name}"),
                        st.number_input("SD", min_value=0.0, value=sd, key=f"paper_sd_{name}")))
margin = st.number_input("Equivalence margin (± points)", min_value=0.01, value=1.5, step=0.1,
                         key="paper_margin")
try:
    a, b = (GroupMoments(*values) for values in entered)
    result = compare_summaries(a, b, margin=margin)
except ValueError as exc:
    st.error(str(exc))
else:
    w, t = result.welch, result.tost
    rows = [
        {"result": "Welch's t (primary)", "value": f"t({w.df:.1f}) = {w.t:.2f}",
         "p": fmt_p(w.p), "95% CI": fmt_ci(w.ci.low, w.ci.high)},
        {"result": "Student's t", "value": f"t({result.student.df:.0f}) = {result.student.t:.2f}",
         "p": fmt_p(result.student.p), "95% CI": fmt_ci(result.student.ci.low, result.student.ci.high)},
        {"result": "Cohen's d", "value": fmt_number(result.cohens_d.value), "p": "",
         "95% CI": fmt_ci(result.cohens_d.ci.low, result.cohens_d.ci.high)},
        {"result": "Hedges' g", "value": fmt_number(result.hedges_g.value), "p": "",
         "95% CI": fmt_ci(result.hedges_g.ci.low, result.hedges_g.ci.high)},
        {"result": f"TOST (±{margin:g})", "value": "equivalent" if t.equivalent else "not shown",
         "p": fmt_p(t.p), "95% CI": "90% CI " + fmt_ci(t.ci.low, t.ci.high)},
        {"result": "JZS Bayes factor", "value": apa.bayes_text(result.log10_bayes_factor_10),
         "p": "", "95% CI": ""},
    ]
    result_table(pd.DataFrame(rows), name="summary_statistics_tests", key="paper_tests")
    st.code(f"Welch's t({w.df:.1f}) = {w.t:.2f}, {apa.p_text(w.p)}, d = "
            f"{result.cohens_d.value:.2f}, 95% CI [{result.cohens_d.ci.low:.2f}, "
            f"{result.cohens_d.ci.high:.2f}]", language=None)
    method_help("welch")
    method_help("tost")

st.header("A mode x problem count table")
st.caption("Edit the counts (rows: problem types; columns: modes). Add rows as needed.")
default = pd.DataFrame({"problem": ["anxiety", "depression", "family"], "online": [145, 108, 56],
                        "face-to-face": [161, 170, 124]})
edited = st.data_editor(default, num_rows="dynamic", key="paper_table", hide_index=True)
counts = edited.dropna(subset=["problem"]).set_index("problem")
counts = counts.apply(pd.to_numeric, errors="coerce")
if counts.isna().any().any() or (counts < 0).any().any():
    st.error("Every count must be a whole number of at least 0.")
else:
    try:
        x = chi_square_test(counts.astype(int))
    except ValueError as exc:
        st.error(str(exc))
    else:
        st.markdown(plain(f"Pearson's chi-square({x.df}, N = {x.n:,}) = {x.statistic:.2f}, "
                          f"{apa.p_text(x.p)}; Cramér's V = {x.cramers_v:.2f}, 95% CI "
                          f"{fmt_ci(x.cramers_v_ci.low, x.cramers_v_ci.high)}."))
        for note in x.notes:
            st.caption(plain(note))
        method_help("chi_square")
