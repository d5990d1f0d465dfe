"""The adjusted answer on the prepared frame (analysis/adjusted.py): that it runs the tested
statistics on the right clients, says what it left out, and keeps going when a piece cannot
run. The statistics themselves are pinned against R in test_propensity, test_clustering,
test_evalue, test_ordinal and test_response; the path from a file to them in
test_adjusted_reference."""

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.adjusted import adjusted_comparison
from analysis.covariates import covariate_frame, covariate_roles
from analysis.data.bundled import load_sample
from analysis.data.dataset import frame_from_columns
from analysis.errors import DataError
from analysis.stats.clustering import clustered_comparison
from analysis.stats.propensity import covariate_matrix, propensity_comparison
from tests.helpers import run_cli

GROUPS = ("online", "face-to-face")


@pytest.fixture(scope="module")
def sample():
    return load_sample()


@pytest.fixture(scope="module")
def on_sample(sample):
    return adjusted_comparison(sample.frame, groups=GROUPS, clusters=("counselor",))


def confounded(n=600, seed=3, *, effect=-1.0, confounding=1.0, counselors=12):
    """Clients whose mode depends on age and site (with ``confounding``), seen by counselors
    with their own intercepts; some outcomes missing."""
    rng = np.random.default_rng(seed)
    age = rng.uniform(18, 70, n)
    site = rng.choice(["North", "South"], n)
    logit = confounding * ((40 - age) / 10 + 0.8 * (site == "North"))
    online = rng.random(n) < 1 / (1 + np.exp(-logit))
    counselor = rng.integers(0, counselors, n)
    y = (25 + 0.08 * age + 1.5 * (site == "North") + effect * online
         + rng.normal(0, 1.5, counselors)[counselor] + rng.normal(0, 2, n))
    y = np.clip(np.round(y), 8, 32)
    y[rng.random(n) < 0.08] = np.nan
    return frame_from_columns(np.where(online, "online", "face-to-face"), y, age=age,
                              site=site, counselor=[f"C{c}" for c in counselor])


def test_the_sample_uses_every_covariate_role_but_counselor(on_sample):
    assert on_sample.covariates == ("problem", "age", "gender", "site", "date")
    assert on_sample.estimand == "overlap" and on_sample.notes == ()


def test_every_client_in_scope_is_used_or_left_out_with_a_reason(sample, on_sample):
    e = on_sample.exclusions
    in_scope = sample.frame["mode"].isin(GROUPS)
    assert e.n_total == int(sample.frame.loc[in_scope, "weight"].sum())
    assert e.n_used + sum(clients for _, _, clients in e.dropped) == e.n_total
    assert [reason for reason, _, _ in e.dropped] == ["outcome missing", "a covariate missing"]
    assert on_sample.propensity.n_a + on_sample.propensity.n_b == e.n_used


def test_it_is_the_stats_functions_on_the_complete_cases(sample, on_sample):
    frame = sample.frame
    x = covariate_frame(frame, on_sample.covariates)
    keep = (frame["mode"].isin(GROUPS) & frame["outcome"].notna() & x.notna().all(axis=1))
    y = frame.loc[keep, "outcome"].to_numpy(float)
    a = (frame.loc[keep, "mode"] == GROUPS[0]).to_numpy()
    design = covariate_matrix(x[keep]).reset_index(drop=True)
    direct = propensity_comparison(y, a, design, labels=GROUPS)
    assert on_sample.propensity.weighted == direct.weighted
    assert on_sample.propensity.doubly_robust == direct.doubly_robust
    clusters = frame.loc[keep, "counselor"].astype(str).to_numpy()
    assert on_sample.clusters[0].comparison == clustered_comparison(
        y, a, clusters, covariates=design, cluster_name="counselor")


def test_a_cluster_role_that_is_also_a_covariate_is_the_cluster_only(sample):
    r = adjusted_comparison(sample.frame, groups=GROUPS, covariates=("age", "site"),
                            clusters=("site",))
    frame = sample.frame
    keep = frame["mode"].isin(GROUPS) & frame["outcome"].notna() & frame["age"].notna()
    a = (frame.loc[keep, "mode"] == GROUPS[0]).to_numpy()
    (site,) = r.clusters
    assert site.comparison == clustered_comparison(
        frame.loc[keep, "outcome"].to_numpy(float), a, frame.loc[keep, "site"].astype(str),
        covariates=frame.loc[keep, ["age"]].reset_index(drop=True), cluster_name="site")
    # beside a fixed effect per site the random intercept's variance would not be identified
    assert 0 <= site.comparison.mixed.between_variance < site.comparison.mixed.within_variance
    assert r.notes == ("Clustering by site: site is the cluster there, not also a covariate.",)
    assert [b.covariate for b in r.propensity.balance] == [
        "age", "site: Central", "site: North", "site: Riverside"]  # every level, weighted on


