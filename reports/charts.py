"""Plotly figures built from aggregates (never one point per client), so a figure's size does
not grow with the number of rows. No streamlit here."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.descriptives import OutcomeSummary
from analysis.problems import ProblemTable
from reports.style import TEMPLATE, colour_map


def esc(text: object) -> str:
    """User text made inert for Plotly, which reads a subset of HTML (and ``%{…}`` in hover
    templates) in labels: ``<b>`` shows as typed, not bold."""
    return (html.escape(str(text), quote=False).replace("{", "&#123;").replace("}", "&#125;"))


def clients_chart(clients: dict[str, int], *, title: str = "Clients per delivery mode") -> go.Figure:
    """Horizontal bars: clients per mode."""
    modes = list(clients)
    colours = colour_map(modes)
    fig = go.Figure(go.Bar(x=[clients[m] for m in modes], y=[esc(m) for m in modes],
                           orientation="h",
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
                x=[value], y=[esc(f"{g.group} ({stat})")], mode="markers",
                marker=dict(color=colours[g.group], size=14, symbol=symbol),
                error_x=dict(type="data", symmetric=False, array=[ci.high - value],
                             arrayminus=[value - ci.low], thickness=3, width=8),
                name=esc(f"{g.group} {stat}"), showlegend=False,
                hovertemplate=(f"{esc(g.group)} {stat} = %{{x:.2f}}<br>{level} CI "
                               f"[{ci.low:.2f}, {ci.high:.2f}]<br>n = {g.n:,}<extra></extra>")))
    fig.update_layout(template=TEMPLATE,
                      title=esc(f"{outcome_label}: mean and median with {level} CIs"),
                      xaxis_title=esc(outcome_label), yaxis=dict(autorange="reversed"),
                      height=140 + 45 * 2 * len(groups))
    if scale is not None:
        fig.update_xaxes(range=[scale[0], scale[1] + (scale[1] - scale[0]) * 0.02])
    return fig


def problems_chart(table: ProblemTable, *, top: int = 8, stacked: bool = False,
                   hidden: pd.DataFrame | None = None) -> go.Figure:
    """Horizontal bars: % of each mode's clients with each of the ``top`` problems, grouped by
    problem, or stacked per mode (``stacked``: each mode's problem mix). Cells in ``hidden``
    (suppressed) are not drawn."""
    pct = table.percent_of_mode().head(top)
    if hidden is not None:
        pct = pct.mask(hidden.reindex_like(pct).fillna(False).astype(bool))
    if stacked:
        return _stacked_problems(pct)
    modes = [str(m) for m in pct.columns]
    colours = colour_map(modes)
    fig = go.Figure()
    for mode in modes:
        counts = table.counts[mode].loc[pct.index]
        fig.add_trace(go.Bar(
            y=[esc(p) for p in pct.index], x=pct[mode].round(1).tolist(), orientation="h",
            name=esc(mode), marker_color=colours[mode], customdata=counts.tolist(),
            hovertemplate="%{fullData.name}: %{x:.1f}% (%{customdata:,} clients)"
                          "<extra>%{y}</extra>"))
    note = " (a client can have several)" if table.multi_label else ""
    fig.update_layout(template=TEMPLATE, barmode="group",
                      title=f"Problem types: % of each mode's clients{note}",
                      xaxis_title="% of clients in the mode", yaxis=dict(autorange="reversed"),
                      height=160 + 22 * len(pct) * max(1, len(modes)))
    return fig


def _stacked_problems(pct: pd.DataFrame) -> go.Figure:
    palette = _categorical(len(pct))
    fig = go.Figure()
    for (problem, row), colour in zip(pct.iterrows(), palette):
        fig.add_trace(go.Bar(y=[esc(m) for m in pct.columns], x=row.round(1).tolist(),
                             orientation="h", name=esc(problem), marker_color=colour,
                             hovertemplate="%{fullData.name}: %{x:.1f}%<extra>%{y}</extra>"))
    return _finish(fig, "Problem mix of each mode (% of its clients)", barmode="stack",
                   xaxis_title="% of the mode's clients", yaxis=dict(autorange="reversed"),
                   height=200 + 60 * len(pct.columns))


def _categorical(n: int) -> list[str]:
    """Colour-blind-safe categorical colours (Okabe-Ito, then Tol's muted)."""
    base = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
            "#000000", "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77",
            "#CC6677", "#882255", "#AA4499"]
    return [base[i % len(base)] for i in range(n)]


def figure_html(fig: go.Figure) -> str:
    """A standalone HTML page of the chart, plotly.js embedded (opens offline)."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def _finish(fig: go.Figure, title: str, **layout) -> go.Figure:
    """The shared template, and the title (which may hold user labels) made inert."""
    for axis in ("xaxis_title", "yaxis_title"):
        if axis in layout:
            layout[axis] = esc(layout[axis])
    fig.update_layout(template=TEMPLATE, title=esc(title), **layout)
    return fig


def distribution_chart(samples: dict[str, tuple], kind: str, *, outcome_label: str,
                       hidden: dict[str, set] | None = None) -> go.Figure:
    """The outcome's distribution per group from (values, counts): "histogram" (% of the group
    at each value), "box" (quartiles, 1.5 IQR whiskers, mean), "violin" (weighted Gaussian KDE)
    or "ecdf". ``hidden`` lists, per group, values whose counts are suppressed."""
    from scipy import stats

    from analysis.weighted import weighted_quantiles

    colours = colour_map(list(samples))
    samples = {g: _binned(v, w, MAX_POINTS) for g, (v, w) in samples.items()}
    fig = go.Figure()
    for group, (values, weights) in samples.items():
        n = weights.sum()
        colour = colours[group]
        if kind == "histogram":
            pct = 100 * weights / n
            keep = [v not in (hidden or {}).get(group, set()) for v in values]
            fig.add_trace(go.Bar(x=values[keep], y=pct[keep], name=esc(group), marker_color=colour,
                                 hovertemplate="%{fullData.name}: %{y:.1f}% at %{x}"
                                               "<extra></extra>"))
        elif kind == "box":
            q1, median, q3 = weighted_quantiles(values, weights, [0.25, 0.5, 0.75])
            iqr = q3 - q1
            low = values[values >= q1 - 1.5 * iqr].min()
            high = values[values <= q3 + 1.5 * iqr].max()
            fig.add_trace(go.Box(name=esc(group), q1=[q1], median=[median], q3=[q3], lowerfence=[low],
                                 upperfence=[high], mean=[float(weights @ values / n)],
                                 marker_color=colour, boxpoints=False))
        elif kind == "violin":
            grid = np.linspace(values.min(), values.max(), 120) if len(values) > 1 else values
            if len(values) > 1:
                density = stats.gaussian_kde(values, weights=weights)(grid)
                density = 0.4 * density / density.max()
            else:
                density = np.array([0.4])
            position = len(fig.data)
            fig.add_trace(go.Scatter(x=np.concatenate([position - density, (position + density)[::-1]]),
                                     y=np.concatenate([grid, grid[::-1]]), fill="toself",
                                     mode="lines", line_color=colour, name=esc(group),
                                     hoverinfo="skip"))
        elif kind == "ecdf":
            fig.add_trace(go.Scatter(x=values, y=np.cumsum(weights) / n, mode="lines",
                                     line_shape="hv", line_color=colour, name=esc(group),
                                     hovertemplate="%{fullData.name}: %{y:.0%} at or below "
                                                   "%{x}<extra></extra>"))
        else:
            raise ValueError(f"unknown chart kind {kind!r}")
    titles = {"histogram": ("% of the group", outcome_label), "box": (outcome_label, ""),
              "violin": (outcome_label, ""), "ecdf": ("share at or below", outcome_label)}
    y_title, x_title = titles[kind]
    fig = _finish(fig, f"{outcome_label}: distribution per group", barmode="group",
                  xaxis_title=x_title, yaxis_title=y_title, height=460)
    if kind == "violin":
        fig.update_xaxes(tickvals=list(range(len(samples))), ticktext=[esc(g) for g in samples])
    return fig


#: Most points a distribution is drawn with; more distinct values are binned (equal widths).
MAX_POINTS = 60


def _binned(values: np.ndarray, weights: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``bins`` (bin centre, weight) pairs, so a figure's size never grows with rows."""
    if len(values) <= bins:
        return values, weights
    totals, edges = np.histogram(values, bins=bins, weights=weights)
    centres = (edges[:-1] + edges[1:]) / 2
    keep = totals > 0
    return centres[keep], totals[keep]


