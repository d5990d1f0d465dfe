"""Sections about a numeric outcome (satisfaction by default) per group: descriptives, its
distribution, the two-group comparison with effect sizes and equivalence, and the omnibus tests
across all groups. Used by the Overview, Satisfaction and Report pages alike."""

from __future__ import annotations

import math

import pandas as pd

from analysis import apa, compare, descriptives
from analysis.data import group_samples as samples
from analysis.equivalence import Margin, default_margin, pooled_sd
from analysis.errors import DataError
from analysis.formats import ci as fmt_ci
from analysis.formats import num, p_text
from analysis.grouping import BY_MODE, with_groups
from analysis.groups import default_groups, is_rating_scale
from reports import charts, privacy
from reports.blocks import (
    Cell,
    Column,
    CountTable,
    Figure,
    MethodHelp,
    Paragraph,
    SectionBuilder,
    Table,
)
from reports.context import Context
from reports.sections.common import exclusions_note

CHART_KINDS = {"likert": "Stacked % bars", "histogram": "Histogram", "box": "Box plot",
               "violin": "Violin", "ecdf": "ECDF"}


# ---- the analyses, as functions of the filtered frame (the app memoises them by name) --------

def _summary(frame: pd.DataFrame, *, by: str, outcome: str, scale, groups=None):
    data, group = with_groups(frame, by)
    return descriptives.describe_outcome(data, outcome=outcome, scale=scale, group=group,
                                         groups=None if groups is None else list(groups))


def _samples(frame: pd.DataFrame, *, by: str, outcome: str):
    data, group = with_groups(frame, by)
    return samples.outcome_samples(data, outcome, group=group)[0]


def _comparison(frame: pd.DataFrame, *, by: str, outcome: str, groups: tuple[str, str],
                margin, scale):
    data, group = with_groups(frame, by)
    return compare.compare_outcome(data, groups=groups, outcome=outcome, margin=margin,
                                   scale=scale, group=group)


def _omnibus(frame: pd.DataFrame, *, by: str, outcome: str, groups: tuple[str, ...]):
    data, group = with_groups(frame, by)
    return compare.compare_modes(data, outcome=outcome, groups=list(groups), group=group)


def _scale(ctx: Context, outcome: str):
    return ctx.dataset.scale if outcome == "outcome" else None



# ---- what pages need to draw their widgets -------------------------------------------------

