"""Shared by the benchmark scripts: a large synthetic file and whole-process timing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the benchmarks import the project's own modules
    sys.path.insert(0, str(ROOT))
PROBLEMS = ["anxiety", "depression", "personal", "partner relationship", "family", "academic",
            "career development", "OCD"]


def large_frame(n: int = 1_000_000, seed: int = 1) -> pd.DataFrame:
    """n client rows shaped like the sample: mode, a 8-32 satisfaction total, a problem type."""
    rng = np.random.default_rng(seed)
    online = rng.random(n) < 0.45
    satisfaction = np.clip(np.round(rng.normal(28 - 0.5 * online, 4.5)), 8, 32)
    satisfaction[rng.random(n) < 0.05] = np.nan
    return pd.DataFrame({
        "client_id": np.char.add("CL", np.arange(n).astype(str)),
        "delivery_mode": np.where(online, "online", "face-to-face"),
        "satisfaction": satisfaction,
        "problem_type": rng.choice(PROBLEMS, n, p=[.22, .18, .14, .12, .11, .11, .105, .015]),
        "age": rng.integers(18, 80, n),
        "site": rng.choice(["North", "Central", "Riverside"], n),
    })


def timed(args: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {process.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def python() -> str:
    return sys.executable
