"""What the groups are: delivery modes, or online channels beside face-to-face."""

from __future__ import annotations

import pandas as pd

BY_MODE = "mode"
BY_CHANNEL = "channel"


def regroup(data: pd.DataFrame, by: str = BY_MODE) -> pd.DataFrame:
    """``data`` with its ``mode`` column holding the groups to compare.

    ``by="channel"``: online clients are grouped by their online channel (video, chat, phone);
    other modes keep their mode, so channels are compared with face-to-face. Online clients
    without a channel form the group "online (no channel)".
    """
    if by == BY_MODE:
        return data
    if by != BY_CHANNEL or "channel" not in data.columns:
        raise ValueError("grouping must be 'mode', or 'channel' when a channel column exists")
    mode = data["mode"].astype("string")
    channel = data["channel"].astype("string").fillna("online (no channel)")
    groups = mode.where(mode != "online", channel)
    return data.assign(mode=pd.Categorical(groups))
