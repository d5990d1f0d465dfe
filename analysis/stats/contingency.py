"""Mode x problem tables: chi-square, G, Cramér's V, adjusted residuals, per-problem Fisher tests."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats
from scipy.stats.contingency import odds_ratio

from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, to_plain
from analysis.stats.multiple import p_adjust

#: 2x2 tables up to this many clients always get the exact conditional odds ratio and CI.
EXACT_OR_MAX_N = 10_000
#: Above EXACT_OR_MAX_N clients, Woolf's odds ratio is used only when every cell has at least
#: this many clients: its CI is then within about 0.1% of the exact one, which would cost up to a
#: second per table (the exact method's cost grows with the smallest margin).
WOOLF_MIN_CELL = 1_000
#: Monte Carlo replicates when expected counts are small (R's chisq.test default B).
MONTE_CARLO_B = 2000
MONTE_CARLO_SEED = 20240501


@dataclass(frozen=True, slots=True)
class ChiSquareResult:
    """Pearson's chi-square test of independence (no Yates correction) and related numbers.

    Attributes
    ----------
    statistic, df, p : float
        Pearson's X^2, (r - 1)(c - 1), and its asymptotic p.
    cramers_v : float
        sqrt(X^2 / (n (min(r, c) - 1))) (Cramér 1946), no bias correction.
    cramers_v_ci : ConfidenceInterval
        By inverting the noncentral chi-square distribution in its noncentrality, clipped to
        V's range [0, 1] (the noncentrality bound can exceed n (min(r, c) - 1)).
    g, g_p : float
        The likelihood-ratio statistic G = 2 sum O ln(O/E) and its p.
    min_expected : float
        The smallest expected count; ``n_small_expected`` counts cells under 5.
    monte_carlo_p : float or None
        When some expected count is under 5: p from ``MONTE_CARLO_B`` tables simulated with the
        observed margins (seeded), as R's ``chisq.test(simulate.p.value = TRUE)``.
    """

    statistic: float
    df: int
    p: float
    cramers_v: float
    cramers_v_ci: ConfidenceInterval
    g: float
    g_p: float
    n: int
    min_expected: float
    n_small_expected: int
    monte_carlo_p: float | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return to_plain(self)


def _drop_empty(counts: pd.DataFrame) -> pd.DataFrame:
    counts = counts.loc[counts.sum(axis=1) > 0]
    return counts.loc[:, counts.sum(axis=0) > 0]


def expected_counts(observed: np.ndarray) -> np.ndarray:
    return np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()


def chi_square_test(counts: pd.DataFrame, *, confidence_level: float = CONFIDENCE_LEVEL,
                    seed: int = MONTE_CARLO_SEED) -> ChiSquareResult:
    """Pearson's chi-square test of a count table, without Yates' correction also for 2x2.

    R: ``chisq.test(tab, correct = FALSE)``; G as ``DescTools::GTest``. Rows or columns with no
    clients are left out. Needs at least a 2x2 table.
    """
    table = _drop_empty(counts)
    observed = table.to_numpy(dtype=float)
    if min(observed.shape) < 2:
        raise ValueError("a chi-square test needs at least two groups and two categories")
    result = stats.chi2_contingency(observed, correction=False)
    g = stats.chi2_contingency(observed, correction=False, lambda_="log-likelihood")
    n = observed.sum()
    k = min(observed.shape) - 1
    v = min(math.sqrt(result.statistic / (n * k)), 1.0)
    low, high = noncentral_chi2_ci(result.statistic, result.dof, confidence_level)
    expected = result.expected_freq
    small = int((expected < 5).sum())
    notes = []
    mc_p = None
    if small:
        mc_p = monte_carlo_p(observed, result.statistic, seed=seed)
        notes.append(f"{small} of {expected.size} expected counts are under 5 (smallest "
                     f"{expected.min():.2f}): the Monte Carlo p ({MONTE_CARLO_B:,} simulated "
                     "tables) is the one to read.")
    return ChiSquareResult(float(result.statistic), int(result.dof), float(result.pvalue), v,
                           ConfidenceInterval(min(math.sqrt(low / (n * k)), 1.0),
                                              min(math.sqrt(high / (n * k)), 1.0)),
                           float(g.statistic), float(g.pvalue), int(n), float(expected.min()),
                           small, mc_p, tuple(notes))


def noncentral_chi2_ci(statistic: float, df: int,
                       confidence_level: float = CONFIDENCE_LEVEL) -> tuple[float, float]:
    """CI of the noncentrality of an observed chi-square (Steiger 2004); 0 when not reachable."""
    tail = (1 - confidence_level) / 2

    def bound(target: float) -> float:
        def f(ncp: float) -> float:
            return stats.ncx2.cdf(statistic, df, ncp) - target

        if f(0) <= 0:
            return 0.0
        hi = max(10.0, statistic * 2)
        while f(hi) > 0:
            hi *= 2
        return float(optimize.brentq(f, 0, hi, xtol=1e-10))

    return bound(1 - tail), bound(tail)


def monte_carlo_p(observed: np.ndarray, statistic: float, *, b: int = MONTE_CARLO_B,
                  seed: int = MONTE_CARLO_SEED) -> float:
    """p of X^2 from ``b`` random tables with the observed margins (Patefield 1981), counted as
    R does: (1 + #{simulated >= observed}) / (b + 1)."""
    rows = observed.sum(axis=1).astype(int)
    cols = observed.sum(axis=0).astype(int)
    tables = stats.random_table(rows, cols, seed=np.random.default_rng(seed)).rvs(b)
    expected = expected_counts(observed)
    simulated = ((tables - expected) ** 2 / expected).sum(axis=(1, 2))
    almost_one = 1 - 64 * np.finfo(float).eps
    return float((1 + (simulated >= almost_one * statistic).sum()) / (b + 1))


def adjusted_residuals(counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Adjusted standardized residuals (Haberman 1973) and their two-sided normal p-values.

    r = (O - E) / sqrt(E (1 - row total / n) (1 - column total / n)); R: ``chisq.test(tab)$stdres``.
    """
    table = _drop_empty(counts)
    observed = table.to_numpy(dtype=float)
    n = observed.sum()
    expected = expected_counts(observed)
    row = observed.sum(axis=1, keepdims=True) / n
    col = observed.sum(axis=0, keepdims=True) / n
    residual = (observed - expected) / np.sqrt(expected * (1 - row) * (1 - col))
    frame = pd.DataFrame(residual, index=table.index, columns=table.columns)
    return frame, pd.DataFrame(2 * stats.norm.sf(np.abs(residual)), index=table.index,
                               columns=table.columns)


@dataclass(frozen=True, slots=True)
class ProblemComparison:
    """Fisher's exact test of one problem: A vs B, clients with this problem vs without.

    ``odds_ratio`` is the conditional maximum-likelihood estimate with its exact CI (R's
    ``fisher.test``): above 1 when the problem is more common in A; 0 or infinite (``inf``) when
    a cell is zero. Only for a table of over ``EXACT_OR_MAX_N`` clients whose every cell has at
    least ``WOOLF_MIN_CELL`` clients is the sample odds ratio with Woolf's log CI given instead
    (``or_method`` says which): the two then agree to about 0.1%, and the exact CI would be slow.
    """

    problem: str
    a_with: int
    a_without: int
    b_with: int
    b_without: int
    odds_ratio: float
    ci: ConfidenceInterval
    p: float
    p_holm: float
    p_bh: float
    or_method: str = "conditional MLE, exact CI"
    note: str = ""

    def to_dict(self) -> dict:
        return to_plain(self)


def per_problem_fisher(counts: pd.DataFrame, clients: pd.Series, groups: tuple[str, str], *,
                       confidence_level: float = CONFIDENCE_LEVEL) -> tuple[ProblemComparison, ...]:
    """One 2x2 Fisher test per problem (has it vs not, group A vs B), Holm and BH across them.

    ``counts`` is problems x modes; ``clients`` the clients per mode with a problem recorded (with
    multi-label data a client can have several problems, so "without" is clients minus "with").
    R: ``fisher.test(matrix(c(a_with, b_with, a_without, b_without), 2))``.
    """
    a, b = groups
    rows = []
    tests: dict[tuple[int, ...], tuple] = {}  # problems with the same 2x2 table share its tests
    for problem, row in counts.iterrows():
        table = np.array([[row[a], clients[a] - row[a]], [row[b], clients[b] - row[b]]], dtype=int)
        cells = tuple(table.ravel().tolist())
        if cells not in tests:
            tests[cells] = (float(stats.fisher_exact(table).pvalue),
                            *_odds_ratio(table, confidence_level))
        p, ratio, ci, method = tests[cells]
        note = ("a zero cell: the odds ratio is 0 or infinite and its CI is open on one side"
                if (table == 0).any() else "")
        rows.append([str(problem), *cells, ratio, ci, p, method, note])
    holm = p_adjust([r[7] for r in rows], "holm")
    bh = p_adjust([r[7] for r in rows], "BH")
    return tuple(ProblemComparison(*r[:8], float(h), float(q), *r[8:])
                 for r, h, q in zip(rows, holm, bh))


def _odds_ratio(table: np.ndarray, confidence_level: float
                ) -> tuple[float, ConfidenceInterval, str]:
    """The odds ratio of a 2x2 table with its CI and the name of the method.

    Notes
    -----
    Conditional maximum-likelihood estimate with the exact CI from the noncentral
    hypergeometric distribution (scipy ``odds_ratio(kind="conditional")``; R's
    ``fisher.test``), for every table of up to ``EXACT_OR_MAX_N`` clients and for any table with
    a cell under ``WOOLF_MIN_CELL`` (a rare problem: 3 of 6,303 vs 0 of 6,500 gives Inf
    [0.43, Inf] as fisher.test does). Otherwise the sample odds ratio ad/bc with Woolf's CI
    exp(log OR +- z SE), SE = sqrt(1/a + 1/b + 1/c + 1/d).

    References
    ----------
    Fisher, R. A. (1935). The logic of inductive inference. *JRSS, 98*, 39-82.
    Woolf, B. (1955). On estimating the relation between blood group and disease. *Annals of
    Human Genetics, 19*, 251-253.
    """
    if table.sum() <= EXACT_OR_MAX_N or table.min() < WOOLF_MIN_CELL:
        ratio = odds_ratio(table, kind="conditional")
        ci = ratio.confidence_interval(confidence_level)
        return (float(ratio.statistic), ConfidenceInterval(float(ci.low), float(ci.high)),
                "conditional MLE, exact CI")
    (a, b), (c, d) = table.astype(float)
    log_or = math.log(a * d / (b * c))
    half = stats.norm.ppf(0.5 + confidence_level / 2) * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return (math.exp(log_or), ConfidenceInterval(math.exp(log_or - half), math.exp(log_or + half)),
            "sample odds ratio, Woolf CI")
