"""Figures: what was seen broken stays fixed (box plots at one position, log-axis ticks without
their "0.", titles over legends), colours keep one meaning, charts do not grow with rows, and
user labels are inert."""

import json

import numpy as np
import pandas as pd
import pytest

from analysis.data.bundled import load_sample
from analysis.data.dataset import frame_from_columns
from analysis.data.group_samples import outcome_samples
from analysis.descriptives import describe_outcome
from reports import charts
from reports.style import MODE_COLOURS, SIGNIFICANT, TEMPLATE, colour_map


@pytest.fixture(scope="module")
def samples():
    return outcome_samples(load_sample().frame)[0]


def test_box_plots_sit_at_one_position_per_group(samples):
    fig = charts.distribution_chart(samples, "box", outcome_label="Satisfaction")
    positions = [tuple(trace.x) for trace in fig.data]
    assert positions == [("face-to-face",), ("online",)]  # not both at x = 0
    assert [t.marker.color for t in fig.data] == [MODE_COLOURS["face-to-face"],
                                                  MODE_COLOURS["online"]]


def test_violins_sit_at_distinct_positions(samples):
    fig = charts.distribution_chart(samples, "violin", outcome_label="Satisfaction")
    centres = [np.mean(trace.x) for trace in fig.data]
    assert centres[0] == pytest.approx(0, abs=0.05) and centres[1] == pytest.approx(1, abs=0.05)
    assert list(fig.layout.xaxis.ticktext) == ["face-to-face", "online"]


def test_log_axis_ticks_are_whole_numbers():
    fig = charts.forest_chart(["a", "b", "c"], [0.45, 1.3, 2.2], [0.4, 0.9, 1.5],
                              [0.6, 1.9, 3.1], reference=1, log_x=True, title="t", x_title="OR")
    text = list(fig.layout.xaxis.ticktext)
    assert "0.5" in text and "1" in text and "2" in text
    assert all(t.replace(".", "", 1).isdigit() for t in text)
    assert [float(t) for t in text] == list(fig.layout.xaxis.tickvals)


def test_an_infinite_odds_ratio_runs_to_the_edge_of_the_axis():
    fig = charts.forest_chart(["rare"], [np.inf], [0.43], [np.inf], reference=1, log_x=True,
                              title="t", x_title="OR")
    trace = fig.data[0]
    assert np.isfinite(trace.x).all() and np.isfinite(trace.error_x.array).all()
    assert "∞" in json.dumps(trace.customdata.tolist() if hasattr(trace.customdata, "tolist")
                             else list(trace.customdata), ensure_ascii=False)


def test_significance_is_black_not_a_mode_colour():
    fig = charts.forest_chart(["a", "b"], [1, 2], [0.5, 1.2], [2, 3], reference=1, log_x=True,
                              highlight=[False, True], title="t", x_title="OR")
    colours = {trace.name: trace.marker.color for trace in fig.data}
    assert colours["significant"] == SIGNIFICANT
    assert not set(colours.values()) & set(MODE_COLOURS.values())
    heat = charts.residual_heatmap(pd.DataFrame({"online": [2.0], "face-to-face": [-2.0]},
                                                index=["x"]))
    scale = {c for _, c in heat.data[0].colorscale}
    assert not scale & set(MODE_COLOURS.values())


def test_titles_sit_above_the_legend():
    # title anchored at the top of the figure, legend anchored above the plot: room between
    layout = TEMPLATE.layout
    assert layout.title.yref == "container" and layout.title.yanchor == "top"
    assert layout.legend.yanchor == "bottom" and layout.legend.y > 1
    assert layout.margin.t >= 90  # the title (about 30 px) and the legend (30 px) fit above


