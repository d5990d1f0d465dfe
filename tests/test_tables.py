"""CSV exports: formula cells neutralised, plain numbers left as numbers (issue 9)."""

import pandas as pd

from reports.tables import csv_bytes, neutralise_formulas


def test_csv_export_neutralises_formulas_but_not_numbers():
    frame = pd.DataFrame({"label": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "ok", "-0.20",
                                    "-", "-x"],
                          "value": [-1, 2, 3, 4, 5, 6, 7, 8],
                          "mode": pd.Categorical(["=x", "a", "a", "b", "b", "b", "b", "b"])})
    safe = neutralise_formulas(frame)
    assert safe["label"].tolist() == ["'=HYPERLINK(\"x\")", "+1", "-2", "'@SUM(A1)", "ok",
                                      "-0.20", "'-", "'-x"]
    assert safe["value"].tolist() == [-1, 2, 3, 4, 5, 6, 7, 8]
    assert safe["mode"].tolist()[:2] == ["'=x", "a"]
    assert csv_bytes(frame).startswith(b"\xef\xbb\xbf")
    assert b"Cohen's d,-0.20" in csv_bytes(pd.DataFrame({"a": ["Cohen's d"], "b": ["-0.20"]}))
