"""Wide count files (analysis/data/wide.py): one column of counts per mode, recognised and
reshaped to one row per mode, which analyses as the equivalent long file does."""

import io
import json

import numpy as np
import pandas as pd
import pytest

from analysis.data.loading import read_table
from analysis.data.roles import detect_roles
from analysis.data.wide import (
    detect_wide_modes,
    mode_of_name,
    parse_wide_modes,
    reshape_wide,
    table_roles,
)
from analysis.errors import DataError
from tests.helpers import ROOT, codes, dataset_from_bytes, issue, run_cli

WIDE = ("month,site,f2f_sessions,online_sessions,phone_sessions\n"
        "2024-01,North,12,30,5\n"
        "2024-02,North,10,,7\n"
        "2024-01,South,8,22,0\n")
LONG = ("month,site,mode,sessions\n"
        "2024-01,North,f2f,12\n2024-01,North,online,30\n2024-01,North,phone,5\n"
        "2024-02,North,f2f,10\n2024-02,North,phone,7\n"
        "2024-01,South,f2f,8\n2024-01,South,online,22\n2024-01,South,phone,0\n")
MODES = {"f2f_sessions": "f2f", "online_sessions": "online", "phone_sessions": "phone"}

REAL = ROOT.parent / "shared" / "real-data" / "nhstt"
PROVIDER = REAL / "nhstt_provider_monthly_mode_and_outcomes_2024-25.csv"


def test_names_that_speak_of_a_mode():
    assert mode_of_name("M1001_faceto_face_appts_count") == "face-to-face"
    assert mode_of_name("M1002_telephone_appts_count") == "phone"
    assert mode_of_name("M1008_cons_medium_other_appts_count") == "other"
    assert mode_of_name("M1018_cons_medium_video_consult_appts_count") == "video"
    assert mode_of_name("M1019_cons_medium_message_board_appts_count") == "message board"
    assert mode_of_name("Online sessions") == "online"
    assert mode_of_name("M1009_cons_medium_unknown_appts_count") is None  # not a mode
    assert mode_of_name("satisfaction") is None and mode_of_name("M086_appts_count") is None


def test_a_wide_file_is_recognised_and_a_long_one_is_not():
    wide = read_table(WIDE.encode(), "wide.csv").frame
    assert detect_wide_modes(wide) == {"f2f_sessions": "face-to-face",
                                       "online_sessions": "online", "phone_sessions": "phone"}
    assert detect_wide_modes(read_table(LONG.encode(), "long.csv").frame) == {}
    text = wide.assign(online_sessions=["many", "30", "2"])  # not counts
    assert "online_sessions" not in detect_wide_modes(text)
    negative = wide.assign(phone_sessions=[-1, 2, 3])
    assert "phone_sessions" not in detect_wide_modes(negative)


def test_the_reshape_is_the_long_file():
    table = reshape_wide(read_table(WIDE.encode(), "wide.csv"), MODES)
    long = read_table(LONG.encode(), "long.csv").frame
    frame = table.frame
    assert list(frame.columns) == ["month", "site", "mode", "sessions"]
    assert frame["mode"].tolist() == long["mode"].tolist()
    assert frame["sessions"].tolist() == long["sessions"].astype(float).tolist()
    assert frame["site"].tolist() == long["site"].tolist()
    info = table.reshaped
    assert (info.n_rows_before, info.n_rows_after, info.n_empty) == (3, 8, 1)
    assert info.count_column == "sessions"  # named after the unit the columns count
    assert "3 rows became 8; 1 empty cells give no row" in table.describe()


def test_the_reshaped_file_analyses_as_the_long_file():
    reshaped = reshape_wide(read_table(WIDE.encode(), "wide.csv"), MODES)
    roles = table_roles(reshaped)
    assert (roles.mode, roles.count) == ("mode", "sessions")
    from analysis.data.dataset import Preparation, prepare_dataset

    wide = prepare_dataset(reshaped.frame, Preparation(roles))
    long = dataset_from_bytes(LONG, "long.csv", roles={"count": "sessions"})
    assert long.roles.mode == "mode"
    assert wide.unit == long.unit == "sessions"
    assert wide.n_usable == long.n_usable == 94
    assert wide.modes == long.modes == ["online", "face-to-face", "phone"]
    pd.testing.assert_frame_equal(wide.mode_mapping, long.mode_mapping)


