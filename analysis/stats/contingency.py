"""Mode x problem tables: chi-square, G, Cramér's V, adjusted residuals, per-problem Fisher
tests."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import ConfidenceInterval, checked_confidence
from analysis.stats.multiple import p_adjust
from analysis.stats.proportions import exact_odds_ratio

__all__ = ["ChiSquareResult", "ProblemComparison", "chi_square_test", "noncentral_chi2_ci",
           "monte_carlo_p", "adjusted_residuals", "expected_counts", "per_problem_fisher"]

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


def _validate_table(counts, *, min_shape: int = 2) -> pd.DataFrame:
    """``counts`` as a DataFrame without empty rows and columns, after the checks of the
    family: finite counts of 0 or more (``bad_counts``) and, after dropping the empty rows and
    columns, at least ``min_shape`` of each (``too_few_levels``)."""
    table = counts if isinstance(counts, pd.DataFrame) else pd.DataFrame(counts)
    try:
        values = table.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise DataError("A count table must hold numbers.", "bad_counts") from None
    if not (np.isfinite(values).all() and (values >= 0).all()):
        raise DataError("A count table must hold finite counts of 0 or more (no NaN, no "
                        "negative numbers).", "bad_counts")
    table = _drop_empty(table)
    if min(table.shape) < min_shape:
        raise DataError(f"The table has {table.shape[0]} row(s) and {table.shape[1]} column(s) "
                        f"with clients; at least {min_shape} of each are needed.",
                        "too_few_levels")
    return table


def _drop_empty(counts: pd.DataFrame) -> pd.DataFrame:
    counts = counts.loc[counts.sum(axis=1) > 0]
    return counts.loc[:, counts.sum(axis=0) > 0]


def expected_counts(observed: np.ndarray) -> np.ndarray:
    """Expected counts of a table under independence.

    Parameters
    ----------
    observed : ndarray, shape (r, c)
        The counts (with clients in every row and column).

    Returns
    -------
    ndarray, shape (r, c)
        Row total times column total over n, cell by cell.

    Raises
    ------
    DataError
        ``bad_counts`` (not a finite two-dimensional table of counts of 0 or more, or no
        clients at all).

    Notes
    -----
    The E of Pearson's X^2 = sum (O - E)^2 / E; R: ``chisq.test(tab)$expected``.

    References
    ----------
    Pearson, K. (1900). *Philosophical Magazine, 50*, 157-175.

    Examples
    --------
    >>> expected_counts(np.array([[10.0, 20.0], [30.0, 40.0]])).tolist()
    [[12.0, 18.0], [28.0, 42.0]]
    """
    observed = np.asarray(observed, dtype=float)
    if observed.ndim != 2 or not (np.isfinite(observed).all() and (observed >= 0).all()
                                  and observed.sum() > 0):
        raise DataError("Expected counts need a two-dimensional table of finite counts of 0 or "
                        "more, with clients in it.", "bad_counts")
    return np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()


def chi_square_test(counts: pd.DataFrame, *, confidence_level: float = CONFIDENCE_LEVEL,
                    seed: int = MONTE_CARLO_SEED) -> ChiSquareResult:
    """Pearson's chi-square test of independence of a count table, without Yates' correction.

    Parameters
    ----------
    counts : DataFrame
        Counts (finite, 0 or more), e.g. problems x modes. Rows or columns with no clients are
        left out; at least a 2x2 table must remain.
    confidence_level : float
        Level of Cramér's V's CI, in (0, 1).
    seed : int
        Seed of the Monte Carlo p (computed only when an expected count is under 5).

    Returns
    -------
    ChiSquareResult
        X^2, df, p, Cramér's V and its CI, G and its p, n, the smallest expected count, the
        number under 5, the Monte Carlo p and notes.

    Raises
    ------
    DataError
        ``bad_counts``, ``too_few_levels``, ``bad_confidence_level``.

    Notes
    -----
    No continuity correction, also for 2x2 tables. R: ``chisq.test(tab, correct = FALSE)``; G
    as ``DescTools::GTest``; V's CI by :func:`noncentral_chi2_ci`.

    References
    ----------
    Pearson, K. (1900). On the criterion that a given system of deviations from the probable
    ... *Philosophical Magazine, 50*, 157-175.
    Cramér, H. (1946). *Mathematical methods of statistics*. Princeton University Press.

    Examples
    --------
    >>> x = chi_square_test(pd.DataFrame({"A": [12, 5], "B": [7, 14]}))
    >>> round(x.statistic, 4), x.df, round(x.p, 4)  # R: chisq.test(tab, correct = FALSE)
    (5.2157, 1, 0.0224)
    >>> round(x.cramers_v, 4)
    0.3705
    """
    confidence_level = checked_confidence(confidence_level)
    table = _validate_table(counts)
    observed = table.to_numpy(dtype=float)
    result = stats.chi2_contingency(observed, correction=False)
    g = stats.chi2_contingency(observed, correction=False, lambda_="log-likelihood")
    n = observed.sum()
    k = min(observed.shape) - 1
    v = min(math.sqrt(result.statistic / (n * k)), 1.0)
    low, high = noncentral_chi2_ci(result.statistic, result.dof,
                                   confidence_level=confidence_level)
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


def noncentral_chi2_ci(statistic: float, df: int, *,
                       confidence_level: float = CONFIDENCE_LEVEL) -> tuple[float, float]:
    """CI of the noncentrality parameter of an observed chi-square statistic.

    Parameters
    ----------
    statistic : float
        The observed X^2 (finite, 0 or more).
    df : int
        Its degrees of freedom (1 or more).
    confidence_level : float
        In (0, 1).

    Returns
    -------
    (float, float)
        The bounds; a bound is 0 when no noncentrality puts the statistic at its quantile.

    Raises
    ------
    DataError
        ``not_finite``, ``bad_df``, ``bad_confidence_level``.

    Notes
    -----
    Each bound is the ncp at which ``pchisq(statistic, df, ncp)`` equals (1 -+ level) / 2,
    found by Brent's method. Cramér's V's CI is sqrt(bound / (n (min(r, c) - 1))).

    References
    ----------
    Steiger, J. H. (2004). Beyond the F test: effect size confidence intervals and tests of
    close fit in the analysis of variance and contrast analysis. *Psychological Methods, 9*,
    164-182.

    Examples
    --------
    >>> [round(x, 4) for x in noncentral_chi2_ci(5.2157, 1)]  # R: uniroot on pchisq(x, 1, ncp)
    [0.0387, 18.0095]
    """
    confidence_level = checked_confidence(confidence_level)
    if not (math.isfinite(statistic) and statistic >= 0):
        raise DataError(f"The chi-square statistic must be a finite number of 0 or more (got "
                        f"{statistic!r}).", "not_finite")
    if not (float(df).is_integer() and df >= 1):
        raise DataError(f"The degrees of freedom must be a whole number of at least 1 (got "
                        f"{df!r}).", "bad_df")
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
    """Monte Carlo p of a chi-square statistic, from random tables with the observed margins.

    Parameters
    ----------
    observed : ndarray
        The count table (no empty row or column).
    statistic : float
        Its X^2.
    b : int
        Number of simulated tables (1 or more).
    seed : int
        Seed of the generator: the same table gives the same p.

    Returns
    -------
    float
        (1 + #{simulated X^2 >= observed}) / (b + 1), as R counts it.

    Raises
    ------
    DataError
        ``bad_counts``, ``not_finite``, ``bad_argument`` (b below 1).

    Notes
    -----
    Tables drawn by Patefield's algorithm (scipy ``random_table``); a simulated X^2 within
    64 ulp of the observed one counts as equal. R: ``chisq.test(tab, simulate.p.value = TRUE,
    B = b)`` (whose random numbers differ).

    References
    ----------
    Patefield, W. M. (1981). Algorithm AS 159: An efficient method of generating random R x C
    tables with given row and column totals. *Applied Statistics, 30*, 91-97.

    Examples
    --------
    >>> monte_carlo_p(np.array([[5.0, 5.0], [5.0, 5.0]]), 0.0)
    1.0
    """
    observed = _validate_table(observed).to_numpy(dtype=float)
    if not (isinstance(b, (int, np.integer)) and b >= 1):
        raise DataError(f"b, the number of simulated tables, must be a whole number of at least "
                        f"1 (got {b!r}).", "bad_argument")
    if not math.isfinite(statistic):
        raise DataError(f"The chi-square statistic must be finite (got {statistic!r}).",
                        "not_finite")
    rows = observed.sum(axis=1).astype(int)
    cols = observed.sum(axis=0).astype(int)
    tables = stats.random_table(rows, cols, seed=np.random.default_rng(seed)).rvs(b)
    expected = expected_counts(observed)
    simulated = ((tables - expected) ** 2 / expected).sum(axis=(1, 2))
    almost_one = 1 - 64 * np.finfo(float).eps
    return float((1 + (simulated >= almost_one * statistic).sum()) / (b + 1))


def adjusted_residuals(counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Adjusted standardized residuals of a count table and their two-sided normal p-values.

    Parameters
    ----------
    counts : DataFrame
        Counts (finite, 0 or more); empty rows and columns are left out, at least 2x2 remain.

    Returns
    -------
    (DataFrame, DataFrame)
        The residuals (positive where a cell has more clients than independence expects) and
        their p-values, indexed as the table without its empty rows and columns.

    Raises
    ------
    DataError
        ``bad_counts``, ``too_few_levels``.

    Notes
    -----
    r = (O - E) / sqrt(E (1 - row total / n) (1 - column total / n)), approximately standard
    normal under independence. R: ``chisq.test(tab)$stdres``.

    References
    ----------
    Haberman, S. J. (1973). The analysis of residuals in cross-classified tables.
    *Biometrics, 29*, 205-220.

    Examples
    --------
    >>> r, p = adjusted_residuals(pd.DataFrame({"A": [12, 5], "B": [7, 14]}))
    >>> r.round(4)["A"].tolist()  # R: chisq.test(tab)$stdres[, "A"]
    [2.2838, -2.2838]
    """
    table = _validate_table(counts)
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


def per_problem_fisher(counts: pd.DataFrame, clients: pd.Series, groups: tuple[str, str], *,
                       confidence_level: float = CONFIDENCE_LEVEL) -> tuple[ProblemComparison, ...]:
    """One 2x2 Fisher test per problem (has it vs not, group A vs B), Holm and BH across them.

    Parameters
    ----------
    counts : DataFrame
        Problems x modes: the clients of each mode with each problem.
    clients : Series
        The clients per mode with a problem recorded (with multi-label data a client can have
        several problems, so "without" is clients minus "with").
    groups : (str, str)
        The modes A and B (columns of ``counts``, keys of ``clients``).
    confidence_level : float
        Level of the odds ratios' CIs, in (0, 1).

    Returns
    -------
    tuple of ProblemComparison
        One per problem, in the order of ``counts``: the four cells, the odds ratio (above 1
        when the problem is more common in A) with its CI, Fisher's p, Holm's and BH's p.

    Raises
    ------
    DataError
        ``unknown_group`` (a group not in the table), ``bad_counts`` (a count that is not a
        finite number of 0 or more, or more with a problem than clients),
        ``bad_confidence_level``.

    Notes
    -----
    R: ``fisher.test(matrix(c(a_with, b_with, a_without, b_without), 2))`` (in the example,
    ``fisher.test(matrix(c(12, 7, 5, 14), 2))``) and
    ``p.adjust(p, "holm")`` / ``"BH"``; see ``_odds_ratio`` for the odds ratio's method.

    References
    ----------
    Fisher, R. A. (1935). The logic of inductive inference. *JRSS, 98*, 39-82.
    Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian
    Journal of Statistics, 6*, 65-70.

    Examples
    --------
    >>> table = pd.DataFrame({"A": [12, 5], "B": [7, 14]}, index=["x", "y"])
    >>> x, y = per_problem_fisher(table, pd.Series({"A": 17, "B": 21}), ("A", "B"))
    >>> x.problem, round(x.odds_ratio, 3), round(x.p, 4)  # R: 4.586731, p-value = 0.04885
    ('x', 4.587, 0.0489)
    """
    confidence_level = checked_confidence(confidence_level)
    _validate_fisher(counts, clients, groups)
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


def _validate_fisher(counts: pd.DataFrame, clients: pd.Series, groups: tuple[str, str]) -> None:
    missing = [g for g in groups if g not in counts.columns or g not in clients.index]
    if missing:
        raise DataError(f"No column for {', '.join(map(repr, missing))} in the table.",
                        "unknown_group")
    cells = counts[list(groups)].to_numpy(dtype=float)
    totals = clients[list(groups)].to_numpy(dtype=float)
    if not (np.isfinite(cells).all() and (cells >= 0).all() and np.isfinite(totals).all()
            and (cells <= totals).all()):
        raise DataError("Counts must be finite numbers of 0 or more, and no more clients can "
                        "have a problem than there are clients.", "bad_counts")


def _odds_ratio(table: np.ndarray, confidence_level: float
                ) -> tuple[float, ConfidenceInterval, str]:
    """The odds ratio of a 2x2 table with its CI and the name of the method.

    Notes
    -----
    Conditional maximum-likelihood estimate with the exact CI from the noncentral
    hypergeometric distribution (R's ``fisher.test`` algorithm, vectorised in
    :func:`analysis.stats.proportions.exact_odds_ratio`: scipy's ``odds_ratio`` loops in Python
    over the support and takes minutes for a large table with a zero cell), for every table of
    up to ``EXACT_OR_MAX_N`` clients and for any table with a cell under ``WOOLF_MIN_CELL`` (a
    rare problem: 3 of 6,303 vs 0 of 6,500 gives Inf [0.43, Inf] as fisher.test does).
    Otherwise the sample odds ratio ad/bc with Woolf's CI exp(log OR +- z SE),
    SE = sqrt(1/a + 1/b + 1/c + 1/d).

    References
    ----------
    Fisher, R. A. (1935). The logic of inductive inference. *JRSS, 98*, 39-82.
    Woolf, B. (1955). On estimating the relation between blood group and disease. *Annals of
    Human Genetics, 19*, 251-253.
    """
    if table.sum() <= EXACT_OR_MAX_N or table.min() < WOOLF_MIN_CELL:
        (a, b), (c, d) = (int(v) for v in table[0]), (int(v) for v in table[1])
        exact = exact_odds_ratio(a, a + b, c, c + d, confidence_level=confidence_level)
        return exact.value, exact.ci, exact.method
    (a, b), (c, d) = table.astype(float)
    log_or = math.log(a * d / (b * c))
    half = stats.norm.ppf(0.5 + confidence_level / 2) * math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return (math.exp(log_or), ConfidenceInterval(math.exp(log_or - half), math.exp(log_or + half)),
            "sample odds ratio, Woolf CI")
