"""Small shared result types."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from analysis.errors import DataError


@dataclass(frozen=True, slots=True)
class ConfidenceInterval:
    """A confidence interval (as scipy.stats' ``ConfidenceInterval``)."""

    low: float
    high: float

    def to_list(self) -> list[float]:
        return [self.low, self.high]


def checked_confidence(level: float) -> float:
    """``level`` when it is a proportion strictly between 0 and 1 (0.95, not 95), else a
    DataError ``bad_confidence_level``: a level outside (0, 1) gives no interval at all."""
    if not isinstance(level, (int, float, np.floating)) or not 0 < level < 1:
        raise DataError(f"The confidence level must be between 0 and 1 (such as 0.95); got "
                        f"{level!r}.", "bad_confidence_level")
    return float(level)


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


#: How infinities are written in the JSON (JavaScript's own names; ``float("Infinity")`` and
#: ``float("-Infinity")`` read them back in Python). NaN, an undefined number, is written as null.
POSITIVE_INFINITY, NEGATIVE_INFINITY = "Infinity", "-Infinity"


def json_ready(value):
    """``value`` as standard JSON: NaN (undefined) as None, infinities as strings.

    An infinite number (an odds ratio with a zero cell, the open end of its CI) is written as
    the string ``"Infinity"`` or ``"-Infinity"``, so a reader can tell it from an undefined one
    (NaN, written as ``null``). Dicts, lists and tuples are walked; numpy scalars become Python
    numbers. Strict JSON has neither NaN nor Infinity, so ``json.dumps(..., allow_nan=False)``
    accepts the result.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return POSITIVE_INFINITY if value > 0 else NEGATIVE_INFINITY
        return value
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value