def test_parse_wide_modes_and_bad_columns():
    assert parse_wide_modes("a=online, b = face-to-face") == {"a": "online",
                                                              "b": "face-to-face"}
    assert parse_wide_modes("x=y=online,z=f2f") == {"x=y": "online", "z": "f2f"}
    for bad in ("a", "a=", "=online", "a=online,a=f2f"):
        with pytest.raises(DataError) as refused:
            parse_wide_modes(bad)
        assert refused.value.code == "bad_option"
    table = read_table(WIDE.encode(), "wide.csv")
    with pytest.raises(DataError, match="has no column 'video_sessions'") as missing:
        reshape_wide(table, {"video_sessions": "video", "f2f_sessions": "f2f"})
    assert missing.value.code == "no_such_column"
    with pytest.raises(DataError, match="'site' cannot be reshaped as counts") as text:
        reshape_wide(table, {"site": "online", "f2f_sessions": "f2f"})
    assert text.value.code == "wide_not_numeric"
    with pytest.raises(DataError, match="two or more columns"):
        reshape_wide(table, {"f2f_sessions": "f2f"})


def test_a_numeric_column_is_never_guessed_as_the_mode():
    frame = pd.DataFrame({"consultation_medium": np.arange(30) * 5.0, "n": np.ones(30)})
    assert detect_roles(frame).mode is None
    codes_only = pd.DataFrame({"mode": ["1", "2", "1"], "score": [3, 4, 5]})
    assert detect_roles(codes_only).mode is None
    assert detect_roles(pd.DataFrame({"mode": ["online", "f2f"]})).mode == "mode"


def test_the_wide_columns_are_named_in_a_note():
    dataset = dataset_from_bytes(WIDE, "wide.csv")
    assert dataset.roles.mode is None and "no_mode_column" in codes(dataset)
    note = issue(dataset, "wide_count_columns")
    assert "'f2f_sessions', 'online_sessions', 'phone_sessions'" in note.message
    assert ('--wide-modes "f2f_sessions=face-to-face,online_sessions=online,'
            'phone_sessions=phone"') in note.action


def test_more_than_twenty_mode_labels_is_flagged():
    labels = [f"{5 * i}.0" for i in range(25)]
    text = "mode_count_as_mode,n\n" + "".join(f"{m},1\n" for m in labels)
    dataset = dataset_from_bytes(text, "x.csv", roles={"mode": "mode_count_as_mode"})
    flagged = issue(dataset, "too_many_mode_labels")
    assert flagged.severity == "error" and "25 different labels" in flagged.message
    assert "they are numbers, so this looks like a column of counts" in flagged.message
    assert "--wide-modes" in flagged.action
    assert "too_many_modes" not in codes(dataset)  # said once
    words = "mode,n\n" + "".join(f"label {i},1\n" for i in range(21))
    assert "ids, dates or free text" in issue(dataset_from_bytes(words),
                                              "too_many_mode_labels").message
    few = "mode,n\n" + "".join(f"label {i},1\n" for i in range(13))
    assert "too_many_mode_labels" not in codes(dataset_from_bytes(few))
    assert "too_many_modes" in codes(dataset_from_bytes(few))