def test_a_row_without_a_cluster_label_is_a_cluster_of_its_own(sample):
    frame = sample.frame.copy()
    frame.loc[frame.index[:40], "client_id"] = None  # 40 episodes whose client is not known
    frame.loc[frame.index[40:60], "client_id"] = "CL9999"  # and 20 episodes of one client
    r = adjusted_comparison(frame, groups=GROUPS, covariates=("age",), clusters=("client_id",))
    keep = frame["mode"].isin(GROUPS) & frame["outcome"].notna() & frame["age"].notna()
    unknown = int((keep & frame["client_id"].isna()).sum())
    (client,) = r.clusters
    assert client.comparison.icc.n_clusters == keep.sum() - (keep.iloc[40:60].sum() - 1)
    assert r.notes == (f"Clustering by client: {unknown} episodes without a client id count as "
                       "clients of their own.",)


def test_odds_ratios_of_responding_name_their_reference_level(on_sample):
    terms = [o.term for o in on_sample.response.predictors]
    assert "problem type: academic (vs anxiety)" in terms  # anxiety: the most common problem
    assert "site: Central (vs North)" in terms and "gender: man (vs woman)" in terms


def test_the_raw_estimate_is_the_difference_of_means(on_sample):
    raw = on_sample.raw
    assert raw.estimate == pytest.approx(raw.mean_a - raw.mean_b, rel=1e-12)
    assert on_sample.propensity.unweighted.estimate == pytest.approx(raw.estimate, rel=1e-12)


def test_overlap_weights_balance_every_covariate_exactly(on_sample):
    worst_before = max(abs(b.smd_before) for b in on_sample.propensity.balance)
    assert worst_before > 0.3  # the sample's clients choose their mode by age
    assert max(abs(b.smd_after) for b in on_sample.propensity.balance) < 1e-8


def test_ate_weights_are_another_estimate(sample, on_sample):
    ate = adjusted_comparison(sample.frame, groups=GROUPS, estimand="ate")
    assert ate.estimand == "ate"
    assert ate.adjusted.estimate != pytest.approx(on_sample.adjusted.estimate, rel=1e-6)
    assert ate.raw == on_sample.raw


def test_the_evalue_is_of_the_weighted_estimate(on_sample):
    ev, est = on_sample.evalue, on_sample.adjusted
    assert ev.measure == "standardised mean difference"
    assert ev.estimate * (est.ci.high - est.ci.low) == pytest.approx(
        est.estimate * (ev.ci.high - ev.ci.low), rel=1e-12)  # the same SD divides both
    assert ev.evalue > 1 and "risk ratio" in ev.text


def test_non_response_counts_the_clients_without_an_outcome(sample, on_sample):
    rates = on_sample.response.rates
    frame = sample.frame[sample.frame["mode"].isin(GROUPS)]
    known = covariate_frame(frame, on_sample.covariates).notna().all(axis=1)
    assert rates.n_a + rates.n_b == known.sum()
    assert (rates.n_a + rates.n_b) - (rates.responded_a + rates.responded_b) == (
        frame["outcome"].isna() & known).sum()
    assert on_sample.response_exclusions.dropped == (
        ("a covariate missing", (~known).sum(), (~known).sum()),)


def test_the_sample_outcome_is_a_rating_so_the_ordinal_model_runs(on_sample):
    ordinal = on_sample.ordinal
    assert ordinal.model.n == on_sample.exclusions.n_used
    assert 0 < ordinal.superiority.probability < 1


def test_an_outcome_that_is_not_a_rating_gets_a_note_and_the_rest_runs():
    frame = confounded()
    frame["outcome"] = frame["outcome"] + np.linspace(0, 0.5, len(frame))
    result = adjusted_comparison(frame, groups=GROUPS)
    assert result.ordinal is None and result.propensity is not None
    assert any(n.startswith("Ordinal model: the outcome is not a rating") for n in result.notes)


def test_a_covariate_constant_within_a_mode_leaves_a_plain_note_and_the_rest_runs():
    frame = confounded()
    frame["gender"] = np.where(frame["mode"] == "online", "woman", "man")
    result = adjusted_comparison(frame, groups=GROUPS, covariates=("age", "gender"),
                                 clusters=("counselor",))
    assert result.propensity is None and result.evalue is None
    assert any("cannot be balanced on gender" in n for n in result.notes)
    assert result.clusters and result.raw.estimate == pytest.approx(
        result.raw.mean_a - result.raw.mean_b)


def test_one_counselor_is_a_note_not_an_error():
    frame = confounded().assign(counselor="C1")
    result = adjusted_comparison(frame, groups=GROUPS, clusters=("counselor",))
    assert result.clusters == () and result.propensity is not None
    assert any(n.startswith("Clustering by counselor") for n in result.notes)


