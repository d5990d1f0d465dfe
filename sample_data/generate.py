"""Generate the bundled synthetic data sets (fixed seed: the output is the same on every run).

    python sample_data/generate.py        # writes counseling_episodes.csv and messy_export.csv

The generating assumptions are written out in sample_data/README.md; keep the two in step.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261127
N_CLIENTS = 1500
HERE = Path(__file__).resolve().parent
PROBLEMS = ["anxiety", "depression", "personal", "partner relationship", "family", "academic",
            "career development", "OCD"]
PROBLEM_SHARE = [0.22, 0.18, 0.14, 0.12, 0.11, 0.11, 0.095, 0.015]
#: log-odds of choosing online, per primary problem (clients choose their mode).
ONLINE_LOGIT = {"anxiety": 0.45, "depression": -0.15, "personal": 0.0,
                "partner relationship": -0.45, "family": -0.35, "academic": 0.55,
                "career development": 0.4, "OCD": 0.0}
#: shift of latent satisfaction (SD units) per primary problem.
PROBLEM_SATISFACTION = {"anxiety": 0.0, "depression": -0.25, "personal": 0.1,
                        "partner relationship": 0.05, "family": -0.05, "academic": 0.15,
                        "career development": 0.25, "OCD": -0.2}
TRUE_ONLINE_EFFECT = -0.10  # latent SD units, holding problem, age and completion fixed
SITES = {"North": 0.4, "Central": 0.35, "Riverside": 0.25}
#: SD of the counselors' random intercepts on latent satisfaction (the therapist effect).
COUNSELOR_SD = 0.3
#: each counselor's leaning to online work, C01 ... C15 (five per site): an online client of
#: the site goes to counselor c with probability proportional to the leaning, a face-to-face
#: client with probability proportional to 1 - leaning (0.5 = no preference).
ONLINE_LEANING = [0.3, 0.65, 0.5, 0.7, 0.35,
                  0.7, 0.35, 0.5, 0.3, 0.65,
                  0.35, 0.7, 0.5, 0.3, 0.65]


def generate(seed: int = SEED, n: int = N_CLIENTS) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    # Counselor effects come from a second stream, so the main stream's draws (and with them
    # mode, problems, ages, dates and completion) do not depend on them.
    rng_counselor = np.random.default_rng(seed + 2)
    counselor_effect = rng_counselor.normal(0, COUNSELOR_SD, len(ONLINE_LEANING))
    start = np.datetime64("2024-01-01")
    intake = start + rng.integers(0, 731, n).astype("timedelta64[D]")
    years_in = (intake - start).astype(int) / 365.25

    site = rng.choice(list(SITES), n, p=list(SITES.values()))
    counselor_of_site = {s: [f"C{5 * i + j + 1:02d}" for j in range(5)]
                         for i, s in enumerate(SITES)}
    counselor = np.array([rng.choice(counselor_of_site[s]) for s in site])  # redrawn below

    age = np.clip(np.round(18 + rng.gamma(2.2, 8.5, n)), 18, 79).astype(int)
    gender = rng.choice(["woman", "man", "non-binary", ""], n, p=[0.58, 0.38, 0.03, 0.01])
    young = age < 25
    share = np.tile(PROBLEM_SHARE, (n, 1))
    share[young, PROBLEMS.index("academic")] *= 3
    share[~young, PROBLEMS.index("academic")] *= 0.3
    share[age > 30, PROBLEMS.index("partner relationship")] *= 1.6
    share /= share.sum(axis=1, keepdims=True)
    problem = np.array([rng.choice(PROBLEMS, p=p) for p in share])

    logit = (-0.35 - 0.035 * (age - 30) + np.vectorize(ONLINE_LOGIT.get)(problem)
             + 0.25 * years_in)
    online = rng.random(n) < 1 / (1 + np.exp(-logit))
    mode = np.where(online, "online", "face-to-face")
    channel = np.where(online, rng.choice(["video", "chat", "phone"], n, p=[0.6, 0.25, 0.15]), "")

    # Counselors differ in how much online work they do, so mode is partly nested in counselor.
    leaning = np.array(ONLINE_LEANING)
    pick = rng_counselor.random(n)
    index = np.empty(n, dtype=int)
    for i, s in enumerate(SITES):
        share = leaning[5 * i:5 * i + 5]
        for is_online in (True, False):
            rows = (site == s) & (online == is_online)
            weight = share if is_online else 1 - share
            cumulative = np.cumsum(weight) / weight.sum()
            step = np.searchsorted(cumulative, pick[rows], side="right")
            index[rows] = 5 * i + np.minimum(step, 4)  # 4 if the last sum rounds below 1
    counselor = np.array([f"C{k + 1:02d}" for k in index])

    others = [rng.choice([p for p in PROBLEMS if p != prim],
                         size=rng.choice([0, 1, 2], p=[0.5, 0.35, 0.15]), replace=False)
              for prim in problem]
    presenting = np.array([";".join([prim, *extra]) for prim, extra in zip(problem, others)])

    sessions = np.clip(rng.poisson(np.where(online, 6.0, 6.8)), 1, 20)
    p_drop = 1 / (1 + np.exp(-(-1.7 + 0.3 * online - 0.12 * (sessions - 6))))
    completed = np.where(rng.random(n) < p_drop, "dropped out", "completed")

    latent = (0.9 + TRUE_ONLINE_EFFECT * online + np.vectorize(PROBLEM_SATISFACTION.get)(problem)
              + 0.006 * (age - 30) - 0.45 * (completed == "dropped out")
              + counselor_effect[index] + rng.normal(0, 1, n))
    thresholds = np.array([-1.9, -0.8, 0.45])
    item_noise = rng.normal(0, 0.75, (n, 8))
    items = 1 + ((latent[:, None] + item_noise)[..., None] > thresholds).sum(axis=2)
    items = items.astype(float)
    no_survey = rng.random(n) < np.where(completed == "dropped out", 0.12, 0.02)
    items[no_survey] = np.nan
    skipped = rng.random((n, 8)) < 0.006
    items[skipped] = np.nan
    total = items.sum(axis=1)  # NaN when any item is missing

    wa_latent = 0.6 * latent + rng.normal(0, 0.8, n)
    subscale = {name: np.clip(np.round(3.9 + 0.45 * wa_latent + rng.normal(0, 0.35, n), 2), 1, 5)
                for name in ("task", "bond", "goal")}
    subscale["bond"] = np.clip(subscale["bond"] - 0.12 * online, 1, 5).round(2)
    alliance_missing = no_survey | (rng.random(n) < 0.01)

    frame = pd.DataFrame({
        "client_id": [f"CL{i:04d}" for i in rng.permutation(np.arange(1, n + 1))],
        "intake_date": pd.to_datetime(intake).strftime("%Y-%m-%d"),
        "site": site, "counselor_id": counselor, "delivery_mode": mode, "online_channel": channel,
        "age": age, "gender": gender, "problem_type": problem, "presenting_problems": presenting,
        "sessions_attended": sessions, "completed": completed,
    })
    for k in range(8):
        frame[f"sat_{k + 1}"] = pd.array(items[:, k], dtype="Int64")
    frame["satisfaction_total"] = pd.array(total, dtype="Int64")
    for name, values in subscale.items():
        frame[f"alliance_{name}"] = np.where(alliance_missing, np.nan, values)
    frame["alliance_total"] = np.where(alliance_missing, np.nan,
                                       sum(subscale.values()).round(2))
    frame["age"] = pd.array(age, dtype="Int64")
    frame.loc[rng.random(n) < 0.01, "age"] = pd.NA
    return frame.sort_values("intake_date", kind="stable", ignore_index=True)


def messy_export(frame: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """A small export as another system writes it: other names and spellings, gaps, a typo."""
    rng = np.random.default_rng(seed + 1)
    part = frame.sample(120, random_state=seed).reset_index(drop=True)
    spellings = {"face-to-face": ["F2F", "In person", "Face to face", "face-to-face", "in-person"],
                 "online": ["Online ", "online", "ONLINE", "Online"]}
    fmt = [rng.choice(spellings[m]) for m in part["delivery_mode"]]
    messy = pd.DataFrame({
        "Client Ref": part["client_id"].str.replace("CL", "R-", regex=False),
        "Format": fmt,
        "Intake": pd.to_datetime(part["intake_date"]).dt.strftime("%d/%m/%Y"),
        "Centre": part["site"],
        "Main Concern": part["problem_type"].str.title().str.replace("Ocd", "OCD"),
        "CSQ Score": part["satisfaction_total"].astype("string"),
        "Sessions": part["sessions_attended"],
    })
    messy.loc[[7, 41], "Format"] = ""
    messy.loc[[19], "Format"] = "unknown"
    messy.loc[[3, 58, 90], "CSQ Score"] = ""
    messy.loc[[33], "CSQ Score"] = "n/k"
    messy.loc[[71], "CSQ Score"] = "35"
    messy.loc[[12, 77], "Main Concern"] = ""
    messy.loc[[101], "Client Ref"] = messy.loc[100, "Client Ref"]
    return messy


def main() -> None:
    frame = generate()
    frame.to_csv(HERE / "counseling_episodes.csv", index=False)
    messy = messy_export(frame)
    text = messy.to_csv(index=False, sep=";", lineterminator="\r\n")
    (HERE / "messy_export.csv").write_bytes("\ufeff".encode() + text.encode("utf-8"))
    print(f"wrote {len(frame)} episodes and a {len(messy)}-row messy export to {HERE}")


if __name__ == "__main__":
    main()
