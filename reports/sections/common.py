"""Pieces every section builder uses: the exclusions note, the analyses' cached entry points."""

from __future__ import annotations

from analysis.data.exclusions import Exclusions
from reports.blocks import Paragraph


def exclusions_note(exclusions: Exclusions, unit: str = "clients") -> Paragraph:
    """The N an analysis used and what it left out, by reason (rows and what they stand for)."""
    return Paragraph(exclusions.text(unit), "note")
