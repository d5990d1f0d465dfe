"""Sections of the adjusted answer (``analysis.adjusted``): the raw, weighted and doubly robust
mode differences, balance (table and love plot), overlap (propensity plot, effective sample
sizes, warnings), clustering, non-response, the E-value, the ordinal model, and what could not
run.

Small-count hiding: the section rests on the clients used per group, the respondents and
non-respondents per group, and the clients per group at each level of each text covariate (a
balance row of a level is a share). While hiding is on, its numbers are shown only when every
one of those counts is 0 or at least k; otherwise each section says why it is withheld. The
overlap plot draws bins pooled until each holds 0 or at least k clients of each group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import apa
from analysis.adjusted import CLUSTER_NAMES, AdjustedAnalysis, adjusted_comparison, level_counts
from analysis.covariates import COVARIATE_ROLES, covariate_roles
from analysis.data.dataset import OUTCOME
from analysis.errors import DataError
from analysis.options import ALPHA
from analysis.stats.disclosure import pool_values
from analysis.stats.propensity import SMD_LIMIT
from reports import charts
from reports.blocks import (
    Cell,
    Column,
    CountTable,
    Figure,
    Link,
    MethodHelp,
    Metric,
    Metrics,
    Paragraph,
    SectionBuilder,
    Table,
)
from reports.context import Context
from reports.sections import outcome
from reports.sections.common import exclusions_note

#: The weights offered, as the page's radio shows them.
WEIGHTS = {"overlap": "Overlap weights (default)", "ate": "ATE (inverse-probability) weights"}
PAGE = "app_pages/adjusted.py"
#: The doubly robust estimators, briefly (the analysis's ``method`` adds the SE's kind).
DOUBLY_ROBUST = {"overlap": "weights plus an outcome model (Mao, Li & Greene 2019)",
                 "ate": "augmented IPW: weights plus an outcome model (AIPW)"}
#: Covariate roles as the page's widget and the withheld sentence name them.
COVARIATE_LABELS = {"problem": "problem type", "date": "intake date"}


def _compute(frame: pd.DataFrame, *, pair, covariates, clusters, estimand) -> AdjustedAnalysis:
    try:
        return adjusted_comparison(frame, groups=tuple(pair), covariates=covariates,
                                   clusters=clusters, estimand=estimand)
    except np.linalg.LinAlgError:  # a model without a unique fit must not stop the page
        raise DataError("The adjusted comparison could not be computed on these data: one of "
                        "its models has no unique fit (too few clients for the covariates "
                        "chosen). Choose fewer covariates.", "not_estimable") from None


def _levels(frame: pd.DataFrame, *, pair, covariates, by) -> dict[str, pd.DataFrame]:
    return level_counts(frame, groups=tuple(pair), covariates=covariates, by=by)


def covariate_choices(ctx: Context) -> list[str]:
    """The covariate roles the data have."""
    return [c for c in COVARIATE_ROLES if ctx.dataset.has.get(c)]


def default_covariates(ctx: Context) -> tuple[str, ...]:
    """Every covariate role present but counselor (a cluster, not a confounder)."""
    return covariate_roles(covariate_choices(ctx))


def cluster_choices(ctx: Context) -> list[str]:
    """Counselor and site when mapped; client when a client id repeats (several episodes)."""
    roles = [r for r in ("counselor", "site") if ctx.dataset.has.get(r)]
    if ctx.dataset.has.get("client_id"):
        ids = ctx.frame["client_id"].dropna()
        if ids.duplicated().any():
            roles.append("client_id")
    return roles


def covariate_label(role: str) -> str:
    return COVARIATE_LABELS.get(role, role)


def cluster_label(role: str) -> str:
    return CLUSTER_NAMES.get(role, role)


@dataclass(frozen=True, slots=True)
class Guarded:
    """The result, the count tables it rests on, and why it is withheld ("" when shown); the
    non-response model rests on its own tables too (who answered, per covariate level)."""

    result: AdjustedAnalysis
    tables: tuple[CountTable, ...]
    withheld: str
    response_tables: tuple[CountTable, ...] = ()
    response_withheld: str = ""


def guarded(ctx: Context, pair: tuple[str, str], covariates: tuple[str, ...] | None = None,
            clusters: tuple[str, ...] = (), estimand: str = "overlap") -> Guarded:
    """The adjusted comparison of ``pair`` (memoised per view) with its count tables and the
    small-count verdict. Raises DataError when it cannot run at all."""
    covariates = default_covariates(ctx) if covariates is None else tuple(covariates)
    r = ctx.run(_compute, pair=tuple(pair), covariates=covariates, clusters=tuple(clusters),
                estimand=estimand)
    levels = ctx.run(_levels, pair=tuple(pair), covariates=r.covariates, by="mode")
    tables = _count_tables(r, levels)
    answered = ctx.run(_levels, pair=tuple(pair), covariates=r.covariates, by="responded")
    key = f"adjusted:{pair[0]}:{pair[1]}:{'+'.join(r.covariates)}:answered"
    response = tuple(CountTable(f"{key}:{name}", frame) for name, frame in answered.items())
    return Guarded(r, tables, _withheld(ctx, tables) if ctx.k else "", response,
                   _withheld(ctx, response) if ctx.k else "")


def _count_tables(r: AdjustedAnalysis, levels: dict[str, pd.DataFrame]) -> tuple:
    a, b = r.groups
    key = f"adjusted:{a}:{b}:{'+'.join(r.covariates)}"
    tables = [CountTable(f"{key}:clients", levels["clients"].T)]
    if r.response is not None:
        x = r.response.rates
        counts = pd.DataFrame({"responded": [x.responded_a, x.responded_b],
                               "did not respond": [x.n_a - x.responded_a,
                                                   x.n_b - x.responded_b]}, index=[a, b])
        tables.append(CountTable(f"{key}:response", counts))
    tables += [CountTable(f"{key}:{name}", frame.T) for name, frame in levels.items()
               if name != "clients"]
    return tuple(tables)


def _withheld(ctx: Context, tables: tuple[CountTable, ...]) -> str:
    """Why the section is withheld (the first count from 1 to k - 1), or ""."""
    for table in tables:
        counts = table.counts
        small = (counts > 0) & (counts < ctx.k)
        if not small.to_numpy().any():
            continue
        group, column = next((g, c) for g in counts.index for c in counts.columns
                             if small.at[g, c])
        topic = table.key.rsplit(":", 1)[1]
        advice = ("" if topic in ("clients", "response") else
                  f" Leave {topic.split(' (')[0]} out of the covariates to see the rest.")
        if ":answered:" in table.key:  # levels x (responded, did not respond)
            return (f"Not shown while small counts are hidden: fewer than {ctx.k} {ctx.unit} "
                    f"with {topic} '{group}' {column.replace('responded', 'answered')}, and the "
                    f"model of who answers would let that count be worked out.{advice}")
        what = {"clients": f"{ctx.unit} with an outcome and every covariate",
                "response": f"{ctx.unit} who {column}"}.get(topic, f"{ctx.unit} with {topic} "
                                                                 f"'{column}'")
        return (f"Not shown while small counts are hidden: {group} has fewer than {ctx.k} "
                f"{what}, and the estimates, balance and rates would let that count be worked "
                f"out.{advice}")
    return ""


def _start(key: str, title: str, g: Guarded) -> tuple[SectionBuilder, bool]:
    """A section that uses the count tables; False (with the reason added) when withheld."""
    section = SectionBuilder(key, title).uses(*g.tables)
    if g.withheld:
        section.add(Paragraph(g.withheld, "info"))
    return section, not g.withheld


def _refs(g: Guarded) -> frozenset:
    clients = g.tables[0]
    return frozenset(clients.ref(group, "clients") for group in clients.counts.index)


def headline_section(ctx: Context, g: Guarded, *, brief: bool = False):
    """Raw, weighted and doubly robust differences: one sentence on what changed and why, the
    dot-and-whisker chart and the table. ``brief`` (the Overview): raw and weighted only, no
    chart, and a link to the page for clustering and balance."""
    r = g.result
    a, b = r.groups
    section, shown = _start("adjusted_headline", "The adjusted answer", g)
    if not shown:
        return section.build()
    rows = _estimates(r)[:2] if brief else _estimates(r)
    refs = _refs(g)
    table = Table("adjusted_estimates", f"{a} − {b} in {ctx.outcome_label}, raw and adjusted",
                  (Column("estimate"), Column(f"{a} − {b}", "num"), Column("95% CI", "ci"),
                   Column("p", "p"), Column("how")),
                  tuple((name, Cell(e.estimate, refs), Cell((e.ci.low, e.ci.high), refs),
                         Cell(e.p, refs), how) for name, e, how in rows))
    section.add(Paragraph(apa.adjusted_reading(r, unit=ctx.unit), "lead"))
    if not brief:
        section.add(Figure("adjusted_forest", "adjusted_estimates", lambda: charts.forest_chart(
            [name for name, _, _ in rows], [e.estimate for _, e, _ in rows],
            [e.ci.low for _, e, _ in rows], [e.ci.high for _, e, _ in rows], reference=0,
            highlight=[e.p < ALPHA for _, e, _ in rows], title=f"{a} − {b}: raw and adjusted",
            x_title=f"difference in {ctx.outcome_label} (95% CI)")))
    section.add(table, exclusions_note(r.exclusions, ctx.unit))
    if brief:
        section.add(Paragraph("Computed with the default covariates and clients treated as "
                              "independent; see Adjusted comparison for clustering and "
                              "balance.", "note"), Link(PAGE, "Adjusted comparison in detail"))
    return section.build()


def _estimates(r: AdjustedAnalysis) -> list[tuple]:
    rows = [("raw", r.raw, "plain difference of means, robust SE")]
    if r.propensity is not None:
        p = r.propensity
        rows += [(f"weighted ({'overlap' if r.estimand == 'overlap' else 'ATE'})", p.weighted,
                  apa.WEIGHTS[r.estimand]),
                 ("doubly robust", p.doubly_robust, DOUBLY_ROBUST[r.estimand])]
    return rows


def _tiny(x: float) -> float:
    """Zero for rounding noise (an exact balance shows 0.00, not -0.00)."""
    return 0.0 if abs(x) < 5e-4 else x


def balance_section(ctx: Context, g: Guarded):
    """SMD and variance ratio of each covariate before and after weighting, flagged above 0.1,
    and the love plot."""
    r = g.result
    section, shown = _start("adjusted_balance", "Balance: are the groups alike after weighting?",
                            g)
    if not shown or r.propensity is None:
        return section.build()
    rows = r.propensity.balance
    refs = _refs(g)
    body = tuple((b.covariate, Cell(_tiny(b.smd_before), refs), Cell(_tiny(b.smd_after), refs),
                  Cell(b.variance_ratio_before, refs), Cell(b.variance_ratio_after, refs),
                  _flag(b)) for b in rows)
    section.add(
        Paragraph("A standardised mean difference (SMD) is the gap between the groups in "
                  f"standard deviations; below {SMD_LIMIT} the groups count as alike in that "
                  "covariate. The variance ratio (numeric covariates only) compares their "
                  "spread; near 1 is alike. In the chart, the dashed line marks "
                  f"{SMD_LIMIT}: dots left of it are alike enough."),
        Figure("adjusted_love", "love_plot", lambda: charts.love_plot(
            [b.covariate for b in rows], [b.smd_before for b in rows],
            [b.smd_after for b in rows], limit=SMD_LIMIT)),
        Table("adjusted_balance", "Covariate balance before and after weighting",
              (Column("covariate"), Column("SMD before", "num"), Column("SMD after", "num"),
               Column("variance ratio before", "num"), Column("variance ratio after", "num"),
               Column(f"|SMD| over {SMD_LIMIT}")), body))
    if r.estimand == "overlap":
        section.add(Paragraph("With overlap weights from a logistic model, every covariate's "
                              "mean is equal in the two groups after weighting by construction "
                              "(Li, Morgan & Zaslavsky 2018): the SMDs after are 0.", "note"))
    return section.add(exclusions_note(r.exclusions, ctx.unit)).build()


def _flag(b) -> str:
    over = [when for when, v in (("before", b.smd_before), ("after", b.smd_after))
            if abs(v) > SMD_LIMIT]
    return " and ".join(over) or "neither"


def overlap_section(ctx: Context, g: Guarded):
    """The propensity distributions by group (aggregated bins), effective sample sizes, and
    the overlap and balance warnings in words."""
    r = g.result
    section, shown = _start("adjusted_overlap", "Overlap: are there comparable clients?", g)
    if not shown or r.propensity is None:
        return section.build()
    p, (a, b) = r.propensity, r.groups
    section.add(Paragraph(
        f"A client's propensity is the model's probability that a client with their "
        f"covariates is seen {a}. Where both groups have bars, there are comparable clients "
        "in each; a stretch with one colour only has no one to compare with."))
    bins, shares = _overlap_bins(r, ctx.k)
    section.add(Figure("adjusted_overlap", "propensity_overlap", lambda: charts.overlap_chart(
        bins, shares, title=f"Propensity of being seen {a}, by mode",
        x_title=f"propensity (probability of {a})", unit=ctx.unit)))
    if ctx.k:
        section.add(Paragraph(f"Bins are pooled so that each holds no {ctx.unit} or at least "
                              f"{ctx.k} of each group.", "note"))
    refs = _refs(g)
    section.add(Metrics((
        Metric(f"effective sample size, {a}", Cell(p.ess_a, refs), f"of {p.n_a:,} {ctx.unit}"),
        Metric(f"effective sample size, {b}", Cell(p.ess_b, refs), f"of {p.n_b:,} {ctx.unit}"))),
        Paragraph("The effective sample size is how many equally weighted clients the "
                  "weighted group is worth.", "note"))
    section.add(*(Paragraph(w, "warning") for w in p.warnings))
    return section.add(exclusions_note(r.exclusions, ctx.unit)).build()


def _overlap_bins(r: AdjustedAnalysis, k: int | None):
    """The histogram's bins (pooled at ``k``) and each group's % of clients per bin."""
    h = r.overlap
    edges = np.asarray(h.edges)
    counts = {g: np.asarray(c, dtype=float) for g, c in zip(r.groups, (h.counts_a, h.counts_b))}
    spans = list(zip(edges[:-1], edges[1:]))
    if k:
        centres = (edges[:-1] + edges[1:]) / 2
        used = np.flatnonzero(sum(counts.values()) > 0)
        pooled = pool_values({g: (centres[used], np.round(c[used])) for g, c in counts.items()},
                             k)
        width = edges[1] - edges[0]
        spans = [(lo - width / 2, hi + width / 2) for lo, hi in pooled]
        index = np.searchsorted([lo for lo, _ in spans], centres, side="right") - 1
        counts = {g: np.bincount(index[used], weights=c[used], minlength=len(spans))
                  for g, c in counts.items()}
    return spans, {g: list(100 * c / c.sum()) for g, c in counts.items()}


def clustering_section(ctx: Context, g: Guarded):
    """Per cluster role: ICC, design effect, mean cluster size, number of clusters; the mode
    effect with independent (HC3), CR2 and mixed-model errors; how much the CI widens."""
    r = g.result
    section, shown = _start("adjusted_clusters", "Clustering: are clients of one counselor "
                            "or site alike?", g)
    if not shown:
        return section.build()
    if not r.clusters:
        return section.add(Paragraph(
            "No cluster role was chosen (or none could be used: see the notes), so clients are "
            "treated as independent.", "note")).build()
    refs = _refs(g)
    section.add(Paragraph(
        "Clients of the same counselor (or site) can be more alike than clients of different "
        "ones. The ICC is the share of the outcome's variance that lies between clusters; the "
        "design effect is how much that inflates the variance of a mean. Cluster-robust errors "
        "widen the confidence interval to allow for it."))
    section.add(Paragraph("How much the outcome clusters:", "note"))
    section.add(Table("adjusted_icc", "Clustering of the outcome",
                      (Column("cluster"), Column("clusters", "int"), Column("mean size", "num1"),
                       Column("ICC", "num3"), Column("design effect", "num")),
                      tuple((cluster_label(c.role), c.comparison.icc.n_clusters,
                             Cell(c.comparison.icc.mean_size, refs),
                             Cell(c.comparison.icc.icc, refs),
                             Cell(c.comparison.icc.design_effect, refs)) for c in r.clusters)))
    body = []
    for c in r.clusters:
        cc = c.comparison
        for name, e, df in (("clients independent (HC3)", cc.independent, cc.independent.df),
                            ("CR2, Satterthwaite df", cc.cr2, cc.cr2.df),
                            ("mixed model (random intercept)", cc.mixed, None)):
            if e is not None:
                body.append((cluster_label(c.role), name, Cell(e.estimate, refs),
                             Cell((e.ci.low, e.ci.high), refs), Cell(df, refs), Cell(e.p, refs)))
    section.add(Paragraph("The difference with clients treated as independent, and "
                          "allowing for the clusters:", "note"))
    section.add(Table("adjusted_cluster_effects", f"{r.groups[0]} − {r.groups[1]} with and "
                      "without clustering (adjusted for the covariates)",
                      (Column("cluster"), Column("errors"), Column("difference", "num"),
                       Column("95% CI", "ci"), Column("df", "df"), Column("p", "p")),
                      tuple(body)))
    section.add(*(Paragraph(f"{cluster_label(c.role).capitalize()}: {note}", "note")
                  for c in r.clusters for note in c.comparison.notes))
    return section.add(exclusions_note(r.exclusions, ctx.unit)).build()


def response_section(ctx: Context, g: Guarded):
    """Response rates per group with the chi-square and Fisher p, the odds ratios of
    responding, and the respondents' estimate against the response-weighted one."""
    r = g.result
    section, shown = _start("adjusted_response", "Non-response: who answered?", g)
    if not shown:
        return section.build()
    if g.response_withheld:
        return section.uses(*g.response_tables).add(Paragraph(g.response_withheld,
                                                              "info")).build()
    if r.response is None:
        why = next((n for n in r.notes if n.startswith("Non-response")),
                   f"Every {ctx.unit[:-1] if ctx.unit.endswith('s') else ctx.unit} of the two "
                   "groups has an outcome: there is no non-response to analyse.")
        return section.add(Paragraph(why, "note")).build()
    x, counts = r.response.rates, g.tables[1]
    rows = []
    for group, rate in zip(r.groups, (x.rate_a, x.rate_b)):
        refs = frozenset(counts.ref(group, c) for c in counts.counts.columns)
        rows.append((group, counts.row_total(group), counts.cell(group, "responded"),
                     Cell(100 * rate, refs)))
    section.add(Paragraph(apa.response_reading(r, unit=ctx.unit)),
                Table("adjusted_response_rates", "Who answered the questionnaire",
                      (Column("group"), Column(ctx.unit, "int"), Column("responded", "int"),
                       Column("response rate", "pct")), tuple(rows)))
    refs = _refs(g) | frozenset(counts.ref(gr, c) for gr in r.groups
                                for c in counts.counts.columns)
    if r.response.predictors:
        section.add(Paragraph("What goes with answering (odds ratios from a logistic model; "
                              "above 1: more likely to answer):", "note"), Table(
            "adjusted_response_predictors", "Odds ratios of responding (logistic model)",
            (Column("predictor"), Column("odds ratio", "num"), Column("95% CI", "ci"),
             Column("p", "p")),
            tuple((f"mode: {r.groups[0]} vs {r.groups[1]}" if o.term == "mode" else o.term,
                   Cell(o.odds_ratio, refs), Cell((o.ci.low, o.ci.high), refs), Cell(o.p, refs))
                  for o in r.response.predictors)))
    estimates = [("respondents only", r.response.respondents)]
    if r.response.weighted is not None:
        estimates.append(("weighted by 1 / P(responding)", r.response.weighted))
    section.add(Paragraph("The difference among those who answered, and weighted so that "
                          "they also stand for those like them who did not:", "note"),
                Table("adjusted_response_estimates", f"{r.groups[0]} − {r.groups[1]}: "
                      "respondents and inverse-probability-of-response weighted",
                      (Column("estimate"), Column("difference", "num"), Column("95% CI", "ci"),
                       Column("p", "p")),
                      tuple((name, Cell(e.estimate, refs), Cell((e.ci.low, e.ci.high), refs),
                             Cell(e.p, refs)) for name, e in estimates)))
    section.add(*(Paragraph(n, "note") for n in r.response.notes))
    return section.add(exclusions_note(r.response_exclusions, ctx.unit)).build()


