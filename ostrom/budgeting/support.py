"""Who supports which project and how much it is worth to them: the table every rule reads.

Voters with the same ballot are one group with a weight (a "multiprofile"), so a rule's work
grows with the number of distinct ballots, not voters. For each project the table lists its
supporting groups (compressed sparse columns) with each group's utility for the project, both as
a float for fast search and as a small code into a table of exact ``Fraction`` values, so near-ties
can be settled exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import chain

import numpy as np

from ostrom.budgeting.election import Election, VoteType


class Utility(StrEnum):
    """What a funded project is worth to a voter who supports it.

    ``COST``: its cost (pabutools ``Cost_Sat``; the equalshares.net default for approval votes).
    ``COUNT``: one per project (pabutools ``Cardinality_Sat``).
    ``POINTS``: the points the voter gave it (pabutools ``Additive_Cardinal_Sat``); on ordinal
    ballots its Borda score, ballot length minus position minus one (``Additive_Borda_Sat``).
    With ``COST`` and ``COUNT`` a voter supports every project their ballot lists, except that under
    ``COST`` a project that costs nothing is worth nothing, so it has no supporters.
    """

    COST = "cost"
    COUNT = "count"
    POINTS = "points"


class RuleNotDefined(ValueError):
    """The rule has no standard definition for this kind of ballot or utility."""


@dataclass(frozen=True, eq=False)
class Support:
    """Supporters of every project. ``groups[indptr[p]:indptr[p+1]]`` are project ``p``'s groups."""

    costs: tuple[Fraction, ...]
    budget: Fraction
    voter_count: int
    weights: np.ndarray  # voters per group, int64
    indptr: np.ndarray
    groups: np.ndarray  # int64 group index per entry
    utility: np.ndarray  # float64 utility per entry
    utility_code: np.ndarray  # int64 index into utility_values per entry
    utility_values: tuple[Fraction, ...]
    supporter_count: tuple[int, ...]  # voters listing the project with positive utility
    total_utility: tuple[Fraction, ...]  # exact sum over supporters of weight x utility
    is_uniform: bool  # every supporter of a project values it the same (approval-like)
    scaled_costs: tuple[int, ...]  # costs times ``scale``: whole numbers, for fast exact sums
    scaled_budget: int

    @property
    def project_count(self) -> int:
        return len(self.costs)

    def supporters(self, project: int) -> slice:
        return slice(int(self.indptr[project]), int(self.indptr[project + 1]))