def test_no_covariates_still_gives_clustering_and_response():
    result = adjusted_comparison(confounded(), groups=GROUPS, covariates=(),
                                 clusters=("counselor",))
    assert result.propensity is None and result.clusters and result.response is not None
    assert "Propensity weighting: no covariates were chosen." in result.notes


def test_wrong_names_are_plain_errors():
    frame = confounded()
    with pytest.raises(DataError, match="not a covariate") as err:
        adjusted_comparison(frame, groups=GROUPS, covariates=("shoe size",))
    assert err.value.code == "bad_covariate"
    with pytest.raises(DataError, match="Cannot cluster by client_id"):
        adjusted_comparison(frame, groups=GROUPS, clusters=("client_id",))
    with pytest.raises(DataError, match="Weights must be one of"):
        adjusted_comparison(frame, groups=GROUPS, estimand="att")


def test_covariate_roles_default_leaves_counselor_out():
    assert covariate_roles(["age", "counselor", "site", "mode"]) == ("age", "site")
    with pytest.raises(DataError, match="no date column"):
        covariate_roles(["age"], chosen=["date"])


def test_frequency_weights_count_as_clients():
    frame = confounded(300)
    doubled = pd.concat([frame, frame], ignore_index=True)
    once = adjusted_comparison(frame.assign(weight=2), groups=GROUPS, clusters=("counselor",))
    twice = adjusted_comparison(doubled, groups=GROUPS, clusters=("counselor",))
    assert once.exclusions.n_used == twice.exclusions.n_used
    for a, b in ((once.adjusted, twice.adjusted), (once.propensity.doubly_robust,
                                                   twice.propensity.doubly_robust)):
        assert a.estimate == pytest.approx(b.estimate, rel=1e-9)
    assert once.clusters[0].comparison.cr2.se == pytest.approx(
        twice.clusters[0].comparison.cr2.se, rel=1e-9)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_balance_is_better_after_weighting_on_confounded_data(seed):
    result = adjusted_comparison(confounded(seed=seed), groups=GROUPS, covariates=("age", "site"))
    for b in result.propensity.balance:
        assert abs(b.smd_after) <= abs(b.smd_before) + 1e-12


def test_without_confounding_weighted_and_raw_agree():
    """Fixed seeds (not drawn at random): the two differ by chance imbalance only."""
    shifts = []
    for seed in range(10):
        result = adjusted_comparison(confounded(2000, seed, confounding=0.0), groups=GROUPS,
                                     covariates=("age", "site"))
        raw, weighted = result.raw, result.adjusted
        assert raw.ci.low < weighted.estimate < raw.ci.high
        shifts.append(weighted.estimate - raw.estimate)
    assert abs(np.mean(shifts)) < 0.05


def test_with_confounding_the_weighted_estimate_is_nearer_the_truth():
    hits = 0
    for seed in range(8):
        result = adjusted_comparison(confounded(1500, seed, confounding=1.5), groups=GROUPS,
                                     covariates=("age", "site"))
        hits += abs(result.adjusted.estimate + 1) < abs(result.raw.estimate + 1)
    assert hits >= 7


def json_report(*options):
    from analysis.data.bundled import sample_path

    run = run_cli(["report", str(sample_path()), "--groups", "online,face-to-face", *options])
    assert run.problem() is None, run.problem()
    return run


def test_the_json_adjusted_block_is_the_analysis(on_sample):
    run = json_report("--cluster", "counselor")
    block = json.loads(run.stdout)["adjusted"]
    assert list(block) == ["groups", "covariates", "estimand", "exclusions", "raw", "propensity",
                           "overlap", "evalue", "clusters", "response", "response_exclusions",
                           "ordinal", "notes"]
    assert block["propensity"]["weighted"]["estimate"] == pytest.approx(
        on_sample.adjusted.estimate, rel=1e-12)
    assert block["clusters"]["counselor"]["cr2"]["df"] == pytest.approx(
        on_sample.clusters[0].comparison.cr2.df, rel=1e-12)
    assert "outcome" in json.loads(run.stdout) and "fitted" not in block["propensity"]["model"]


def test_weights_ate_and_covariates_choose_the_block():
    block = json.loads(json_report("--weights", "ate", "--covariates", "age,site").stdout)
    assert block["adjusted"]["estimand"] == "ate"
    assert block["adjusted"]["covariates"] == ["age", "site"]
    assert block["adjusted"]["clusters"] == {}
    assert block["outcome"]["adjusted"]["covariates"] == ["age", "site"]


