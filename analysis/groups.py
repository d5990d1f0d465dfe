"""The groups a page compares: how many clients each has, which two are compared by default,
and whether their outcome is a rating scale."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: At most this many distinct whole-number scores make an outcome a rating scale.
RATING_SCALE_MAX_SCORES = 11


def group_sizes(data: pd.DataFrame) -> dict[str, int]:
    """Clients (summed weights) per group in the ``mode`` column, largest first, then by name;
    rows without a usable mode or count are not counted."""
    usable = data[data["mode"].notna() & (data["weight"] > 0)]
    totals = usable.groupby("mode", observed=True)["weight"].sum()
    return {str(m): int(n) for m, n in sorted(totals.items(), key=lambda i: (-i[1], str(i[0])))
            if n > 0}


def default_groups(groups: list[str]) -> tuple[str, str] | None:
    """Online vs face-to-face when both are there; else a group vs face-to-face; else the first
    two (largest) groups; None with fewer than two.

    >>> default_groups(["face-to-face", "video", "online"])
    ('online', 'face-to-face')
    >>> default_groups(["video", "chat"])
    ('video', 'chat')
    """
    if "online" in groups and "face-to-face" in groups:
        return "online", "face-to-face"
    others = [g for g in groups if g != "face-to-face"]
    if "face-to-face" in groups and others:
        return others[0], "face-to-face"
    return (groups[0], groups[1]) if len(groups) >= 2 else None


def is_rating_scale(samples: dict[str, tuple[np.ndarray, np.ndarray]]) -> bool:
    """Whether every group's values are whole numbers with at most ``RATING_SCALE_MAX_SCORES``
    distinct scores (a 1–5 or 0–10 rating), so a stacked share-per-score chart suits it."""
    return bool(samples) and all(
        len(values) <= RATING_SCALE_MAX_SCORES and bool((np.asarray(values) % 1 == 0).all())
        for values, _ in samples.values())
