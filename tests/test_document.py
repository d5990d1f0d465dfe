"""The full report (HTML, Markdown, Word) for the sample data and a messy upload."""

import functools
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document as WordDocument

from analysis.data.bundled import load_sample, sample_path
from analysis.data.loading import read_path
from reports import document
from tests.helpers import ROOT, dataset_from_bytes, run_cli

GROUPS = ("online", "face-to-face")


@functools.cache
def full():
    """The whole report of the sample, built once for the tests that only read it."""
    return build()


def build(sections=None, threshold=None, name="counseling_episodes"):
    dataset = load_sample(name)
    table = read_path(sample_path(name))
    return document.build_document(dataset, dataset.frame, table.to_dict(),
                                   sections=sections or list(document.SECTIONS), groups=GROUPS,
                                   margin=1.5, threshold=threshold, filters=("site: North",))


def test_every_chosen_section_is_in_every_format():
    doc = full()
    html, md = document.to_html(doc), document.to_markdown(doc)
    for number, (key, title) in enumerate(document.SECTIONS.items(), start=1):
        assert f"<section class='chapter' id='{key}'><h2>{number}. {title}</h2>" in html
        assert f"## {number}. {title}" in md
    assert "<h2>Methods</h2>" in html and "Welch&#x27;s t-test" in html
    assert "not effects of the mode" in html and "not effects of the mode" in md
    assert "Welch&#x27;s t(1170.5) = -2.96" in html
    assert "The margin is 1/16 of the 8–32 scale" in html  # the default keeps its origin
    only = build(sections=["problems"])
    assert [c.key for c in only.chapters] == ["problems"]
    assert "Welch's t-test:" not in " ".join(only.methods)


def test_provenance_is_correct():
    doc = full()
    items = dict(doc.provenance.rows)
    assert items["SHA-256 of the file"] == hashlib.sha256(sample_path().read_bytes()).hexdigest()
    assert items["Rows read"] == "1,500"
    assert items["Filters"] == "site: North"
    assert items["Small-count hiding"] == "off"
    assert "scipy" in items["Software"] and "pandas" in items["Software"]
    assert items["Clients used: Satisfaction total"] == "1,357"


def test_html_is_self_contained_and_prints_a_section_per_page():
    html = document.to_html(build(sections=["satisfaction"]))
    assert "<script src" not in html and "<link" not in html  # nothing loaded from elsewhere
    assert "Plotly.newPlot" in html and "page-break-before: always" in html
    assert "figure.table { margin: 0.5em 0 1.2em; break-inside: avoid" in html  # no lone caption


def test_suppression_is_honoured_in_every_format():
    doc = build(sections=["problems", "satisfaction"], threshold=20)
    html, md = document.to_html(doc), document.to_markdown(doc)
    word = WordDocument(io.BytesIO(document.to_docx(doc)))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    for text in (html, md):
        assert "&lt;20" in text or "\\<20" in text
    assert "<20" in cells
    assert "counts under 20 hidden" in html


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="charts are drawn into the .docx by kaleido "
                    "with Debian's Chromium, which is not installed here")
def test_docx_holds_the_charts_as_pictures():
    doc = build(sections=["satisfaction"])
    word = WordDocument(io.BytesIO(document.to_docx(doc)))
    figures = sum(isinstance(b, document.Figure) for c in doc.chapters for s in c.sections
                  for b in document._shown(s.blocks))
    assert figures >= 3 and len(word.inline_shapes) == figures
    assert any(p.text == "Figure 1" for p in word.paragraphs)


def test_docx_opens_and_holds_the_tables():
    word = WordDocument(io.BytesIO(document.to_docx(full())))
    assert len(word.tables) >= 8
    first = word.tables[0]
    assert first.rows[0].cells[0].text == "item"
    assert any("Table 1" in p.text for p in word.paragraphs)
    assert any(run.italic and "not effects of the mode" in run.text
               for p in word.paragraphs for run in p.runs)
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "1. Data and exclusions" in headings and "Methods" in headings


def test_a_messy_upload_reports_and_escapes_user_text():
    data = (b"mode;satisfaction;problem\n<b>online</b>;30;<script>alert(1)</script>\nF2F;28;a\n"
            b"F2F;20;a\n<b>online</b>;12;a\nF2F;25;<script>alert(1)</script>\n")
    dataset = dataset_from_bytes(data, "messy.csv")
    doc = document.build_document(dataset, dataset.frame,
                                  {"file_name": "messy.csv", "sha256": "x", "n_rows": 5},
                                  sections=list(document.SECTIONS), groups=("<b>online</b>",
                                                                            "face-to-face"))
    html = document.to_html(doc)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    trends = next(c for c in doc.chapters if c.key == "trends")
    assert trends.sections[0].blocks[0].text == "Not available: the data have no date column."


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_cli_gives_the_same_report(fmt, tmp_path):
    out = tmp_path / f"report.{fmt}"
    done = subprocess.run([sys.executable, "-m", "analysis", "report", str(sample_path()),
                           "--groups", "online,face-to-face", "--format", fmt, "--output",
                           str(out), "--suppress", "20"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert hashlib.sha256(sample_path().read_bytes()).hexdigest() in text
    assert "counts under 20 hidden" in text


def test_cli_docx_needs_an_output_file(tmp_path):
    argv = ["report", str(sample_path()), "--groups", "online,face-to-face", "--format", "docx"]
    done = run_cli(argv)
    assert done.exit_code == 2 and "--output" in done.stderr
    out = tmp_path / "r.docx"
    done = run_cli([*argv, "--output", str(out)])
    assert done.exit_code == 0, done.stderr
    assert WordDocument(str(out)).tables


def test_suppression_keeps_a_small_group_out_of_the_report_comparison():
    doc = build(sections=["satisfaction"], threshold=700)  # 586 online clients have a score
    texts = [b.text for s in doc.chapters[0].sections for b in s.blocks if hasattr(b, "text")]
    assert any(t.startswith("Not compared") for t in texts)
    assert any("Not shown while small counts are hidden: online" in t for t in texts)
    assert not any("Welch's t(" in t for t in texts)