def test_the_text_report_prints_the_adjusted_answer_of_the_same_run():
    from analysis import apa

    options = ("--cluster", "counselor,site", "--weights", "ate", "--covariates", "age,problem")
    block = json.loads(json_report(*options).stdout)["adjusted"]
    lines = json_report(*options, "--format", "text").stdout.splitlines()
    weighted = block["propensity"]["weighted"]
    assert any(f"the weighted difference was {apa.num(weighted['estimate'])}, 95% CI "
               f"[{apa.num(weighted['ci'][0])}, {apa.num(weighted['ci'][1])}]" in line
               for line in lines)
    assert any("inverse-probability (ATE) weights" in line for line in lines)
    site = block["clusters"]["site"]
    assert any(line.startswith("Clustering by site (3 clusters") and
               f"t({site['cr2']['df']:.1f})" in line for line in lines)
    assert set(site["notes"]) <= set(lines)  # "x% wider" and "Only 3 sites: ..."
    assert any(line.startswith("Only 3 sites") for line in lines)
    n = block["exclusions"]["n_used"]
    assert lines[-2].startswith(f"Adjusted comparison: N = {n:,} of 1,500 clients; left out: ")
    n = block["response_exclusions"]["n_used"]
    assert lines[-1].startswith(f"Non-response analysis: N = {n:,} of 1,500 clients")
    assert any(line.startswith("Adjusting for age and problem type changes") for line in lines)


def test_the_readme_shows_the_text_output_as_it_is():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    shown = readme[readme.index("--cluster counselor --format text\n"):].split("\n\n")[0]
    lines = [line.strip() for line in shown.splitlines()[2:]]  # after the command and "..."
    assert len(lines) >= 4
    out = json_report("--cluster", "counselor", "--format", "text").stdout.splitlines()
    assert set(lines) <= set(out)


def test_the_document_chapter_follows_the_adjustment_options():
    chosen = json_report("--format", "markdown", "--cluster", "site", "--weights", "ate",
                         "--covariates", "age").stdout
    chapter = chosen[chosen.index("Adjusted comparison\n"):]
    assert "| weighted (ATE) |" in chapter and "| weighted (overlap) |" not in chapter
    assert "| site | CR2, Satterthwaite df |" in chapter and "| counselor |" not in chapter
    assert "from a logistic propensity model of mode on age, the weighted" in chapter
    unclustered = json_report("--format", "markdown", "--weights", "ate").stdout
    chapter = unclustered[unclustered.index("Adjusted comparison\n"):]
    assert "| weighted (ATE) |" in chapter and "CR2, Satterthwaite df" not in chapter  # as JSON
    default = json_report("--format", "markdown").stdout
    chapter = default[default.index("Adjusted comparison\n"):]
    assert "| weighted (overlap) |" in chapter
    assert "| counselor | CR2, Satterthwaite df |" in chapter


def test_the_plain_report_has_no_adjusted_block():
    assert "adjusted" not in json.loads(json_report().stdout)


@pytest.mark.parametrize("options, words", [
    (["--cluster", "therapist"], "'therapist' is not a cluster"),
    (["--covariates", "date,height"], "'height' is not a covariate"),
    (["--weights", "ate", "--format", "markdown", "--cluster", "therapist"],
     "'therapist' is not a cluster"),
    (["--format", "text", "--covariates", "age,height"], "'height' is not a covariate"),
])
def test_bad_adjustment_options_exit_2_with_a_plain_message(options, words):
    from analysis.data.bundled import sample_path

    run = run_cli(["report", str(sample_path()), "--groups", "online,face-to-face", *options])
    assert run.exit_code == 2 and run.problem() is None, run.problem()
    assert words in run.stderr


def test_a_file_without_a_mode_says_so_whatever_the_options(tmp_path):
    """Only the date was found among the roles: the report read that one column and called
    the file one-column (comma-separated values, badly delimited)."""
    data = tmp_path / "counts.csv"
    data.write_text("reporting_period,measure_name,value\n2024-25,referrals,1813432\n"
                    "2024-25,finished,670419\n", encoding="utf-8")
    for options in ([], ["--weights", "ate"], ["--covariates", "date"]):
        run = run_cli(["report", str(data), "--groups", "online,face-to-face", *options])
        assert run.exit_code == 2 and run.problem() is None, run.problem()
        assert "No column is mapped to the delivery mode" in run.stderr


def test_perfect_separation_leaves_a_plain_note_and_the_rest_runs():
    frame = confounded()
    frame["mode"] = np.where(frame["age"] < 40, "online", "face-to-face")
    result = adjusted_comparison(frame, groups=GROUPS, covariates=("age", "site"),
                                 clusters=("counselor",))
    assert result.propensity is None
    assert any("separate online from face-to-face perfectly (age" in n for n in result.notes)
    assert result.clusters and result.response is not None and result.ordinal is not None
