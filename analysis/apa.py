"""APA-style sentences (7th edition conventions) for the results; numbers come unrounded from the
analysis functions and are rounded only here."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from analysis.binary import BinaryComparison
from analysis.categories import CategoryAnalysis
from analysis.compare import OmnibusResult, OutcomeComparison, ProblemAnalysis
from analysis.equivalence import Margin
from analysis.formats import ci_text, df_text, p_text
from analysis.formats import num as _num
from analysis.periods import PeriodComparison

if TYPE_CHECKING:
    from analysis.adjusted import AdjustedAnalysis


def num(x: float, digits: int = 2) -> str:
    """A number in a sentence ("n/a" when undefined, "∞" when infinite)."""
    return _num(x, digits, missing="n/a")


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
        f"{num(mw.rank_biserial.value)}, "
        f"{ci_text(mw.rank_biserial.ci.low, mw.rank_biserial.ci.high)}; Hodges-Lehmann shift = "
        f"{num(mw.hodges_lehmann)}.",
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
            f"{num(w.f)}, {p_text(w.p)}, omega squared = {num(w.omega_squared, 3)}; "
            f"Kruskal-Wallis H({k.df}) = {num(k.h)}, {p_text(k.p)}, epsilon squared = "
            f"{num(k.epsilon_squared, 3)}."]


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
    d = round(abs(d), 2)  # as it is shown beside the word
    if math.isnan(d):
        return "undetermined"
    return ("negligible" if d < 0.2 else "small" if d < 0.5 else "medium" if d < 0.8
            else "large")


def _scale_phrase(scale: tuple[float, float] | None) -> str:
    return f" on the {scale[0]:g}–{scale[1]:g} scale" if scale is not None else ""


def plain_reading(c, outcome: str, *, unit: str = "clients", margin: Margin | None = None,
                  scale: tuple[float, float] | None = None) -> str:
    """What a two-group comparison says, in words a clinic manager can repeat: the means, the
    difference in points with its CI, whether it is statistically clear, whether it is small
    enough not to matter (the equivalence margin and where it comes from), and why "p < .001"
    and "equivalent" can both hold.

    ``c`` is an :class:`OutcomeComparison` or a summary-statistics comparison (``groups``,
    ``means``, ``welch``, ``cohens_d``, ``tost``, ``alpha``, ``n``); differences are A minus B.
    """
    a, b = c.groups
    ma, mb = c.means
    w, t = c.welch, c.tost
    diff = w.mean_diff
    higher, lower = (a, b) if diff > 0 else (b, a)
    m_high, m_low = (ma, mb) if diff > 0 else (mb, ma)
    low, high = (w.ci.low, w.ci.high) if diff > 0 else (-w.ci.high, -w.ci.low)
    gap = (f"{num(m_high)} vs {num(m_low)} on average{_scale_phrase(scale)}, a difference of "
           f"{num(abs(diff))} points (95% CI {num(low)} to {num(high)})")
    significant = w.p < c.alpha
    if t is None:
        return _without_margin(c, outcome, unit, gap, higher, significant)
    bounds = (f"±{t.high:g} points" if math.isclose(t.low, -t.high)
              else f"{t.low:g} to {t.high:g} points")
    if t.equivalent:
        text = f"{higher.capitalize()} {unit} scored slightly higher on {outcome}: {gap}. "
        if significant:
            text += (f"The difference is statistically clear ({p_text(w.p)}) but smaller than "
                     f"{bounds}, the smallest difference taken to matter, so in practice the "
                     f"two are equivalent (TOST {p_text(t.p)}). Both can be true: with "
                     f"{c.n:,} {unit}, even a difference too small to matter is detected.")
        else:
            text += (f"That is not statistically clear ({p_text(w.p)}) and lies inside {bounds}, "
                     f"the smallest difference taken to matter, so the two are equivalent "
                     f"(TOST {p_text(t.p)}).")
    elif significant:
        text = (f"{higher.capitalize()} {unit} scored higher on {outcome}: {gap}. The difference "
                f"is statistically clear ({p_text(w.p)}): a {size_word(c.cohens_d.value)} "
                f"difference (d = {num(c.cohens_d.value)}).")
        if w.ci.low > t.high or w.ci.high < t.low:
            text += (f" It is larger than {bounds}, the smallest difference taken to matter, so "
                     "it matters in practice.")
        else:
            text += (f" Whether it matters is open: equivalence within {bounds} was not shown "
                     f"(TOST {p_text(t.p)}).")
    else:
        text = (f"The data cannot tell whether {a} and {b} {unit} differ on {outcome}: {gap}, "
                f"which is compatible with no difference; equivalence within {bounds} was not "
                f"shown either (TOST {p_text(t.p)}). More data, not a conclusion of 'no "
                "difference', is what this calls for.")
    if margin is not None:
        text += f" The margin is {margin.origin}."
    return text


def _without_margin(c, outcome: str, unit: str, gap: str, higher: str, significant: bool) -> str:
    a, b = c.groups
    if significant:
        return (f"{higher.capitalize()} {unit} scored higher on {outcome}: {gap}. The difference "
                f"is statistically clear ({p_text(c.welch.p)}): a "
                f"{size_word(c.cohens_d.value)} difference (d = {num(c.cohens_d.value)}).")
    return (f"The data cannot tell whether {a} and {b} {unit} differ on {outcome}: {gap}, which "
            "is compatible with no difference. A non-significant test is not evidence of no "
            "difference: set a margin to test equivalence.")


def adjustment_reading(a: str, b: str, unadjusted: float, adjusted: float,
                       covariates: list[str]) -> str:
    """What adjusting for covariates did to the A - B difference. A change of more than 10% of
    the raw difference is called noticeable (the common change-in-estimate rule; Maldonado &
    Greenland 1993)."""
    if not covariates:
        return "No covariates chosen: the adjusted model is the raw comparison."
    change = adjusted - unadjusted
    noticeable = abs(change) > 0.1 * abs(unadjusted)
    listed = (", ".join(covariates[:-1]) + " and " + covariates[-1] if len(covariates) > 1
              else covariates[0])
    return (f"Adjusting for {listed} changes the {a} − {b} difference from "
            f"{num(unadjusted)} to {num(adjusted)} ({'+' if change >= 0 else '−'}"
            f"{num(abs(change))}): " + ("the covariates account for a noticeable part of the raw "
                                       "difference." if noticeable else
                                       "the raw difference is not explained by them."))


def interaction_reading(f: float, df1: float, df2: float, p: float, n: int, alpha: float) -> str:
    """The mode x problem interaction F test as a sentence."""
    return (f"Mode x problem interaction (two-way ANOVA): F({df_text(df1)}, {df_text(df2)}) = "
            f"{num(f)}, {p_text(p)}, N = {n:,}. " + (
                "The mode difference varies by problem type." if p < alpha else
                "No clear sign that the mode difference varies by problem type."))


def assumption_notes(c: OutcomeComparison) -> list[str]:
    """What the descriptive checks imply for reading the results."""
    notes = []
    if not math.isnan(c.levene.p):
        if c.levene.p < 0.05:
            notes.append(f"The spread differs between groups (Brown-Forsythe F = "
                         f"{num(c.levene.statistic)}, {p_text(c.levene.p)}): "
                         "Welch's t, which does not assume equal variances, is the one to read; "
                         "Student's t is shown only for comparison.")
        else:
            notes.append(f"No clear difference in spread (Brown-Forsythe F = "
                         f"{num(c.levene.statistic)}, {p_text(c.levene.p)}); "
                         "Welch's t is still the primary test, as it costs nothing when variances "
                         "are equal.")
    skewed = [g for g, s in c.shapiro.items() if not math.isnan(s.p) and s.p < 0.05]
    if skewed:
        tests = "; ".join(f"{g}: W = {num(c.shapiro[g].statistic, 3)}, {p_text(c.shapiro[g].p)}"
                          for g in skewed)
        notes.append(f"Scores are not normally distributed in {', '.join(skewed)} (Shapiro-Wilk "
                     f"{tests}). "
                     "With more than about 30 clients per group the t-test's mean comparison holds "
                     "up; the Mann-Whitney test and the rank-biserial r compare the whole "
                     "distributions instead and suit rating scales.")
    for g, s in c.shapiro.items():
        if s.note:
            notes.append(f"Shapiro-Wilk for {g}: {s.note}.")
    return notes


def association_word(v: float) -> str:
    """Cohen's (1988) benchmarks for w (= Cramér's V with two groups): .1 small, .3 medium,
    .5 large."""
    v = round(abs(v), 2)
    if math.isnan(v):
        return "undetermined"
    return ("negligible" if v < 0.1 else "small" if v < 0.3 else "medium" if v < 0.5
            else "large")


def problem_reading(pa: ProblemAnalysis, *, unit: str = "clients",
                    names: dict[str, str] | None = None, what: str = "problem types") -> str:
    """What the A vs B comparison of problem types (or of any column's levels: ``what`` names
    them) says in words: whether the mix differs, how strongly, and which categories are
    clearly more common in each group (adjusted residuals beyond ±1.96; per-category
    Holm-adjusted Fisher tests for multi-label data). ``names`` renames rows in the sentence (a
    pooled row: the categories it holds)."""
    a, b = pa.groups
    x = pa.chi_square
    bring = "bring" if what == "problem types" else f"have {what} ="
    if x is not None:
        names = names or {}
        more_a = [names.get(str(p), str(p)) for p, r in pa.residuals[a].items() if r > 1.96]
        more_b = [names.get(str(p), str(p)) for p, r in pa.residuals[b].items() if r > 1.96]
        if x.p >= 0.05:
            return (f"The mix of {what} does not clearly differ between {a} and {b} "
                    f"{unit} ({p_text(x.p)}; Cramér's V = {num(x.cramers_v)}).")
        text = (f"The mix of {what} differs between {a} and {b} {unit} ({p_text(x.p)}), "
                f"a {association_word(x.cramers_v)} difference (Cramér's V = {num(x.cramers_v)})")
        parts = [f"{g} {unit} more often {bring} {', '.join(problems)}"
                 for g, problems in ((a, more_a), (b, more_b)) if problems]
        return text + (": " + "; ".join(parts) + "." if parts else ".")
    significant = [r.problem for r in pa.per_problem if r.p_holm < 0.05]
    return (f"{what.capitalize()} of {a} and {b} {unit}, tested one by one: "
            + (f"{', '.join(significant)} differ after Holm's adjustment." if significant
               else "none differs after Holm's adjustment."))


def _pct(p: float) -> str:
    return "n/a" if math.isnan(p) else f"{100 * p:.1f}%"


def _points(x: float) -> str:
    """Percentage points, one decimal ("0.0", never "-0.0")."""
    return "n/a" if math.isnan(x) else f"{100 * x:.1f}" if round(100 * x, 1) != 0 else "0.0"


def binary_reading(r: BinaryComparison, *, unit: str = "clients", alpha: float = 0.05) -> str:
    """What the A vs B comparison of a yes/no outcome says, in words: each group's share with
    the event, the difference in percentage points with its CI, whether it is statistically
    clear (Fisher's exact p when counts are small, else the chi-square's) and the ratio."""
    c = r.comparison
    a, b = r.groups
    event = f"'{r.event}'"
    p = c.fisher_p if c.exact_odds_ratio is not None else c.chi_square.p
    rd = c.risk_difference
    text = (f"{r.event[:1].upper() + r.event[1:]}: {_pct(c.a.proportion)} of {a} {unit} (95% CI "
            f"{_pct(c.a.ci.low)} to {_pct(c.a.ci.high)}) against {_pct(c.b.proportion)} of {b} "
            f"{unit} ({_pct(c.b.ci.low)} to {_pct(c.b.ci.high)}).")
    if math.isnan(rd.value) or rd.value == 0:
        return text + " The two shares are the same."
    more, less = (a, b) if rd.value > 0 else (b, a)
    low, high = (rd.ci.low, rd.ci.high) if rd.value > 0 else (-rd.ci.high, -rd.ci.low)
    text += (f" That is {_points(abs(rd.value))} percentage points more among {more} {unit} "
             f"(95% CI {_points(low)} to {_points(high)})")
    if p < alpha:
        rr = c.risk_ratio.value
        ratio = rr if rd.value > 0 else 1 / rr
        return text + (f", a statistically clear difference ({p_text(p)}): {event} was "
                       f"{num(ratio)} times as common among {more} {unit} as among {less} "
                       f"{unit}.")
    return text + (f", which is not statistically clear ({p_text(p)}): the data fit no "
                   "difference as well as this one.")


def binary_sentences(r: BinaryComparison) -> list[str]:
    """The A vs B comparison of a yes/no outcome as APA sentences (A minus B, A over B)."""
    c = r.comparison
    a, b = r.groups
    x = c.chi_square
    n = c.a.n + c.b.n
    phi = math.sqrt(x.statistic / n) if math.isfinite(x.statistic) and n else math.nan
    rd, rr, odds = c.risk_difference, c.risk_ratio, c.odds_ratio
    lines = [
        f"{r.event[:1].upper() + r.event[1:]}: {a} {c.a.events:,}/{c.a.n:,} "
        f"({_pct(c.a.proportion)}), {b} "
        f"{c.b.events:,}/{c.b.n:,} ({_pct(c.b.proportion)}); χ²(1, N = {n:,}) = "
        f"{num(x.statistic)}, {p_text(x.p)}, φ = {num(phi)}; Fisher's exact {p_text(c.fisher_p)}.",
        f"Risk difference ({a} − {b}) = {_points(rd.value)} percentage points, 95% CI "
        f"[{_points(rd.ci.low)}, {_points(rd.ci.high)}]; risk ratio = {num(rr.value)}, "
        f"{ci_text(rr.ci.low, rr.ci.high)}; odds ratio = {num(odds.value)}, "
        f"{ci_text(odds.ci.low, odds.ci.high)}.",
    ]
    if c.exact_odds_ratio is not None:
        e = c.exact_odds_ratio
        lines.append(f"Conditional maximum-likelihood odds ratio = {num(e.value)}, exact "
                     f"{ci_text(e.ci.low, e.ci.high)}.")
    return lines


def category_sentences(r: CategoryAnalysis) -> list[str]:
    """A column's levels by mode as APA sentences: the chi-square with Cramér's V, and each
    level's Fisher test (A vs B)."""
    lines = list(r.notes)
    x = r.chi_square
    if x is not None:
        lines.append(f"{r.column} by mode: chi-square({x.df}, N = {x.n:,}) = {num(x.statistic)}, "
                     f"{p_text(x.p)}, Cramér's V = {num(x.cramers_v)}, "
                     f"{ci_text(x.cramers_v_ci.low, x.cramers_v_ci.high)}.")
    for t in r.per_level:
        lines.append(f"{r.column} = {t.level}: OR = {num(t.odds_ratio)}, "
                     f"{ci_text(t.ci.low, t.ci.high)}, {p_text(t.p)}, Holm-adjusted "
                     f"{p_text(t.p_holm)}.")
    return lines


