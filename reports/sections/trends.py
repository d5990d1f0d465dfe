"""Sections about time: clients and the mean outcome per month and mode."""

from __future__ import annotations

import pandas as pd

from analysis import trends
from reports import charts, privacy
from reports.blocks import (
    Cell,
    Column,
    CountTable,
    Figure,
    Hidden,
    Paragraph,
    SectionBuilder,
    Table,
)
from reports.context import Context
from reports.sections.common import exclusions_note


def _monthly(frame: pd.DataFrame, *, scale=None):
    return trends.monthly(frame, scale=scale)


def section(ctx: Context):
    """Clients per month and mode, the monthly mean with its 95% CI, and the table."""
    unit = ctx.unit
    built = SectionBuilder("trends", "Trends")
    if not ctx.dataset.has["date"]:
        return built.add(Paragraph("The data have no date column, so there is nothing to show "
                                   "over time. Map one on the Data page.", "info")).build()
    table, exclusions = ctx.run(_monthly, scale=ctx.dataset.scale)
    sizes = table.groupby("mode", sort=False)["clients"].sum().to_dict()
    shown, left_out = privacy.groups_in_scope(sizes, ctx.k)
    table = table[table["mode"].isin(shown)]
    months = sorted(table["month"].unique())
    label = {m: f"{pd.Timestamp(m).year:04d}-{pd.Timestamp(m).month:02d}" for m in months}
    when = {text: month for month, text in label.items()}  # the chart's x values

    def grid(column: str) -> pd.DataFrame:
        wide = table.pivot(index="month", columns="mode", values=column).reindex(
            index=months, columns=shown).fillna(0).astype(int)
        wide.index = [label[m] for m in months]
        return wide

    clients = CountTable("trend_clients", grid("clients"), row_totals=False)
    with_value = CountTable("trend_n", grid("n"), row_totals=False)
    rows = []
    for r in table.itertuples(index=False):
        month = label[r.month]
        n_ref = frozenset({with_value.ref(month, r.mode)})
        # with hiding on, n is not shown: beside the clients it would give away how many have
        # no value, a count the two tables (audited apart) do not protect
        n = with_value.cell(month, r.mode) if ctx.k is None else Hidden("hidden")
        rows.append((month, r.mode, clients.cell(month, r.mode), n,
                     Cell(r.mean, n_ref), Cell(r.ci_low, n_ref), Cell(r.ci_high, n_ref)))
    data = Table("monthly", f"{unit.capitalize()} and mean {ctx.outcome_label} per month and mode",
                 (Column("month"), Column("mode"), Column(unit, "int"),
                  Column(f"n with {ctx.outcome_label}", "int"), Column("mean", "num"),
                  Column("95% CI low", "num"), Column("95% CI high", "num")), tuple(rows))
    built.uses(clients, with_value)
    built.add(Figure("trend_clients", f"{unit}_per_month", lambda values: charts.trend_chart(
        _long(values, unit, when), value=unit, title=f"{unit.capitalize()} per month",
        y_title=unit), data=data))
    if ctx.dataset.has["outcome"] and table["mean"].notna().any():
        built.add(Figure("trend_means", "monthly_means", lambda values: charts.trend_chart(
            _long(values, unit, when), value="mean",
            title="Monthly mean with 95% CI",
            y_title=ctx.outcome_label), data=data))
    built.add(exclusions_note(exclusions, unit))
    with_mean = int(table["n"].sum())
    if ctx.dataset.has["outcome"] and with_mean < int(table["clients"].sum()):
        built.add(Paragraph(f"The monthly means use the {with_mean:,} {unit} with a value of "
                            f"{ctx.outcome_label}.", "note"))
    if ctx.dataset.scale is not None:
        built.add(Paragraph(f"A mean's CI is cut at the ends of the {ctx.dataset.scale[0]:g}–"
                            f"{ctx.dataset.scale[1]:g} scale, which a mean cannot pass.", "note"))
    if ctx.k is not None and ctx.dataset.has["outcome"]:
        built.add(Paragraph(f"While small counts are hidden, the number of {unit} with a value of "
                            f"{ctx.outcome_label} per month is not shown: beside the {unit} per "
                            "month it would give away how many have none.", "note"))
    built.add(*(Paragraph(line, "note") for line in privacy.notes(
        ctx.k, left_out, unit, drawn="Hidden counts are not drawn, nor is the mean of a hidden "
        "count.")))
    return built.add(data).build()


def _long(values: pd.DataFrame, unit: str, when: dict) -> pd.DataFrame:
    """The protected table's values in the shape ``charts.trend_chart`` draws."""
    return pd.DataFrame({"month": values["month"].map(when), "mode": values["mode"],
                         unit: pd.to_numeric(values[unit], errors="coerce"),
                         "mean": pd.to_numeric(values["mean"], errors="coerce"),
                         "ci_low": pd.to_numeric(values["95% CI low"], errors="coerce"),
                         "ci_high": pd.to_numeric(values["95% CI high"], errors="coerce")})
