"""Delivery-mode labels: normalised spellings, with the mapping kept to show the user."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.issues import issue
from analysis.data.validation import Issue, printable, strip_invisible
from analysis.options import (
    MAX_MODE_LABELS,
    MODE_SYNONYMS,
    TOTAL_MODE_LABELS,
    UNKNOWN_MODE_LABELS,
)

MISSING = "missing"
UNKNOWN = "unknown label"
TOTAL = "total row"


def normalise_mode_label(label: object) -> tuple[str | None, str | None]:
    """The normalised mode for one raw label, or (None, reason) when it is not a mode.

    Case and surrounding whitespace are ignored, and runs of spaces, hyphens and underscores
    count as one space, so "F2F", "In person", "in-person", "Face to face" and "face-to-face"
    all become ``face-to-face`` and "Online " becomes ``online`` (``options.MODE_SYNONYMS``).
    Other labels are kept, lower-cased and trimmed. Labels meaning "unknown" and labels naming
    a total ("Total", "All ...") are not modes. Control and invisible characters are removed
    first (``validation.strip_invisible``), so "online\\x00" and "on\\u200bline" are ``online``.
    """
    if label is None or (isinstance(label, float) and np.isnan(label)) or label is pd.NA:
        return None, MISSING
    text = strip_invisible(str(label)).strip().lower()
    if not text:
        return None, MISSING
    key = re.sub(r"[\s\-_]+", " ", text)
    if key in UNKNOWN_MODE_LABELS or text in UNKNOWN_MODE_LABELS:
        return None, UNKNOWN
    if key in TOTAL_MODE_LABELS or key.startswith("all "):
        return None, TOTAL
    return MODE_SYNONYMS.get(key, MODE_SYNONYMS.get(key.replace(" ", ""), text)), None


@dataclass(frozen=True, slots=True, eq=False)
class ModeNormalisation:
    """Result of :func:`normalise_modes`.

    Attributes
    ----------
    labels : Series
        Normalised mode per row, categorical (missing where the row has no usable mode).
    reasons : Series
        Why a row has no mode ("missing", "unknown label", "total row"), else missing.
    mapping : DataFrame
        One row per distinct raw label: ``original`` (as written, with control characters shown
        as escapes: ``validation.printable``), ``mode`` (normalised, empty when not a mode),
        ``rows`` (how many rows carry it), sorted by ``mode``.
    """

    labels: pd.Series
    reasons: pd.Series
    mapping: pd.DataFrame


def normalise_modes(values: pd.Series, sizes: np.ndarray | None = None) -> ModeNormalisation:
    """Normalise a column of delivery-mode labels (see :func:`normalise_mode_label`).

    Works on the distinct values, so a million rows cost one factorisation. ``sizes``: how many
    of the file's rows each value stands for (the mapping's ``rows``; one each when None).
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = [normalise_mode_label(u) for u in uniques]
    categories = sorted({label for label, _ in results if label is not None})
    position = {label: i for i, label in enumerate(categories)}
    label_code = np.array([position.get(label, -1) for label, _ in results] + [-1])
    reason_of = np.array([r[1] for r in results] + [MISSING], dtype=object)
    labels = pd.Series(pd.Categorical.from_codes(label_code[codes], categories=categories),
                       index=values.index)
    reasons = pd.Series(reason_of[codes], index=values.index, dtype=object)
    if sizes is None:
        counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
        n_missing = int((codes < 0).sum())
    else:
        counts = np.bincount(codes[codes >= 0], weights=sizes[codes >= 0],
                             minlength=len(uniques)).astype(np.int64)
        n_missing = int(sizes[codes < 0].sum())
    records = [{"original": printable(u, 200), "mode": r[0] or "", "rows": int(c)}
               for u, r, c in zip(uniques, results, counts)]
    if n_missing:
        records.append({"original": "(empty)", "mode": "", "rows": n_missing})
    mapping = pd.DataFrame(records, columns=["original", "mode", "rows"])
    mapping = mapping.sort_values(["mode", "rows"], ascending=[True, False], ignore_index=True)
    return ModeNormalisation(labels, reasons, mapping)


def too_many_labels(norm: ModeNormalisation, column: str | None) -> Issue | None:
    """The error ``too_many_mode_labels`` when the column has more than ``MAX_MODE_LABELS``
    distinct modes (after normalisation), saying when they are numbers (a column of counts)."""
    labels = [str(label) for label in norm.labels.cat.categories]
    if len(labels) <= MAX_MODE_LABELS:
        return None
    numbers = pd.to_numeric(pd.Series(labels), errors="coerce").notna().mean() >= 0.9
    shown = ", ".join(printable(label, 20) for label in labels[:5])
    reading = ("they are numbers, so this looks like a column of counts or scores" if numbers
               else "it looks like ids, dates or free text")
    return issue("too_many_mode_labels", column=column, values=tuple(
        printable(label, 40) for label in labels[:10]), count=len(labels),
        examples=f"such as {shown}", limit=MAX_MODE_LABELS, reading=reading)