def period_sentences(r: PeriodComparison) -> list[str]:
    """Periods compared as sentences: the chi-square of mode by period with Cramér's V, and
    each mode's change in share (later minus earlier, percentage points)."""
    lines = list(r.notes)
    x = r.chi_square
    if x is not None:
        lines.append(f"Mode by period ({', '.join(r.periods)}): chi-square({x.df}, N = {x.n:,}) "
                     f"= {num(x.statistic)}, {p_text(x.p)}, Cramér's V = "
                     f"{num(x.cramers_v, 3)}.")
    for c in r.changes:
        lines.append(f"{c.group}: {_pct(c.share_from)} in {c.period_from}, {_pct(c.share_to)} in "
                     f"{c.period_to}, a change of {_points(c.change)} percentage points, 95% CI "
                     f"[{_points(c.ci.low)}, {_points(c.ci.high)}], {p_text(c.p)}.")
    return lines


#: The balancing weights in words, with the paper that defines them.
WEIGHTS = {"overlap": "overlap weights (Li, Morgan & Zaslavsky 2018)",
           "ate": "inverse-probability (ATE) weights (Rosenbaum & Rubin 1983)"}
#: What each estimand compares, for a reader who does not know the term.
WEIGHTS_MEANING = {
    "overlap": "compares the clients who could plausibly have been seen either way (those "
               "whose covariates do not all but decide the mode); extreme clients count little",
    "ate": "compares everyone as if all clients had been seen each way; a few clients "
           "unlike the other group can carry a lot of weight"}


