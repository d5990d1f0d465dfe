"""Rank tests from value counts (fast when an outcome has few distinct values, as ratings do)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from analysis.options import CONFIDENCE_LEVEL
from analysis.results import to_plain
from analysis.stats.effect_sizes import EffectSize, rank_biserial
from analysis.stats.weighted import as_weighted, expand

#: R's wilcox.test: exact p when both groups are smaller than this and there are no ties.
EXACT_BELOW = 50


def midranks(groups: list[tuple[np.ndarray, np.ndarray]]):
    """Rank sums of several weighted samples pooled, and the tie sizes.

    Returns ``(rank_sums, ns, ties)``: each group's sum of midranks, its size, and the number of
    clients at each distinct pooled value (a tie group of size t adds t^3 - t to the correction).
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
        Two-sided p.
    method : str
        "exact" or "normal approximation with tie and continuity correction" (R's rule).
    rank_biserial : EffectSize
        r = 2u/(nA nB) - 1: positive when A tends to be higher.
    hodges_lehmann : float
        Median of all differences A - B (Hodges & Lehmann 1963).
    """

    u: float
    p: float
    method: str
    rank_biserial: EffectSize
    hodges_lehmann: float

    def to_dict(self) -> dict:
        return to_plain(self)


def mann_whitney(a, b, *, weights_a=None, weights_b=None,
                 confidence_level: float = CONFIDENCE_LEVEL) -> MannWhitneyResult:
    """Mann-Whitney U with R's ``wilcox.test`` rule for the p-value.

    Exact (the permutation distribution of U) when both groups have fewer than 50 values and the
    pooled values have no ties; otherwise the normal approximation with the tie correction of
    the variance and a continuity correction of 0.5 toward the mean. (scipy's own "auto" rule
    differs, so the method is chosen here.) R: ``wilcox.test(a, b, exact = NULL, correct = TRUE)``.
    """
    xa, wa = as_weighted(a, weights_a)
    xb, wb = as_weighted(b, weights_b)
    rank_sums, ns, ties = midranks([(xa, wa), (xb, wb)])
    na, nb = float(ns[0]), float(ns[1])
    if na == 0 or nb == 0:
        raise ValueError("each group needs at least one value")
    u = float(rank_sums[0] - na * (na + 1) / 2)
    if na < EXACT_BELOW and nb < EXACT_BELOW and not (ties > 1).any():
        p = float(stats.mannwhitneyu(expand(xa, wa), expand(xb, wb), method="exact",
                                     alternative="two-sided").pvalue)
        method = "exact"
    else:
        n = na + nb
        z = u - na * nb / 2
        sigma = math.sqrt(na * nb / 12 * ((n + 1) - float((ties**3 - ties).sum()) / (n * (n - 1))))
        if sigma == 0:
            p = float("nan")
        else:
            z = (z - math.copysign(0.5, z) if z != 0 else 0.0) / sigma
            p = float(min(1.0, 2 * stats.norm.sf(abs(z))))
        method = "normal approximation with tie and continuity correction"
    return MannWhitneyResult(u, p, method, rank_biserial(u, na, nb, confidence_level),
                             hodges_lehmann(xa, xb, weights_a=wa, weights_b=wb))


def hodges_lehmann(a, b, *, weights_a=None, weights_b=None) -> float:
    """Median of the nA·nB differences A - B (Hodges & Lehmann 1963), without forming them.

    The k-th smallest difference is found by bisection on d, counting the pairs with
    A - B <= d from the sorted distinct values (O(m log m) per step), so it works for a million
    clients. Matches R's ``wilcox.test(a, b, conf.int = TRUE)$estimate`` in the exact case.
    """
    ua, inv_a = np.unique(np.asarray(a, float), return_inverse=True)
    ub, inv_b = np.unique(np.asarray(b, float), return_inverse=True)
    wa = np.bincount(inv_a, weights=np.ones(len(inv_a)) if weights_a is None else weights_a)
    wb = np.bincount(inv_b, weights=np.ones(len(inv_b)) if weights_b is None else weights_b)
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
    """Kruskal-Wallis H across groups, with epsilon squared = H / (N - 1) (Tomczak 2014)."""

    h: float
    df: int
    p: float
    epsilon_squared: float

    def to_dict(self) -> dict:
        return to_plain(self)


def kruskal_wallis(samples: list[tuple[np.ndarray, np.ndarray | None]]) -> KruskalResult:
    """Kruskal-Wallis test with the tie correction. R: ``kruskal.test(x, g)``.

    ``samples`` is a list of ``(values, weights)`` per group (weights may be None).
    """
    groups = [as_weighted(v, w) for v, w in samples]
    rank_sums, ns, ties = midranks(groups)
    n = ns.sum()
    h = 12 / (n * (n + 1)) * float((rank_sums**2 / ns).sum()) - 3 * (n + 1)
    correction = 1 - float((ties**3 - ties).sum()) / (n**3 - n)
    h = h / correction if correction > 0 else float("nan")
    df = len(groups) - 1
    return KruskalResult(float(h), df, float(stats.chi2.sf(h, df)), float(h / (n - 1)))
