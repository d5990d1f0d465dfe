"""Small shared result types."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class ConfidenceInterval:
    """A confidence interval (as scipy.stats' ``ConfidenceInterval``)."""

    low: float
    high: float

    def to_list(self) -> list[float]:
        return [self.low, self.high]


def to_plain(value):
    """``value`` with dataclasses, tuples and numpy scalars turned into JSON-ready Python."""
    if isinstance(value, ConfidenceInterval):
        return value.to_list()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def json_ready(value):
    """``value`` with NaN and infinities replaced by None, so the JSON is standard."""
    if isinstance(value, float) and not np.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_ready(v) for v in value]
    return value