def _listed(items) -> str:
    items = list(items)
    return (", ".join(items[:-1]) + " and " + items[-1]) if len(items) > 1 else "".join(items)


def _gap(a: str, b: str, estimate: float, unit: str = "clients") -> str:
    """"face-to-face clients scored 0.85 points higher than online clients" (A minus B =
    ``estimate``; the higher group named first)."""
    if math.isnan(estimate) or round(estimate, 2) == 0:
        return f"{a} and {b} {unit} scored the same"
    higher, lower = (a, b) if estimate > 0 else (b, a)
    return f"{higher} {unit} scored {num(abs(estimate))} points higher than {lower} {unit}"


def adjusted_reading(r: AdjustedAnalysis, *, unit: str = "clients") -> str:
    """What adjusting changed and why, in one or two plain sentences (A minus B). A change of
    more than 10% of the raw difference is called noticeable (Maldonado & Greenland 1993)."""
    a, b = r.groups
    raw = r.raw.estimate
    text = (f"Among the {r.exclusions.n_used:,} {unit} whose covariates are all known, "
            f"{_gap(a, b, raw, unit)} on average before adjusting.")
    if r.adjusted is None:
        return text + (" No adjusted estimate could be computed (see the notes below), so this "
                       "raw difference mixes the mode with who chose it.")
    est = r.adjusted
    names = _listed(_covariate_names(r.covariates))
    change = est.estimate - raw
    who = f"the measured differences between the {unit} who chose each mode"
    why = (f"{who} account for a noticeable part of the raw difference"
           if abs(change) > 0.1 * abs(raw) else f"{who} explain little of it")
    # the CI of the higher group minus the lower, as the sentence reads
    low, high = ((est.ci.low, est.ci.high) if est.estimate > 0
                 else (-est.ci.high, -est.ci.low))
    return (f"{text} Comparing {unit} made alike in {names} by weighting, "
            f"{_gap(a, b, est.estimate, unit)} ({ci_text(low, high)}): {why}. "
            "What was not measured stays mixed in.")


