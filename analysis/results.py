"""Small shared result types, the argument checks every statistic shares, and the one
serialiser of results (:func:`to_plain`)."""

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


#: The alternative hypotheses of a two-sample test, in scipy.stats' vocabulary: A - B != 0,
#: A - B < 0 and A - B > 0.
ALTERNATIVES = ("two-sided", "less", "greater")


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def checked_confidence(level: float) -> float:
    """``level`` when it is a proportion strictly between 0 and 1 (0.95, not 95), else a
    DataError ``bad_confidence_level``: a level outside (0, 1) gives no interval at all.

    >>> checked_confidence(0.9)
    0.9
    >>> checked_confidence(95)
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: The confidence level must be between 0 and 1 (such as 0.95); got 95.
    """
    if not _is_number(level) or not 0 < level < 1:
        raise DataError(f"The confidence level must be between 0 and 1 (such as 0.95); got "
                        f"{level!r}.", "bad_confidence_level")
    return float(level)


def checked_alpha(alpha: float) -> float:
    """``alpha`` when it is a significance level strictly between 0 and 1, else a DataError
    ``bad_alpha``.

    >>> checked_alpha(0.05)
    0.05
    """
    if not _is_number(alpha) or not 0 < alpha < 1:
        raise DataError(f"alpha must be between 0 and 1 (such as 0.05); got {alpha!r}.",
                        "bad_alpha")
    return float(alpha)


def checked_alternative(alternative: str) -> str:
    """``alternative`` when it is one of :data:`ALTERNATIVES`, else a DataError
    ``bad_alternative``.

    >>> checked_alternative("less")
    'less'
    """
    if not isinstance(alternative, str) or alternative not in ALTERNATIVES:
        raise DataError(f"alternative must be one of {', '.join(map(repr, ALTERNATIVES))}; got "
                        f"{alternative!r}.", "bad_alternative")
    return alternative


#: Metadata of a result field that :func:`to_plain` leaves out while it holds its default
#: (``field(default="two-sided", metadata=OMIT_IF_DEFAULT)``): a field added to a result
#: without changing the JSON of the results that existed before it.
OMIT_IF_DEFAULT = {"plain": "omit if default"}


#: Metadata of a result field that :func:`to_plain` never writes (per-row working data such as
#: each client's propensity: ``field(metadata=NOT_PLAIN)``).
NOT_PLAIN = {"plain": "never"}


def _kept(value, field: dataclasses.Field) -> bool:
    rule = field.metadata.get("plain")
    return not (rule == NOT_PLAIN["plain"] or (rule == OMIT_IF_DEFAULT["plain"]
                                               and getattr(value, field.name) == field.default))


def to_plain(value):
    """``value`` with dataclasses, tuples and numpy scalars turned into JSON-ready Python.

    The one serialiser of results: a dataclass becomes a dict of its fields in order (a field
    marked :data:`OMIT_IF_DEFAULT` only when it differs from its default), a
    :class:`ConfidenceInterval` the list ``[low, high]``, a table (DataFrame) a dict of its
    rows, each a dict by column.

    >>> to_plain(ConfidenceInterval(1.5, 2.0))
    [1.5, 2.0]
    >>> import pandas as pd
    >>> to_plain(pd.DataFrame({"online": [3, 1]}, index=["anxiety", "work"]))
    {'anxiety': {'online': 3}, 'work': {'online': 1}}
    """
    if isinstance(value, ConfidenceInterval):
        return value.to_list()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if _kept(value, f)}
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "iterrows"):  # a DataFrame (pandas is not imported here for it)
        return {str(i): {str(c): to_plain(v) for c, v in row.items()}
                for i, row in value.iterrows()}
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
