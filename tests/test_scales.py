"""Outcome scales: scores computed from items and Cronbach's alpha (golden values from R)."""

import numpy as np
import pandas as pd
import pytest

from analysis.data.bundled import sample_path
from analysis.data.dataset import Preparation, prepare_dataset
from analysis.data.roles import ColumnRoles
from analysis.data.scales import ItemScoring, cronbach_alpha, score_items

ITEMS = pd.DataFrame({"a": [4, 3, 4, 2, 3, 4, 1, 3], "b": [3, 3, 4, 2, 4, 4, 2, 3],
                      "c": [4, 2, 3, 1, 3, 4, 2, 2], "d": [2, 3, 4, 2, 3, 3, 1, 3]})


def test_cronbach_alpha_matches_r():
    # R: k/(k-1) * (1 - sum(apply(items, 2, var)) / var(rowSums(items)))
    assert cronbach_alpha(ITEMS.astype(float)) == pytest.approx(0.88888888888888895, rel=1e-12)
    doubled = cronbach_alpha(ITEMS.astype(float), pd.Series([2] * 8))
    assert doubled == pytest.approx(cronbach_alpha(pd.concat([ITEMS, ITEMS]).astype(float)))


def test_item_scoring_reverse_range_and_missing_rule():
    frame = pd.DataFrame({"i1": [1, 4, 2, None, 9], "i2": [4, 1, 3, None, 2],
                          "i3": [2, 2, None, 1, 3]})
    spec = ItemScoring(("i1", "i2", "i3"), "sum", reverse=("i2",), item_min=1, item_max=4,
                       max_missing=1)
    # reverse i2: 5 - x. Row 3: two answered (2, 2) -> mean 2 * 3 = 6; row 4: two missing -> NaN;
    # row 5: i1 = 9 out of range -> missing, (3 + 3) / 2 * 3 = 9
    assert score_items(frame, spec).tolist()[:3] == [4.0, 10.0, 6.0]
    assert np.isnan(score_items(frame, spec).iloc[3])
    assert score_items(frame, spec).iloc[4] == 9.0
    assert spec.score_range == (3, 12)
    with pytest.raises(ValueError):
        ItemScoring(("i1",))


def test_item_scoring_in_the_dataset_reports_alpha_per_mode():
    raw = pd.read_csv(sample_path())
    spec = ItemScoring(tuple(f"sat_{i}" for i in range(1, 9)), max_missing=1)
    scored = prepare_dataset(raw, Preparation(ColumnRoles(mode="delivery_mode"), scoring=spec))
    assert set(scored.alpha_by_mode) == {"online", "face-to-face"}
    assert all(0.7 < a < 1 for a in scored.alpha_by_mode.values())
    # one missing item is prorated, so more clients have a score than a complete total
    assert scored.frame["outcome"].notna().sum() > raw["satisfaction_total"].notna().sum()
    assert scored.scale == (8, 32)
    assert any(i.code == "too_many_missing_items" for i in scored.validation.issues)