def _covariate_names(roles) -> list[str]:
    from analysis.covariates import COVARIATE_NAMES

    return [{"date": "intake date"}.get(r, COVARIATE_NAMES[r]) for r in roles]


def _effect(e, name: str = "", *, df: bool = False) -> str:
    """"b = -0.85, 95% CI [-1.45, -0.24], t(13.1) = -3.02, p = .010" (``df``: with its t)."""
    t = f"t({df_text(e.df)}) = {num(e.estimate / e.se)}, " if df else ""
    head = f"{name} = " if name else ""
    return f"{head}{num(e.estimate)}, {ci_text(e.ci.low, e.ci.high)}, {t}{p_text(e.p)}"


def _article(word: str) -> str:
    return ("an " if word[:1].lower() in "aeio" else "a ") + word


def adjusted_sentences(r: AdjustedAnalysis) -> list[str]:
    """The adjusted comparison as APA sentences, each method named with its reference
    (differences are A minus B)."""
    from analysis.adjusted import CLUSTER_NAMES

    a, b = r.groups
    lines = [f"On the {r.exclusions.n_used:,} clients with an outcome and every covariate, the "
             f"raw {a} − {b} difference was {_effect(r.raw)}."]
    p = r.propensity
    if p is not None:
        lines.append(
            f"With {WEIGHTS[r.estimand]} from a logistic propensity model of mode on "
            f"{_listed(_covariate_names(r.covariates))}, the weighted difference was "
            f"{_effect(p.weighted)} (sandwich SE); the doubly robust (augmented) "
            f"estimate was {_effect(p.doubly_robust)}. Effective sample sizes: "
            f"{num(p.ess_a, 0)} ({a}) and {num(p.ess_b, 0)} ({b}).")
    for c in r.clusters:
        cc, name = c.comparison, CLUSTER_NAMES[c.role]
        mixed = (f"; a random-intercept mixed model gave {_effect(cc.mixed, 'b')}"
                 if cc.mixed is not None else "")
        lines.append(
            f"Clustering by {name} ({cc.icc.n_clusters} clusters, ICC = {num(cc.icc.icc, 3)}, "
            f"design effect = {num(cc.icc.design_effect)}): CR2 cluster-robust errors with "
            f"Satterthwaite df (Bell & McCaffrey 2002) gave {_effect(cc.cr2, 'b', df=True)}, "
            f"against {_effect(cc.independent, 'b')} with HC3 errors{mixed}.")
    if r.evalue is not None:
        e = r.evalue
        lines.append(f"E-value (VanderWeele & Ding 2017) = {num(e.evalue)} for the weighted "
                     f"estimate and {num(e.evalue_ci)} for its confidence limit nearer 1.")
    if r.ordinal is not None:
        m, s = r.ordinal.model, r.ordinal.superiority
        lines.append(
            f"A proportional-odds model (McCullagh 1980) with the same covariates gave "
            f"OR = {num(m.odds_ratio)}, {ci_text(m.ci.low, m.ci.high)}, {p_text(m.p)} ({a} vs "
            f"{b}); probability of superiority = {num(s.probability)}, "
            f"{ci_text(s.ci.low, s.ci.high)} (DeLong).")
    if r.response is not None:
        lines.append(response_sentence(r))
    return lines


