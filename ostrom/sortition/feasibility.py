"""Whether any panel meets the quotas, and if not, which quotas conflict and the smallest change that helps.

Run before any lottery: a lottery over no panels is meaningless, and the people setting quotas
need a sentence they can act on, not a solver status.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

import highspy
import numpy as np

from ostrom.sortition.panel_search import PanelSearch, quiet_highs, quota_rows
from ostrom.sortition.pool import PanelRequest, VolunteerGroups, group_volunteers


@dataclass(frozen=True)
class Relaxation:
    """One quota changed so that a panel becomes possible."""

    feature: str
    value: str
    minimum: int
    maximum: int
    new_minimum: int
    new_maximum: int

    @property
    def sentence(self) -> str:
        changes = []
        if self.new_minimum < self.minimum:
            changes.append(f"lower the minimum from {self.minimum} to {self.new_minimum}")
        if self.new_maximum > self.maximum:
            changes.append(f"raise the maximum from {self.maximum} to {self.new_maximum}")
        return f"For {self.feature} “{self.value}”, {' and '.join(changes)}."


class Conflict(StrEnum):
    """What makes a panel impossible, for an application to word in its readers' language."""

    TOO_FEW_PEOPLE = "too-few-people"  # only `count` people (or households) can be chosen for `size` seats
    TOO_FEW_VOLUNTEERED = "too-few-volunteered"  # `minimum` of `feature` `value` wanted, `count` volunteered
    MINIMUM_ABOVE_SIZE = "minimum-above-size"  # a `minimum` of `feature` `value` above the `size` seats
    MINIMUMS_ADD_UP = "minimums-add-up"  # the minimums for `feature` add up to `count`, above `size`
    MAXIMUMS_TOO_LOW = "maximums-too-low"  # the maximums for `feature` allow `count`, below `size`
    ONLY_APART = "only-apart"  # each quota can be met on its own, not all together


@dataclass(frozen=True)
class Problem:
    """One conflict among the quotas, with the numbers it names; `sentence` says it in English."""

    conflict: Conflict
    size: int
    count: int = 0
    minimum: int = 0
    feature: str = ""
    value: str = ""
    households: bool = False

    @property
    def sentence(self) -> str:
        size, quota = self.size, f"{self.feature} “{self.value}”"
        if self.conflict is Conflict.TOO_FEW_PEOPLE:
            whom = "households" if self.households else "volunteers"
            return f"No panel of {size} can be drawn: only {self.count} {whom} can be chosen."
        if self.conflict is Conflict.TOO_FEW_VOLUNTEERED:
            return f"No panel of {size} can have ≥ {self.minimum} people with {quota}: only {self.count} volunteered."
        if self.conflict is Conflict.MINIMUM_ABOVE_SIZE:
            return f"No panel of {size} can have ≥ {self.minimum} people with {quota}."
        if self.conflict is Conflict.MINIMUMS_ADD_UP:
            return f"The minimums for {self.feature} add up to {self.count}, more than the {size} seats."
        if self.conflict is Conflict.MAXIMUMS_TOO_LOW:
            return (
                f"The maximums for {self.feature}, given who volunteered, allow at most {self.count} people, "
                f"fewer than the {size} seats."
            )
        return f"No panel of {size} meets all the quotas together, although each quota can be met on its own."


