"""Satisfaction (or any numeric outcome): distributions, the primary test, effect sizes,
equivalence, Bayes factor, assumption checks and the APA sentence."""

import math

import pandas as pd
import streamlit as st

from analysis import apa
from analysis.dataset import OUTCOME
from analysis.errors import DataError
from analysis.grouping import BY_CHANNEL, BY_MODE
from analysis.suppression import large_enough
from reports import charts
from reports.tables import (
    comparison_tables,
    fmt_ci,
    fmt_p,
    summary_table_suppressed,
)
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

CHART_KINDS = {"histogram": "Histogram", "box": "Box plot", "violin": "Violin", "ecdf": "ECDF"}

st.title("Satisfaction")
view = require_view()
if blocked(view, OUTCOME):
    st.stop()
dataset = view.dataset
key = state.widget_key

c1, c2 = st.columns(2)
outcomes = ["outcome", *dataset.other_numeric]
outcome = c1.selectbox("Outcome", outcomes, key=key("sat_outcome"),
                       format_func=lambda c: dataset.outcome_label if c == "outcome" else c)
label = dataset.outcome_label if outcome == "outcome" else outcome
by = BY_MODE
if dataset.has["channel"]:
    by = c2.radio("Compare", [BY_MODE, BY_CHANNEL], horizontal=True, key=key("sat_by"),
                  format_func={BY_MODE: "delivery modes",
                               BY_CHANNEL: "online channels with face-to-face"}.get)
summary = analyses.outcome_summary(view, by=by, outcome=outcome)
groups = [g.group for g in summary.groups if g.n > 0]
threshold = view.suppress

st.header("Descriptives")
result_table(summary_table_suppressed(summary, threshold), name="descriptives", key="sat_desc")
exclusions_note(summary.exclusions)
visible = large_enough(summary.groups, threshold)
samples = {g: s for g, s in analyses.outcome_samples(view, by=by, outcome=outcome).items()
           if g in {v.group for v in visible}}
if samples:
    likert = all(len(v) <= 11 and (v % 1 == 0).all() for v, _ in samples.values())
    kinds = (["likert"] if likert else []) + list(CHART_KINDS)
    kind = st.radio("Distribution chart", kinds, horizontal=True, key="sat_chart_kind",
                    format_func=lambda k: "Stacked % bars" if k == "likert" else CHART_KINDS[k])
    hidden = ({g: {float(x) for x, n in zip(*s) if 0 < n < threshold} for g, s in samples.items()}
              if threshold else None)
    fig = (charts.likert_chart(samples, outcome_label=label, hidden=hidden) if kind == "likert"
           else charts.distribution_chart(samples, kind, outcome_label=label, hidden=hidden))
    chart(fig, key="sat_distribution", name="distribution")
    means = type(summary)(visible, summary.exclusions, summary.confidence_level)
    chart(charts.means_chart(means, outcome_label=label,
                             scale=dataset.scale if outcome == "outcome" else None),
          key="sat_means", name="means")
    if threshold and len(visible) < len(groups):
        st.caption(f"Groups with fewer than {threshold} clients are hidden.")

st.header("Comparison of two groups")
c1, c2, c3 = st.columns(3)
a, b = pick_groups((c1, c2), groups, analyses.default_groups(groups), f"sat_{by}")
sd = max(g.sd for g in summary.groups if g.n > 1)
margin = c3.number_input("Equivalence margin (± points)", min_value=0.01,
                         value=float(apa.default_margin(dataset.scale if outcome == "outcome"
                                                        else None, sd)),
                         step=0.1, key=key(f"sat_margin_{outcome}"),
                         help="The smallest difference that would matter in practice. The groups "
                              "are called equivalent when the 90% CI of the difference lies "
                              "inside ± this margin (TOST).")
too_small = [g.group for g in summary.groups if g.group in (a, b) and threshold
             and g.n < threshold]
if too_small:
    st.info(plain(f"With small counts hidden, a group of fewer than {threshold} clients is not "
                  f"compared ({', '.join(too_small)})."))
    st.stop()
try:
    result = analyses.comparison(view, groups=(a, b), by=by, outcome=outcome, margin=margin)
except DataError as exc:
    st.error(plain(exc.message))
    st.stop()

st.markdown(f"**Primary test: Welch's t** (does not assume equal variances). Differences are "
            f"{plain(a)} minus {plain(b)}.")
st.success(plain(apa.plain_reading(result, label)))
tests, effects = comparison_tables(result)
st.subheader("Tests")
result_table(tests, name="tests", key="sat_tests")
for name in ("welch", "student", "mann_whitney"):
    method_help(name)
st.subheader("Effect sizes")
result_table(effects, name="effect_sizes", key="sat_effects")
method_help("cohens_d")
exclusions_note(result.exclusions)

st.subheader("Equivalence (TOST)")
t = result.tost
chart(charts.equivalence_chart(t.mean_diff, t.ci.low, t.ci.high, (t.low, t.high),
                               level=1 - 2 * t.alpha, label=f"{a} − {b}"),
      key="sat_equivalence", name="equivalence")
verdict = "equivalent" if t.equivalent else "equivalence not shown"
st.markdown(plain(f"Bounds {t.low:g} to {t.high:g}: {apa.p_text(t.p)} (the larger of the two "
                  f"one-sided tests), 90% CI {fmt_ci(t.ci.low, t.ci.high)}: {verdict}."))
method_help("tost")

st.subheader("Bayes factor")
log10_bf = result.log10_bayes_factor_10
if not math.isnan(log10_bf):
    direction = ("for a difference" if log10_bf > 0 else "for no difference")
    st.markdown(plain(f"{apa.bayes_text(log10_bf)} (JZS, Cauchy prior r = 0.707): the data are "
                      f"{10 ** abs(min(log10_bf, 300)):,.1f} times more likely {direction}."))

method_help("bayes")

st.subheader("Assumption checks")
for note in apa.assumption_notes(result):
    st.markdown("- " + plain(note))

method_help("assumptions")

st.subheader("APA sentence")
st.code("\n".join(apa.outcome_sentences(result, label)), language=None, wrap_lines=True)

if len(groups) > 2:
    st.header(f"All {len(groups)} groups")
    try:
        omni = analyses.omnibus(view, by=by, outcome=outcome)
    except DataError as exc:
        st.info(plain(exc.message))
    else:
        st.markdown(plain(apa.omnibus_sentences(omni)[0]))
        method_help("omnibus")
        for note in omni.notes:
            st.caption(plain(note))
        pairs = [{"A": p.a, "B": p.b, "difference": f"{p.mean_diff:.2f}",
                  "95% CI": fmt_ci(p.ci.low, p.ci.high), "p (Games-Howell)": fmt_p(p.p)}
                 for p in omni.games_howell]
        st.subheader("Games-Howell pairwise comparisons")
        result_table(pd.DataFrame(pairs), name="games_howell", key="sat_pairs")
