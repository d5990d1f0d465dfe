"""Column roles detected from names; delivery-mode labels normalised."""

import pandas as pd
import pytest

from analysis.modes import normalise_mode_label, normalise_modes
from analysis.roles import ColumnRoles, detect_roles, suggest_item_columns


@pytest.mark.parametrize("raw, expected", [
    ("F2F", "face-to-face"), ("In person", "face-to-face"), ("in-person", "face-to-face"),
    ("Face to face", "face-to-face"), ("face-to-face", "face-to-face"), ("FACE_TO_FACE", "face-to-face"),
    ("Online", "online"), ("ONLINE ", "online"), ("  online", "online"),
    ("Phone", "phone"), ("Video", "video"), ("Chat", "chat"), ("Group Room", "group room"),
])
def test_mode_spellings(raw, expected):
    assert normalise_mode_label(raw) == (expected, None)


@pytest.mark.parametrize("raw, reason", [
    (None, "missing"), ("", "missing"), ("   ", "missing"), (float("nan"), "missing"),
    ("Unknown", "unknown label"), ("?", "unknown label"), ("Unknown/invalid", "unknown label"),
    ("Total", "total row"), ("ALL attended appointments (M086)", "total row"),
])
def test_labels_that_are_not_modes(raw, reason):
    assert normalise_mode_label(raw) == (None, reason)


def test_mapping_counts_rows_per_raw_label():
    result = normalise_modes(pd.Series(["F2F", "Online ", "F2F", None, "online"]))
    mapping = {r.original: (r.mode, r.rows) for r in result.mapping.itertuples()}
    assert mapping == {"F2F": ("face-to-face", 2), "Online ": ("online", 1),
                       "online": ("online", 1), "(empty)": ("", 1)}
    assert result.labels.isna().tolist() == [False, False, False, True, False]


def test_detects_the_messy_export_names():
    frame = pd.DataFrame({"Client Ref": ["a"], "Format": ["F2F"], "Intake": ["01/02/2024"],
                          "Centre": ["North"], "Main Concern": ["Anxiety"], "CSQ Score": ["28"],
                          "Sessions": ["4"]})
    roles = detect_roles(frame)
    assert roles == ColumnRoles(mode="Format", outcome="CSQ Score", problem="Main Concern",
                                date="Intake", site="Centre", client_id="Client Ref")


def test_a_column_plays_one_role_and_ids_need_a_client_name():
    frame = pd.DataFrame({"measure_id": ["M1"], "consultation_medium": ["Video"],
                          "appointments": [5.0]})
    roles = detect_roles(frame)
    assert roles.mode == "consultation_medium" and roles.count == "appointments"
    assert roles.client_id is None


def test_item_columns_are_suggested():
    cols = ["id", "sat_1", "sat_2", "sat_3", "wai1", "wai2", "age"]
    assert suggest_item_columns(cols) == {"sat": ["sat_1", "sat_2", "sat_3"]}
