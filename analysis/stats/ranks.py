"""Rank tests from value counts (fast when an outcome has few distinct values, as ratings do)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from analysis.errors import DataError
from analysis.options import CONFIDENCE_LEVEL
from analysis.results import OMIT_IF_DEFAULT, checked_alternative, checked_confidence
from analysis.stats.effect_sizes import EffectSize, rank_biserial
from analysis.stats.weighted import as_weighted, expand

__all__ = ["MannWhitneyResult", "KruskalResult", "mann_whitney", "hodges_lehmann",
           "kruskal_wallis", "midranks", "EXACT_BELOW"]

#: R's wilcox.test: exact p when both groups are smaller than this and there are no ties.
EXACT_BELOW = 50


def midranks(groups: list[tuple[np.ndarray, np.ndarray]]):
    """Rank sums of several weighted samples pooled, and the tie sizes.

    Parameters
    ----------
    groups : list of (values, weights)
        Each group's finite values and frequency weights (as :func:`as_weighted` returns them).

    Returns
    -------
    (ndarray, ndarray, ndarray)
        ``(rank_sums, ns, ties)``: each group's sum of midranks, its size, and the number of
        clients at each distinct pooled value (a tie group of size t adds t^3 - t to the
        correction).

    Notes
    -----
    A distinct value held by t clients after c smaller ones has the midrank c + (t + 1) / 2,
    so the ranks cost one sort of the distinct values, whatever the number of clients.

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika, 33*,
    239-251.

    Examples
    --------
    >>> sums, ns, ties = midranks([(np.array([1.0, 2.0]), np.array([1.0, 2.0])),
    ...                            (np.array([2.0]), np.array([1.0]))])
    >>> sums.tolist(), ns.tolist(), ties.tolist()  # ranks 1, 3, 3 | 3
    ([7.0, 3.0], [3.0, 1.0], [1.0, 3.0])
    """
    values = np.concatenate([g[0] for g in groups])
    weights = np.concatenate([g[1] for g in groups])
    labels = np.concatenate([np.full(len(g[0]), i) for i, g in enumerate(groups)])
    uniq, inverse = np.unique(values, return_inverse=True)
    ties = np.bincount(inverse, weights=weights, minlength=len(uniq))
    before = np.cumsum(ties) - ties
    rank = before + (ties + 1) / 2
    rank_sums = np.bincount(labels, weights=weights * rank[inverse], minlength=len(groups))
    ns = np.bincount(labels, weights=weights, minlength=len(groups))
    return rank_sums, ns, ties


@dataclass(frozen=True, slots=True)
class MannWhitneyResult:
    """Mann-Whitney U test (Wilcoxon rank-sum) of A vs B.

    Attributes
    ----------
    u : float
        U of group A (pairs in which A's value is higher, ties counting one half).
    p : float
        p of ``alternative``.
    method : str
        "exact" or "normal approximation with tie and continuity correction" (R's rule).
    rank_biserial : EffectSize
        r = 2u/(nA nB) - 1: positive when A tends to be higher.
    hodges_lehmann : float
        Median of all differences A - B (Hodges & Lehmann 1963).
    alternative : str
        "two-sided", "less" (A tends to be lower) or "greater" (A tends to be higher);
        serialised only when not "two-sided".
    """

    u: float
    p: float
    method: str
    rank_biserial: EffectSize
    hodges_lehmann: float
    alternative: str = field(default="two-sided", metadata=OMIT_IF_DEFAULT)


def _validate_rank_samples(samples, *, min_groups: int = 2) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each sample through :func:`as_weighted` (``not_finite``, ``bad_weights``,
    ``length_mismatch``), at least ``min_groups`` of them (``too_few_groups``), each with at
    least one value (``too_few_values``)."""
    if len(samples) < min_groups:
        raise DataError(f"{len(samples)} group(s); a rank test needs at least {min_groups}.",
                        "too_few_groups")
    groups = [as_weighted(v, w) for v, w in samples]
    for i, (_, w) in enumerate(groups):
        if w.sum() == 0:
            raise DataError(f"Group {i + 1} has no values; each group needs at least one.",
                            "too_few_values")
    return groups


def mann_whitney(a, b, *, weights_a=None, weights_b=None, alternative: str = "two-sided",
                 confidence_level: float = CONFIDENCE_LEVEL) -> MannWhitneyResult:
    """Mann-Whitney U test (Wilcoxon rank-sum) with R's ``wilcox.test`` rule for the p-value.

    Parameters
    ----------
    a, b : array_like
        The two groups' values (finite; at least one in each group).
    weights_a, weights_b : array_like, optional
        Frequency weights, one per value.
    alternative : {"two-sided", "less", "greater"}
        "less": A tends to be lower than B (its distribution is shifted down); "greater": higher.
    confidence_level : float
        Level of the rank-biserial r's CI, in (0, 1).

    Returns
    -------
    MannWhitneyResult
        ``u`` (A's U: pairs in which A is higher, ties one half), ``p``, ``method``,
        ``rank_biserial`` (positive when A tends higher) and ``hodges_lehmann`` (median of the
        differences A - B).

    Raises
    ------
    DataError
        ``not_finite``, ``bad_weights``, ``length_mismatch``, ``too_few_values`` (a group
        without values), ``bad_alternative``, ``bad_confidence_level``.

    Notes
    -----
    Exact (the permutation distribution of U) when both groups have fewer than 50 values and the
    pooled values have no ties; otherwise the normal approximation with the tie correction of
    the variance and a continuity correction of 0.5 toward the mean (for "less" +0.5, for
    "greater" -0.5, as R). scipy's own "auto" rule differs, so the method is chosen here. R:
    ``wilcox.test(a, b, alternative = ..., exact = NULL, correct = TRUE)``, whose W is U.

    References
    ----------
    Mann, H. B., & Whitney, D. R. (1947). On a test of whether one of two random variables is
    stochastically larger than the other. *Annals of Mathematical Statistics, 18*, 50-60.

    Examples
    --------
    >>> a, b = [5.1, 4.8, 6.0, 5.7, 6.2], [4.2, 4.9, 5.0, 4.4]
    >>> r = mann_whitney(a, b)  # R: wilcox.test(a, b): W = 18, p-value = 0.06349
    >>> r.u, round(r.p, 5), r.method
    (18.0, 0.06349, 'exact')
    >>> round(mann_whitney(a, b, alternative="greater").p, 5)  # R: 0.03175
    0.03175
    """
    alternative = checked_alternative(alternative)
    confidence_level = checked_confidence(confidence_level)
    (xa, wa), (xb, wb) = _validate_rank_samples([(a, weights_a), (b, weights_b)])
    rank_sums, ns, ties = midranks([(xa, wa), (xb, wb)])
    na, nb = float(ns[0]), float(ns[1])
    u = float(rank_sums[0] - na * (na + 1) / 2)
    if na < EXACT_BELOW and nb < EXACT_BELOW and not (ties > 1).any():
        p = float(stats.mannwhitneyu(expand(xa, wa), expand(xb, wb), method="exact",
                                     alternative=alternative).pvalue)
        method = "exact"
    else:
        p = _normal_p(u, na, nb, ties, alternative)
        method = "normal approximation with tie and continuity correction"
    r = rank_biserial(u, na, nb, confidence_level=confidence_level)
    return MannWhitneyResult(u, p, method, r, hodges_lehmann(xa, xb, weights_a=wa, weights_b=wb),
                             alternative)


def _normal_p(u: float, na: float, nb: float, ties: np.ndarray, alternative: str) -> float:
    """p of U by the normal approximation with tie and continuity correction (R's rule)."""
    n = na + nb
    z = u - na * nb / 2
    sigma = math.sqrt(na * nb / 12 * ((n + 1) - float((ties**3 - ties).sum()) / (n * (n - 1))))
    if sigma == 0:
        return float("nan")
    if alternative == "less":
        return float(stats.norm.cdf((z + 0.5) / sigma))
    if alternative == "greater":
        return float(stats.norm.sf((z - 0.5) / sigma))
    z = (z - math.copysign(0.5, z) if z != 0 else 0.0) / sigma
    return float(min(1.0, 2 * stats.norm.sf(abs(z))))


def hodges_lehmann(a, b, *, weights_a=None, weights_b=None) -> float:
    """Median of the nA·nB differences A - B, without forming them.

    Parameters
    ----------
    a, b : array_like
        The two groups' values (finite; at least one in each group).
    weights_a, weights_b : array_like, optional
        Frequency weights, one per value.

    Returns
    -------
    float
        The Hodges-Lehmann estimate of the shift of A relative to B (positive when A is higher).

    Raises
    ------
    DataError
        ``not_finite``, ``bad_weights``, ``length_mismatch``, ``too_few_values``.

    Notes
    -----
    The k-th smallest difference is found by bisection on d, counting the pairs with
    A - B <= d from the sorted distinct values (O(m log m) per step), so it works for a million
    clients. Matches R's ``wilcox.test(a, b, conf.int = TRUE)$estimate`` in the exact case.

    References
    ----------
    Hodges, J. L., & Lehmann, E. L. (1963). Estimates of location based on rank tests.
    *Annals of Mathematical Statistics, 34*, 598-611.

    Examples
    --------
    >>> round(hodges_lehmann([5.1, 4.8, 6.0, 5.7, 6.2], [4.2, 4.9, 5.0, 4.4]), 6)  # R: 0.95
    0.95
    """
    (xa, wa), (xb, wb) = _validate_rank_samples([(a, weights_a), (b, weights_b)])
    ua, inv_a = np.unique(xa, return_inverse=True)
    ub, inv_b = np.unique(xb, return_inverse=True)
    wa = np.bincount(inv_a, weights=wa)
    wb = np.bincount(inv_b, weights=wb)
    cum_b = np.concatenate([[0.0], np.cumsum(wb)])
    total_b = cum_b[-1]
    n_pairs = wa.sum() * total_b

    def pairs_at_most(d: float) -> float:  # pairs with a - b <= d, i.e. b >= a - d
        idx = np.searchsorted(ub, ua - d, side="left")
        return float(wa @ (total_b - cum_b[idx]))

    def kth(k: float) -> float:
        lo, hi = ua[0] - ub[-1] - 1.0, ua[-1] - ub[0]
        for _ in range(200):
            mid = (lo + hi) / 2
            if mid in (lo, hi):
                break
            if pairs_at_most(mid) >= k:
                hi = mid
            else:
                lo = mid
        # snap to the nearest actual difference, removing the bisection's rounding
        idx = np.clip(np.searchsorted(ub, ua - hi), 0, len(ub) - 1)
        candidates = np.concatenate([ua - ub[idx], ua - ub[np.maximum(idx - 1, 0)]])
        return float(candidates[np.argmin(np.abs(candidates - hi))])

    if n_pairs % 2:
        return kth((n_pairs + 1) / 2)
    return (kth(n_pairs / 2) + kth(n_pairs / 2 + 1)) / 2


@dataclass(frozen=True, slots=True)
class KruskalResult:
    """Kruskal-Wallis H across groups.

    Attributes
    ----------
    h : float
        H with the tie correction (NaN when every value is tied).
    df : int
        Number of groups minus 1.
    p : float
        Upper-tail chi-square p of H.
    epsilon_squared : float
        H / (N - 1) (Tomczak & Tomczak 2014).
    """

    h: float
    df: int
    p: float
    epsilon_squared: float


def kruskal_wallis(samples: list[tuple[np.ndarray, np.ndarray | None]]) -> KruskalResult:
    """Kruskal-Wallis rank test of two or more groups, with the tie correction.

    Parameters
    ----------
    samples : list of (values, weights)
        One ``(values, weights)`` pair per group (weights may be None); at least two groups,
        each with a value.

    Returns
    -------
    KruskalResult
        ``h``, ``df``, ``p`` and ``epsilon_squared``.

    Raises
    ------
    DataError
        ``too_few_groups``, ``too_few_values``, ``not_finite``, ``bad_weights``,
        ``length_mismatch``.

    Notes
    -----
    H = 12 / (N (N + 1)) sum R_i^2 / n_i - 3 (N + 1), divided by 1 - sum (t^3 - t) / (N^3 - N).
    R: ``kruskal.test(x, g)``.

    References
    ----------
    Kruskal, W. H., & Wallis, W. A. (1952). Use of ranks in one-criterion variance analysis.
    *JASA, 47*, 583-621.
    Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited.
    *Trends in Sport Sciences, 21*, 19-25.

    Examples
    --------
    >>> r = kruskal_wallis([([1, 2, 3], None), ([4, 5, 6], None), ([2, 7, 8], None)])
    >>> round(r.h, 4), r.df, round(r.p, 4)  # R: kruskal.test(list(1:3, 4:6, c(2, 7, 8)))
    (3.8319, 2, 0.1472)
    """
    groups = _validate_rank_samples(samples)
    rank_sums, ns, ties = midranks(groups)
    n = ns.sum()
    h = 12 / (n * (n + 1)) * float((rank_sums**2 / ns).sum()) - 3 * (n + 1)
    correction = 1 - float((ties**3 - ties).sum()) / (n**3 - n)
    h = h / correction if correction > 0 else float("nan")
    df = len(groups) - 1
    return KruskalResult(float(h), df, float(stats.chi2.sf(h, df)), float(h / (n - 1)))