def test_the_cli_reshapes_and_refuses_plainly(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(WIDE)
    run = run_cli(["validate", str(path), "--format", "json", "--wide-modes",
                   "f2f_sessions=f2f,online_sessions=online,phone_sessions=phone"])
    out = json.loads(run.stdout)
    assert out["roles"]["mode"] == "mode" and out["roles"]["count"] == "sessions"
    assert out["reading"]["reshaped"]["n_rows_after"] == 8 and out["n_usable"] == 94
    for argv, message in (
            (["--wide-modes", "video_sessions=video,f2f_sessions=f2f"],
             "has no column 'video_sessions'"),
            (["--wide-modes", "site=online,f2f_sessions=f2f"], "cannot be reshaped as counts"),
            (["--wide-modes", "f2f_sessions"], "is not COLUMN=MODE"),
            (["--header-row", "12"], "row 12 cannot hold the column names")):
        run = run_cli(["validate", str(path), *argv])
        assert run.exit_code == 2 and run.problem() is None, (argv, run.problem())
        assert message in run.stderr and run.stderr.count("\n") == 1
    report = run_cli(["report", str(path), "--groups", "online,face-to-face", "--wide-modes",
                      "f2f_sessions=f2f,online_sessions=online,phone_sessions=phone"])
    assert report.exit_code == 2 and "No outcome column" in report.stderr  # counts only


@pytest.mark.skipif(not PROVIDER.exists(), reason="shared/real-data is not beside this checkout")
def test_the_nhs_provider_file_end_to_end(tmp_path):
    """The provider file: one column of appointments per consultation medium. Alone, no count
    column is taken for the mode and the note names the reshape; reshaped, each medium's
    appointments are the column's total."""
    data = PROVIDER.read_bytes()
    raw = pd.read_csv(io.BytesIO(data))
    plain = run_cli(["validate", str(PROVIDER), "--format", "json"])
    out = json.loads(plain.stdout)
    assert plain.exception is None and out["roles"]["mode"] is None
    assert "wide_count_columns" in {i["code"] for i in out["issues"]}
    found = detect_wide_modes(read_table(data, PROVIDER.name).frame)
    assert found["M1001_faceto_face_appts_count"] == "face-to-face"
    assert found["M1002_telephone_appts_count"] == "phone"
    assert found["M1018_cons_medium_video_consult_appts_count"] == "video"
    assert "M086_appts_attended_count" not in found  # the total of every medium
    spec = ",".join(f"{c}={m}" for c, m in found.items())
    run = run_cli(["validate", str(PROVIDER), "--format", "json", "--wide-modes", spec])
    assert run.exception is None and run.exit_code in (0, 2)
    out = json.loads(run.stdout)
    assert (out["roles"]["mode"], out["roles"]["count"]) == ("mode", "appointments")
    assert out["unit"] == "appointments"
    codes_found = {i["code"] for i in out["issues"]}
    assert not codes_found & {"too_many_mode_labels", "too_many_modes", "no_mode_column"}
    modes = {m["mode"] for m in out["mode_mapping"]}
    assert {"face-to-face", "phone", "video"} <= modes and len(modes) == len(found)
    assert out["n_usable"] == int(raw[list(found)].sum().sum())
    assert out["reading"]["reshaped"]["n_rows_before"] == len(raw) == 1692


@pytest.mark.skipif(not PROVIDER.exists(), reason="shared/real-data is not beside this checkout")
def test_the_data_page_reshapes_the_nhs_provider_file():
    from tests.test_app import start, texts, upload, widget

    at = start("app_pages/data.py")
    upload(at, "provider.csv", PROVIDER.read_bytes())
    assert widget(at, "selectbox", "Delivery mode").value is None
    chosen = widget(at, "multiselect", "Columns of counts, one per mode")
    assert "M1001_faceto_face_appts_count" in chosen.value
    chosen.set_value(["M1001_faceto_face_appts_count", "M1002_telephone_appts_count",
                      "M1018_cons_medium_video_consult_appts_count"]).run()
    widget(at, "text_input", "Mode counted in 'M1018_cons_medium_video_consult_appts_count'"
           ).set_value("video call").run()
    widget(at, "button", "Reshape to one row per mode").click().run()
    assert not at.exception
    assert widget(at, "selectbox", "Delivery mode").value == "mode"
    assert widget(at, "selectbox", "Count (clients per row)").value == "appointments"
    assert "reshaped from 3 columns of counts per mode" in texts(at)
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    raw = pd.read_csv(PROVIDER)
    shown = {m.label.replace("\\", ""): m.value for m in at.metric}
    assert shown["video"] == f"{int(raw['M1018_cons_medium_video_consult_appts_count'].sum()):,}"
    at.switch_page("app_pages/data.py").run()
    widget(at, "button", "Undo the reshape").click().run()
    assert not at.exception and widget(at, "selectbox", "Delivery mode").value is None


def test_the_data_page_refuses_a_column_that_is_not_counts():
    from tests.test_app import start, upload, widget

    at = start("app_pages/data.py")
    upload(at, "wide.csv", WIDE.encode())
    chosen = widget(at, "multiselect", "Columns of counts, one per mode")
    assert chosen.value == ["f2f_sessions", "online_sessions", "phone_sessions"]
    chosen.set_value(["site", "f2f_sessions"]).run()
    widget(at, "text_input", "Mode counted in 'site'").set_value("online").run()
    widget(at, "button", "Reshape to one row per mode").click().run()
    assert not at.exception
    assert any("'site' cannot be reshaped as counts" in e.value for e in at.error)
    assert widget(at, "selectbox", "Delivery mode").value is None  # the file as it was read
