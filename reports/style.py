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
SPARE_COLOURS = ("#D55E00", "#F0E442", "#000000", "#999999")

TEMPLATE = go.layout.Template(pio.templates["plotly_white"])
TEMPLATE.layout.update(
    font=dict(family="Source Sans Pro, Arial, sans-serif", size=16),
    title=dict(font=dict(size=20), x=0, xanchor="left"),
    margin=dict(l=10, r=10, t=60, b=10),
    legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0),
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