def evalue_section(ctx: Context, g: Guarded):
    """How strong an unmeasured confounder would have to be (the E-value), in words."""
    r = g.result
    section, shown = _start("adjusted_evalue", "What an unmeasured difference would need", g)
    if not shown or r.evalue is None:
        return section.build()
    e, refs = r.evalue, _refs(g)
    section.add(Paragraph(e.text),
                Metrics((Metric("E-value, estimate", Cell(e.evalue, refs), fmt="num"),
                         Metric("E-value, confidence limit", Cell(e.evalue_ci, refs),
                                fmt="num"))),
                Paragraph("From the weighted estimate as a standardised mean difference "
                          "(VanderWeele & Ding 2017). 1 means no confounding at all would be "
                          "needed.", "note"),
                exclusions_note(r.exclusions, ctx.unit))
    return section.build()


def ordinal_section(ctx: Context, g: Guarded):
    """The outcome as ordered ratings: proportional-odds OR and probability of superiority."""
    r = g.result
    section, shown = _start("adjusted_ordinal", "The ratings as ordered categories", g)
    if not shown or r.ordinal is None:
        return section.build()
    m, s, refs = r.ordinal.model, r.ordinal.superiority, _refs(g)
    a, b = r.groups
    section.add(Paragraph(apa.ordinal_reading(r)),
                Table("adjusted_ordinal", f"{a} vs {b}, ratings as ordered categories",
                      (Column("measure"), Column("value", "num"), Column("95% CI", "ci"),
                       Column("p", "p")),
                      ((f"proportional-odds OR, {a} vs {b} (adjusted)", Cell(m.odds_ratio, refs),
                        Cell((m.ci.low, m.ci.high), refs), Cell(m.p, refs)),
                       (f"probability of superiority, {a} over {b}",
                        Cell(s.probability, refs), Cell((s.ci.low, s.ci.high), refs), None))),
                exclusions_note(r.exclusions, ctx.unit))
    return section.build()


