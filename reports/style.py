"""One look for every chart: a Plotly template and one colour-blind-safe colour per mode."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

#: Okabe & Ito (2008) palette, colour-blind safe; known modes keep their colour on every page.
MODE_COLOURS = {
    "face-to-face": "#0072B2",
    "online": "#E69F00",
    "video": "#009E73",
    "chat": "#CC79A7",
    "phone": "#56B4E9",
}
SPARE_COLOURS = ("#D55E00", "#F0E442", "#A6761D", "#00429D")
#: Colours with one meaning each, none of them a mode's colour.
SIGNIFICANT = "#222222"
NOT_SIGNIFICANT = "#8c8c8c"
FEWER = "#5e3c99"  # residuals: fewer than expected (purple)
MORE = "#b2182b"  # residuals: more than expected (dark red)
#: Categories that are not modes (problem types in a stacked bar): Tol's muted palette, which
#: shares no colour with the modes.
CATEGORICAL = ("#332288", "#88CCEE", "#44AA99", "#999933", "#DDCC77", "#CC6677", "#882255",
               "#AA4499", "#661100", "#6699CC", "#888888")

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font=dict(family="Source Sans Pro, Arial, sans-serif", size=16),
    # the title sits at the top of the figure and the legend just above the plot, below it
    title=dict(font=dict(size=19), x=0, xanchor="left", y=0.985, yanchor="top",
               yref="container", automargin=True),
    margin=dict(l=10, r=10, t=100, b=10),
    legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, xanchor="left"),
    hoverlabel=dict(font_size=15),
)


def mode_colour(mode: str, modes: list[str] | None = None) -> str:
    """The colour of ``mode``: fixed for the known modes, else the next spare one by position."""
    if mode in MODE_COLOURS:
        return MODE_COLOURS[mode]
    others = [m for m in (modes or [mode]) if m not in MODE_COLOURS]
    index = others.index(mode) if mode in others else 0
    return SPARE_COLOURS[index % len(SPARE_COLOURS)]


def colour_map(modes: list[str]) -> dict[str, str]:
    return {m: mode_colour(m, modes) for m in modes}


def sequential(n: int) -> list[str]:
    """n shades of purple from light to dark, for ordered scores (no mode is purple)."""
    import plotly.colors as pc

    return pc.sample_colorscale("Purples", [0.3 + 0.7 * i / max(n - 1, 1) for i in range(n)])
