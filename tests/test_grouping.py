"""Groups other than the delivery mode (online channels beside face-to-face) are a column of
their own, passed to the analyses as ``group=``; the ``mode`` column is never overwritten."""

import pandas as pd
import pytest

from analysis.compare import analyse_problems, compare_modes, compare_outcome
from analysis.data.bundled import load_sample
from analysis.data.group_samples import outcome_samples
from analysis.descriptives import describe_outcome
from analysis.errors import DataError
from analysis.grouping import CHANNEL_GROUP, with_groups
from analysis.results import json_ready, to_plain
from tests.helpers import dataset_from_bytes

CSV = ("delivery_mode,online_channel,satisfaction,problem\n"
       "online,video,4,anxiety\nonline,video,5,depression\nonline,chat,3,anxiety\n"
       "online,chat,2,anxiety\nonline,,4,stress\nface-to-face,,5,anxiety\n"
       "face-to-face,,3,depression\nface-to-face,,4,anxiety\n,video,1,anxiety\n")


def channels():
    return dataset_from_bytes(CSV).frame


def test_by_mode_leaves_the_frame_as_it_is():
    frame = channels()
    data, group = with_groups(frame, "mode")
    assert data is frame and group == "mode"


def test_by_channel_adds_a_column_and_keeps_the_mode():
    frame = channels()
    data, group = with_groups(frame, "channel")
    assert group == CHANNEL_GROUP
    pd.testing.assert_series_equal(data["mode"], frame["mode"])
    assert data[group].astype(str).tolist()[:8] == [
        "video", "video", "chat", "chat", "online (no channel)", "face-to-face",
        "face-to-face", "face-to-face"]
    assert "mode" in frame.columns and CHANNEL_GROUP not in frame.columns


def test_channel_groups_equal_the_modes_they_would_be():
    """Comparing channel groups gives what comparing a mode column holding them gives, and the
    row without a mode is left out (and counted) either way."""
    data, group = with_groups(channels(), "channel")
    as_modes = data.assign(mode=data[group].where(data["mode"].notna()))
    by_group = compare_outcome(data, groups=("chat", "face-to-face"), group=group)
    by_mode = compare_outcome(as_modes, groups=("chat", "face-to-face"))
    assert json_ready(to_plain(by_group)) == json_ready(to_plain(by_mode))
    summary = describe_outcome(data, group=group)
    # largest first, then by name
    assert [g.group for g in summary.groups] == ["face-to-face", "chat", "video",
                                                 "online (no channel)"]
    assert summary.exclusions.dropped == (("mode missing", 1, 1),)
    samples, _ = outcome_samples(data, group=group)
    assert set(samples) == {"video", "chat", "online (no channel)", "face-to-face"}
    omnibus = compare_modes(data, group=group)
    assert set(omnibus.groups) == {"video", "chat", "face-to-face"}


def test_problems_by_channel_group():
    data, group = with_groups(channels(), "channel")
    result = analyse_problems(data, sep=None, groups=("video", "face-to-face"), group=group)
    assert result.table.counts.to_dict() == {"video": {"anxiety": 1, "depression": 1},
                                             "face-to-face": {"anxiety": 2, "depression": 1}}


def test_channel_grouping_needs_a_channel_column():
    frame = load_sample().frame.drop(columns="channel")
    with pytest.raises(DataError) as error:
        with_groups(frame, "channel")
    assert error.value.code == "bad_grouping"
