"""Plotly figures built from aggregates (never one point per client), so a figure's size does
not grow with the number of rows. No streamlit here.

One meaning per colour: each delivery mode keeps its Okabe-Ito colour on every chart
(``reports.style``); statistical significance is black against grey; residuals run from purple
(fewer than expected) to dark red (more); ordered scores are shades of purple.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.formats import num
from reports.style import (
    CATEGORICAL,
    FEWER,
    MORE,
    NOT_SIGNIFICANT,
    SIGNIFICANT,
    TEMPLATE,
    colour_map,
    sequential,
)

#: Most points a distribution is drawn with; more distinct values are binned (equal widths).
MAX_POINTS = 60


def esc(text: object) -> str:
    """User text made inert for Plotly, which reads a subset of HTML (and ``%{…}`` in hover
    templates) in labels: ``<b>`` shows as typed, not bold."""
    return html.escape(str(text), quote=False).replace("{", "&#123;").replace("}", "&#125;")


def _finish(fig: go.Figure, title: str, *, height: int, legend: bool = True,
            **layout) -> go.Figure:
    """The shared template; the title (which may hold user labels) made inert, above the
    legend, never on it."""
    for axis in ("xaxis_title", "yaxis_title", "legend_title_text"):
        if axis in layout:
            layout[axis] = esc(layout[axis])
    fig.update_layout(template=TEMPLATE, title=esc(title), height=height, showlegend=legend,
                      **layout)
    if not legend:  # no legend between the title and the plot: less room above it
        fig.update_layout(margin_t=60)
    return fig


def clients_chart(clients: dict[str, int], *, unit: str = "clients",
                  title: str | None = None) -> go.Figure:
    """Horizontal bars: clients per mode (only the modes given: hidden ones are not passed)."""
    modes = list(clients)
    colours = colour_map(modes)
    fig = go.Figure(go.Bar(x=[clients[m] for m in modes], y=[esc(m) for m in modes],
                           orientation="h", marker_color=[colours[m] for m in modes],
                           text=[f"{clients[m]:,}" for m in modes], textposition="auto",
                           hovertemplate=f"%{{y}}: %{{x:,}} {esc(unit)}<extra></extra>"))
    return _finish(fig, title or f"{unit.capitalize()} per delivery mode",
                   height=130 + 50 * len(modes), legend=False, xaxis_title=unit,
                   yaxis=dict(autorange="reversed"))


def means_chart(groups, *, outcome_label: str, scale: tuple[float, float] | None = None,
                level: float = 0.95) -> go.Figure:
    """Mean and median per group with their confidence intervals (dot-and-whisker).

    ``groups`` are :class:`~analysis.descriptives.GroupSummary` objects (the groups shown).
    """
    groups = [g for g in groups if g.n > 0]
    colours = colour_map([g.group for g in groups])
    fig = go.Figure()
    for g in groups:
        for stat, value, ci, symbol in (("mean", g.mean, g.mean_ci, "circle"),
                                        ("median", g.median, g.median_ci, "diamond-open")):
            fig.add_trace(go.Scatter(
                x=[value], y=[esc(f"{g.group} ({stat})")], mode="markers",
                marker=dict(color=colours[g.group], size=14, symbol=symbol),
                error_x=dict(type="data", symmetric=False, array=[ci.high - value],
                             arrayminus=[value - ci.low], thickness=3, width=8),
                name=esc(f"{g.group} {stat}"),
                hovertemplate=(f"{esc(g.group)} {stat} = %{{x:.2f}}<br>{level:.0%} CI "
                               f"[{num(ci.low)}, {num(ci.high)}]<br>n = {g.n:,}"
                               "<extra></extra>")))
    axis = outcome_label + (f" (scale {scale[0]:g}–{scale[1]:g})" if scale else "")
    fig = _finish(fig, f"Mean and median with {level:.0%} CIs",
                  height=150 + 45 * 2 * len(groups), legend=False, xaxis_title=axis,
                  yaxis=dict(autorange="reversed"))
    ends = [v for g in groups for v in (g.mean_ci.low, g.mean_ci.high, g.median_ci.low,
                                        g.median_ci.high, g.mean, g.median) if np.isfinite(v)]
    if ends:  # zoomed on the estimates (the scale's ends are in the axis title)
        low, high = min(ends), max(ends)
        pad = max((high - low) * 0.15, 0.1)
        low, high = low - pad, high + pad
        if scale is not None:
            low, high = max(low, scale[0]), min(high, scale[1])
        fig.update_xaxes(range=[low, high])
    return fig


def proportions_chart(table: pd.DataFrame, *, title: str, x_title: str,
                      unit: str = "clients") -> go.Figure:
    """Each group's proportion (in %) with its CI, one dot-and-whisker row per group on a
    0-100% axis. ``table`` has the columns ``group``, ``n``, ``pct``, ``low``, ``high`` (in %);
    rows whose ``pct`` is missing (withheld by small-count hiding) are not drawn."""
    rows = table[pd.to_numeric(table["pct"], errors="coerce").notna()]
    groups = [str(g) for g in rows["group"]]
    colours = colour_map(groups)
    fig = go.Figure()
    for g, r in zip(groups, rows.itertuples(index=False)):
        pct, low, high = (float(v) for v in (r.pct, r.low, r.high))
        fig.add_trace(go.Scatter(
            x=[pct], y=[esc(g)], mode="markers", name=esc(g),
            marker=dict(color=colours[g], size=14),
            error_x=dict(type="data", symmetric=False, array=[high - pct],
                         arrayminus=[pct - low], thickness=3, width=8),
            hovertemplate=(f"{esc(g)}: %{{x:.1f}}% [{low:.1f}%, {high:.1f}%]<br>"
                           f"n = {num(r.n, 0)} {esc(unit)}<extra></extra>")))
    return _finish(fig, title, height=150 + 50 * max(len(groups), 1), legend=False,
                   xaxis=dict(range=[0, 100], ticksuffix="%", title=esc(x_title)),
                   yaxis=dict(autorange="reversed"))


def period_shares_chart(table: pd.DataFrame, *, title: str, unit: str = "clients") -> go.Figure:
    """Each mode's share of each period (in %) with its CI: one line of dots per mode across
    the periods in order, the modes side by side at each period so that their CIs do not
    overlap. ``table`` has the columns ``period``, ``mode``, ``pct``, ``low``, ``high``; rows
    whose ``pct`` is missing (withheld by small-count hiding) are not drawn."""
    rows = table[pd.to_numeric(table["pct"], errors="coerce").notna()]
    periods = list(dict.fromkeys(table["period"].astype(str)))
    modes = list(dict.fromkeys(rows["mode"].astype(str)))
    colours = colour_map(modes)
    position = {p: i for i, p in enumerate(periods)}
    fig = go.Figure()
    for k, mode in enumerate(modes):
        part = rows[rows["mode"].astype(str) == mode]
        pct, low, high = (part[c].astype(float).to_numpy() for c in ("pct", "low", "high"))
        shift = (k - (len(modes) - 1) / 2) * min(0.08, 0.4 / max(len(modes), 1))
        fig.add_trace(go.Scatter(
            x=[position[str(p)] + shift for p in part["period"]], y=pct, mode="lines+markers",
            name=esc(mode), marker=dict(color=colours[mode], size=10),
            line=dict(color=colours[mode]), text=[esc(p) for p in part["period"]],
            error_y=dict(type="data", symmetric=False, array=high - pct, arrayminus=pct - low,
                         thickness=2, width=6),
            hovertemplate=f"{esc(mode)}, %{{text}}: %{{y:.1f}}%<extra></extra>"))
    return _finish(fig, title, height=420, yaxis_title=f"% of the period's {unit}",
                   xaxis=dict(tickvals=list(range(len(periods))),
                              ticktext=[esc(p) for p in periods],
                              range=[-0.5, len(periods) - 0.5]))

def _binned(values: np.ndarray, weights: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``bins`` (bin centre, weight) pairs, so a figure's size never grows with rows."""
    if len(values) <= bins:
        return values, weights
    totals, edges = np.histogram(values, bins=bins, weights=weights)
    centres = (edges[:-1] + edges[1:]) / 2
    keep = totals > 0
    return centres[keep], totals[keep]


