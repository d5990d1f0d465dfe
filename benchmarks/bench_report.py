"""Time the full JSON report against the naive pandas + scipy script on a 1,000,000-row file.

    .venv/bin/python benchmarks/bench_report.py [--rows N] [--repeat R]

Both run as whole processes (imports count). Prints each time (best of R), the ratio and the
peak memory of each.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import large_frame, python, timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.csv"
        large_frame(args.rows).to_csv(path, index=False)
        size = path.stat().st_size / 1024 / 1024
        report = [python(), "-m", "analysis", "report", str(path), "--mode-col", "delivery_mode",
                  "--outcome-col", "satisfaction", "--problem-col", "problem_type",
                  "--groups", "online,face-to-face", "--margin", "1"]
        naive = [python(), "benchmarks/naive.py", str(path)]
        runs = {"naive": [timed(naive) for _ in range(args.repeat)],
                "report": [timed(report) for _ in range(args.repeat)]}
    best = {k: min(t for t, _ in v) for k, v in runs.items()}
    memory = {k: max(m for _, m in v) for k, v in runs.items()}
    print(f"{args.rows:,} rows, {size:.0f} MB CSV; best of {args.repeat} whole-process runs")
    print(f"naive baseline (read_csv, ttest_ind, mannwhitneyu, chi2_contingency): "
          f"{best['naive']:.2f} s, peak {memory['naive']:.0f} MB")
    print(f"python -m analysis report (validation + every statistic): "
          f"{best['report']:.2f} s, peak {memory['report']:.0f} MB")
    print(f"ratio report / naive: time {best['report'] / best['naive']:.2f}x, "
          f"memory {memory['report'] / memory['naive']:.2f}x")


if __name__ == "__main__":
    main()
