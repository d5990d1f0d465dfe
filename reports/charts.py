"""Plotly figures built from aggregates (never one point per client), so a figure's size does
not grow with the number of rows. No streamlit here."""

from __future__ import annotations

import plotly.graph_objects as go

from analysis.descriptives import OutcomeSummary
from analysis.problems import ProblemTable
from reports.style import TEMPLATE, colour_map


def clients_chart(clients: dict[str, int], *, title: str = "Clients per delivery mode") -> go.Figure:
    """Horizontal bars: clients per mode."""
    modes = list(clients)
    colours = colour_map(modes)
    fig = go.Figure(go.Bar(x=[clients[m] for m in modes], y=modes, orientation="h",
                           marker_color=[colours[m] for m in modes],
                           text=[f"{clients[m]:,}" for m in modes], textposition="auto",
                           hovertemplate="%{y}: %{x:,} clients<extra></extra>"))
    fig.update_layout(template=TEMPLATE, title=title, xaxis_title="clients", showlegend=False,
                      yaxis=dict(autorange="reversed"), height=120 + 50 * len(modes))
    return fig


def means_chart(summary: OutcomeSummary, *, outcome_label: str,
                scale: tuple[float, float] | None = None) -> go.Figure:
    """Mean and median per mode with their confidence intervals (dot-and-whisker)."""
    groups = [g for g in summary.groups if g.n > 0]
    modes = [g.group for g in groups]
    colours = colour_map(modes)
    level = f"{summary.confidence_level:.0%}"
    fig = go.Figure()
    for g in groups:
        for stat, value, ci, symbol in (("mean", g.mean, g.mean_ci, "circle"),
                                        ("median", g.median, g.median_ci, "diamond-open")):
            fig.add_trace(go.Scatter(
                x=[value], y=[f"{g.group} ({stat})"], mode="markers",
                marker=dict(color=colours[g.group], size=14, symbol=symbol),
                error_x=dict(type="data", symmetric=False, array=[ci.high - value],
                             arrayminus=[value - ci.low], thickness=3, width=8),
                name=f"{g.group} {stat}", showlegend=False,
                hovertemplate=(f"{g.group} {stat} = %{{x:.2f}}<br>{level} CI "
                               f"[{ci.low:.2f}, {ci.high:.2f}]<br>n = {g.n:,}<extra></extra>")))
    fig.update_layout(template=TEMPLATE, title=f"{outcome_label}: mean and median with {level} CIs",
                      xaxis_title=outcome_label, yaxis=dict(autorange="reversed"),
                      height=140 + 45 * 2 * len(groups))
    if scale is not None:
        fig.update_xaxes(range=[scale[0], scale[1] + (scale[1] - scale[0]) * 0.02])
    return fig


def problems_chart(table: ProblemTable, *, top: int = 8) -> go.Figure:
    """Grouped horizontal bars: % of each mode's clients with each of the ``top`` problems."""
    pct = table.percent_of_mode().head(top)
    modes = [str(m) for m in pct.columns]
    colours = colour_map(modes)
    fig = go.Figure()
    for mode in modes:
        counts = table.counts[mode].loc[pct.index]
        fig.add_trace(go.Bar(
            y=[str(p) for p in pct.index], x=pct[mode].round(1).tolist(), orientation="h",
            name=mode, marker_color=colours[mode], customdata=counts.tolist(),
            hovertemplate=f"{mode}: %{{x:.1f}}% (%{{customdata:,}} clients)<extra>%{{y}}</extra>"))
    note = " (a client can have several)" if table.multi_label else ""
    fig.update_layout(template=TEMPLATE, barmode="group",
                      title=f"Problem types: % of each mode's clients{note}",
                      xaxis_title="% of clients in the mode", yaxis=dict(autorange="reversed"),
                      height=160 + 22 * len(pct) * max(1, len(modes)))
    return fig
