"""The adjusted answer at 10,000 to 1,000,000 clients: its time against the plain comparison
of the same clients (baseline, same run), and the proportional-odds fit against statsmodels'
OrderedModel (what it replaced) on 20,000 clients.

    .venv/bin/python benchmarks/bench_adjusted.py

Prints ratios; asserts nothing (speed is measured here, never in tests/).
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
from common import large_frame  # noqa: F401  (puts the project on sys.path)

from analysis.adjusted import adjusted_comparison
from analysis.compare import compare_outcome
from analysis.data.dataset import frame_from_columns
from analysis.stats.ordinal import proportional_odds

GROUPS = ("online", "face-to-face")


def clients(n: int, seed: int = 1) -> pd.DataFrame:
    """n clients: mode chosen by age and site, 15 counselors with their own intercepts, a
    CSQ-8-like total with 8% unanswered."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, n).astype(float)
    site = rng.choice(["North", "Central", "Riverside"], n)
    online = rng.random(n) < 1 / (1 + np.exp((age - 40) / 12))
    counselor = rng.integers(0, 15, n)
    y = np.clip(np.round(27 + 0.03 * age - 0.8 * online + rng.normal(0, 1, 15)[counselor]
                         + rng.normal(0, 4, n)), 8, 32)
    y[rng.random(n) < 0.08] = np.nan
    problem = rng.choice(["anxiety", "depression", "family", "academic"], n)
    return frame_from_columns(np.where(online, "online", "face-to-face"), y, problem,
                              age=age, site=site, counselor=[f"C{c:02d}" for c in counselor])


def seconds(function, *args, **options) -> float:
    start = time.perf_counter()
    function(*args, **options)
    return time.perf_counter() - start


def main() -> None:
    print(f"{'clients':>10} {'adjusted s':>11} {'plain s':>8} {'ratio':>7}")
    for n in (10_000, 100_000, 1_000_000):
        frame = clients(n)
        adjusted = seconds(adjusted_comparison, frame, groups=GROUPS,
                           clusters=("counselor", "site"))
        plain = seconds(compare_outcome, frame, groups=GROUPS)
        print(f"{n:>10,} {adjusted:>11.2f} {plain:>8.2f} {adjusted / plain:>7.1f}")
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    frame = clients(20_000).dropna(subset=["outcome"])
    y, a = frame["outcome"].to_numpy(), (frame["mode"] == "online").to_numpy()
    x = pd.DataFrame({"age": frame["age"].to_numpy(float)})
    ours = seconds(proportional_odds, y, a, covariates=x)
    design = pd.concat([pd.Series(a.astype(float), name="mode"), x], axis=1)
    codes = pd.Categorical(y, ordered=True)
    warnings.simplefilter("ignore")  # statsmodels' own convergence warnings
    theirs = seconds(OrderedModel(codes, design, distr="logit").fit, method="bfgs", disp=False,
                     maxiter=2000, gtol=1e-10)
    print(f"proportional odds, 20,000 clients: {ours:.2f} s (Newton, analytic Hessian) vs "
          f"{theirs:.2f} s (statsmodels OrderedModel): {theirs / ours:.0f}x faster")


if __name__ == "__main__":
    main()
