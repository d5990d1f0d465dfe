"""No figure's JSON grows with the number of rows: every chart at 1,000,000 rows stays under
300 KB (a size check, not a timing)."""

import json

import numpy as np
import pytest

from analysis.compare import analyse_problems, compare_outcome
from analysis.data.dataset import frame_from_columns
from analysis.data.group_samples import outcome_samples
from analysis.descriptives import describe_outcome
from analysis.problems import problem_table
from analysis.subgroups import compare_within_problems
from analysis.trends import monthly
from reports import charts

LIMIT = 300_000
N = 1_000_000


@pytest.fixture(scope="module")
def large():
    rng = np.random.default_rng(3)
    dates = np.datetime64("2024-01-01") + rng.integers(0, 730, N).astype("timedelta64[D]")
    return frame_from_columns(rng.choice(["online", "face-to-face", "phone"], N),
                              rng.normal(27, 4, N),  # continuous: a million distinct values
                              rng.choice([f"problem {i}" for i in range(12)], N), date=dates)


def size(fig) -> int:
    return len(json.dumps(fig.to_plotly_json(), default=str))


def test_every_chart_stays_small(large):
    samples, _ = outcome_samples(large)
    groups = ("online", "face-to-face")
    result = compare_outcome(large, groups=groups, margin=1)
    problems = analyse_problems(large, sep=None, groups=groups)
    table = problem_table(large, sep=None)
    rows = compare_within_problems(large, groups=groups, sep=None)
    trend, _ = monthly(large)
    figures = {
        **{kind: charts.distribution_chart(samples, kind, outcome_label="x")
           for kind in ("histogram", "box", "violin", "ecdf")},
        "means": charts.means_chart(describe_outcome(large).groups, outcome_label="x"),
        "clients": charts.clients_chart({"online": 1, "face-to-face": 2}),
        "problems": charts.problems_chart(table.percent_of_mode(), table.counts),
        "stacked": charts.problems_chart(table.percent_of_mode(), table.counts, stacked=True),
        "residuals": charts.residual_heatmap(problems.residuals),
        "odds": charts.forest_chart([r.problem for r in problems.per_problem],
                                    [r.odds_ratio for r in problems.per_problem],
                                    [r.ci.low for r in problems.per_problem],
                                    [r.ci.high for r in problems.per_problem], reference=1,
                                    title="", x_title="", log_x=True),
        "within": charts.forest_chart([r.problem for r in rows], [r.mean_diff for r in rows],
                                      [r.ci.low for r in rows], [r.ci.high for r in rows],
                                      reference=0, title="", x_title=""),
        "equivalence": charts.equivalence_chart(result.tost.mean_diff, result.tost.ci.low,
                                                result.tost.ci.high, (-1, 1), level=0.9, label=""),
        "trend": charts.trend_chart(trend, value="mean", title="", y_title=""),
    }
    sizes = {name: size(fig) for name, fig in figures.items()}
    assert max(sizes.values()) < LIMIT, sizes
