"""The equivalence margin: the smallest difference that would matter, where its default comes
from, and how lenient it is.

TOST (``analysis.stats.ttests.tost``) calls two groups equivalent when the 90% CI of their
difference lies inside ± the margin, so the verdict is only as good as the margin. The default
is stated with its origin everywhere it is used, and it is the same for the same data however
they were loaded: a fraction of the outcome's scale when the scale is known (declared, or
detected from the values), else a fraction of the standard deviation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.formats import num

#: Default margin as a share of the scale's range: 1/16 (1.5 points on the CSQ-8's 8–32).
SCALE_FRACTION = 1 / 16
#: Default margin in standard deviations when the scale's range is unknown (Cohen's d = 0.2).
SD_FRACTION = 0.2
#: Margins above this many standard deviations are called lenient.
LENIENT_D = 0.5


@dataclass(frozen=True, slots=True)
class Margin:
    """An equivalence margin in outcome points and where it comes from."""

    value: float
    origin: str

    def text(self) -> str:
        """"±1.5 points: 1/16 of the 8–32 scale (detected from the values)"."""
        return f"±{self.value:g} points: {self.origin}"


def pooled_sd(groups) -> float:
    """The pooled standard deviation of groups given as (n, sd) pairs:
    sqrt(sum((n - 1) sd^2) / sum(n - 1)), the yardstick of Cohen's d; NaN without two values.

    >>> round(pooled_sd([(586, 4.74), (771, 4.23)]), 3)
    4.457
    """
    usable = [(n, sd) for n, sd in groups if n > 1 and math.isfinite(sd)]
    df = sum(n - 1 for n, _ in usable)
    return math.sqrt(sum((n - 1) * sd**2 for n, sd in usable) / df) if df > 0 else math.nan


def _scale_text(scale: tuple[float, float]) -> str:
    return f"{scale[0]:g}–{scale[1]:g}"


def default_margin(scale: tuple[float, float] | None, pooled_sd: float, *,
                   scale_origin: str | None = None) -> Margin:
    """The starting margin: 1/16 of the scale's range when the range is known, else 0.2
    standard deviations (a small effect; Cohen 1988). Users should set one that matters
    clinically.

    Examples
    --------
    >>> default_margin((8, 32), 4.5, scale_origin="declared").text()
    '±1.5 points: 1/16 of the 8–32 scale, declared'
    >>> print(default_margin(None, 4.75).text())
    ±0.95 points: 0.2 standard deviations (the scale's range is not known)
    """
    if scale is not None and scale[1] > scale[0]:
        value = round((scale[1] - scale[0]) * SCALE_FRACTION, 2)
        origin = f"1/16 of the {_scale_text(scale)} scale"
        return Margin(value, origin + (f", {scale_origin}" if scale_origin else ""))
    if pooled_sd > 0 and math.isfinite(pooled_sd):
        return Margin(round(SD_FRACTION * pooled_sd, 2),
                      f"{SD_FRACTION:g} standard deviations (the scale's range is not known)")
    return Margin(1.0, "1 point (neither the scale's range nor the spread is known)")


def custom_margin(value: float, default: Margin) -> Margin:
    """The margin a user typed, or the default when it is the default's value."""
    if math.isclose(value, default.value):
        return default
    return Margin(float(value), "set by you")


def lenient_note(margin: float, pooled_sd: float) -> str:
    """A warning when the margin is more than half a standard deviation (so that even a
    medium-sized difference would count as "equivalent"), else ""."""
    if not (pooled_sd > 0 and math.isfinite(pooled_sd)):
        return ""
    d = margin / pooled_sd
    if d <= LENIENT_D:
        return ""
    return (f"A margin of ±{margin:g} points is {num(d)} standard deviations: differences up to "
            "that size would count as equivalent, which is lenient. Choose the smallest "
            "difference that would matter to clients for this scale.")
