"""Results from summary statistics equal the raw-data results on the same data."""

import math

import pytest

from analysis.compare import compare_outcome
from analysis.data.bundled import load_sample
from analysis.summary_stats import GroupMoments, compare_summaries

GROUPS = ("online", "face-to-face")


def flat(result) -> list[float]:
    out = []
    for value in (result.welch.t, result.welch.df, result.welch.p, *result.welch.ci.to_list(),
                  result.student.t, result.student.p, result.cohens_d.value,
                  *result.cohens_d.ci.to_list(), result.hedges_g.value,
                  *result.hedges_g.ci.to_list(), result.tost.p, *result.tost.ci.to_list(),
                  result.log10_bayes_factor_10):
        out.append(value)
    return out


def test_summary_statistics_reproduce_the_raw_data_results():
    frame = load_sample().frame
    raw = compare_outcome(frame, groups=GROUPS, margin=1.5)
    a, b = raw.descriptives
    summary = compare_summaries(GroupMoments("online", a.n, a.mean, a.sd),
                                GroupMoments("face-to-face", b.n, b.mean, b.sd), margin=1.5)
    for got, expected in zip(flat(summary), flat(raw), strict=True):
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_bad_summaries_are_refused():
    with pytest.raises(ValueError, match="n must be at least 2"):
        GroupMoments("a", 1, 3.0, 1.0)
    with pytest.raises(ValueError, match="SD not negative"):
        GroupMoments("a", 10, 3.0, -1.0)
    assert math.isnan(compare_summaries(GroupMoments("a", 5, 3, 0), GroupMoments("b", 5, 3, 0))
                      .welch.t)