def distribution_chart(samples: dict[str, tuple], kind: str, *, outcome_label: str,
                       unit: str = "clients",
                       bins: list[tuple[float, float]] | None = None) -> go.Figure:
    """The outcome's distribution per group from (values, counts): "histogram" (% of the group
    at each value), "box" (quartiles, 1.5 IQR whiskers, mean), "violin" (weighted Gaussian KDE)
    or "ecdf". Every group sits at its own position, in its own colour. With ``bins`` (pooled
    scores: each value stands for its bin), a histogram bar spans its whole bin."""
    from scipy import stats

    from analysis.stats.weighted import weighted_quantiles

    colours = colour_map(list(samples))
    samples = {g: _binned(np.asarray(v, float), np.asarray(w, float), MAX_POINTS)
               for g, (v, w) in samples.items()}
    fig = go.Figure()
    for position, (group, (values, weights)) in enumerate(samples.items()):
        n = weights.sum()
        colour = colours[group]
        name = esc(group)
        if kind == "histogram":
            bars = _bars(values, bins, position, len(samples))
            fig.add_trace(go.Bar(x=values, y=100 * weights / n / bars["scores"], name=name,
                                 marker_color=colour, width=bars["width"], offset=bars["offset"],
                                 customdata=bars["labels"],
                                 hovertemplate="%{fullData.name}: %{y:.1f}% per score at "
                                               "%{customdata}<extra></extra>"))
        elif kind == "box":
            q1, median, q3 = weighted_quantiles(values, weights, [0.25, 0.5, 0.75])
            iqr = q3 - q1
            fig.add_trace(go.Box(
                x=[name], q1=[q1], median=[median], q3=[q3],
                lowerfence=[values[values >= q1 - 1.5 * iqr].min()],
                upperfence=[values[values <= q3 + 1.5 * iqr].max()],
                mean=[float(weights @ values / n)], name=name, marker_color=colour,
                boxpoints=False))
        elif kind == "violin":
            grid = np.linspace(values.min(), values.max(), 120) if len(values) > 1 else values
            density = (stats.gaussian_kde(values, weights=weights)(grid)
                       if len(values) > 1 else np.array([1.0]))
            density = 0.4 * density / density.max()
            fig.add_trace(go.Scatter(
                x=np.concatenate([position - density, (position + density)[::-1]]),
                y=np.concatenate([grid, grid[::-1]]), fill="toself", mode="lines",
                line_color=colour, name=name, hoverinfo="skip"))
        elif kind == "ecdf":
            fig.add_trace(go.Scatter(x=values, y=np.cumsum(weights) / n, mode="lines",
                                     line_shape="hv", line_color=colour, name=name,
                                     hovertemplate="%{fullData.name}: %{y:.0%} at or below "
                                                   "%{x}<extra></extra>"))
        else:
            raise ValueError(f"unknown chart kind {kind!r}")
    titles = {"histogram": (f"% of the group's {unit} per score", outcome_label),
              "box": (outcome_label, ""), "violin": (outcome_label, ""),
              "ecdf": ("share at or below", outcome_label)}
    y_title, x_title = titles[kind]
    fig = _finish(fig, f"{outcome_label} per group", height=480, barmode="group",
                  xaxis_title=x_title, yaxis_title=y_title, bargap=0.05)
    if kind == "violin":
        fig.update_xaxes(tickvals=list(range(len(samples))), ticktext=[esc(g) for g in samples])
    if kind in ("box", "violin"):
        fig.update_layout(showlegend=False)
    return fig


