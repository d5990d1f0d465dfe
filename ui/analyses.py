"""The analyses the pages show, memoised per view (filters, file, settings) and arguments."""

from __future__ import annotations

import pandas as pd

from analysis import compare, descriptives, samples, subgroups, trends
from analysis.grouping import regroup
from analysis.problems import problem_table
from ui import state


def _summary(frame: pd.DataFrame, *, by: str, outcome: str, scale_max):
    return descriptives.describe_outcome(regroup(frame, by), outcome=outcome, scale_max=scale_max)


def _samples(frame: pd.DataFrame, *, by: str, outcome: str):
    return samples.outcome_samples(regroup(frame, by), outcome)[0]


def _comparison(frame: pd.DataFrame, *, by: str, outcome: str, groups: tuple[str, str],
                margin, scale_max):
    return compare.compare_outcome(regroup(frame, by), groups=groups, outcome=outcome,
                                   margin=margin, scale_max=scale_max)


def _omnibus(frame: pd.DataFrame, *, by: str, outcome: str):
    return compare.compare_modes(regroup(frame, by), outcome=outcome)


def outcome_summary(view: state.View, *, by: str = "mode", outcome: str = "outcome"):
    scale = view.dataset.scale if outcome == "outcome" else None
    return state.memo(_summary, view.frame, by=by, outcome=outcome,
                      scale_max=scale[1] if scale else None)


def outcome_samples(view: state.View, *, by: str = "mode", outcome: str = "outcome"):
    return state.memo(_samples, view.frame, by=by, outcome=outcome)


def comparison(view: state.View, *, groups: tuple[str, str], by: str = "mode",
               outcome: str = "outcome", margin=None):
    scale = view.dataset.scale if outcome == "outcome" else None
    return state.memo(_comparison, view.frame, by=by, outcome=outcome, groups=tuple(groups),
                      margin=margin, scale_max=scale[1] if scale else None)


def omnibus(view: state.View, *, by: str = "mode", outcome: str = "outcome"):
    return state.memo(_omnibus, view.frame, by=by, outcome=outcome)


def problems_table(view: state.View, *, groups=None):
    return state.memo(problem_table, view.frame, sep=view.dataset.problem_sep,
                      groups=None if groups is None else list(groups))


def problem_analysis(view: state.View, *, groups: tuple[str, str]):
    return state.memo(compare.analyse_problems, view.frame, sep=view.dataset.problem_sep,
                      groups=tuple(groups))


def within_problems(view: state.View, *, groups: tuple[str, str]):
    return state.memo(subgroups.compare_within_problems, view.frame, groups=tuple(groups),
                      sep=view.dataset.problem_sep)


def interaction(view: state.View, *, groups: tuple[str, str]):
    return state.memo(subgroups.mode_problem_interaction, view.frame, groups=tuple(groups))


def adjusted(view: state.View, *, groups: tuple[str, str], covariates: tuple[str, ...]):
    return state.memo(subgroups.adjusted_mode_effect, view.frame, groups=tuple(groups),
                      covariates=list(covariates))


def monthly(view: state.View):
    return state.memo(trends.monthly, view.frame)


def default_groups(modes: list[str]) -> tuple[str, str] | None:
    """Online vs face-to-face when both are there; else the two largest groups."""
    if "online" in modes and "face-to-face" in modes:
        return "online", "face-to-face"
    others = [m for m in modes if m != "face-to-face"]
    if "face-to-face" in modes and others:
        return others[0], "face-to-face"
    return (modes[0], modes[1]) if len(modes) >= 2 else None
