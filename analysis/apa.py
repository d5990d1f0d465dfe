"""APA-style sentences (7th edition conventions) for the results; numbers come unrounded from the
analysis functions and are rounded only here."""

from __future__ import annotations

import math

from analysis.compare import OmnibusResult, OutcomeComparison, ProblemAnalysis


def p_text(p: float) -> str:
    """"p = .069", "p < .001" (no leading zero, three decimals)."""
    if p is None or math.isnan(p):
        return "p = n/a"
    if p < 0.001:
        return "p < .001"
    return "p = " + f"{p:.3f}".lstrip("0")


def num(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{x:,.{digits}f}"


def ci_text(low: float, high: float, level: float = 0.95, digits: int = 2) -> str:
    return f"{level:.0%} CI [{num(low, digits)}, {num(high, digits)}]"


def df_text(df: float) -> str:
    return f"{df:.0f}" if abs(df - round(df)) < 1e-9 else f"{df:.1f}"


def bayes_text(log10_bf: float) -> str:
    """"BF10 = 35.56 (BF01 = 0.03)", or powers of ten when the factor is astronomically large."""
    if math.isnan(log10_bf):
        return "BF10 = n/a"
    if abs(log10_bf) < 6:
        bf = 10**log10_bf
        return f"BF10 = {num(bf)} (BF01 = {num(1 / bf)})"
    return f"log10 BF10 = {log10_bf:,.1f}"


def outcome_sentences(c: OutcomeComparison, outcome: str) -> list[str]:
    """The two-group results as sentences (differences are A minus B)."""
    a, b = c.groups
    da, db = c.descriptives
    w, mw = c.welch, c.mann_whitney
    lines = [
        f"{outcome}: {a} M = {num(da.mean)} (SD = {num(da.sd)}, n = {da.n:,}); "
        f"{b} M = {num(db.mean)} (SD = {num(db.sd)}, n = {db.n:,}).",
        f"Welch's t({df_text(w.df)}) = {num(w.t)}, {p_text(w.p)}, d = {num(c.cohens_d.value)}, "
        f"{ci_text(c.cohens_d.ci.low, c.cohens_d.ci.high)}; mean difference ({a} - {b}) = "
        f"{num(w.mean_diff)}, {ci_text(w.ci.low, w.ci.high)}.",
        f"Student's t({df_text(c.student.df)}) = {num(c.student.t)}, {p_text(c.student.p)}; "
        f"Hedges' g = {num(c.hedges_g.value)}, {ci_text(c.hedges_g.ci.low, c.hedges_g.ci.high)}.",
        f"Mann-Whitney U = {num(mw.u, 1)}, {p_text(mw.p)} ({mw.method}), rank-biserial r = "
        f"{num(mw.rank_biserial.value)}, {ci_text(mw.rank_biserial.ci.low, mw.rank_biserial.ci.high)}"
        f"; Hodges-Lehmann shift = {num(mw.hodges_lehmann)}.",
        f"Brown-Forsythe F = {num(c.levene.statistic)}, {p_text(c.levene.p)}; JZS Bayes factor "
        f"{bayes_text(c.log10_bayes_factor_10)}.",
    ]
    if c.tost is not None:
        t = c.tost
        level = 1 - 2 * t.alpha
        verdict = ("equivalent within the bounds" if t.equivalent
                   else "equivalence not shown (this is not evidence of a difference)")
        lines.append(f"TOST with bounds [{num(t.low)}, {num(t.high)}]: {p_text(t.p)}; "
                     f"{ci_text(t.ci.low, t.ci.high, level)}: {verdict}.")
    return lines


def omnibus_sentences(o: OmnibusResult) -> list[str]:
    w, k = o.welch_anova, o.kruskal
    return [f"Across {len(o.groups)} modes: Welch's F({df_text(w.df1)}, {df_text(w.df2)}) = "
            f"{num(w.f)}, {p_text(w.p)}, omega squared = {num(w.omega_squared, 3)}; Kruskal-Wallis "
            f"H({k.df}) = {num(k.h)}, {p_text(k.p)}, epsilon squared = {num(k.epsilon_squared, 3)}."]


def problem_sentences(pa: ProblemAnalysis) -> list[str]:
    lines = list(pa.notes)
    if pa.chi_square is not None:
        x = pa.chi_square
        lines.append(f"Problem type by mode: chi-square({x.df}, N = {x.n:,}) = {num(x.statistic)}, "
                     f"{p_text(x.p)}, Cramér's V = {num(x.cramers_v)}, "
                     f"{ci_text(x.cramers_v_ci.low, x.cramers_v_ci.high)}.")
        if x.monte_carlo_p is not None:
            lines.append(f"Monte Carlo {p_text(x.monte_carlo_p)}.")
    for r in pa.per_problem:
        lines.append(f"{r.problem}: OR = {num(r.odds_ratio)}, {ci_text(r.ci.low, r.ci.high)}, "
                     f"{p_text(r.p)}, Holm-adjusted {p_text(r.p_holm)}.")
    return lines
