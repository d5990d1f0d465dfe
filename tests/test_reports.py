"""Figures and tables built from analysis results."""

import json

import numpy as np
import pandas as pd

from analysis.dataset import frame_from_columns
from analysis.descriptives import describe_outcome
from analysis.problems import problem_table
from analysis.sample import load_sample
from reports.charts import clients_chart, means_chart, problems_chart
from reports.style import MODE_COLOURS, colour_map
from reports.tables import csv_bytes, neutralise_formulas, summary_table


def test_means_chart_draws_each_mode_in_its_colour_with_the_ci():
    ds = load_sample()
    summary = describe_outcome(ds.frame, scale_max=32)
    fig = means_chart(summary, outcome_label="satisfaction", scale=(8, 32))
    online_mean = next(t for t in fig.data if t.name == "online mean")
    g = next(g for g in summary.groups if g.group == "online")
    assert online_mean.x[0] == g.mean
    assert online_mean.error_x.array[0] == g.mean_ci.high - g.mean
    assert online_mean.marker.color == MODE_COLOURS["online"]
    assert fig.layout.xaxis.range[0] == 8


def test_charts_do_not_grow_with_rows():
    rng = np.random.default_rng(1)
    n = 200_000
    frame = frame_from_columns(rng.choice(["online", "face-to-face"], n),
                               rng.integers(8, 33, n), rng.choice(["a", "b", "c"], n))
    figs = [means_chart(describe_outcome(frame), outcome_label="x"),
            problems_chart(problem_table(frame, sep=None)),
            clients_chart({"online": n // 2, "face-to-face": n // 2})]
    for fig in figs:
        assert len(json.dumps(fig.to_plotly_json(), default=str)) < 20_000


def test_unknown_modes_get_distinct_spare_colours():
    colours = colour_map(["online", "group", "email"])
    assert colours["online"] == MODE_COLOURS["online"]
    assert len(set(colours.values())) == 3


def test_summary_table_formats_cis():
    table = summary_table(describe_outcome(load_sample().frame, scale_max=32))
    assert list(table["mode"]) == ["face-to-face", "online"]
    assert table["mean 95% CI"].iloc[0].startswith("[")
    assert "% at scale maximum" in table.columns


def test_csv_export_neutralises_formulas():
    frame = pd.DataFrame({"label": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "ok"],
                          "value": [-1, 2, 3, 4, 5],
                          "mode": pd.Categorical(["=x", "a", "a", "b", "b"])})
    safe = neutralise_formulas(frame)
    assert safe["label"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "ok"]
    assert safe["value"].tolist() == [-1, 2, 3, 4, 5]
    assert safe["mode"].tolist()[:2] == ["'=x", "a"]
    assert csv_bytes(frame).startswith(b"\xef\xbb\xbf")


def test_user_labels_are_inert_in_charts():
    # Plotly renders a subset of HTML in labels (<b> turns bold): user text must arrive escaped
    label = "<b>online</b> %{x}"
    figs = [clients_chart({label: 3, "face-to-face": 4}),
            problems_chart(problem_table(frame_from_columns([label, "F2F"], [1, 2],
                                                            ["<i>x</i>", "y"]), sep=None))]
    for fig in figs:
        text = json.dumps(fig.to_plotly_json(), default=str)
        assert "<b>online" not in text and "<i>x" not in text
        assert "&lt;b&gt;online&lt;/b&gt; %&#123;x&#125;" in text
