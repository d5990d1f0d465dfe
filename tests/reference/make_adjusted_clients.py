"""Generate tests/data/adjusted_clients.csv, the file of the end-to-end R check of the adjusted
answer (tests/test_adjusted_reference.py, tests/reference/make_adjusted_end_to_end.R).

    .venv/bin/python tests/reference/make_adjusted_clients.py   # fixed seed: the same file

About 430 episodes of about 380 clients: clients choose their mode (younger clients, anxiety
and the North site lean online; so do some counselors), counselors have their own intercepts
and repeated clients their own level, online clients answer the questionnaire less often. The
file carries what the loader must handle on the way to the models: mode spellings ("F2F",
"In person", "Online"), a phone mode and a blank one (out of scope), missing-value tokens, a
rating that is not a number, multi-label problem cells with uneven spacing, ages missing or
impossible (130), a date that cannot be read, missing gender and problem, and episodes without a
client id or a counselor (each a cluster of its own).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20261205
N_CLIENTS = 380
OUT = Path(__file__).resolve().parents[1] / "data" / "adjusted_clients.csv"
SITES = {"Central": 0.45, "North": 0.30, "Riverside": 0.25}
COUNSELORS = {"Central": [f"C{i:02d}" for i in range(1, 7)],
              "North": [f"C{i:02d}" for i in range(7, 11)],
              "Riverside": [f"C{i:02d}" for i in range(11, 16)]}
PROBLEMS = ["anxiety", "depression", "relationship", "stress", "trauma"]
PROBLEM_SHARE = [0.30, 0.25, 0.18, 0.17, 0.10]
ONLINE_LOGIT = {"anxiety": 0.5, "depression": 0.0, "relationship": -0.2, "stress": 0.2,
                "trauma": -0.5}
PROBLEM_SATISFACTION = {"anxiety": 0.0, "depression": -0.3, "relationship": 0.1,
                        "stress": 0.15, "trauma": -0.2}


def generate(seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    counselors = [c for site in SITES for c in COUNSELORS[site]]
    leaning = dict(zip(counselors, rng.normal(0, 0.6, len(counselors))))
    intercept = dict(zip(counselors, rng.normal(0, 0.35, len(counselors))))

    # clients: 40 come twice and 6 three times
    n = N_CLIENTS
    episodes = np.ones(n, dtype=int)
    episodes[rng.choice(n, 46, replace=False)[:40]] = 2
    episodes[np.flatnonzero(episodes == 1)[rng.choice((episodes == 1).sum(), 6, replace=False)]] = 3
    client = np.array([f"K{i + 1:04d}" for i in range(n)])
    age = np.clip(np.round(18 + rng.gamma(2.2, 9.0, n)), 18, 80).astype(int)
    gender = rng.choice(["woman", "man", "non-binary"], n, p=[0.57, 0.36, 0.07])
    site = rng.choice(list(SITES), n, p=list(SITES.values()))
    level = rng.normal(0, 0.45, n)  # the client's own level, shared by their episodes

    rows = np.repeat(np.arange(n), episodes)
    m = len(rows)
    start = np.datetime64("2023-01-01")
    first = rng.integers(0, 700, n)
    order_in_client = np.concatenate([np.arange(k) for k in episodes])
    days = first[rows] + order_in_client * rng.integers(60, 200, m)
    intake = start + days.astype("timedelta64[D]")
    years = days / 365.25
    counselor = np.array([rng.choice(COUNSELORS[s]) for s in site[rows]])
    problem = rng.choice(PROBLEMS, m, p=PROBLEM_SHARE)

    logit = (-0.5 - 0.045 * (age[rows] - 38) + np.vectorize(ONLINE_LOGIT.get)(problem)
             + 0.4 * (site[rows] == "North") + np.vectorize(leaning.get)(counselor)
             + 0.2 * years)
    online = rng.random(m) < 1 / (1 + np.exp(-logit))
    latent = (3.6 + 0.012 * (age[rows] - 38) - 0.3 * online
              + np.vectorize(PROBLEM_SATISFACTION.get)(problem) + 0.15 * (gender[rows] == "woman")
              + np.vectorize(intercept.get)(counselor) + level[rows] + rng.normal(0, 0.8, m))
    rating = np.clip(np.round(latent), 1, 5).astype(int)
    answers = 1 / (1 + np.exp(-(1.9 - 0.7 * online + 0.025 * (age[rows] - 38))))
    answered = rng.random(m) < answers

    # how the export writes them
    mode = np.where(online, "online", "face-to-face").astype(object)
    spelled = rng.random(m)
    mode[online & (spelled < 0.08)] = "Online"
    mode[~online & (spelled < 0.06)] = "F2F"
    mode[~online & (spelled > 0.94)] = "In person"
    satisfaction = rating.astype(str).astype(object)
    missing = np.flatnonzero(~answered)
    satisfaction[missing] = rng.choice(["", "NA", "n/a"], len(missing), p=[0.7, 0.2, 0.1])
    second = rng.random(m) < 0.15
    other = np.array([rng.choice([p for p in PROBLEMS if p != q]) for q in problem])
    joiner = rng.choice(["; ", ";", " ; "], m)
    problem_cell = np.where(second, np.char.add(np.char.add(problem.astype(str), joiner), other),
                            problem).astype(object)
    frame = pd.DataFrame({
        "client_id": client[rows], "intake_date": pd.Series(intake).dt.strftime("%Y-%m-%d"),
        "site": site[rows], "counselor_id": counselor, "delivery_mode": mode,
        "age": age[rows].astype(object), "gender": gender[rows].astype(object),
        "problem_type": problem_cell, "satisfaction": satisfaction})

    # a few cells the loader must read as missing or unusable
    def pick(k):
        return frame.index[rng.choice(m, k, replace=False)]

    frame.loc[pick(6), "age"] = ""
    frame.loc[pick(1), "age"] = "130"
    frame.loc[pick(3), "gender"] = ""
    frame.loc[pick(4), "problem_type"] = ""
    frame.loc[pick(2), "intake_date"] = ""
    frame.loc[pick(1), "intake_date"] = "31/02/2024"
    answered_rows = frame.index[answered]
    frame.loc[answered_rows[rng.choice(len(answered_rows), 2, replace=False)],
              "satisfaction"] = ["4?", "five"]
    frame.loc[pick(8), "delivery_mode"] = "phone"
    frame.loc[pick(2), "delivery_mode"] = ""
    # episodes whose client or counselor the export lost: each a cluster of its own
    frame.loc[pick(8), "client_id"] = ""
    frame.loc[pick(4), "counselor_id"] = ""
    return frame.iloc[np.argsort(days, kind="stable")].reset_index(drop=True)


if __name__ == "__main__":
    generate().to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT}")