def _bars(values: np.ndarray, bins, position: int, groups: int) -> dict:
    """How one group's histogram bars are laid out. Unpooled: one bar per score, grouped by
    Plotly. Pooled scores (``bins``): a bar spans its bin (each group a slice of it, side by side)
    and its height is the share per score, so a wide bin does not look like a tall one."""
    labels = [f"{v:g}" for v in values]
    if not bins or all(lo == hi for lo, hi in bins):
        return {"width": None, "offset": None, "labels": labels, "scores": 1}
    edges = sorted({x for b in bins for x in b} | {float(v) for v in values})
    step = min((b - a for a, b in zip(edges, edges[1:]) if b > a), default=1.0)
    found = [next(((lo, hi) for lo, hi in bins if lo <= v <= hi), (v, v)) for v in values]
    spans = np.array([hi - lo + step for lo, hi in found])
    width = 0.9 * spans / groups
    lows = np.array([lo - step / 2 for lo, _ in found])
    return {"width": width, "offset": lows + 0.05 * spans + position * width - values,
            "labels": [f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}" for lo, hi in found],
            "scores": np.round(spans / step)}


def likert_chart(samples: dict[str, tuple], bins: list[tuple[float, float]], *,
                 outcome_label: str) -> go.Figure:
    """Stacked 100% bars: the share of each group at each score (or run of pooled scores)."""
    palette = sequential(len(bins))
    fig = go.Figure()
    centres = [(lo + hi) / 2 for lo, hi in bins]
    for (lo, hi), centre, colour in zip(bins, centres, palette):
        label = f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"
        shares = []
        for values, weights in samples.values():
            at = weights[np.isclose(values, centre)].sum()
            shares.append(100 * at / weights.sum())
        fig.add_trace(go.Bar(y=[esc(g) for g in samples], x=shares, orientation="h",
                             name=label, marker_color=colour,
                             hovertemplate=f"score {label}: %{{x:.1f}}%<extra>%{{y}}</extra>"))
    return _finish(fig, "Share of each group at each score",
                   height=200 + 60 * len(samples), barmode="stack", xaxis_title="% of the group",
                   yaxis=dict(autorange="reversed"), legend_title_text="score")