def likert_chart(samples: dict[str, tuple], *, outcome_label: str,
                 hidden: dict[str, set] | None = None) -> go.Figure:
    """Stacked 100% bars: the share of each group at each score (for rating scales)."""
    scores = sorted({float(v) for values, _ in samples.values() for v in values})
    palette = _sequential(len(scores))
    fig = go.Figure()
    for score, colour in zip(scores, palette):
        shares = []
        for group, (values, weights) in samples.items():
            at = weights[values == score].sum()
            hide = score in (hidden or {}).get(group, set())
            shares.append(None if hide else 100 * at / weights.sum())
        fig.add_trace(go.Bar(y=[esc(g) for g in samples], x=shares, orientation="h",
                             name=f"{score:g}",
                             marker_color=colour,
                             hovertemplate=f"score {score:g}: %{{x:.1f}}%<extra>%{{y}}</extra>"))
    return _finish(fig, f"{outcome_label}: share of each group at each score", barmode="stack",
                   xaxis_title="% of the group", yaxis=dict(autorange="reversed"),
                   height=180 + 60 * len(samples), legend_title_text="score")


def _sequential(n: int) -> list[str]:
    """n colours from light to dark blue (readable by colour-blind viewers)."""
    import plotly.colors as pc

    return pc.sample_colorscale("Blues", [0.25 + 0.75 * i / max(n - 1, 1) for i in range(n)])