def sizes(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome") -> dict[str, int]:
    """Clients with a value of ``outcome`` per group (every group with one)."""
    return {g: int(w.sum()) for g, (_, w) in ctx.run(_samples, by=by, outcome=outcome).items()}


def groups(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome") -> list[str]:
    """The groups an outcome analysis shows: those with values, and at least k when hiding."""
    return _scope(ctx, by, outcome)[0]


def _scope(ctx: Context, by: str, outcome: str) -> tuple[list[str], list[str]]:
    every = sizes(ctx, by=by, outcome=outcome)
    # channels make up the online mode, whose n the mode view shows
    channels = [g for g in every if g not in ctx.dataset.modes] if by != BY_MODE else None
    return privacy.groups_in_scope(every, ctx.k, partition=channels)


def rating_scale(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome") -> bool:
    """Whether the outcome is a rating scale (so a stacked share-per-score chart suits it)."""
    return is_rating_scale(ctx.run(_samples, by=by, outcome=outcome))


def summary(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome"):
    """Descriptives of the groups shown."""
    return ctx.run(_summary, by=by, outcome=outcome, scale=_scale(ctx, outcome),
                   groups=tuple(groups(ctx, by=by, outcome=outcome)))


def margin(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome") -> Margin:
    """The default equivalence margin for ``outcome``, with where it comes from."""
    shown = summary(ctx, by=by, outcome=outcome)
    sd = pooled_sd([(g.n, g.sd) for g in shown.groups])
    scale = _scale(ctx, outcome)
    origin = getattr(ctx.dataset, "scale_origin", None) if scale else None
    return default_margin(scale, sd, scale_origin=origin)


def comparison(ctx: Context, *, pair: tuple[str, str], margin: float | None,
               by: str = BY_MODE, outcome: str = "outcome"):
    """The two-group comparison (raises DataError when a group cannot be compared)."""
    shown = groups(ctx, by=by, outcome=outcome)
    missing = [g for g in pair if g not in shown]
    if missing:
        raise DataError(f"{', '.join(missing)} cannot be compared: "
                        + (f"fewer than {ctx.k} {ctx.unit} with a value are hidden."
                           if ctx.k else "no values."), "group_too_small")
    return ctx.run(_comparison, by=by, outcome=outcome, groups=tuple(pair), margin=margin,
                   scale=_scale(ctx, outcome))


# ---- sections -----------------------------------------------------------------------------

def descriptives_section(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome",
                         title: str | None = None, means_chart: bool = True):
    """n, mean with CI, SD, median with CI, IQR, range (and the share at the scale's maximum)
    per group shown; the means chart; ceiling notes."""
    label = ctx.label(outcome)
    section = SectionBuilder("descriptives", title or f"{label} per group")
    _, left_out = _scope(ctx, by, outcome)
    result = summary(ctx, by=by, outcome=outcome)
    level = f"{result.confidence_level:.0%}"
    ceiling = [g for g in result.groups if g.pct_at_max is not None and g.n > 0]
    at_max = CountTable(
        f"ceiling:{by}:{outcome}",
        pd.DataFrame({"at maximum": [round(g.pct_at_max * g.n / 100) for g in ceiling],
                      "below": [g.n - round(g.pct_at_max * g.n / 100) for g in ceiling]},
                     index=[g.group for g in ceiling]), col_totals=False, grand_total=False)
    columns = [Column("group"), Column("n", "int"), Column(f"mean [{level} CI]", "est_ci"),
               Column("SD", "num"), Column(f"median [{level} CI]", "est_ci1"),
               Column("IQR", "span")]
    if not ctx.k:  # the lowest and highest scores are single clients' answers
        columns.append(Column("range", "span"))
    if ceiling:
        columns.append(Column("% at scale maximum", "pct"))
    rows = []
    for g in result.groups:
        row = [g.group, g.n, (g.mean, g.mean_ci.low, g.mean_ci.high), g.sd,
               (g.median, g.median_ci.low, g.median_ci.high), (g.q1, g.q3)]
        if not ctx.k:
            row.append((g.minimum, g.maximum))
        if ceiling:
            row.append(Cell(g.pct_at_max, frozenset({at_max.ref(g.group, "at maximum"),
                                                     at_max.ref(g.group, None)})))
        rows.append(tuple(row))
    section.uses(at_max).add(
        Table(f"descriptives_{outcome}", f"Descriptives of {label}", tuple(columns), tuple(rows)),
        exclusions_note(result.exclusions, ctx.unit))
    if left_out:
        section.add(Paragraph(privacy.left_out_note(left_out, ctx.k, ctx.unit), "note"))
    shown = [g for g in result.groups if g.n > 0]
    if means_chart and shown:
        scale = _scale(ctx, outcome)
        section.add(Figure(f"means_{outcome}", "means",
                           lambda: charts.means_chart(shown, outcome_label=label, scale=scale,
                                                      level=result.confidence_level)))
    at_ceiling = [g for g in shown if g.pct_at_max is not None and g.pct_at_max >= 15]
    if at_ceiling:
        shares = " and ".join(f"{g.pct_at_max:.0f}% of {g.group}" for g in at_ceiling)
        section.add(Paragraph(
            f"{shares} {ctx.unit} gave the highest possible score: a ceiling effect, which hides "
            "differences among the most satisfied, makes the median less informative than the "
            "mean and can make its CI collapse to a single score.", "note"))
    return section.build()


def distribution_section(ctx: Context, kind: str, *, by: str = BY_MODE,
                         outcome: str = "outcome"):
    """The outcome's distribution per group shown (scores pooled so that no bar holds fewer
    than k clients when small counts are hidden)."""
    label = ctx.label(outcome)
    shown = groups(ctx, by=by, outcome=outcome)
    raw = {g: s for g, s in ctx.run(_samples, by=by, outcome=outcome).items() if g in shown}
    pooled, bins = privacy.pooled_samples(raw, ctx.k)
    section = SectionBuilder("distribution", f"Distribution of {label}", level=3)
    if not raw:
        return section.add(Paragraph("No group has values to draw.", "note")).build()
    draw = ((lambda: charts.likert_chart(pooled, bins, outcome_label=label)) if kind == "likert"
            else (lambda: charts.distribution_chart(raw if kind == "box" else pooled, kind,
                                                    outcome_label=label, unit=ctx.unit,
                                                    bins=None if kind == "box" else bins)))
    section.add(Figure(f"distribution_{outcome}", "distribution", draw))
    if ctx.k and any(lo != hi for lo, hi in bins) and kind != "box":
        section.add(Paragraph(f"Neighbouring scores are drawn together where fewer than {ctx.k} "
                              f"{ctx.unit} of a group had them.", "note"))
    if kind == "box":
        section.add(Paragraph("Boxes: the quartiles and the median (the line), with the mean; "
                              "whiskers reach the most extreme scores within 1.5 box lengths. "
                              "Scores beyond the whiskers are not drawn one by one: see the "
                              "histogram.", "note"))
    return section.build()


def comparison_sections(ctx: Context, result, margin: Margin, *, outcome: str = "outcome"):
    """The two-group comparison: the reading, the tests, effect sizes, equivalence, the Bayes
    factor, assumption checks and the APA sentences."""
    a, b = result.groups
    label = ctx.label(outcome)
    scale = _scale(ctx, outcome)
    head = SectionBuilder("comparison", f"{a} vs {b}", level=3)
    head.add(Paragraph(f"Primary test: Welch's t (it does not assume equal variances). "
                       f"Differences are {a} minus {b}.", "plain"),
             Paragraph(apa.plain_reading(result, label, unit=ctx.unit, margin=margin,
                                         scale=scale), "lead"),
             tests_table(result), MethodHelp("welch"), MethodHelp("student"),
             MethodHelp("mann_whitney"), effects_table(result))
    if result.mann_whitney.hodges_lehmann == 0 and result.welch.mean_diff != 0:
        head.add(Paragraph("The Hodges-Lehmann shift is 0 although the means differ: it is the "
                           "median difference over all pairs of one client from each group, and "
                           "with whole-point scores the typical pair scores the same.", "note"))
    head.add(MethodHelp("cohens_d"), exclusions_note(result.exclusions, ctx.unit))
    t = result.tost
    equivalence = SectionBuilder("equivalence", "Equivalence (TOST)", level=3)
    verdict = "equivalent" if t.equivalent else "equivalence not shown"
    equivalence.add(
        Figure(f"equivalence_{outcome}", "equivalence",
               lambda: charts.equivalence_chart(t.mean_diff, t.ci.low, t.ci.high, (t.low, t.high),
                                                level=1 - 2 * t.alpha, label=f"{a} − {b}")),
        Paragraph(f"Margin {margin.text()}. Bounds {t.low:g} to {t.high:g}: {p_text(t.p)} (the "
                  f"larger of the two one-sided tests), {1 - 2 * t.alpha:.0%} CI "
                  f"{fmt_ci(t.ci.low, t.ci.high)}: {verdict}."),
        MethodHelp("tost"))
    bayes = SectionBuilder("bayes", "Bayes factor", level=3)
    log10_bf = result.log10_bayes_factor_10
    if not math.isnan(log10_bf):
        direction = "for a difference" if log10_bf > 0 else "for no difference"
        bayes.add(Paragraph(f"{apa.bayes_text(log10_bf)} (JZS, Cauchy prior r = 0.707): the data "
                            f"are {10 ** min(abs(log10_bf), 300):,.1f} times more likely "
                            f"{direction}. It weighs a difference of exactly zero against any "
                            "other and does not use the margin: it can favour a difference while "
                            "TOST calls the groups equivalent, which together say the difference "
                            "is real but small."))
    bayes.add(MethodHelp("bayes"))
    checks = SectionBuilder("assumptions", "Assumption checks", level=3)
    checks.add(*(Paragraph("• " + note) for note in apa.assumption_notes(result)),
               MethodHelp("assumptions"))
    sentences = SectionBuilder("apa", "APA sentences", level=3)
    sentences.add(Paragraph("\n".join(apa.outcome_sentences(result, label)), "apa"))
    return [s.build() for s in (head, equivalence, bayes, checks, sentences)]


def tests_table(c) -> Table:
    """Welch (primary), Student and Mann-Whitney, formatted (differences A minus B)."""
    w, s, mw = c.welch, c.student, c.mann_whitney
    level = f"{w.confidence_level:.0%}"
    columns = (Column("test"), Column("statistic"), Column("df", "df"), Column("p", "p"),
               Column(f"difference {level} CI", "ci"))
    rows = (("Welch's t (primary)", f"t = {num(w.t)}", w.df, w.p, (w.ci.low, w.ci.high)),
            ("Student's t", f"t = {num(s.t)}", s.df, s.p, (s.ci.low, s.ci.high)),
            (f"Mann-Whitney U ({mw.method})", f"U = {num(mw.u, 1)}", None, mw.p, None))
    return Table("tests", "Tests (Welch's t is the primary test)", columns, rows)


def effects_table(c) -> Table:
    """Mean difference, Cohen's d, Hedges' g, rank-biserial r, Hodges-Lehmann shift."""
    w, mw = c.welch, c.mann_whitney
    level = f"{w.confidence_level:.0%}"
    columns = (Column("effect size"), Column("value", "num"), Column(f"{level} CI", "ci"),
               Column("method"))
    rows = (("mean difference (A − B)", w.mean_diff, (w.ci.low, w.ci.high), "Welch"),
            ("Cohen's d", c.cohens_d.value, c.cohens_d.ci.to_list(), c.cohens_d.method),
            ("Hedges' g", c.hedges_g.value, c.hedges_g.ci.to_list(), c.hedges_g.method),
            ("rank-biserial r", mw.rank_biserial.value, mw.rank_biserial.ci.to_list(),
             mw.rank_biserial.method),
            ("Hodges-Lehmann shift", mw.hodges_lehmann, None, "median of A − B differences"))
    return Table("effect_sizes", "Effect sizes", columns, rows)


def omnibus_section(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome"):
    """Welch's ANOVA, Kruskal-Wallis and Games-Howell pairs across every group shown."""
    shown = groups(ctx, by=by, outcome=outcome)
    section = SectionBuilder("omnibus", f"All {len(shown)} groups")
    try:
        omni = ctx.run(_omnibus, by=by, outcome=outcome, groups=tuple(shown))
    except DataError as exc:
        return section.add(Paragraph(exc.message, "info")).build()
    section.add(Paragraph(apa.omnibus_sentences(omni)[0]), MethodHelp("omnibus"),
                *(Paragraph(note, "note") for note in omni.notes))
    rows = tuple((p.a, p.b, p.mean_diff, (p.ci.low, p.ci.high), p.p) for p in omni.games_howell)
    section.add(Table("games_howell", "Games-Howell pairwise comparisons",
                      (Column("A"), Column("B"), Column("difference", "num"),
                       Column("95% CI", "ci"), Column("p (Games-Howell)", "p")), rows))
    return section.build()


def default_pair(ctx: Context, *, by: str = BY_MODE, outcome: str = "outcome"):
    return default_groups(groups(ctx, by=by, outcome=outcome))


__all__ = ["CHART_KINDS", "comparison", "comparison_sections", "default_pair",
           "descriptives_section", "distribution_section", "groups", "margin",
           "omnibus_section", "rating_scale", "sizes", "summary"]