def problems_chart(pct: pd.DataFrame, counts: pd.DataFrame, *, multi_label: bool = False,
                   stacked: bool = False, unit: str = "clients") -> go.Figure:
    """Horizontal bars: % of each mode's clients with each problem (rows: problems, columns:
    modes), grouped by problem, or stacked per mode (each mode's problem mix). Missing
    (hidden) values are not drawn, and a problem with nothing to draw is left out."""
    drawn = pct.dropna(how="all")
    if stacked:
        return _stacked_problems(drawn, unit)
    modes = [str(m) for m in drawn.columns]
    colours = colour_map(modes)
    fig = go.Figure()
    for mode in modes:
        fig.add_trace(go.Bar(
            y=[esc(p) for p in drawn.index], x=drawn[mode].round(1).tolist(), orientation="h",
            name=esc(mode), marker_color=colours[mode],
            customdata=counts.loc[drawn.index, mode].tolist(),
            hovertemplate=f"%{{fullData.name}}: %{{x:.1f}}% (%{{customdata:,}} {esc(unit)})"
                          "<extra>%{y}</extra>"))
    note = " (several each)" if multi_label else ""
    return _finish(fig, f"% of each mode's {unit}{note}",
                   height=170 + 22 * len(drawn) * max(1, len(modes)), barmode="group",
                   xaxis_title=f"% of {unit} in the mode", yaxis=dict(autorange="reversed"))


def _stacked_problems(pct: pd.DataFrame, unit: str) -> go.Figure:
    fig = go.Figure()
    for (problem, row), colour in zip(pct.iterrows(), CATEGORICAL * 3):
        fig.add_trace(go.Bar(y=[esc(m) for m in pct.columns], x=row.round(1).tolist(),
                             orientation="h", name=esc(problem), marker_color=colour,
                             hovertemplate="%{fullData.name}: %{x:.1f}%<extra>%{y}</extra>"))
    return _finish(fig, "Problem mix of each mode",
                   height=260 + 60 * len(pct.columns), barmode="stack",
                   xaxis_title=f"% of the mode's {unit}", yaxis=dict(autorange="reversed"))


def figure_html(fig: go.Figure) -> str:
    """A standalone HTML page of the chart, plotly.js embedded (opens offline)."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def equivalence_chart(diff: float, low_ci: float, high_ci: float, bounds: tuple[float, float], *,
                      level: float, label: str) -> go.Figure:
    """The (1 - 2 alpha) CI of the difference drawn against the equivalence bounds."""
    lo, hi = bounds
    fig = go.Figure(go.Scatter(
        x=[diff], y=[esc(label)], mode="markers", marker=dict(size=14, color=SIGNIFICANT),
        error_x=dict(type="data", symmetric=False, array=[high_ci - diff],
                     arrayminus=[diff - low_ci], thickness=3, width=10),
        hovertemplate=f"difference %{{x:.2f}}, {level:.0%} CI [{num(low_ci)}, {num(high_ci)}]"
                      "<extra></extra>"))
    fig.add_vrect(x0=lo, x1=hi, fillcolor=NOT_SIGNIFICANT, opacity=0.18, line_width=0,
                  annotation_text="equivalence region", annotation_position="top left")
    for bound in bounds:
        fig.add_vline(x=bound, line_dash="dash", line_color=NOT_SIGNIFICANT)
    fig.add_vline(x=0, line_color=NOT_SIGNIFICANT, line_width=1)
    span = max(abs(lo), abs(hi), abs(low_ci), abs(high_ci)) * 1.2
    return _finish(fig, f"The {level:.0%} CI against the margin", height=270,
                   legend=False, xaxis=dict(range=[-span, span],
                                            title=f"difference in points ({label})",
                                            tickvals=sorted({lo, 0.0, hi}),
                                            ticktext=[f"{v:g}" for v in sorted({lo, 0.0, hi})]))


def log_ticks(low: float, high: float) -> list[float]:
    """Tick values for a log axis from ``low`` to ``high``: 1, 2 and 5 times powers of ten,
    written whole (0.5, 1, 2), never Plotly's minor digits ("4 5 6 … 1 2")."""
    low, high = max(low, 1e-6), max(high, low * 10)
    ticks = [m * 10.0**e for e in range(math.floor(math.log10(low)) - 1,
                                        math.ceil(math.log10(high)) + 1) for m in (1, 2, 5)]
    inside = [t for t in ticks if low <= t <= high]
    if len(inside) > 7:
        inside = [t for t in inside if round(t / 10 ** math.floor(math.log10(t))) != 2]
    return inside or [1.0]


