"""The Adjusted comparison page in AppTest: it renders the analysis's numbers, the weights and
covariates change them, a covariate that decides the mode gives a plain note while the rest
still renders, and small-count hiding withholds the numbers of a small data set."""

import numpy as np
import pandas as pd

from analysis.adjusted import adjusted_comparison
from analysis.data.bundled import load_sample
from tests.test_app import start, texts, upload, widget
from tests.test_app_pages import find, hide

PAGE = "app_pages/adjusted.py"
GROUPS = ("online", "face-to-face")


def estimates(at) -> pd.DataFrame:
    return find(at, "how").set_index("estimate")


def test_the_page_shows_the_adjusted_analysis():
    at = start(PAGE)
    assert not at.error
    r = adjusted_comparison(load_sample().frame, groups=GROUPS, clusters=("counselor",))
    table = estimates(at)
    assert table.loc["raw", "online − face-to-face"] == f"{r.raw.estimate:.2f}"
    assert table.loc["weighted (overlap)", "online − face-to-face"] == f"{r.adjusted.estimate:.2f}"
    assert table.loc["doubly robust", "online − face-to-face"] == \
        f"{r.propensity.doubly_robust.estimate:.2f}"
    headers = [h.value.replace("\\", "") for h in at.header]
    assert "Balance: are the groups alike after weighting?" in headers
    assert "Overlap: are there comparable clients?" in headers
    assert len(at.get("plotly_chart")) == 3  # estimates, love plot, overlap
    balance = find(at, "SMD before")
    assert len(balance) == len(r.propensity.balance)
    clusters = find(at, "errors")
    assert set(clusters["errors"]) >= {"clients independent (HC3)", "CR2, Satterthwaite df"}
    text = texts(at)
    assert r.evalue.text in text
    assert "N = 1,331 of 1,500 clients" in text
    assert any("Li, Morgan & Zaslavsky 2018" in c.value for c in at.code)
    for frame in (d.value for d in at.dataframe):
        assert not frame.astype(str).isin(["None", "nan", "NaN", "<NA>"]).any().any()


def test_the_weights_and_the_covariates_change_the_estimate():
    at = start(PAGE)
    overlap = estimates(at).iloc[1]["online − face-to-face"]
    widget(at, "radio", "Weights").set_value("ate").run()
    assert not at.exception
    ate = estimates(at)
    assert "weighted (ATE)" in ate.index
    expected = adjusted_comparison(load_sample().frame, groups=GROUPS, estimand="ate")
    assert ate.loc["weighted (ATE)", "online − face-to-face"] == f"{expected.adjusted.estimate:.2f}"
    assert ate.loc["weighted (ATE)", "online − face-to-face"] != overlap
    widget(at, "multiselect", "Adjust for").set_value(["site"]).run()
    assert list(find(at, "SMD before")["covariate"]) == ["site: Central", "site: North",
                                                          "site: Riverside"]  # every level


def _frame(n: int = 120, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    mode = np.where(np.arange(n) % 2 == 0, "online", "face-to-face")
    return pd.DataFrame({
        "mode": mode, "satisfaction": rng.integers(8, 33, n),
        "age": rng.integers(18, 70, n), "site": rng.choice(["North", "South"], n),
        # every online client is a woman, every face-to-face one a man: gender decides the mode
        "gender": np.where(mode == "online", "woman", "man"),
    })


def test_a_covariate_constant_within_a_mode_gives_a_note_and_the_rest_renders():
    at = upload(start(), "separated.csv", _frame().to_csv(index=False).encode())
    at.switch_page(PAGE).run()
    assert not at.exception and not at.error
    notes = " ".join(i.value.replace("\\", "") for i in at.info)
    assert "Propensity weighting:" in notes and "gender" in notes
    assert list(estimates(at).index) == ["raw"]  # no weighted estimate, the raw one stays
    headers = [h.value.replace("\\", "") for h in at.header]
    assert "The ratings as ordered categories" in headers
    assert "What could not run and why" in headers


def test_small_count_hiding_withholds_the_numbers_of_a_small_data_set():
    frame = _frame(200).drop(columns="gender")
    frame.loc[[0, 2, 4], "site"] = "East"  # three online clients at a third site
    at = upload(start(), "small.csv", frame.to_csv(index=False).encode())
    at.switch_page(PAGE).run()
    assert "how" in find(at, "how").columns
    hide(at, 10)
    assert not at.exception
    text = " ".join(i.value.replace("\\", "") for i in at.info)
    assert ("Not shown while small counts are hidden: online has fewer than 10 clients with "
            "site 'East'") in text
    assert "Leave site out of the covariates to see the rest." in text
    assert not any("how" in d.value.columns for d in at.dataframe)
    assert len(at.get("plotly_chart")) == 0
    widget(at, "multiselect", "Adjust for").set_value(["age"]).run()
    assert "how" in find(at, "how").columns  # without site, nothing rests on a small count
