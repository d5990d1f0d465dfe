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


def size_word(d: float) -> str:
    """Cohen's (1988) benchmarks, used only beside the number."""
    d = abs(d)
    if math.isnan(d):
        return "undetermined"
    return ("negligible" if d < 0.2 else "small" if d < 0.5 else "medium" if d < 0.8
            else "large")


def default_margin(scale: tuple[float, float] | None, pooled_sd: float) -> float:
    """A starting equivalence margin: 1/16 of the scale's range (1.5 points on 8-32), or d = 0.2
    in raw units when the range is unknown. The user should set one that matters clinically."""
    if scale is not None:
        return round((scale[1] - scale[0]) / 16, 2)
    return round(0.2 * pooled_sd, 2) if pooled_sd > 0 else 1.0


def plain_reading(c: OutcomeComparison, outcome: str) -> str:
    """What the comparison says, in a sentence a clinic manager can repeat."""
    a, b = c.groups
    w = c.welch
    diff = w.mean_diff
    ci = f"95% CI {num(w.ci.low)} to {num(w.ci.high)}"
    higher, lower = (a, b) if diff > 0 else (b, a)
    size = f"a {size_word(c.cohens_d.value)} difference (d = {num(c.cohens_d.value)})"
    t = c.tost
    if t is not None and t.equivalent:
        margin = (f"±{num(t.high)}" if t.low == -t.high else f"{num(t.low)} to {num(t.high)}")
        text = (f"{a.capitalize()} clients scored about the same on {outcome} as {b} clients: the "
                f"difference of {num(diff)} points lies inside the {margin}-point margin "
                f"({1 - 2 * t.alpha:.0%} CI {num(t.ci.low)} to {num(t.ci.high)}).")
        if w.p < c.alpha:
            text += (f" It is statistically detectable ({p_text(w.p)}) but smaller than the "
                     "margin, so it is unlikely to matter in practice.")
        return text
    if w.p < c.alpha:
        return (f"{higher.capitalize()} clients scored higher on {outcome} than {lower} clients, by "
                f"{num(abs(diff))} points ({ci}; {p_text(w.p)}): {size}.")
    text = (f"The data cannot tell whether {a} and {b} clients differ on {outcome}: the difference "
            f"of {num(diff)} points ({ci}) is compatible with no difference")
    if t is not None:
        text += (f", and equivalence within {num(t.low)} to {num(t.high)} was not shown either "
                 f"({p_text(t.p)}). More data, not a conclusion of 'no difference', is what this "
                 "calls for.")
    else:
        text += ". A non-significant test is not evidence of no difference: set a margin to test "
        text += "equivalence."
    return text


def assumption_notes(c: OutcomeComparison) -> list[str]:
    """What the descriptive checks imply for reading the results."""
    notes = []
    if not math.isnan(c.levene.p):
        if c.levene.p < 0.05:
            notes.append(f"The spread differs between groups (Brown-Forsythe {p_text(c.levene.p)}): "
                         "Welch's t, which does not assume equal variances, is the one to read; "
                         "Student's t is shown only for comparison.")
        else:
            notes.append(f"No clear difference in spread (Brown-Forsythe {p_text(c.levene.p)}); "
                         "Welch's t is still the primary test, as it costs nothing when variances "
                         "are equal.")
    skewed = [g for g, s in c.shapiro.items() if not math.isnan(s.p) and s.p < 0.05]
    if skewed:
        notes.append(f"Scores are not normally distributed in {', '.join(skewed)} (Shapiro-Wilk). "
                     "With more than about 30 clients per group the t-test's mean comparison holds "
                     "up; the Mann-Whitney test and the rank-biserial r compare the whole "
                     "distributions instead and suit rating scales.")
    for g, s in c.shapiro.items():
        if s.note:
            notes.append(f"Shapiro-Wilk for {g}: {s.note}.")
    return notes