def forest_chart(labels: list[str], estimates, lows, highs, *, reference: float, title: str,
                 x_title: str, log_x: bool = False, highlight=None) -> go.Figure:
    """Estimates with CIs, one row each, against a reference line (0 for differences, 1 for odds
    ratios on a log axis). ``highlight`` marks rows that are significant (black, filled) against
    the others (grey, open). Infinite CI ends run to the edge of the axis."""
    highlight = [False] * len(labels) if highlight is None else list(highlight)
    est, lo, hi = (np.asarray(v, dtype=float) for v in (estimates, lows, highs))
    finite = np.concatenate([x[np.isfinite(x) & ((x > 0) if log_x else True)]
                             for x in (est, lo, hi)])
    if log_x:
        edge_low, edge_high = ((finite.min() / 1.5, finite.max() * 1.5) if finite.size
                               else (0.1, 10))
        edge_low, edge_high = min(edge_low, reference / 1.5), max(edge_high, reference * 1.5)
    else:  # the reference line (no difference) is always in view
        finite = np.append(finite, reference)
        pad = (finite.max() - finite.min()) * 0.08 or 1
        edge_low, edge_high = finite.min() - pad, finite.max() + pad
    drawn_lo = np.where(np.isfinite(lo) & ((lo > 0) if log_x else True), lo, edge_low)
    drawn_hi = np.where(np.isfinite(hi), hi, edge_high)
    drawn_est = np.clip(est, edge_low, edge_high)
    fig = go.Figure()
    for flag, colour, symbol, name in ((True, SIGNIFICANT, "square", "significant"),
                                       (False, NOT_SIGNIFICANT, "square-open",
                                        "not significant")):
        rows = [i for i, h in enumerate(highlight) if bool(h) == flag]
        if not rows:
            continue
        fig.add_trace(go.Scatter(
            x=drawn_est[rows], y=[esc(labels[i]) for i in rows], mode="markers", name=name,
            marker=dict(size=12, color=colour, symbol=symbol, line=dict(width=2, color=colour)),
            error_x=dict(type="data", symmetric=False, array=drawn_hi[rows] - drawn_est[rows],
                         arrayminus=drawn_est[rows] - drawn_lo[rows], thickness=2, width=6,
                         color=colour),
            customdata=[[num(est[i]), num(lo[i]), num(hi[i])] for i in rows],
            hovertemplate="%{y}: %{customdata[0]} [%{customdata[1]}, %{customdata[2]}]"
                          "<extra></extra>"))
    fig.add_vline(x=reference, line_dash="dash", line_color=NOT_SIGNIFICANT)
    fig = _finish(fig, title, height=190 + 34 * len(labels), xaxis_title=x_title,
                  legend=any(highlight), yaxis=dict(autorange="reversed",
                                                    categoryorder="array",
                                                    categoryarray=[esc(x) for x in labels]))
    if log_x:
        ticks = log_ticks(edge_low, edge_high)
        fig.update_xaxes(type="log", range=[math.log10(edge_low), math.log10(edge_high)],
                         tickvals=ticks, ticktext=[f"{t:g}" for t in ticks])
    else:
        fig.update_xaxes(range=[edge_low, edge_high])
    return fig


def residual_heatmap(residuals: pd.DataFrame) -> go.Figure:
    """Adjusted standardized residuals: dark red above expectation, purple below (beyond ±1.96
    a cell is unusual at the 5% level). Missing (hidden) cells stay blank."""
    z = residuals.to_numpy(dtype=float)
    limit = max(2.5, float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 2.5)
    text = [["" if not np.isfinite(v) else f"{v:.1f}" for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=[esc(c) for c in residuals.columns], y=[esc(i) for i in residuals.index],
        zmin=-limit, zmax=limit, colorscale=[[0, FEWER], [0.5, "#f7f7f7"], [1, MORE]],
        text=text, texttemplate="%{text}", colorbar_title="adj. residual",
        hovertemplate="%{y} / %{x}: %{z:.2f}<extra></extra>"))
    return _finish(fig, "Adjusted residuals",
                   height=200 + 34 * len(residuals), legend=False,
                   yaxis=dict(autorange="reversed"))