def build_support(election: Election, utility: Utility) -> Support:
    """The supporter table of ``election`` under ``utility``.

    Raises ``RuleNotDefined`` for ``POINTS`` on approval ballots (there are no points to use).
    """
    if utility is Utility.POINTS and election.vote_type is VoteType.APPROVAL:
        raise RuleNotDefined("Approval ballots have no points: use cost or count utilities")
    costs = tuple(project.cost for project in election.projects)
    project_count = len(costs)
    is_points = utility is Utility.POINTS
    if is_points:
        weights, groups, project_array, entries_value = _points_entries(election)
    else:
        weights, groups, project_array = _listed_entries(election, costs if utility is Utility.COST else None)
        entries_value = []
    order = np.argsort(project_array, kind="stable")
    groups = groups[order]
    counts = np.bincount(project_array, minlength=project_count)
    indptr = np.zeros(project_count + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    if is_points:
        distinct = sorted(set(entries_value))
        code_of = {value: code for code, value in enumerate(distinct)}
        codes = np.asarray([code_of[value] for value in entries_value], dtype=np.int64)[order]
        utility_values = tuple(distinct)
    elif utility is Utility.COST:
        utility_values = costs
        codes = project_array[order]
    else:
        utility_values = (Fraction(1),)
        codes = np.zeros(len(groups), dtype=np.int64)
    utility_float = (
        np.asarray([float(value) for value in utility_values], dtype=np.float64)[codes]
        if len(codes)
        else np.zeros(0)
    )
    supporter_count = []
    total_utility = []
    for project in range(project_count):
        span = slice(int(indptr[project]), int(indptr[project + 1]))
        group_weight = weights[groups[span]]
        supporter_count.append(int(group_weight.sum()))
        if is_points:
            total = sum(
                (
                    int(count) * utility_values[code]
                    for code, count in _weight_by_code(codes[span], group_weight).items()
                ),
                Fraction(0),
            )
        else:
            value = costs[project] if utility is Utility.COST else Fraction(1)
            total = int(group_weight.sum()) * value
        total_utility.append(total)
    scale = math.lcm(election.budget.denominator, *(cost.denominator for cost in costs))
    return Support(
        scaled_costs=tuple(int(cost * scale) for cost in costs),
        scaled_budget=int(election.budget * scale),
        costs=costs,
        budget=election.budget,
        voter_count=election.voter_count,
        weights=weights,
        indptr=indptr,
        groups=groups,
        utility=utility_float,
        utility_code=codes,
        utility_values=utility_values,
        supporter_count=tuple(supporter_count),
        total_utility=tuple(total_utility),
        is_uniform=not is_points,
    )


def _listed_entries(
    election: Election, costs: tuple[Fraction, ...] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One group per ballot kind, supporting every project it lists (minus free ones, given ``costs``).

    Built with array operations: a city-wide vote has tens of thousands of distinct ballots.
    """
    kinds = election.kinds
    kind_weights = election.kind_weights()
    lengths = np.fromiter((len(kind.projects) for kind in kinds), dtype=np.int64, count=len(kinds))
    listed = np.fromiter(
        chain.from_iterable(kind.projects for kind in kinds), dtype=np.int64, count=int(lengths.sum())
    )
    kind_of_entry = np.repeat(np.arange(len(kinds), dtype=np.int64), lengths)
    used = np.flatnonzero(kind_weights > 0)
    keep = kind_weights[kind_of_entry] > 0
    if costs is not None:
        # A project that costs nothing is worth nothing under cost utilities (as in pabutools).
        is_free = np.asarray([cost == 0 for cost in costs], dtype=bool)
        if is_free.any():
            keep &= ~is_free[listed]
    group_of_kind = np.full(len(kinds), -1, dtype=np.int64)
    group_of_kind[used] = np.arange(len(used), dtype=np.int64)
    return kind_weights[used], group_of_kind[kind_of_entry[keep]], listed[keep]


def _points_entries(election: Election) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Fraction]]:
    """Groups of ballot kinds giving every project the same points (Borda scores for rankings)."""
    group_of_key: dict[object, int] = {}
    group_weights: list[int] = []
    entries_group: list[int] = []
    entries_project: list[int] = []
    entries_value: list[Fraction] = []
    is_ordinal = election.vote_type is VoteType.ORDINAL
    for kind, weight in zip(election.kinds, election.kind_weights().tolist(), strict=True):
        if weight == 0:
            continue
        if is_ordinal:
            length = len(kind.projects)
            values = [Fraction(length - position - 1) for position in range(length)]
        else:
            values = list(kind.points or ())
        key = tuple(
            sorted(
                (project, value) for project, value in zip(kind.projects, values, strict=True) if value > 0
            )
        )
        group = group_of_key.get(key)
        if group is None:
            group = len(group_weights)
            group_of_key[key] = group
            group_weights.append(weight)
            for project, value in key:
                entries_group.append(group)
                entries_project.append(project)
                entries_value.append(value)
        else:
            group_weights[group] += weight
    return (
        np.asarray(group_weights, dtype=np.int64),
        np.asarray(entries_group, dtype=np.int64),
        np.asarray(entries_project, dtype=np.int64),
        entries_value,
    )


def _weight_by_code(codes: np.ndarray, weights: np.ndarray) -> dict[int, int]:
    totals: dict[int, int] = {}
    for code, weight in zip(codes.tolist(), weights.tolist(), strict=True):
        totals[code] = totals.get(code, 0) + weight
    return totals


def rank_points(election: Election) -> int:
    """Points a first choice gets on a ranked ballot that does not state them; each later choice gets one
    fewer. As many as a voter may rank (META ``max_length``), else as many as there are projects: with
    three choices, 3, 2 and 1, as Kraków counts them (its files also state these points)."""
    max_length = election.limits().max_length
    return max_length if max_length is not None else len(election.projects)


def total_points(election: Election) -> tuple[tuple[Fraction, ...], tuple[int, ...]]:
    """Each project's total points and the number of voters who gave it any, exact.

    Approval ballots give a point to every project they list, so the total is the number of votes;
    points ballots give what the voter wrote; ranked ballots give the points the vote states for each
    rank, or ``rank_points`` for the first choice and one fewer for each later one (never below 0).
    Pabulib's ``score`` column of Polish cities' files holds this total.
    """
    points = [Fraction(0)] * len(election.projects)
    voters = [0] * len(election.projects)
    top = rank_points(election) if election.vote_type is VoteType.ORDINAL else 0
    for kind, weight in zip(election.kinds, election.kind_weights().tolist(), strict=True):
        if weight == 0:
            continue
        if kind.points is not None:
            values: tuple[Fraction, ...] | list[Fraction] = kind.points
        elif election.vote_type is VoteType.ORDINAL:
            values = [Fraction(max(top - position, 0)) for position in range(len(kind.projects))]
        else:
            values = [Fraction(1)] * len(kind.projects)
        for project, value in zip(kind.projects, values, strict=True):
            if value > 0:
                points[project] += weight * value
                voters[project] += weight
    return tuple(points), tuple(voters)
