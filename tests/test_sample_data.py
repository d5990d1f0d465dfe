"""The bundled sample: generate.py rewrites it byte for byte, and it has the therapist effect
sample_data/README.md documents (so clustering visibly matters on it)."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from analysis.stats.clustering import clustered_comparison

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLE / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generate_rewrites_the_bundled_files_byte_for_byte(generate):
    frame = generate.generate()
    assert frame.to_csv(index=False).encode() == (SAMPLE / "counseling_episodes.csv").read_bytes()
    messy = generate.messy_export(frame).to_csv(index=False, sep=";", lineterminator="\r\n")
    assert "\ufeff".encode() + messy.encode() == (SAMPLE / "messy_export.csv").read_bytes()


def test_the_counselor_effect_is_as_documented():
    data = pd.read_csv(SAMPLE / "counseling_episodes.csv").dropna(subset=["satisfaction_total"])
    out = clustered_comparison(data["satisfaction_total"], data["delivery_mode"] == "online",
                               data["counselor_id"], cluster_name="counselor")
    assert round(out.icc.icc, 3) == 0.074 and out.icc.n_clusters == 15
    assert round(out.ci_width_ratio, 2) == 1.36
    assert [round(v, 2) for v in (*out.cr2.ci.to_list(), *out.independent.ci.to_list())] == [
        -1.47, -0.08, -1.29, -0.26]
    text = (SAMPLE / "README.md").read_text()
    assert "0.074" in text and "36% wider" in text and "[−1.47, −0.08]" in text


def test_counselors_differ_in_how_much_online_work_they_do():
    data = pd.read_csv(SAMPLE / "counseling_episodes.csv")
    online = (data["delivery_mode"] == "online").groupby(data["counselor_id"]).mean()
    assert round(online.min(), 2) == 0.18 and online.idxmin() == "C07"
    assert round(online.max(), 2) == 0.69 and online.idxmax() == "C06"
