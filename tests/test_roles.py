"""Column roles detected from names; delivery-mode labels normalised."""

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analysis.data.modes import normalise_mode_label, normalise_modes
from analysis.data.roles import ColumnRoles, detect_roles, suggest_item_columns
from analysis.data.scales import ItemScoring, declared_scale, detect_scale, items_scale
from analysis.data.units import UNITS, resolve_unit


@pytest.mark.parametrize("raw, expected", [
    ("F2F", "face-to-face"), ("In person", "face-to-face"), ("in-person", "face-to-face"),
    ("Face to face", "face-to-face"), ("face-to-face", "face-to-face"),
    ("FACE_TO_FACE", "face-to-face"),
    ("Online", "online"), ("ONLINE ", "online"), ("  online", "online"),
    ("Phone", "phone"), ("Video", "video"), ("Chat", "chat"), ("Group Room", "group room"),
    ("online\x00", "online"), ("on\u200bline", "online"), ("\ufeffF2F", "face-to-face"),
    ("face\nto face", "face-to-face"),
])
def test_mode_spellings(raw, expected):
    assert normalise_mode_label(raw) == (expected, None)


@pytest.mark.parametrize("raw, reason", [
    (None, "missing"), ("", "missing"), ("   ", "missing"), (float("nan"), "missing"),
    ("Unknown", "unknown label"), ("?", "unknown label"), ("Unknown/invalid", "unknown label"),
    ("Total", "total row"), ("ALL attended appointments (M086)", "total row"),
    ("\x00", "missing"), ("\u200b", "missing"),
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


# ---- the outcome's scale, recognised in the column name and the values -------------------------

@pytest.mark.parametrize("values, column, expected", [
    ([9, 20, 32], "satisfaction_total", (8, 32)),       # the sample: one end of the CSQ-8 reached
    ([8, 32], "satisfaction", (8, 32)),
    ([10, 31], "csq8_total", (8, 32)),                   # named: no end needs to be reached
    ([4, 12], "satisfaction", (3, 12)),                  # CSQ-3, unambiguous
    ([1, 5], "rating", (1, 5)), ([2, 3, 5], "rating", (1, 5)),
    ([1, 7], "score", (1, 7)), ([0, 10], "score", (0, 10)),
    ([1, 10], "score", (1, 10)), ([0, 100], "score", (0, 100)), ([3, 100], "score", (0, 100)),
    ([2, 4], "rating_1_5", (1, 5)), ([3, 6], "score (0-10)", (0, 10)),
])
def test_scale_is_detected_when_unambiguous(values, column, expected):
    scale = detect_scale(values, column)
    assert scale is not None and scale.range == expected and scale.source == "detected"


@pytest.mark.parametrize("values, column", [
    ([1, 4], "rating"),          # 1-5, 1-7 and 1-10 fit equally well
    ([3, 10], "satisfaction"),   # 3-12, 1-10 and 0-10 each reach one end
    ([0, 1], "score"),           # 0-10 and 0-100
    ([0, 7], "score"),           # 0-10 and 0-100 again
    ([5, 10], "score"),          # 1-10 and 0-10
    ([8, 9], "satisfaction"),    # reaches 8 of 8-32 but spans too little of it
    ([0, 50], "score"),          # half of 0-100 only
    ([20, 20, 20], "rating"),    # no spread
    ([1.5, 4.5], "rating"),      # not whole numbers
    ([7, 40], "satisfaction"),   # fits no known scale
    ([1, 4, 10], "sessions_attended"), ([1, 5], "age"), ([0, 10], "waiting_days"),
    ([], "rating"), ([float("nan"), float("inf")], "rating"),
])
def test_scale_is_never_guessed(values, column):
    assert detect_scale(values, column) is None


def test_scale_origins_are_short_phrases():
    assert detect_scale([9, 32], "satisfaction_total").origin == (
        "detected from the values (9–32 observed; a CSQ-8 total)")
    assert detect_scale([10, 31], "CSQ-8 total").origin.startswith("detected from the column name")
    assert declared_scale((1, 5)).origin == "declared as the valid range"
    spec = ItemScoring(tuple(f"sat_{i}" for i in range(1, 9)), item_min=1, item_max=4)
    assert items_scale(spec).range == (8, 32)
    assert items_scale(spec).origin == "from the item scoring (sum of 8 items scored 1–4)"


#: Values around a known scale, one end reached (often detected, sometimes rightly not).
near_a_scale = st.sampled_from([(1, 5), (1, 7), (0, 10), (1, 10), (0, 100), (8, 32), (3, 12)]
                               ).flatmap(lambda r: st.tuples(
                                   st.lists(st.integers(r[0] - 1, r[1] + 1), min_size=1,
                                            max_size=40),
                                   st.sampled_from(r))).map(lambda t: [*t[0], t[1]])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(near_a_scale)
def test_a_detected_scale_holds_every_value_and_reaches_an_end(values):
    scale = detect_scale(values, "rating")
    assume(scale is not None)
    assert scale.low <= min(values) and max(values) <= scale.high
    assert min(values) == scale.low or max(values) == scale.high
    assert (max(values) - min(values)) > (scale.high - scale.low) / 2


# ---- the unit: what a row (or a count) stands for ----------------------------------------------

@pytest.mark.parametrize("roles, unit", [
    (ColumnRoles(mode="consultation_medium", count="appointments"), "appointments"),
    (ColumnRoles(mode="mode", count="n_appts"), "appointments"),
    (ColumnRoles(mode="mode", count="Referrals received"), "referrals"),
    (ColumnRoles(mode="mode", client_id="episode_id"), "episodes"),
    (ColumnRoles(mode="mode", count="sessions"), "sessions"),
    (ColumnRoles(mode="mode", count="clients"), "clients"),
    (ColumnRoles(mode="mode", count="n"), "clients"),
    (ColumnRoles(mode="mode", count="referrals", client_id="episode_id"), "referrals"),
    (ColumnRoles(mode="mode"), "clients"),
])
def test_unit_is_guessed_from_the_count_then_the_id_column(roles, unit):
    assert resolve_unit(roles).plural == unit


def test_unit_chosen_by_the_user_wins_and_is_checked():
    chosen = resolve_unit(ColumnRoles(mode="mode", count="appointments"), "episodes")
    assert (chosen.plural, chosen.singular, chosen.origin) == ("episodes", "episode", "set by you")
    assert chosen.count(1) == "1 episode" and chosen.count(1500) == "1,500 episodes"
    with pytest.raises(ValueError, match="unit must be one of"):
        resolve_unit(ColumnRoles(), "visits")
    assert set(UNITS) == {"clients", "episodes", "appointments", "referrals", "sessions"}
