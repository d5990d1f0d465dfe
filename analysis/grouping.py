"""What the groups are: delivery modes, or online channels beside face-to-face."""

from __future__ import annotations

import pandas as pd

from analysis.errors import DataError

BY_MODE = "mode"
BY_CHANNEL = "channel"
#: The column :func:`with_groups` adds for ``by="channel"``.
CHANNEL_GROUP = "channel_group"


def with_groups(data: pd.DataFrame, by: str = BY_MODE) -> tuple[pd.DataFrame, str]:
    """``data`` with a column holding the groups to compare, and that column's name (the
    ``group=`` argument of the analyses).

    ``by="mode"``: the ``mode`` column itself, ``data`` unchanged. ``by="channel"``: a
    ``channel_group`` column is added in which online clients are grouped by their online
    channel (video, chat, phone) and other clients keep their mode, so channels are compared
    with face-to-face; online clients without a channel form the group "online (no channel)".
    The ``mode`` column is left as it is.
    """
    if by == BY_MODE:
        return data, "mode"
    if by != BY_CHANNEL or "channel" not in data.columns:
        raise DataError("Groups are delivery modes ('mode'), or online channels ('channel') "
                        "when the data have a channel column.", "bad_grouping")
    mode = data["mode"].astype("string")
    channel = data["channel"].astype("string").fillna("online (no channel)")
    groups = mode.where(mode != "online", channel)
    return data.assign(**{CHANNEL_GROUP: pd.Categorical(groups)}), CHANNEL_GROUP
