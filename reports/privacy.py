"""Small-count hiding, one rule applied once: with threshold k, nothing shown or exported lets
anyone work out a count below k.

Three mechanisms, all decided here:

* **Groups below k are out of scope.** A delivery mode (or channel) with fewer than k clients
  in an analysis is left out of it entirely — not shown, not counted in its totals, not compared
  (:func:`groups_in_scope`), so no total gives it away.
* **Cells of count tables are suppressed** (:func:`protect`): every count from 1 to k - 1 is
  hidden with the label "<k", and as few other counts as needed ("hidden") so that no linear
  combination of what stays visible pins it (``analysis.stats.disclosure``). Every value
  computed from a hidden count — a percentage, an odds ratio, a mean and its CI, a residual — is
  hidden with it, because table cells name the counts they come from (``reports.blocks.Cell``).
* **Distributions are pooled** (:func:`pooled_samples`): adjacent scores are drawn together until
  every bar holds 0 or at least k clients of each group.

Tests run from rows still outside the hidden cells only: rows of a table with a hidden cell are
pooled (:func:`hidden_rows`) before a chi-square, and are not tested one by one.
Counts of rows left out for a missing or invalid value describe the data's quality, not a group
of clients, and stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

import numpy as np

from analysis.stats.disclosure import Protection, pool_values, protect_counts
from reports.blocks import (
    Cell,
    CountTable,
    Figure,
    Hidden,
    Metric,
    Metrics,
    Ref,
    Section,
    Table,
    Tabs,
)


def groups_in_scope(sizes: Mapping[str, float], k: int | None, *,
                    partition: list[str] | None = None) -> tuple[list[str], list[str]]:
    """The groups shown and the groups left out, each in the order of ``sizes``.

    Shown: groups with clients, and with at least ``k`` when hiding. ``partition`` names groups
    that together make up a total shown elsewhere (the online channels make up the online mode):
    among them, enough others are left out too that a left-out group's size cannot be worked out
    as that total minus the rest (the same audit as for table cells).
    """
    shown = [g for g, n in sizes.items() if n > 0 and (k is None or n >= k)]
    parts = [g for g in (partition or []) if sizes.get(g, 0) > 0]
    if k is not None and len(parts) > 1:
        column = np.array([[sizes[g]] for g in parts], dtype=float)
        hidden = protect_counts(column, k, row_totals=False, grand_total=False).cells[:, 0]
        shown = [g for g in shown if g not in {p for p, h in zip(parts, hidden) if h}]
    left_out = [g for g, n in sizes.items() if n > 0 and g not in shown]
    return shown, left_out


def left_out_note(groups: list[str], k: int | None, unit: str = "clients") -> str:
    """The sentence saying which groups small-count hiding left out (never their sizes)."""
    if not groups or k is None:
        return ""
    return (f"Not shown while small counts are hidden: {', '.join(groups)} (fewer than {k} "
            f"{unit}, or a group whose size would give such a one away).")


def notes(k: int | None, left_out: list[str], unit: str, *, drawn: str) -> list[str]:
    """What small-count hiding did to a section, in words: the groups left out, and how counts
    are shown (``drawn`` says what a chart does with them)."""
    if k is None:
        return []
    lines = [left_out_note(left_out, k, unit)] if left_out else []
    lines.append(f"Counts under {k} are shown as <{k}; a few others are hidden so that those "
                 f"cannot be worked out from the totals. {drawn}")
    return lines


@lru_cache(maxsize=256)
def _protection(key: tuple, k: int) -> Protection:
    _, shape, data, rows, cols, grand = key
    counts = np.frombuffer(data, dtype=np.int64).reshape(shape)
    return protect_counts(counts, k, row_totals=rows, col_totals=cols, grand_total=grand)


def protection(table: CountTable, k: int) -> Protection:
    """The cells and margins of ``table`` to hide at threshold ``k`` (cached)."""
    counts = np.ascontiguousarray(table.counts.to_numpy(dtype=np.int64))
    key = (table.key, counts.shape, counts.tobytes(), table.row_totals, table.col_totals,
           table.grand_total)
    return _protection(key, k)


def hidden_labels(table: CountTable, k: int) -> dict[Ref, str]:
    """Each hidden count of ``table``: "<k" when it is below k, else "hidden"."""
    p = protection(table, k)
    rows, cols = list(table.counts.index), list(table.counts.columns)
    r, c = len(rows), len(cols)
    hidden = p.hidden
    labels = {}
    for i in range(r + 1):
        for j in range(c + 1):
            if hidden[i, j]:
                ref = table.ref(rows[i] if i < r else None, cols[j] if j < c else None)
                labels[ref] = f"<{k}" if p.primary[i, j] else "hidden"
    return labels


def hidden_rows(table: CountTable, k: int | None, columns: list[str] | None = None) -> list[str]:
    """Rows of ``table`` with a hidden cell (in ``columns``, or any) or a hidden row total."""
    if k is None:
        return []
    p = protection(table, k)
    cols = list(table.counts.columns)
    pick = [cols.index(c) for c in (columns or cols)]
    rows = p.cells[:, pick].any(axis=1) | p.rows
    return [str(label) for label, hide in zip(table.counts.index, rows) if hide]


def protect(section: Section, k: int | None) -> Section:
    """``section`` with every hidden count, and every value computed from one, withheld."""
    if k is None or not section.tables:
        return section
    labels: dict[Ref, str] = {}
    for table in {t.key: t for t in section.tables}.values():
        labels.update(hidden_labels(table, k))
    if not labels:
        return section
    return replace(section, blocks=tuple(_block(b, labels) for b in section.blocks))


def _value(value, labels: dict[Ref, str]):
    if not isinstance(value, Cell) or not value.refs:
        return value
    hit = [ref for ref in value.refs if ref in labels]
    if not hit:
        return value
    if value.count is not None and labels.get(value.count, "").startswith("<"):
        return Hidden(labels[value.count])
    return Hidden("hidden")


def _table(table: Table, labels: dict[Ref, str]) -> Table:
    return replace(table, rows=tuple(tuple(_value(v, labels) for v in row) for row in table.rows))


def _block(block, labels: dict[Ref, str]):
    if isinstance(block, Table):
        return _table(block, labels)
    if isinstance(block, Figure) and block.data is not None:
        return replace(block, data=_table(block.data, labels))
    if isinstance(block, Metrics):
        return Metrics(tuple(replace(m, value=_value(m.value, labels)) for m in block.items))
    if isinstance(block, Metric):
        return replace(block, value=_value(block.value, labels))
    if isinstance(block, Tabs):
        return replace(block, panes=tuple(tuple(_block(b, labels) for b in pane)
                                          for pane in block.panes))
    return block


def pooled_samples(samples: dict[str, tuple[np.ndarray, np.ndarray]], k: int | None
                   ) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], list[tuple[float, float]]]:
    """Each group's (values, counts) with adjacent scores pooled so that no drawn count is
    below ``k``; a value stands for its bin (the bin's lowest and highest score are returned
    too, to label it). Without ``k`` the samples come back as they are, one bin per value."""
    if k is None:
        values = sorted({float(v) for x, _ in samples.values() for v in x})
        return samples, [(v, v) for v in values]
    bins = pool_values(samples, k)
    lows = np.array([b[0] for b in bins])
    pooled = {}
    for group, (values, counts) in samples.items():
        index = np.searchsorted(lows, np.asarray(values, float), side="right") - 1
        totals = np.bincount(index, weights=counts, minlength=len(bins))
        centre = np.array([(lo + hi) / 2 for lo, hi in bins])
        keep = totals > 0
        pooled[group] = (centre[keep], totals[keep])
    return pooled, bins