@dataclass(frozen=True)
class Feasibility:
    """`problems` name the conflicting quotas; `relaxations` is the smallest set of quota changes (fewest
    seats moved) that makes a panel possible, empty if none would. `explanation` says it in English."""

    is_feasible: bool
    problems: tuple[Problem, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()

    @property
    def explanation(self) -> str:
        if self.is_feasible:
            return "At least one panel meets every quota."
        sentences = [problem.sentence for problem in self.problems]
        if self.relaxations:
            sentences.append("The smallest change that makes a panel possible:")
            sentences.extend(relaxation.sentence for relaxation in self.relaxations)
        return " ".join(sentences)


class QuotasCannotBeMet(Exception):
    """No panel of this size meets every quota; `explanation` says why in plain English."""

    def __init__(self, feasibility: Feasibility) -> None:
        super().__init__(feasibility.explanation)
        self.feasibility = feasibility
        self.explanation = feasibility.explanation
        self.relaxations = feasibility.relaxations


def _people_available(groups: VolunteerGroups, members: np.ndarray) -> int:
    """How many people with a value can sit on one panel: everyone, less all but one per shared household."""
    in_household = {g for household in groups.households for g in household}
    singles = sum(len(groups.members[g]) for g in members if g not in in_household)
    households_touched = sum(1 for household in groups.households if set(household) & set(members.tolist()))
    return singles + households_touched


def _counting_problems(request: PanelRequest, groups: VolunteerGroups) -> list[Problem]:
    """Conflicts visible by counting alone."""
    size = request.panel_size
    problems = []
    everyone = np.arange(len(groups), dtype=np.int64)
    available_total = _people_available(groups, everyone)
    if available_total < size:
        problems.append(
            Problem(
                Conflict.TOO_FEW_PEOPLE, size, count=available_total, households=request.one_per_household
            )
        )
    minimum_by_feature: dict[str, int] = defaultdict(int)
    reachable_by_feature: dict[str, int] = defaultdict(int)
    for quota, members in zip(request.quotas, quota_rows(groups, request.quotas), strict=True):
        available = _people_available(groups, members)
        named = {"minimum": quota.minimum, "feature": quota.feature, "value": quota.value}
        if available < quota.minimum:
            problems.append(Problem(Conflict.TOO_FEW_VOLUNTEERED, size, count=available, **named))
        if quota.minimum > size:
            problems.append(Problem(Conflict.MINIMUM_ABOVE_SIZE, size, **named))
        minimum_by_feature[quota.feature] += quota.minimum
        reachable_by_feature[quota.feature] += min(quota.maximum, available)
    for feature in request.features:
        if minimum_by_feature[feature] > size:
            problems.append(
                Problem(Conflict.MINIMUMS_ADD_UP, size, count=minimum_by_feature[feature], feature=feature)
            )
        if reachable_by_feature[feature] < size:
            problems.append(
                Problem(Conflict.MAXIMUMS_TOO_LOW, size, count=reachable_by_feature[feature], feature=feature)
            )
    return problems


def _relaxation_costs(request: PanelRequest, groups: VolunteerGroups) -> np.ndarray:
    """The cost of one seat of change to each minimum, then to each maximum. Every seat costs about the
    same, so the fewest seats moved always wins; among changes of as many seats, those to the quotas at
    fault win: a minimum far above the value's proportional share of the panel (its share of the people
    who can be chosen, times the seats), or a maximum far below it. So an impossible "75 or over"
    minimum is lowered itself rather than the minimums of other age bands that were fine."""
    size = request.panel_size
    everyone = _people_available(groups, np.arange(len(groups), dtype=np.int64))
    shares = [
        size * _people_available(groups, members) / everyone if everyone else 0.0
        for members in quota_rows(groups, request.quotas)
    ]
    above = np.array([max(0.0, q.minimum - share) for q, share in zip(request.quotas, shares, strict=True)])
    below = np.array([max(0.0, share - q.maximum) for q, share in zip(request.quotas, shares, strict=True)])
    # More than any total of preferences a relaxation could add up (at most 2 × quotas × seats seats,
    # each preferred by at most `size`), so a seat moved always costs more than any preference saves.
    seat = (2 * len(request.quotas) * size + 1) * (size + 1)
    return np.concatenate([seat - above, seat - below])


def _smallest_relaxation(request: PanelRequest, groups: VolunteerGroups) -> tuple[Relaxation, ...]:
    """The fewest seats of quota change (minimums lowered plus maximums raised) that allow a panel,
    preferring, among changes of as many seats, the quotas at fault (see `_relaxation_costs`).

    An integer program on HiGHS: the panel variables of `PanelSearch` plus, per quota, how far its
    minimum drops and its maximum rises. Returns () when no change of quotas helps (too few people).
    """
    group_count = len(groups)
    quota_count = len(request.quotas)
    highs = quiet_highs()
    # Solved to the exact optimum: the preferences between relaxations of as many seats are small
    # beside the objective, well inside HiGHS's default relative gap.
    highs.setOptionValue("mip_rel_gap", 0.0)
    infinity = highspy.kHighsInf
    # Columns: panel counts per group, then minimum drops, then maximum rises.
    lower = np.zeros(group_count + 2 * quota_count)
    upper = np.concatenate(
        [
            np.array(groups.sizes, dtype=np.float64),
            np.array([quota.minimum for quota in request.quotas], dtype=np.float64),
            np.full(quota_count, float(request.panel_size)),
        ]
    )
    cost = np.concatenate([np.zeros(group_count), _relaxation_costs(request, groups)])
    highs.addVars(len(lower), lower, upper)
    highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
    highs.changeColsIntegrality(
        len(lower), np.arange(len(lower), dtype=np.int32), [highspy.HighsVarType.kInteger] * len(lower)
    )
    everyone = np.arange(group_count, dtype=np.int32)
    highs.addRow(request.panel_size, request.panel_size, group_count, everyone, np.ones(group_count))
    for position, (quota, members) in enumerate(
        zip(request.quotas, quota_rows(groups, request.quotas), strict=True)
    ):
        drop = group_count + position
        rise = group_count + quota_count + position
        indices = np.concatenate([members, [drop]]).astype(np.int32)
        highs.addRow(quota.minimum, infinity, len(indices), indices, np.ones(len(indices)))
        indices = np.concatenate([members, [rise]]).astype(np.int32)
        values = np.concatenate([np.ones(len(members)), [-1.0]])
        highs.addRow(-infinity, quota.maximum, len(indices), indices, values)
    for household in groups.households:
        indices = np.array(household, dtype=np.int32)
        highs.addRow(0, 1, len(indices), indices, np.ones(len(indices)))
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return ()
    solution = np.rint(np.asarray(highs.getSolution().col_value)).astype(np.int64)
    relaxations = []
    for position, quota in enumerate(request.quotas):
        drop = int(solution[group_count + position])
        rise = int(solution[group_count + quota_count + position])
        if drop or rise:
            relaxations.append(
                Relaxation(
                    feature=quota.feature,
                    value=quota.value,
                    minimum=quota.minimum,
                    maximum=quota.maximum,
                    new_minimum=quota.minimum - drop,
                    new_maximum=quota.maximum + rise,
                )
            )
    return tuple(relaxations)


def check_feasibility(request: PanelRequest, groups: VolunteerGroups | None = None) -> Feasibility:
    """Say whether any panel of `request.panel_size` meets every quota (and the household rule).

    Output: a `Feasibility`. When no panel exists it names the conflicting quotas found by counting
    ("no panel of 30 can have ≥ 8 people with age band “16–24”: only 6 volunteered") and the smallest
    relaxation, in seats of quota moved, found by an integer program on HiGHS. Among equally small
    relaxations the one changing the quotas furthest from the pool's proportions is returned, so the
    quota at fault is changed rather than others that were fine. Source: the relaxation idea follows
    sortition-algorithms (`_relax_infeasible_quotas`), every seat weighted (almost) equally.
    """
    groups = groups if groups is not None else group_volunteers(request)
    search = PanelSearch(groups, request.quotas, request.panel_size)
    if search.best_panel(np.zeros(len(groups))) is not None:
        return Feasibility(is_feasible=True)
    problems = _counting_problems(request, groups)
    if not problems:
        problems.append(Problem(Conflict.ONLY_APART, request.panel_size))
    return Feasibility(
        is_feasible=False, problems=tuple(problems), relaxations=_smallest_relaxation(request, groups)
    )
