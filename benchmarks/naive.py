"""The baseline: what a quick script does with the same file (no validation, no effect sizes).

    python benchmarks/naive.py FILE
"""

import sys

import pandas as pd
from scipy import stats

frame = pd.read_csv(sys.argv[1])
a = frame.loc[frame["delivery_mode"] == "online", "satisfaction"].dropna()
b = frame.loc[frame["delivery_mode"] == "face-to-face", "satisfaction"].dropna()
print(stats.ttest_ind(a, b, equal_var=False))
print(stats.mannwhitneyu(a, b))
print(stats.chi2_contingency(pd.crosstab(frame["problem_type"], frame["delivery_mode"])))