def adjusted_report_lines(r: AdjustedAnalysis, *, unit: str = "clients") -> list[str]:
    """The adjusted answer as the text report prints it: what adjusting changed in words, the
    weighting's warnings, the APA sentences, the notes on clustering and non-response, what
    could not run, and who was left out."""
    lines = [adjusted_reading(r, unit=unit)]
    if r.propensity is not None:
        lines += list(r.propensity.warnings)
    lines += adjusted_sentences(r)
    for c in r.clusters:
        lines += list(c.comparison.notes)
    if r.response is not None:
        lines += list(r.response.notes)
    lines += list(r.notes)
    lines.append(f"Adjusted comparison: {r.exclusions.text(unit)}")
    if r.response_exclusions is not None:
        lines.append(f"Non-response analysis: {r.response_exclusions.text(unit)}")
    return lines


def response_sentence(r: AdjustedAnalysis) -> str:
    """Response rates per group, their test, and the response-weighted estimate (APA)."""
    a, b = r.groups
    x = r.response.rates
    text = (f"Response rates were {_pct(x.rate_a)} ({a}) and {_pct(x.rate_b)} ({b}), "
            f"chi-square({df_text(x.df)}) = {num(x.chi_square)}, {p_text(x.p_chi_square)} "
            f"(Fisher's exact {p_text(x.p_fisher)}).")
    w = r.response.weighted
    if w is not None:
        text += (f" Weighting respondents by their inverse probability of responding gave "
                 f"{_effect(w)}, against {num(r.response.respondents.estimate)} "
                 "unweighted.")
    return text


