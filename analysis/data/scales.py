"""A scale score computed from item columns, and its internal consistency (Cronbach's alpha)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stats.weighted import weighted_var


@dataclass(frozen=True, slots=True)
class ItemScoring:
    """How to turn item columns into one score.

    Attributes
    ----------
    items : tuple of str
        The item columns, in order.
    method : {"sum", "mean"}
        Total of the items, or their mean.
    reverse : tuple of str
        Items scored in reverse: ``item_min + item_max - value``.
    item_min, item_max : float
        Valid range of one item; values outside it count as missing (and are reported).
    max_missing : int
        A score is computed when at most this many items are missing. Missing items are then
        replaced by the mean of the client's answered items (proration), so a sum stays on the
        full scale's range. More missing items give no score.
    """

    items: tuple[str, ...]
    method: str = "sum"
    reverse: tuple[str, ...] = ()
    item_min: float = 1
    item_max: float = 4
    max_missing: int = 0

    def __post_init__(self) -> None:
        if len(self.items) < 2:
            raise ValueError("A scale needs at least two item columns.")
        if self.method not in ("sum", "mean"):
            raise ValueError("method must be 'sum' or 'mean'.")
        if not set(self.reverse) <= set(self.items):
            raise ValueError("Reverse-keyed items must be among the items.")
        if not self.item_min < self.item_max:
            raise ValueError("item_min must be below item_max.")
        if not 0 <= self.max_missing < len(self.items):
            raise ValueError("max_missing must be between 0 and the number of items minus one.")

    @property
    def score_range(self) -> tuple[float, float]:
        k = len(self.items) if self.method == "sum" else 1
        return self.item_min * k, self.item_max * k

    def describe(self) -> str:
        rev = f", items {', '.join(self.reverse)} reverse-keyed" if self.reverse else ""
        return (f"{self.method} of {len(self.items)} items ({self.item_min:g}-{self.item_max:g}"
                f"{rev}); computed when at most {self.max_missing} item(s) are missing, "
                "missing items prorated from the answered ones")


def item_matrix(frame: pd.DataFrame, scoring: ItemScoring) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The items as numbers, reverse-keyed, with out-of-range values set missing.

    Returns ``(items, out_of_range)``: the cleaned item values and a boolean frame marking the
    cells that held a value outside ``[item_min, item_max]`` or not a number.
    """
    raw = frame[list(scoring.items)]
    items = raw.apply(lambda c: pd.to_numeric(c, errors="coerce")).astype(float)
    bad = (items.lt(scoring.item_min) | items.gt(scoring.item_max)
           | (items.isna() & raw.notna()))
    items = items.mask(bad)
    for col in scoring.reverse:
        items[col] = scoring.item_min + scoring.item_max - items[col]
    return items, bad


def score_items(frame: pd.DataFrame, scoring: ItemScoring) -> pd.Series:
    """The scale score per row (NaN when more than ``max_missing`` items are missing)."""
    items, _ = item_matrix(frame, scoring)
    answered = items.notna().sum(axis=1)
    mean = items.mean(axis=1, skipna=True)
    score = mean * len(scoring.items) if scoring.method == "sum" else mean
    return score.where(len(scoring.items) - answered <= scoring.max_missing)


def cronbach_alpha(items: pd.DataFrame, weights: pd.Series | None = None) -> float:
    """Cronbach's alpha of the complete rows of ``items`` (frequency ``weights`` honoured).

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total), with variances
    using n - 1 (Cronbach 1951). NaN when fewer than two complete rows or a zero total variance.
    Matches R: ``k/(k-1) * (1 - sum(apply(x, 2, var)) / var(rowSums(x)))`` on complete cases.
    """
    complete = items.notna().all(axis=1)
    x = items[complete].to_numpy(dtype=float)
    w = np.ones(len(x)) if weights is None else weights[complete].to_numpy(dtype=float)
    n, k = w.sum(), x.shape[1]
    if n < 2 or k < 2:
        return float("nan")

    total_var = weighted_var(x.sum(axis=1), w)[0]
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - weighted_var(x, w).sum() / total_var))


# --------------------------------------------------------------------------- the outcome's scale

@dataclass(frozen=True, slots=True)
class KnownScale:
    """A rating scale or instrument whose range can be recognised in the data."""

    low: float
    high: float
    name: str
    #: Words in a column name that announce this scale (normalised: lower case, "_" between).
    hints: tuple[str, ...] = ()


#: Scales recognised from the values (and from the column name, for the instruments).
KNOWN_SCALES = (
    KnownScale(8, 32, "CSQ-8 total", ("csq8", "csq_8")),
    KnownScale(3, 12, "CSQ-3 total", ("csq3", "csq_3")),
    KnownScale(1, 5, "1–5 rating"),
    KnownScale(1, 7, "1–7 rating"),
    KnownScale(0, 10, "0–10 rating"),
    KnownScale(1, 10, "1–10 rating"),
    KnownScale(0, 100, "0–100 rating"),
)
#: Words of a column name that mean it counts or measures something other than a rating: its
#: values are never taken for a rating scale (sessions attended 1–10 is not a 1–10 rating).
NOT_A_RATING = {"session", "sessions", "attended", "visits", "appointments", "appts", "age",
                "days", "weeks", "months", "years", "minutes", "hours", "count", "number", "n",
                "wait", "waiting", "duration", "cost", "income", "id", "year", "date"}


