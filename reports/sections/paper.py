"""From a paper: the same comparison from published summary statistics (n, mean, SD per group),
and the chi-square of a typed count table."""

from __future__ import annotations

import pandas as pd

from analysis import apa
from analysis.equivalence import Margin, pooled_sd
from analysis.formats import ci as fmt_ci
from analysis.formats import df_text, num, p_text
from analysis.stats.contingency import chi_square_test
from reports.blocks import Column, MethodHelp, Paragraph, SectionBuilder, Table


def comparison_section(result, margin: Margin, *, scale: tuple[float, float] | None):
    """Welch's and Student's t, d and g with CIs, TOST and the Bayes factor of a summary-
    statistics comparison, with the plain reading and the APA sentence."""
    w, s, t = result.welch, result.student, result.tost
    a, b = result.groups
    rows = (
        ("Welch's t (primary)", f"t({df_text(w.df)}) = {num(w.t)}", w.p, (w.ci.low, w.ci.high)),
        ("Student's t", f"t({df_text(s.df)}) = {num(s.t)}", s.p, (s.ci.low, s.ci.high)),
        ("Cohen's d", num(result.cohens_d.value), None, result.cohens_d.ci.to_list()),
        ("Hedges' g", num(result.hedges_g.value), None, result.hedges_g.ci.to_list()),
        (f"TOST (±{margin.value:g}; its CI is 90%)",
         "equivalent" if t.equivalent else "not shown", t.p, (t.ci.low, t.ci.high)),
        ("JZS Bayes factor", apa.bayes_text(result.log10_bayes_factor_10), None, None))
    section = SectionBuilder("paper_comparison", f"{a} vs {b}")
    sd = pooled_sd([(m.n, m.sd) for m in result.moments])
    section.add(
        Paragraph(apa.plain_reading(result, "the outcome", unit="clients", margin=margin,
                                    scale=scale), "lead"),
        Table("summary_statistics_tests", f"{a} vs {b} from summary statistics (A − B)",
              (Column("result"), Column("value"), Column("p", "p"), Column("CI (95%)", "ci")),
              rows),
        Paragraph(f"Welch's t({df_text(w.df)}) = {num(w.t)}, {p_text(w.p)}, d = "
                  f"{num(result.cohens_d.value)}, 95% CI {fmt_ci(*result.cohens_d.ci.to_list())}"
                  f"; TOST within ±{margin.value:g}: {p_text(t.p)}.", "apa"),
        Paragraph(f"Margin {margin.text()}; the pooled SD is {num(sd)}.", "note"),
        MethodHelp("welch"), MethodHelp("tost"))
    return section.build()


def counts_section(counts: pd.DataFrame):
    """Pearson's chi-square and Cramér's V of a typed problem x mode count table."""
    section = SectionBuilder("paper_counts", "Chi-square of the count table", level=3)
    x = chi_square_test(counts.astype(int))
    section.add(Paragraph(f"Pearson's chi-square({x.df}, N = {x.n:,}) = {num(x.statistic)}, "
                          f"{p_text(x.p)}; Cramér's V = {num(x.cramers_v)}, 95% CI "
                          f"{fmt_ci(*x.cramers_v_ci.to_list())}."),
                *(Paragraph(note, "note") for note in x.notes), MethodHelp("chi_square"))
    return section.build()
