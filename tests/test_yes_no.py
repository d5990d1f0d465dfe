"""Yes/no outcomes on their page and in their sections: the numbers are compare_binary's, the
event can be chosen, and small-count hiding withholds every statistic of a hidden count."""

from analysis.binary import compare_binary
from analysis.data.bundled import load_sample
from reports import privacy
from reports.blocks import Hidden, Paragraph, Table
from reports.context import Context
from reports.sections import binary
from tests.helpers import dataset_from_bytes
from tests.test_app import start, texts, widget
from tests.test_app_pages import find

GROUPS = ("online", "face-to-face")


def lead(at) -> str:
    """The answers in words (pages draw a lead paragraph as a success box)."""
    return " ".join(e.value for e in at.success).replace("\\", "")


def test_the_page_shows_each_mode_and_the_comparison():
    at = start("app_pages/yes_no.py")
    r = compare_binary(load_sample().frame, "completed", "dropped out", groups=GROUPS)
    shares = find(at, "with 'dropped out'")
    online = shares[shares["group"] == "online"].iloc[0]
    assert (online["clients"], online["with 'dropped out'"]) == ("643", "134")
    assert online["%"] == f"{100 * r.by_group['online'].proportion:.1f}%"
    stats = find(at, "statistic")
    rd = stats[stats["statistic"].str.startswith("Risk difference")].iloc[0]
    assert rd["value"] == f"{100 * r.comparison.risk_difference.value:.2f}"
    assert "7.2 percentage points more among online clients" in lead(at)
    assert "nan" not in stats.to_string() and "None" not in stats.to_string()


def test_choosing_the_other_level_and_swapping_the_groups():
    at = start("app_pages/yes_no.py")
    widget(at, "selectbox", "Counted as the event").select("completed").run()
    assert find(at, "with 'completed'") is not None
    widget(at, "selectbox", "Group A").select("face-to-face").run()
    widget(at, "selectbox", "Group B").select("online").run()
    assert not at.exception
    assert "7.2 percentage points more among face-to-face clients" in lead(at)


def test_a_file_without_a_yes_no_column_says_so():
    from tests.test_app import upload

    at = start()
    upload(at, "plain.csv", b"mode,satisfaction\nonline,4\nF2F,5\nonline,3\nF2F,2\n")
    at.switch_page("app_pages/yes_no.py").run()
    assert not at.exception
    assert any("no column with two values" in i.value for i in at.info)


SMALL = ("mode,recovered,count\nonline,yes,3\nonline,no,40\nF2F,yes,25\nF2F,no,30\n"
         "phone,yes,2\nphone,no,2\n")


def built(k):
    dataset = dataset_from_bytes(SMALL)
    ctx = Context(dataset, dataset.frame, k=k)
    shares = privacy.protect(binary.shares_section(ctx, "recovered", "yes"), k)
    compared = privacy.protect(binary.comparison_section(ctx, "recovered", "yes", GROUPS), k)
    return shares, compared


def test_hiding_withholds_the_small_count_and_everything_computed_from_it():
    shares, compared = built(5)
    table = next(b for b in shares.blocks if isinstance(b, Table))
    rows = {row[0]: row for row in table.rows}
    assert "phone" not in rows  # 4 clients: the group is left out
    assert isinstance(rows["online"][2], Hidden) and str(rows["online"][2]) == "<5"
    assert all(isinstance(v, Hidden) for v in rows["online"][3:])  # its % and CI
    assert not isinstance(rows["face-to-face"][2], Hidden)  # 25: never "<5"
    text = " ".join(b.text for b in compared.blocks if isinstance(b, Paragraph))
    assert "Not shown while small counts are hidden" in text and "%" not in text


def test_without_hiding_every_number_is_shown():
    shares, compared = built(None)
    table = next(b for b in shares.blocks if isinstance(b, Table))
    assert not any(isinstance(v, Hidden) for row in table.rows for v in row)
    assert any(isinstance(b, Paragraph) and b.kind == "lead" for b in compared.blocks)


def test_the_overview_reads_the_first_yes_no_outcome():
    at = start()
    assert "Dropped out: 20.8% of online clients" in texts(at)
    dataset = dataset_from_bytes(SMALL)
    from reports.sections import overview

    hidden = overview.headline_sections(Context(dataset, dataset.frame, k=5))[0]
    assert not any(isinstance(b, Paragraph) and "Yes:" in b.text for b in hidden.blocks)
    shown = overview.headline_sections(Context(dataset, dataset.frame))[0]
    assert any(isinstance(b, Paragraph) and b.text.startswith("Yes: ") for b in shown.blocks)