def test_means_chart_draws_each_mode_in_its_colour_with_the_ci():
    summary = describe_outcome(load_sample().frame, scale=(8, 32))
    fig = charts.means_chart(summary.groups, outcome_label="satisfaction", scale=(8, 32))
    online_mean = next(t for t in fig.data if t.name == "online mean")
    g = next(g for g in summary.groups if g.group == "online")
    assert online_mean.x[0] == g.mean
    assert online_mean.error_x.array[0] == g.mean_ci.high - g.mean
    assert online_mean.marker.color == MODE_COLOURS["online"]
    low, high = fig.layout.xaxis.range  # zoomed on the estimates, within the scale
    assert 8 <= low < 27 and 30 <= high <= 32 and high - low < 8
    assert fig.layout.xaxis.title.text == "satisfaction (scale 8–32)"


def test_hidden_problem_cells_are_not_drawn_and_leave_no_empty_row():
    pct = pd.DataFrame({"online": [20.0, None], "face-to-face": [30.0, None]}, index=["a", "b"])
    counts = pd.DataFrame({"online": [20, None], "face-to-face": [30, None]}, index=["a", "b"])
    fig = charts.problems_chart(pct, counts)
    assert all(list(trace.y) == ["a"] for trace in fig.data)


def test_charts_do_not_grow_with_rows():
    rng = np.random.default_rng(1)
    n = 200_000
    frame = frame_from_columns(rng.choice(["online", "face-to-face"], n),
                               rng.integers(8, 33, n), rng.choice(["a", "b", "c"], n))
    figs = [charts.means_chart(describe_outcome(frame).groups, outcome_label="x"),
            charts.clients_chart({"online": n // 2, "face-to-face": n // 2})]
    for fig in figs:
        assert len(json.dumps(fig.to_plotly_json(), default=str)) < 20_000


def test_unknown_modes_get_distinct_spare_colours():
    colours = colour_map(["online", "group", "email"])
    assert colours["online"] == MODE_COLOURS["online"]
    assert len(set(colours.values())) == 3


def test_user_labels_are_inert_in_charts():
    # Plotly renders a subset of HTML in labels (<b> turns bold): user text must arrive escaped
    label = "<b>online</b> %{x}"
    pct = pd.DataFrame({label: [40.0], "face-to-face": [60.0]}, index=["<i>x</i>"])
    figs = [charts.clients_chart({label: 3, "face-to-face": 4}), charts.problems_chart(pct, pct)]
    for fig in figs:
        text = json.dumps(fig.to_plotly_json(), default=str)
        assert "<b>online" not in text and "<i>x" not in text
        assert "&lt;b&gt;online&lt;/b&gt; %&#123;x&#125;" in text


def test_period_shares_sit_side_by_side_so_their_cis_do_not_overlap():
    table = pd.DataFrame({"period": ["2023/24", "2023/24", "2024/25", "2024/25"],
                          "mode": ["face-to-face", "online"] * 2,
                          "pct": [57.0, 43.0, 53.0, None],  # one share hidden
                          "low": [53.4, 39.5, 49.0, None], "high": [60.5, 46.6, 57.1, None]})
    fig = charts.period_shares_chart(table, title="Share", unit="clients")
    f2f, online = fig.data
    assert f2f.x[0] < 0 < online.x[0]  # the same period, the modes apart
    assert len(online.x) == 1  # the hidden share is not drawn
    assert list(fig.layout.xaxis.ticktext) == ["2023/24", "2024/25"]
    assert fig.layout.title.text == "Share" and f2f.line.color == MODE_COLOURS["face-to-face"]


def test_proportions_run_from_0_to_100_percent_and_skip_hidden_groups():
    table = pd.DataFrame({"group": ["online", "phone"], "n": [643, None],
                          "pct": [20.8, None], "low": [17.9, None], "high": [24.1, None]})
    fig = charts.proportions_chart(table, title="Dropped out", x_title="% dropped out")
    assert [t.name for t in fig.data] == ["online"]
    assert list(fig.layout.xaxis.range) == [0, 100]
    assert fig.data[0].error_x.array[0] == pytest.approx(24.1 - 20.8)