def response_reading(r: AdjustedAnalysis, *, unit: str = "clients", alpha: float = 0.05) -> str:
    """Who answered the questionnaire, in words, with the chi-square and Fisher p."""
    a, b = r.groups
    x = r.response.rates
    clear = ("a statistically clear difference" if x.p_chi_square < alpha
             else "a difference that is not statistically clear")
    return (f"{_pct(x.rate_a)} of {a} {unit} and {_pct(x.rate_b)} of {b} {unit} have an "
            f"outcome (answered the questionnaire): {clear} (chi-square {p_text(x.p_chi_square)}"
            f", Fisher's exact {p_text(x.p_fisher)}).")


def ordinal_reading(r: AdjustedAnalysis) -> str:
    """The proportional-odds odds ratio and the probability of superiority in words."""
    a, b = r.groups
    m, s = r.ordinal.model, r.ordinal.superiority
    return (f"Treating the ratings as ordered categories: the odds of a higher rating for "
            f"{_article(a)} client are {num(m.odds_ratio)} times those of {_article(b)} "
            f"client with the same covariates ({ci_text(m.ci.low, m.ci.high)}; 1 would mean "
            "no difference). A "
            f"randomly chosen {a} client rates higher than a randomly chosen {b} client with "
            f"probability {num(s.probability)} ({ci_text(s.ci.low, s.ci.high)}; ties count "
            "half, 0.5 would mean neither tends to rate higher).")
