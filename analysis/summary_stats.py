"""Tests from published summary statistics (n, mean and SD per group; or a count table), with the
same functions as for raw data."""

from __future__ import annotations

import math
from dataclasses import dataclass

from analysis.errors import DataError
from analysis.options import ALPHA, CONFIDENCE_LEVEL
from analysis.stats.bayes import jzs_log_bayes_factor
from analysis.stats.effect_sizes import EffectSize, cohens_d_from_moments, hedges_g
from analysis.stats.ttests import (
    StudentResult,
    TostResult,
    WelchResult,
    student_from_moments,
    tost_from_moments,
    welch_from_moments,
)
from analysis.stats.weighted import Moments


@dataclass(frozen=True, slots=True)
class GroupMoments:
    """One group as a paper reports it: name, n, mean and standard deviation."""

    name: str
    n: float
    mean: float
    sd: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.n) and self.n >= 2):
            raise DataError(f"{self.name}: n must be at least 2", "too_few_values")
        if not (self.sd >= 0 and math.isfinite(self.sd)) or not math.isfinite(self.mean):
            raise DataError(f"{self.name}: the mean must be a number and the SD not negative",
                            "not_finite")

    def as_moments(self) -> Moments:
        """n, mean and variance (the SD squared)."""
        return Moments.from_sd(self.n, self.mean, self.sd)


@dataclass(frozen=True, slots=True)
class SummaryComparison:
    """A vs B from summary statistics (differences are A minus B)."""

    groups: tuple[str, str]
    welch: WelchResult
    student: StudentResult
    cohens_d: EffectSize
    hedges_g: EffectSize
    log10_bayes_factor_10: float
    tost: TostResult | None
    moments: tuple[GroupMoments, GroupMoments] | None = None
    alpha: float = ALPHA

    @property
    def means(self) -> tuple[float, float]:
        return self.moments[0].mean, self.moments[1].mean

    @property
    def n(self) -> int:
        return int(self.moments[0].n + self.moments[1].n)


def compare_summaries(a: GroupMoments, b: GroupMoments, *,
                      margin: float | tuple[float, float] | None = None, alpha: float = ALPHA,
                      confidence_level: float = CONFIDENCE_LEVEL) -> SummaryComparison:
    """Welch's and Student's t, Cohen's d and Hedges' g with noncentral-t CIs, the JZS Bayes
    factor and (with ``margin``) TOST, from n, mean and SD per group.

    These are exactly the raw-data functions (they use only n, mean and variance), so the
    results equal those from the raw data the summaries describe; the rank tests need the data.
    """
    ma, mb = a.as_moments(), b.as_moments()
    student = student_from_moments(ma, mb, confidence_level=confidence_level)
    d = cohens_d_from_moments(ma, mb, confidence_level=confidence_level)
    log_bf = (jzs_log_bayes_factor(student.t, a.n, b.n) / math.log(10)
              if math.isfinite(student.t) else math.nan)
    return SummaryComparison(
        (a.name, b.name), welch_from_moments(ma, mb, confidence_level=confidence_level), student,
        d, hedges_g(d, a.n, b.n), log_bf,
        tost_from_moments(ma, mb, margin=margin, alpha=alpha) if margin is not None else None,
        (a, b), alpha)
