"""Which other columns are offered as yes/no outcomes and as categories by mode."""

from analysis.data.bundled import load_sample
from analysis.variables import binary_columns, category_columns, levels
from tests.helpers import dataset_from_bytes


def test_the_sample_offers_completion_and_its_categories():
    frame = load_sample().frame
    assert binary_columns(frame) == ("completed",)
    assert category_columns(frame) == ("site", "counselor", "gender", "channel", "completed")
    assert levels(frame, "completed") == ["completed", "dropped out"]


def test_numbers_are_categories_only_with_two_values_and_levels_are_weighted():
    frame = dataset_from_bytes(
        "mode,satisfaction,recovered,sessions,status,count\n"
        "online,4,0,3,finished,1\nonline,5,1,5,left early,4\nF2F,3,1,8,finished,1\n"
        "F2F,2,,12,never started,1\n").frame
    assert binary_columns(frame) == ("recovered",)
    assert category_columns(frame) == ("recovered", "status")
    assert levels(frame, "recovered") == ["1", "0"]  # 5 clients vs 1; read as 0/1, not 0.0
    assert levels(frame, "status") == ["left early", "finished", "never started"]


def test_a_column_of_one_value_or_of_ids_is_not_offered():
    rows = "".join(f"online,{i},c{i},same\n" for i in range(40))
    frame = dataset_from_bytes("mode,satisfaction,note,constant\n" + rows).frame
    assert category_columns(frame) == ()
