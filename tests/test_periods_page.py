"""Periods compared on the Trends page: the numbers are compare_periods', and hiding withholds
what a hidden count would give away."""

from analysis.data.bundled import load_sample
from analysis.periods import compare_periods
from reports import privacy
from reports.blocks import Hidden, Paragraph, Table
from reports.context import Context
from reports.sections import periods
from tests.test_app import start, widget
from tests.test_app_pages import find


def test_the_trends_page_compares_the_last_two_periods():
    at = start("app_pages/trends.py")
    widget(at, "selectbox", "Periods").select("quarter").run()
    assert not at.exception
    chosen = widget(at, "multiselect", "Compare").value
    assert len(chosen) == 2
    found = compare_periods(load_sample().frame, "quarter:" + ",".join(chosen))
    shares = find(at, "% of the period's clients")
    first = next(s for s in found.shares if s.period == chosen[0] and s.group == "online")
    row = shares[(shares["period"] == chosen[0]) & (shares["mode"] == "online")].iloc[0]
    assert row["% of the period's clients"] == f"{100 * first.share:.1f}%"
    x = found.chi_square
    assert any(f"chi-square({x.df}, N = {x.n:,}) = {x.statistic:.2f}" in c.value
               for c in [*at.markdown, *at.code])
    changes = find(at, "change")
    assert len(changes) == len(found.changes)


def test_the_periods_of_the_sample_data():
    sample = load_sample()
    ctx = Context(sample, sample.frame)
    assert periods.available(ctx, "year") == ["2024", "2025"]
    assert periods.available(ctx, "fy")[0] == "2023/24"


def test_hiding_withholds_small_counts_and_the_chi_square():
    sample = load_sample()
    frame = sample.frame[sample.frame["site"] == "Riverside"]
    ctx = Context(sample, frame, k=20)
    present = periods.available(ctx, "quarter")
    built = privacy.protect(periods.section(ctx, "quarter", present[:3]), 20)
    shares = next(b for b in built.blocks if isinstance(b, Table) and b.key == "period_shares")
    hidden = [row for row in shares.rows if isinstance(row[2], Hidden)]
    assert hidden and all(isinstance(v, Hidden) for row in hidden for v in row[3:])
    text = " ".join(b.text for b in built.blocks if isinstance(b, Paragraph))
    assert "chi-square of mode by period is not shown" in text


def test_every_mode_under_k_shows_nothing():
    sample = load_sample()
    frame = sample.frame[sample.frame["site"] == "Riverside"]
    ctx = Context(sample, frame, k=500)
    built = periods.section(ctx, "year", ["2024", "2025"])
    assert [b.kind for b in built.blocks] == ["info"] and not built.tables


def test_the_outcome_per_period_is_each_periods_descriptives():
    from analysis.descriptives import describe_outcome
    from analysis.periods import period_labels

    sample = load_sample()
    found = compare_periods(sample.frame, "year", scale=(8, 32))
    labels, _ = period_labels(sample.frame["date"], "year")
    for o in found.outcomes:
        part = sample.frame[(labels == o.period).to_numpy(dtype=bool)]
        same = describe_outcome(part, groups=[o.summary.group], scale=(8, 32)).groups[0]
        assert o.summary == same


def test_the_outcome_per_period_is_withheld_when_a_difference_would_give_a_count_away():
    sample = load_sample()
    frame = sample.frame[sample.frame["site"] == "Riverside"]
    shown = periods.section(Context(sample, frame), "year", ["2024", "2025"])
    assert any(isinstance(b, Table) and b.key == "period_outcomes" for b in shown.blocks)
    hidden = periods.section(Context(sample, frame, k=50), "year", ["2024", "2025"])
    assert not any(isinstance(b, Table) and b.key == "period_outcomes" for b in hidden.blocks)
    assert any("per period is not shown" in b.text for b in hidden.blocks
               if isinstance(b, Paragraph))
