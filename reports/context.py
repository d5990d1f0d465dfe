"""What the section builders work on: the prepared data, the rows after filters, the unit, the
small-count threshold, and how analyses are run (memoised by the app, direct in scripts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.formats import pretty_label


def run_directly(fn: Callable, frame: pd.DataFrame, **kwargs):
    return fn(frame, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class Context:
    """The rows every section of one page or report describes.

    Attributes
    ----------
    dataset : Dataset
    frame : DataFrame
        The dataset's rows after the filters.
    filters : tuple of str
        The active filters, described.
    k : int or None
        Small-count threshold (None: nothing hidden).
    runner : callable
        ``runner(fn, frame, **kwargs)`` computes ``fn(frame, **kwargs)``; the app memoises it.
    """

    dataset: Dataset
    frame: pd.DataFrame
    filters: tuple[str, ...] = ()
    k: int | None = None
    runner: Callable = run_directly

    def run(self, fn: Callable, **kwargs):
        """``fn(frame, **kwargs)`` through the runner (memoised in the app)."""
        return self.runner(fn, self.frame, **kwargs)

    @property
    def unit(self) -> str:
        """What a row (or a count) stands for, plural: clients, appointments, referrals, …"""
        return getattr(self.dataset, "unit", None) or "clients"

    @property
    def outcome_label(self) -> str:
        return pretty_label(self.dataset.outcome_label)

    def label(self, outcome: str) -> str:
        """The name of an outcome column as people read it."""
        return self.outcome_label if outcome == "outcome" else pretty_label(outcome)