def equivalence_chart(diff: float, low_ci: float, high_ci: float, bounds: tuple[float, float], *,
                      level: float, label: str) -> go.Figure:
    """The (1 - 2 alpha) CI of the difference drawn against the equivalence bounds."""
    lo, hi = bounds
    fig = go.Figure(go.Scatter(
        x=[diff], y=[esc(label)], mode="markers", marker=dict(size=14, color="#000000"),
        error_x=dict(type="data", symmetric=False, array=[high_ci - diff],
                     arrayminus=[diff - low_ci], thickness=3, width=10),
        hovertemplate=f"difference %{{x:.2f}}, {level:.0%} CI [{low_ci:.2f}, {high_ci:.2f}]"
                      "<extra></extra>"))
    fig.add_vrect(x0=lo, x1=hi, fillcolor="#009E73", opacity=0.15, line_width=0,
                  annotation_text="equivalence region", annotation_position="top left")
    for bound in bounds:
        fig.add_vline(x=bound, line_dash="dash", line_color="#009E73")
    fig.add_vline(x=0, line_color="#999999")
    span = max(abs(lo), abs(hi), abs(low_ci), abs(high_ci)) * 1.2
    return _finish(fig, f"Equivalence: the {level:.0%} CI against the margin",
                   xaxis=dict(range=[-span, span], title="difference"), height=260,
                   showlegend=False)


def forest_chart(labels: list[str], estimates, lows, highs, *, reference: float, title: str,
                 x_title: str, log_x: bool = False, highlight=None) -> go.Figure:
    """Estimates with CIs, one row each, against a reference line (0 for differences, 1 for odds
    ratios on a log axis); ``highlight`` marks rows (e.g. Holm-significant) in a darker colour."""
    highlight = [False] * len(labels) if highlight is None else list(highlight)
    colours = ["#D55E00" if h else "#0072B2" for h in highlight]
    est, lo, hi = (np.asarray(v, dtype=float) for v in (estimates, lows, highs))
    fig = go.Figure(go.Scatter(
        x=est, y=[esc(label) for label in labels], mode="markers",
        marker=dict(size=12, color=colours, symbol="square"),
        error_x=dict(type="data", symmetric=False, array=hi - est, arrayminus=est - lo,
                     thickness=2, width=6),
        customdata=np.column_stack([lo, hi]),
        hovertemplate="%{y}: %{x:.2f} [%{customdata[0]:.2f}, %{customdata[1]:.2f}]<extra></extra>"))
    fig.add_vline(x=reference, line_dash="dash", line_color="#999999")
    fig = _finish(fig, title, xaxis_title=x_title, yaxis=dict(autorange="reversed"),
                  height=160 + 34 * len(labels), showlegend=False)
    if log_x:
        fig.update_xaxes(type="log")
    return fig


def residual_heatmap(residuals: pd.DataFrame) -> go.Figure:
    """Adjusted standardized residuals: blue above expectation, orange below (|r| > 1.96 is
    unusual at the 5% level)."""
    z = residuals.to_numpy(dtype=float)
    limit = max(2.5, float(np.nanmax(np.abs(z))) if z.size else 2.5)
    fig = go.Figure(go.Heatmap(
        z=z, x=[esc(c) for c in residuals.columns], y=[esc(i) for i in residuals.index],
        zmin=-limit, zmax=limit, colorscale="PuOr", reversescale=False,
        text=np.vectorize(lambda v: f"{v:.1f}")(z) if z.size else None, texttemplate="%{text}",
        colorbar_title="adj. residual",
        hovertemplate="%{y} / %{x}: %{z:.2f}<extra></extra>"))
    return _finish(fig, "Adjusted residuals: more (+) or fewer (−) clients than expected",
                   yaxis=dict(autorange="reversed"), height=180 + 34 * len(residuals))


def trend_chart(table: pd.DataFrame, *, value: str, title: str, y_title: str) -> go.Figure:
    """One line per mode over months; with ``value="mean"`` a CI band around each line."""
    modes = list(dict.fromkeys(table["mode"]))
    colours = colour_map(modes)
    fig = go.Figure()
    for mode in modes:
        part = table[table["mode"] == mode]
        if value == "mean":
            fig.add_trace(go.Scatter(
                x=list(part["month"]) + list(part["month"])[::-1],
                y=list(part["ci_high"]) + list(part["ci_low"])[::-1], fill="toself",
                line=dict(width=0), fillcolor=colours[mode], opacity=0.2, hoverinfo="skip",
                showlegend=False, name=esc(f"{mode} CI")))
        fig.add_trace(go.Scatter(x=part["month"], y=part[value], mode="lines+markers",
                                 name=esc(mode),
                                 line_color=colours[mode]))
    return _finish(fig, title, yaxis_title=y_title, xaxis_title="month", height=420)
