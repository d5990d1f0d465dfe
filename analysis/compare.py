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
    """Compare ``outcome`` between two groups of the ``group`` column, by default two delivery
    modes (A = ``groups[0]``, differences A - B).

    Welch's t is the primary test; Student's t, Mann-Whitney U (R's exact/approximate rule),
    Cohen's d and Hedges' g with noncentral-t CIs, the rank-biserial r, Brown-Forsythe and
    Shapiro-Wilk checks, the JZS Bayes factor and (with ``margin``) TOST come beside it.

    Raises DataError ``group_too_small`` when a group has fewer than two values.
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
    """Welch's ANOVA (R ``oneway.test``), Kruskal-Wallis (R ``kruskal.test``) and Games-Howell
    pairs across every group of the ``group`` column present (or ``groups``); groups with
    fewer than two values are left out and named in ``notes``."""
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
    """The mode x problem analysis for groups A and B.

    Single-label data get Pearson's chi-square (no Yates), Cramér's V, adjusted residuals and a
    Monte Carlo p when expected counts are small. Multi-label data (a client can list several
    problems, so the table's cells are not independent clients) get the per-problem Fisher
    tests only, which both kinds get, with Holm and BH adjustment.
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
