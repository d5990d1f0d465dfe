"""The comparisons the pages and the report show, from a Dataset frame and column names."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.data.exclusions import Exclusions
from analysis.data.group_samples import outcome_samples
from analysis.descriptives import GroupSummary, summarise
from analysis.errors import DataError
from analysis.options import ALPHA, CONFIDENCE_LEVEL
from analysis.problems import ProblemTable, problem_table
from analysis.stats.anova import PairwiseResult, WelchAnovaResult, games_howell, welch_anova
from analysis.stats.assumptions import TestStatistic, levene_brown_forsythe, shapiro_wilk
from analysis.stats.bayes import jzs_log_bayes_factor
from analysis.stats.contingency import (
    ChiSquareResult,
    ProblemComparison,
    adjusted_residuals,
    chi_square_test,
    per_problem_fisher,
)
from analysis.stats.effect_sizes import EffectSize, cohens_d, hedges_g
from analysis.stats.ranks import KruskalResult, MannWhitneyResult, kruskal_wallis, mann_whitney
from analysis.stats.ttests import StudentResult, TostResult, WelchResult, student_t, tost, welch_t


@dataclass(frozen=True, slots=True)
class OutcomeComparison:
    """Everything about the outcome in group A vs group B (differences are A minus B)."""

    groups: tuple[str, str]
    descriptives: tuple[GroupSummary, GroupSummary]
    welch: WelchResult
    student: StudentResult
    mann_whitney: MannWhitneyResult
    cohens_d: EffectSize
    hedges_g: EffectSize
    levene: TestStatistic
    shapiro: dict[str, TestStatistic]
    bayes_factor_10: float
    log10_bayes_factor_10: float
    tost: TostResult | None
    exclusions: Exclusions
    alpha: float

    @property
    def means(self) -> tuple[float, float]:
        return self.descriptives[0].mean, self.descriptives[1].mean

    @property
    def n(self) -> int:
        """Clients compared (both groups)."""
        return self.descriptives[0].n + self.descriptives[1].n


def _require_groups(samples: dict, groups: tuple[str, str], outcome: str) -> None:
    for g in groups:
        n = samples[g][1].sum() if g in samples else 0
        if n < 2:
            raise DataError(f"Group '{g}' has {int(n)} client(s) with a value of {outcome}; "
                            "at least two are needed to compare it.", "group_too_small")


def compare_outcome(data: pd.DataFrame, *, groups: tuple[str, str], outcome: str = "outcome",
                    margin: float | tuple[float, float] | None = None, alpha: float = ALPHA,
                    confidence_level: float = CONFIDENCE_LEVEL,
                    scale: tuple[float, float] | None = None,
                    group: str = "mode") -> OutcomeComparison:
    """Compare a numeric outcome between two groups, by default two delivery modes.

    Parameters
    ----------
    data : DataFrame
        A prepared frame (:attr:`Dataset.frame <analysis.data.dataset.Dataset.frame>`, or
        :func:`~analysis.data.dataset.frame_from_columns`): ``mode``, ``weight`` (frequency
        weights: a row stands for that many clients), the outcome and the ``*_issue`` columns.
    groups : (str, str)
        Groups A and B, labels of the ``group`` column.
    outcome : str
        The outcome column ("outcome", or another numeric column of the frame).
    margin : float or (float, float), optional
        Equivalence margin in outcome units (TOST), or explicit (low, high) bounds.
    alpha : float
        Of the TOST verdict.
    confidence_level : float
        Of every CI, in (0, 1).
    scale : (float, float), optional
        The outcome's possible range; the means' CIs are clipped to it.
    group : str
        The column holding the groups (``mode``, or one added by
        :func:`analysis.grouping.with_groups`).

    Returns
    -------
    OutcomeComparison
        Differences are A minus B: Welch's t (the primary test), Student's t, Mann-Whitney U
        (R's exact/approximate rule) with the rank-biserial r and the Hodges-Lehmann shift,
        Cohen's d and Hedges' g with noncentral-t CIs, Brown-Forsythe and Shapiro-Wilk checks,
        the JZS Bayes factor, TOST (with ``margin``) and the rows left out and why.

    Raises
    ------
    DataError
        ``group_too_small`` when a group has fewer than two values.

    Notes
    -----
    Welch's test is chosen without a variance pre-test (Delacre, Lakens & Leys 2017). R:
    ``t.test(a, b)``, ``wilcox.test(a, b, conf.int = TRUE)``.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> frame = frame_from_columns(["online"] * 5 + ["face-to-face"] * 5,
    ...                            [4, 5, 3, 4, 5, 3, 4, 2, 3, 4])
    >>> result = compare_outcome(frame, groups=("online", "face-to-face"))
    >>> w = result.welch  # R: t.test(c(4, 5, 3, 4, 5), c(3, 4, 2, 3, 4))
    >>> round(w.mean_diff, 3), round(w.t, 4), round(w.df, 2), round(w.p, 5)
    (1.0, 1.8898, 8.0, 0.09545)
    >>> [round(x, 4) for x in w.ci.to_list()]
    [-0.2202, 2.2202]
    """
    a, b = groups
    samples, exclusions = outcome_samples(data, outcome, list(groups), group=group)
    _require_groups(samples, groups, outcome)
    (xa, wa), (xb, wb) = samples[a], samples[b]
    kw = {"weights_a": wa, "weights_b": wb}
    student = student_t(xa, xb, confidence_level=confidence_level, **kw)
    d = cohens_d(xa, xb, confidence_level=confidence_level, **kw)
    na, nb = wa.sum(), wb.sum()
    log_bf = jzs_log_bayes_factor(student.t, na, nb) if np.isfinite(student.t) else math.nan
    return OutcomeComparison(
        groups=(a, b),
        descriptives=tuple(summarise(*samples[g], group=g, confidence_level=confidence_level,
                                     scale=scale) for g in groups),
        welch=welch_t(xa, xb, confidence_level=confidence_level, **kw),
        student=student,
        mann_whitney=mann_whitney(xa, xb, confidence_level=confidence_level, **kw),
        cohens_d=d,
        hedges_g=hedges_g(d, na, nb),
        levene=levene_brown_forsythe([samples[a], samples[b]]),
        shapiro={g: shapiro_wilk(*samples[g]) for g in groups},
        bayes_factor_10=math.exp(log_bf) if log_bf < 709 else math.inf,
        log10_bayes_factor_10=log_bf / math.log(10),
        tost=tost(xa, xb, margin, alpha=alpha, **kw) if margin is not None else None,
        exclusions=exclusions,
        alpha=alpha,
    )


@dataclass(frozen=True, slots=True)
class OmnibusResult:
    """The outcome across all modes present: Welch ANOVA, Kruskal-Wallis, Games-Howell pairs."""

    groups: tuple[str, ...]
    welch_anova: WelchAnovaResult
    kruskal: KruskalResult
    games_howell: tuple[PairwiseResult, ...]
    exclusions: Exclusions
    notes: tuple[str, ...] = ()


def compare_modes(data: pd.DataFrame, *, outcome: str = "outcome",
                  groups: list[str] | None = None, group: str = "mode",
                  confidence_level: float = CONFIDENCE_LEVEL) -> OmnibusResult:
    """The outcome across every group present: Welch's ANOVA, Kruskal-Wallis and Games-Howell
    pairs.

    Parameters
    ----------
    data : DataFrame
        A prepared frame (see :func:`compare_outcome`).
    outcome : str
        The outcome column.
    groups : list of str, optional
        The groups to compare (default: every group of the ``group`` column present).
    group : str
        The column holding the groups.
    confidence_level : float
        Of the Games-Howell CIs, in (0, 1).

    Returns
    -------
    OmnibusResult
        Welch's F with omega squared, Kruskal-Wallis H with epsilon squared, the Games-Howell
        pairs (differences first minus second), the exclusions and notes (groups with fewer
        than two values are left out and named there).

    Raises
    ------
    DataError
        ``too_few_groups`` when fewer than two groups have two values.

    Notes
    -----
    R: ``oneway.test(y ~ g)``, ``kruskal.test(y ~ g)``; Games-Howell as
    ``rstatix::games_howell_test``.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> frame = frame_from_columns(["online"] * 5 + ["face-to-face"] * 5 + ["phone"] * 3,
    ...                            [4, 5, 3, 4, 5, 3, 4, 2, 3, 4, 2, 3, 3])
    >>> result = compare_modes(frame)
    >>> round(result.welch_anova.f, 4), round(result.welch_anova.p, 5)
    (4.2756, 0.06786)
    >>> round(result.kruskal.h, 4)
    5.3012
    """
    samples, exclusions = outcome_samples(data, outcome, groups, group=group)
    small = [m for m, (_, w) in samples.items() if w.sum() < 2]
    usable = {m: s for m, s in samples.items() if m not in small}
    if len(usable) < 2:
        raise DataError("Fewer than two modes have at least two values of the outcome.",
                        "too_few_groups")
    names = list(usable)
    parts = [usable[m] for m in names]
    notes = [f"Mode '{m}' has fewer than two values and is left out." for m in small]
    flat = [m for m, (x, _) in usable.items() if np.ptp(x) == 0]
    if flat:
        notes.append(f"All values are equal within {', '.join(flat)}: Welch's ANOVA and "
                     "Games-Howell are undefined.")
    return OmnibusResult(tuple(names), welch_anova(parts), kruskal_wallis(parts),
                         games_howell(parts, names, confidence_level=confidence_level),
                         exclusions, tuple(notes))


@dataclass(frozen=True, slots=True, eq=False)
class ProblemAnalysis:
    """Problem types in groups A and B: the table, the omnibus test, residuals, and the tests
    of each problem."""

    groups: tuple[str, str]
    table: ProblemTable
    chi_square: ChiSquareResult | None
    residuals: pd.DataFrame | None
    per_problem: tuple[ProblemComparison, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def analyse_problems(data: pd.DataFrame, *, sep: str | None, groups: tuple[str, str],
                     group: str = "mode",
                     confidence_level: float = CONFIDENCE_LEVEL) -> ProblemAnalysis:
    """The problem types of groups A and B compared.

    Parameters
    ----------
    data : DataFrame
        A prepared frame (see :func:`analysis.problems.problem_table`).
    sep : str or None
        The separator of multi-label cells, or None.
    groups : (str, str)
        Groups A and B.
    group : str
        The column holding the groups (the delivery mode by default).
    confidence_level : float
        Of Cramér's V's and the odds ratios' CIs.

    Returns
    -------
    ProblemAnalysis
        The table; Pearson's chi-square (no Yates) with Cramér's V and its noncentral CI, the
        likelihood-ratio G and a Monte Carlo p when expected counts are small; adjusted
        standardized residuals; each problem on its own (Fisher's exact test, the odds ratio
        of having it in A vs B, Holm- and BH-adjusted p); notes.

    Notes
    -----
    Multi-label data (a client can list several problems, so the table's cells are not
    independent clients) get the per-problem tests only. R: ``chisq.test(m, correct =
    FALSE)``, ``fisher.test`` per problem, ``p.adjust(p, "holm")``.

    Examples
    --------
    >>> from analysis.data.dataset import frame_from_columns
    >>> frame = frame_from_columns(["online"] * 6 + ["face-to-face"] * 6,
    ...     problem=["anxiety"] * 4 + ["depression"] * 2 + ["anxiety"] + ["depression"] * 5)
    >>> result = analyse_problems(frame, sep=None, groups=("online", "face-to-face"))
    >>> x = result.chi_square  # R: chisq.test(matrix(c(4, 2, 1, 5), 2), correct = FALSE)
    >>> round(x.statistic, 4), x.df, round(x.p, 5)
    (3.0857, 1, 0.07898)
    >>> [(r.problem, round(r.odds_ratio, 3), round(r.p, 4)) for r in result.per_problem]
    [('depression', 0.126, 0.2424), ('anxiety', 7.955, 0.2424)]
    """
    table = problem_table(data, sep=sep, groups=list(groups), group=group)
    return analyse_problem_table(table, groups=groups, confidence_level=confidence_level)


def analyse_problem_table(table: ProblemTable, *, groups: tuple[str, str],
                          tested: list[str] | None = None,
                          confidence_level: float = CONFIDENCE_LEVEL) -> ProblemAnalysis:
    """:func:`analyse_problems` from a mode x problem table (e.g. one whose small categories
    were pooled); ``tested`` limits the per-problem tests (and their Holm and BH adjustment) to
    these problems."""
    for g in groups:
        if table.clients.get(g, 0) == 0:
            raise DataError(f"Group '{g}' has no client with a problem type recorded.",
                            "group_too_small")
    counts = table.counts[list(groups)]
    counts = counts.loc[counts.sum(axis=1) > 0]
    notes = []
    chi = residuals = None
    if table.multi_label:
        notes.append("Clients can list several problems, so the table counts mentions rather than "
                     "clients and a chi-square test of it would be invalid: each problem is "
                     "tested on its own (has it vs not) instead.")
    elif len(counts) < 2:
        notes.append("Only one problem type is present: there is nothing to test.")
    else:
        chi = chi_square_test(counts, confidence_level=confidence_level)
        residuals = adjusted_residuals(counts)[0]
    one_by_one = counts if tested is None else counts.loc[[p for p in counts.index
                                                           if p in set(tested)]]
    per_problem = per_problem_fisher(one_by_one, table.clients, groups,
                                     confidence_level=confidence_level)
    return ProblemAnalysis(tuple(groups), table, chi, residuals, per_problem,
                           tuple(notes))
