"""Pieces every section builder uses: the exclusions note, the analyses' cached entry points."""

from __future__ import annotations

from analysis.data.exclusions import Exclusions
from reports.blocks import Paragraph


def exclusions_note(exclusions: Exclusions, unit: str = "clients") -> Paragraph:
    """The N an analysis used and what it left out, by reason (rows and what they stand for)."""
    head = f"N = {exclusions.n_used:,} of {exclusions.n_total:,} {unit}"
    if not exclusions.dropped:
        return Paragraph(head + "; none left out.", "note")
    parts = [f"{units:,} {unit} with {reason} ({rows:,} rows)" if units != rows
             else f"{rows:,} with {reason}" for reason, rows, units in exclusions.dropped]
    return Paragraph(head + "; left out: " + ", ".join(parts) + ".", "note")
