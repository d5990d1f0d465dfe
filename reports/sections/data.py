"""Sections about the data themselves: the columns used, how each delivery-mode label was read,
and the data problems found."""

from __future__ import annotations

import pandas as pd

from reports.blocks import Column, CountTable, Paragraph, SectionBuilder, Table
from reports.context import Context

NOT_A_MODE = "(not a mode)"


def roles_table(ctx: Context) -> Table:
    rows = tuple((role, column) for role, column in ctx.dataset.roles.mapped().items())
    return Table("columns_used", "Columns used", (Column("role"), Column("column")), rows)


def mapping_section(ctx: Context):
    """Each label of the mode column, the mode it was read as, and its rows. A label's count
    is protected like any other: its mode's total is known, so a small label hides a second."""
    mapping = ctx.dataset.mode_mapping
    section = SectionBuilder("mode_mapping", "How each delivery-mode label was read", level=3)
    if mapping.empty:
        return section.add(Paragraph("No delivery-mode column is mapped.", "note")).build()
    keys = [f"{i}:{label}" for i, label in enumerate(mapping["original"])]
    modes = [m if m else NOT_A_MODE for m in mapping["mode"].astype(str)]
    columns = list(dict.fromkeys(modes))
    counts = pd.DataFrame(0, index=keys, columns=columns)
    for key, mode, n in zip(keys, modes, mapping["rows"]):
        counts.at[key, mode] = int(n)
    table = CountTable("mode_labels", counts, row_totals=False)
    rows = tuple((label, "" if mode == NOT_A_MODE else mode, table.cell(key, mode))
                 for key, label, mode in zip(keys, mapping["original"], modes))
    section.uses(table).add(Table("mode_mapping", "How each delivery-mode label was read",
                                  (Column("label in the file"), Column("read as"),
                                   Column("rows", "int")), rows))
    return section.build()


def problems_table(ctx: Context) -> Table | Paragraph:
    """The validation report as a table (with small counts hidden: how many issues only, since
    the messages name exact counts and row numbers)."""
    report = ctx.dataset.validation
    if not report.issues:
        return Paragraph("No data problems were found.")
    if ctx.k:
        return Paragraph(f"{len(report.errors)} error(s) and {len(report.warnings)} warning(s) "
                         "were found; their details name exact counts and row numbers, so they "
                         "are not listed while small counts are hidden.", "note")
    frame = report.to_frame()
    columns = tuple(c for c in ("severity", "column", "rows", "problem", "what to do", "affects")
                    if (frame[c] != "").any())  # no empty column
    return Table("validation_report",
                 "Data problems found (row numbers count the header as row 1)",
                 tuple(Column(c) for c in columns),
                 tuple(tuple(row) for row in frame[list(columns)].itertuples(index=False)))


def data_section(ctx: Context):
    """The report's "Data and exclusions" section."""
    section = SectionBuilder("data", "Data and exclusions")
    section.add(roles_table(ctx))
    mapping = mapping_section(ctx)
    section.uses(*mapping.tables).add(*mapping.blocks)
    section.add(problems_table(ctx))
    return section.build()