def trend_chart(table: pd.DataFrame, *, value: str, title: str, y_title: str) -> go.Figure:
    """One line per mode over months (``table``: month, mode, the value; for "mean" also
    ci_low/ci_high, drawn as a band). Missing (hidden) months leave a gap."""
    modes = list(dict.fromkeys(table["mode"]))
    colours = colour_map(modes)
    fig = go.Figure()
    for mode in modes:
        part = table[table["mode"] == mode]
        if value == "mean":  # the CI as thin dotted lines: bands of two modes would blend
            for end in ("ci_low", "ci_high"):
                fig.add_trace(go.Scatter(
                    x=part["month"], y=part[end], mode="lines", connectgaps=False,
                    line=dict(width=1, dash="dot", color=colours[mode]), hoverinfo="skip",
                    showlegend=False, name=esc(f"{mode} {end}")))
        fig.add_trace(go.Scatter(x=part["month"], y=part[value], mode="lines+markers",
                                 name=esc(mode), line_color=colours[mode], connectgaps=False))
    return _finish(fig, title, height=440, yaxis_title=y_title, xaxis_title="month")


def love_plot(covariates: list[str], before, after, *, limit: float = 0.1,
              title: str = "Balance before and after weighting") -> go.Figure:
    """|Standardised mean difference| of each covariate before (grey, open) and after (black,
    filled) weighting, one row each, with a dashed line at ``limit`` (balance is usually called
    reached below 0.1). Missing values (withheld) are not drawn."""
    before, after = (np.abs(np.asarray(v, dtype=float)) for v in (before, after))
    labels = [esc(c) for c in covariates]
    fig = go.Figure()
    for values, name, colour, symbol in ((before, "before weighting", NOT_SIGNIFICANT,
                                          "circle-open"),
                                         (after, "after weighting", SIGNIFICANT, "circle")):
        fig.add_trace(go.Scatter(
            x=values, y=labels, mode="markers", name=name,
            marker=dict(size=11, color=colour, symbol=symbol, line=dict(width=2, color=colour)),
            hovertemplate=f"%{{y}}: |SMD| %{{x:.3f}} {name}<extra></extra>"))
    fig.add_vline(x=limit, line_dash="dash", line_color=NOT_SIGNIFICANT)
    drawn = np.concatenate([before, after])
    high = max(float(np.nanmax(drawn)) if np.isfinite(drawn).any() else 0.0, limit) * 1.1
    return _finish(fig, title, height=190 + 28 * len(covariates),
                   xaxis=dict(range=[-0.03 * high, high], title="|SMD|"),
                   yaxis=dict(autorange="reversed", categoryorder="array",
                              categoryarray=labels))


def overlap_chart(bins: list[tuple[float, float]], shares: dict[str, list[float]], *,
                  title: str, x_title: str, unit: str = "clients") -> go.Figure:
    """Each group's propensity distribution from aggregated bins: a bar per bin spanning it,
    its height the % of the group's ``unit`` per 0.05 of propensity (so a wide pooled bin does
    not look tall). ``shares`` holds each group's % per bin (None: not drawn). One trace per
    group, in its mode colour, half-transparent so that the overlap shows."""
    colours = colour_map(list(shares))
    lows = np.array([lo for lo, _ in bins])
    widths = np.array([hi - lo for lo, hi in bins])
    fig = go.Figure()
    for group, values in shares.items():
        pct = np.array([np.nan if v is None else v for v in values], dtype=float)
        fig.add_trace(go.Bar(
            x=lows + widths / 2, y=pct * 0.05 / widths, width=widths, name=esc(group),
            marker=dict(color=colours[group], opacity=0.55,
                        line=dict(color=colours[group], width=1.5)),
            customdata=[[f"{lo:.2f}–{hi:.2f}", num(v, 1)] for (lo, hi), v in zip(bins, pct)],
            hovertemplate=(f"{esc(group)}: %{{customdata[1]}}% of the {esc(unit)} with a "
                           "propensity of %{customdata[0]}<extra></extra>")))
    return _finish(fig, title, height=420, barmode="overlay", bargap=0,
                   xaxis=dict(range=[0, 1], title=esc(x_title)),
                   yaxis_title=f"% of the group's {unit} per 0.05")