def notes_section(ctx: Context, g: Guarded):
    """What could not run, and why (nothing while the section is withheld: a reason can name
    a count)."""
    section = SectionBuilder("adjusted_notes", "What could not run and why")
    if g.withheld:
        return section.build()
    notes = [n for n in g.result.notes if not n.startswith("Non-response")]
    if not notes:
        return section.add(Paragraph("Every part of the adjusted comparison ran.", "note")).build()
    return section.add(*(Paragraph(n, "info") for n in notes)).build()


def apa_section(ctx: Context, g: Guarded):
    """The adjusted comparison as APA sentences, with every method named."""
    section, shown = _start("adjusted_apa", "For a write-up (APA style)", g)
    if shown:
        section.add(*(Paragraph(line, "apa") for line in apa.adjusted_sentences(g.result)))
    return section.add(MethodHelp("adjusted")).build()


def sections(ctx: Context, pair: tuple[str, str], covariates: tuple[str, ...] | None = None,
             clusters: tuple[str, ...] = (), estimand: str = "overlap") -> list:
    """Every section of the page and the report chapter (DataError: a plain note)."""
    try:
        g = guarded(ctx, pair, covariates, clusters, estimand)
    except DataError as exc:
        return [SectionBuilder("adjusted_headline", "The adjusted answer").add(
            Paragraph(exc.message, "info")).build()]
    if g.withheld:  # one sentence says why, not one per section
        return [headline_section(ctx, g)]
    return [build(ctx, g) for build in (headline_section, balance_section, overlap_section,
                                        clustering_section, response_section, evalue_section,
                                        ordinal_section, notes_section, apa_section)]


def overview_section(ctx: Context) -> list:
    """The Overview's raw and adjusted answer (default covariates, no clusters), when the data
    have covariates and two groups to compare; nothing otherwise."""
    if not ctx.dataset.has["outcome"] or ctx.dataset.validation.blocking(OUTCOME):
        return []
    pair = outcome.default_pair(ctx)
    if pair is None or not default_covariates(ctx):
        return []
    try:
        g = guarded(ctx, pair)
    except DataError as exc:
        return [SectionBuilder("adjusted_headline", "The adjusted answer").add(
            Paragraph(exc.message, "note")).build()]
    return [headline_section(ctx, g, brief=True)]
