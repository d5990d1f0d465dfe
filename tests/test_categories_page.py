"""Any category by mode on the Categories page: the numbers are compare_categories', and the
problem-type sections serve any column."""

import pytest

from analysis.categories import compare_categories
from analysis.data.bundled import load_sample
from reports import privacy
from reports.blocks import Hidden, Table
from reports.context import Context
from reports.sections import problems
from tests.test_app import start, widget
from tests.test_app_pages import find

GROUPS = ("online", "face-to-face")


def test_the_page_shows_the_table_and_the_tests_of_compare_categories():
    at = start("app_pages/categories.py")
    widget(at, "selectbox", "Column").select("gender").run()
    assert not at.exception
    found = compare_categories(load_sample().frame, "gender", groups=GROUPS)
    counts = find(at, "gender")
    woman = counts[counts["gender"] == "woman"].iloc[0]
    assert woman["online"] == f"{found.counts.at['woman', 'online']:,}"
    tests = find(at, "p (Holm)")
    holm = {r.level: r.p_holm for r in found.per_level}
    for _, row in tests.iterrows():
        assert row["p (Holm)"].lstrip("< ").lstrip("0") in f"{holm[row['gender']]:.3f}" or \
            row["p (Holm)"] == "< .001"
    x = found.chi_square
    assert any(f"chi-square({x.df}, N = {x.n:,}) = {x.statistic:.2f}" in m.value.replace("\\", "")
               for m in at.markdown)


def test_the_category_sections_are_compare_categories_without_hiding():
    sample = load_sample()
    ctx = Context(sample, sample.frame)
    topic = problems.category_topic("site")
    result, _ = problems.analysis(ctx, GROUPS, topic)
    found = compare_categories(sample.frame, "site", groups=GROUPS)
    # the same tests (the table's columns may come in another order: the last digit may move)
    assert result.chi_square.statistic == pytest.approx(found.chi_square.statistic, rel=1e-12)
    assert [r.problem for r in result.per_problem] == [r.level for r in found.per_level]
    assert [r.p_holm for r in result.per_problem] == pytest.approx(
        [r.p_holm for r in found.per_level], rel=1e-12)


def test_hiding_applies_to_a_category_table():
    sample = load_sample()
    frame = sample.frame[sample.frame["site"] == "Riverside"]
    ctx = Context(sample, frame, k=40)
    section = privacy.protect(problems.table_section(ctx, topic=problems.category_topic("gender")),
                              40)
    table = next(b for b in section.blocks if isinstance(b, Table) or hasattr(b, "panes"))
    cells = [v for pane in table.panes for t in pane for row in t.rows for v in row] \
        if hasattr(table, "panes") else [v for row in table.rows for v in row]
    assert any(isinstance(v, Hidden) for v in cells)
