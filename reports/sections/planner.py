"""The Planner's sections: clients needed for an effect, what the current data can detect, and
the same for the problem-type chi-square. Every number comes from ``analysis.stats.power.plan``, the
function behind ``python -m analysis plan``."""

from __future__ import annotations

from analysis.equivalence import pooled_sd
from analysis.errors import DataError
from analysis.formats import num
from analysis.stats import power
from reports.blocks import MethodHelp, Metric, Metrics, Paragraph, SectionBuilder
from reports.context import Context
from reports.sections import outcome, problems


def needed_section(*, d: float, alpha: float, target: float, ratio: float):
    """Clients per group a two-sided two-sample t-test needs to detect Cohen's d."""
    section = SectionBuilder("needed", "Clients needed")
    try:
        plan = power.plan(d=d, alpha=alpha, power=target, ratio=ratio)
    except DataError as exc:
        return section.add(Paragraph(exc.message, "warning")).build()
    n = plan["n_per_group"]
    section.add(Metrics((Metric("Clients needed", f"{n['n_a']:,} + {n['n_b']:,}",
                                f"{n['n_a'] + n['n_b']:,} in all; power {n['power']:.1%}"),)),
                Paragraph(f"d = {d:g} means the group means differ by {d:g} standard deviations "
                          "(0.2 is conventionally small, 0.5 medium).", "note"),
                MethodHelp("power"))
    return section.build()


def current_section(ctx: Context, *, d: float, alpha: float, target: float):
    """The power of the data in hand to detect d, and the smallest d (and difference in
    points) it detects with the target power."""
    section = SectionBuilder("current", "The current data")
    pair = outcome.default_pair(ctx) if ctx.dataset.has["outcome"] else None
    sizes = outcome.sizes(ctx) if pair else {}
    if pair is None or min(sizes.get(g, 0) for g in pair) < 2:
        return section.add(Paragraph("Two groups with outcome values are needed.", "info")).build()
    na, nb = sizes[pair[0]], sizes[pair[1]]
    plan = power.plan(n=(na, nb), d=d, alpha=alpha, power=target)
    sd = pooled_sd([(g.n, g.sd) for g in outcome.summary(ctx).groups if g.group in pair])
    section.add(Metrics((
        Metric(f"Power to detect d = {d:g}", f"{plan['power']:.0%}",
               f"{pair[0]} n = {na:,}, {pair[1]} n = {nb:,}"),
        Metric(f"Smallest d detectable with {target:.0%} power", num(plan["detectable_d"]),
               f"about {num(plan['detectable_d'] * sd)} points (pooled SD {num(sd)})"))))
    return section.build()


def chi_square_section(ctx: Context, *, w: float, df: int, alpha: float, target: float):
    """Clients a chi-square test with ``df`` degrees of freedom needs to detect Cohen's w, and
    the smallest w the clients with a problem type recorded detect."""
    section = SectionBuilder("chi_square_plan", "Problem types (chi-square)")
    total = (sum(problems.table(ctx)[0].clients) if ctx.dataset.has["problem"] else 0)
    plan = power.plan(w=w, df=df, n=(total,) if total else None, alpha=alpha, power=target)
    items = [Metric("Clients needed in all", f"{plan['n_total']:,}")]
    if total:
        items.append(Metric(f"Smallest w detectable with {target:.0%} power",
                            num(plan["detectable_w"]),
                            f"with the {total:,} {ctx.unit} with a problem type"))
    return section.add(Metrics(tuple(items))).build()