@dataclass(frozen=True, slots=True)
class OutcomeScale:
    """The outcome's scale and where it comes from.

    Attributes
    ----------
    low, high : float
        The ends of the scale.
    source : {"declared", "items", "detected"}
        Declared as the valid range (the Data page, ``--outcome-range``), computed from the item
        scoring, or recognised in the column name and the values.
    origin : str
        The same in a short phrase for people, e.g. "detected from the values (9–32 observed)".
    """

    low: float
    high: float
    source: str
    origin: str

    @property
    def range(self) -> tuple[float, float]:
        return self.low, self.high


def _fits(scale: KnownScale, lo: float, hi: float) -> bool:
    return scale.low <= lo and hi <= scale.high


def detect_scale(values, column: str) -> OutcomeScale | None:
    """Recognise the scale of an outcome column from its name and its values, or None.

    Only whole-number values are considered, and only when the name does not say the column
    counts or measures something else (``NOT_A_RATING``). Then, in order:

    1. a scale named in the column ("csq8_total", "rating_1_5", "score (0-10)") that the values
       fit;
    2. otherwise the known scale (``KNOWN_SCALES``) the values fit that has the most of its two
       ends reached by the observed minimum and maximum, when it is the only one with that many,
       at least one end is reached, and the values span more than half of it.

    Anything else is ambiguous and gives None (never a guess): 1–4 observed fits 1–5, 1–7 and
    1–10 equally well; 0 and 1 only fit 0–10 and 0–100 equally.

    Parameters
    ----------
    values : array-like of float
        The outcome values of the rows in use (NaN and infinite values are ignored).
    column : str
        The outcome column's name.

    Returns
    -------
    OutcomeScale or None
        ``source="detected"`` and an ``origin`` naming the observed range and the scale.

    Examples
    --------
    >>> detect_scale([9, 20, 32], "satisfaction_total").range
    (8, 32)
    >>> detect_scale([1, 2, 4], "rating") is None
    True
    >>> detect_scale([2, 3, 5], "rating").origin
    'detected from the values (2–5 observed; a 1–5 rating)'
    >>> detect_scale([1, 4, 10], "sessions_attended") is None
    True
    """
    from analysis.data.roles import normalise_name

    x = np.asarray(values, dtype=float)
    x = x[np.isfinite(x)]
    if x.size == 0 or np.any(x % 1 != 0):
        return None
    lo, hi = float(x.min()), float(x.max())
    name = normalise_name(column)
    if lo == hi or NOT_A_RATING & set(name.split("_")):
        return None
    return _scale_named(name, lo, hi) or _scale_of_values(lo, hi)


def _scale_named(name: str, lo: float, hi: float) -> OutcomeScale | None:
    """A scale the column's (normalised) name names, a known one by its hints ("csq8") or a
    range written in it ("rating_1_5"), when the observed ``lo``-``hi`` fit it."""
    import re

    observed = f"{lo:g}–{hi:g} observed"
    for scale in KNOWN_SCALES:
        if any(h in name for h in scale.hints) and _fits(scale, lo, hi):
            return OutcomeScale(scale.low, scale.high, "detected",
                                f"detected from the column name and the values ({observed}; "
                                f"the {scale.name})")
    named = re.search(r"(?:^|_)(\d{1,3})_(?:to_)?(\d{1,3})(?:_|$)", name)
    if named:
        low, high = float(named.group(1)), float(named.group(2))
        if low < high and low <= lo and hi <= high:
            return OutcomeScale(low, high, "detected",
                                f"detected from the column name and the values ({observed})")
    return None


def _scale_of_values(lo: float, hi: float) -> OutcomeScale | None:
    """The one known scale that ``lo``-``hi`` fit reaching the most of its ends (at least one),
    spanning more than half of it; None when that is not a single scale."""
    ends = [(int(s.low == lo) + int(s.high == hi), s) for s in KNOWN_SCALES if _fits(s, lo, hi)]
    best = max((e for e, _ in ends), default=0)
    top = [s for e, s in ends if e == best]
    if best == 0 or len(top) != 1:
        return None
    scale = top[0]
    if (hi - lo) <= (scale.high - scale.low) / 2:
        return None
    return OutcomeScale(scale.low, scale.high, "detected",
                        f"detected from the values ({lo:g}–{hi:g} observed; a {scale.name})")


def declared_scale(valid_range: tuple[float, float]) -> OutcomeScale:
    """The scale the user declared as the outcome's valid range."""
    return OutcomeScale(float(valid_range[0]), float(valid_range[1]), "declared",
                        "declared as the valid range")


def items_scale(scoring: ItemScoring) -> OutcomeScale:
    """The scale of a score computed from items: k x the item range for a sum, else the item
    range."""
    low, high = scoring.score_range
    return OutcomeScale(float(low), float(high), "items",
                        f"from the item scoring ({scoring.method} of {len(scoring.items)} items "
                        f"scored {scoring.item_min:g}–{scoring.item_max:g})")
