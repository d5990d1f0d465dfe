"""From a paper: the same tests from published summary statistics (n, mean, SD per group; or a
mode x problem count table)."""


import pandas as pd
import streamlit as st

from analysis.equivalence import custom_margin, default_margin, lenient_note, pooled_sd
from analysis.summary_stats import GroupMoments, compare_summaries
from reports.sections import paper
from ui.render import plain, render

st.title("From a paper")
st.markdown("Type the numbers a published study reports and get the same tests this app runs on "
            "raw data. Welch's and Student's t, Cohen's d, Hedges' g, TOST and the Bayes factor "
            "need only n, mean and SD, so they equal the raw-data results exactly (the test suite "
            "checks this on the sample data); the rank tests need the raw data. The numbers "
            "filled in are the sample's, rounded as a paper prints them, so they match the "
            "Satisfaction page up to that rounding.")

st.header("Two groups: n, mean and SD")
cols = st.columns(2)
entered = []
for col, side, (name, n, mean, sd) in zip(cols, "AB", (("online", 586, 27.22, 5.01),
                                                       ("face-to-face", 771, 27.99, 4.42))):
    with col:
        label = st.text_input(f"Group {side}", name, key=f"paper_name_{name}")
        entered.append((label, st.number_input("n", min_value=2, value=n, key=f"paper_n_{name}"),
                        st.number_input("Mean", value=mean, key=f"paper_mean_{name}"),
                        st.number_input("SD", min_value=0.0, value=sd, key=f"paper_sd_{name}")))
c1, c2, c3 = st.columns(3)
# the example is the sample's CSQ-8 (8-32); another study's own scale gives its own margin
low = c1.number_input("Scale: lowest possible score", value=8.0, key="paper_scale_low",
                      placeholder="unknown")
high = c2.number_input("Scale: highest possible score", value=32.0, key="paper_scale_high",
                       placeholder="unknown")
scale = (low, high) if low is not None and high is not None and low < high else None
if scale and not all(scale[0] <= mean <= scale[1] for _, _, mean, _ in entered):
    st.warning(plain(f"The means lie outside the {scale[0]:g}–{scale[1]:g} scale: enter the "
                     "study's own scale (or clear it). Until then the default margin does not "
                     "use it."), icon=":material/warning:")
    scale = None
pooled = pooled_sd([(n, sd) for _, n, _, sd in entered])
default = default_margin(scale, pooled, scale_origin="as typed" if scale else None)
# the margin's widget is keyed by the study's numbers, so another study starts from its own
study = hash((tuple(entered), scale))
value = c3.number_input("Equivalence margin (± points)", min_value=0.01, value=default.value,
                        step=0.1, key=f"paper_margin_{study}", help="Default: " + default.text())
margin = custom_margin(value, default)
if note := lenient_note(margin.value, pooled):
    st.warning(plain(note), icon=":material/warning:")
try:
    a, b = (GroupMoments(*values) for values in entered)
    result = compare_summaries(a, b, margin=margin.value)
except ValueError as exc:
    st.error(plain(str(exc)))
else:
    render(paper.comparison_section(result, margin, scale=scale), None)

st.header("A mode x problem count table")
st.caption("Edit the counts (rows: problem types; columns: modes). Add rows as needed.")
default_counts = pd.DataFrame({"problem": ["anxiety", "depression", "family"],
                               "online": [145, 108, 56], "face-to-face": [161, 170, 124]})
edited = st.data_editor(default_counts, num_rows="dynamic", key="paper_table", hide_index=True)
counts = edited.dropna(subset=["problem"]).set_index("problem").apply(pd.to_numeric,
                                                                      errors="coerce")
if counts.isna().any().any() or (counts < 0).any().any() or (counts % 1 != 0).any().any():
    st.error("Every count must be a whole number of at least 0.")
else:
    try:
        section = paper.counts_section(counts)
    except ValueError as exc:
        st.error(plain(str(exc)))
    else:
        render(section, None)
