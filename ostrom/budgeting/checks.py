"""Checks anyone can run on an outcome: within budget, exhaustive, and proportional (EJR up to one, priceable).

The proportionality checks follow pabutools' definitions (``is_EJR_one_approval``, ``priceable``)
and are for approval ballots on small instances: EJR looks at every set of projects, so it refuses
more than ``MAX_PROJECTS_FOR_EJR`` projects. Budget and exhaustiveness checks are exact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ostrom.budgeting.election import Election, VoteType
from ostrom.budgeting.support import RuleNotDefined, Utility, build_support

MAX_PROJECTS_FOR_EJR = 20


class TooLargeToCheck(ValueError):
    """The check looks at every subset of projects and this election has too many."""


def is_within_budget(election: Election, selected: Iterable[str]) -> bool:
    """The funded projects cost no more than the budget (exact)."""
    return election.cost_of(selected) <= election.budget


def is_exhaustive(election: Election, selected: Iterable[str]) -> bool:
    """No project left out would still fit in the money left (exact)."""
    chosen = set(selected)
    left = election.budget - election.cost_of(chosen)
    return all(project.id in chosen or project.cost > left for project in election.projects)


@dataclass(frozen=True)
class EjrViolation:
    """A group of voters who all support ``projects``, are numerous enough to pay for them with their
    fair share of the budget, and none of whom is satisfied even counting one more of those projects."""

    projects: tuple[str, ...]
    unsatisfied_voter_count: int


def find_ejr_up_to_one_violation(
    election: Election, selected: Iterable[str], *, utility: Utility = Utility.COST
) -> EjrViolation | None:
    """A witness that the outcome fails EJR up to one project, or ``None`` if it satisfies it.

    Definition (pabutools ``is_EJR_one_approval``): for every set T of projects and every group of
    voters who all support T with ``group size x budget >= voters x cost(T)``, some member i has
    ``u_i(funded) + max over unfunded p in T of u_i(p) >= u_i(T)``. Utilities are ``COST`` or ``COUNT``.
    """
    if election.vote_type is not VoteType.APPROVAL:
        raise RuleNotDefined("EJR up to one is checked on approval ballots only")
    if utility is Utility.POINTS:
        raise RuleNotDefined("Approval ballots have no points: use cost or count utilities")
    project_count = len(election.projects)
    if project_count > MAX_PROJECTS_FOR_EJR:
        raise TooLargeToCheck(
            f"EJR can be checked for up to {MAX_PROJECTS_FOR_EJR} projects; this vote has {project_count}"
        )
    support = build_support(election, utility)
    index_of = election.project_index()
    chosen = {index_of[project_id] for project_id in selected}
    # Integer utilities: scale by the common denominator so every comparison is exact.
    scale = (
        math.lcm(*(value.denominator for value in support.utility_values)) if support.utility_values else 1
    )
    value_of = [
        int((support.costs[project] if utility is Utility.COST else Fraction(1)) * scale)
        for project in range(project_count)
    ]
    group_count = len(support.weights)
    masks = np.zeros(group_count, dtype=np.int64)
    satisfaction = np.zeros(group_count, dtype=np.int64)
    for project in range(project_count):
        groups = support.groups[support.supporters(project)]
        masks[groups] |= 1 << project
        if project in chosen:
            satisfaction[groups] += value_of[project]
    voter_count = support.voter_count
    for subset in range(1, 1 << project_count):
        members = [project for project in range(project_count) if subset >> project & 1]
        missing = [project for project in members if project not in chosen]
        if not missing:
            continue
        cost = sum((support.costs[project] for project in members), Fraction(0))
        in_group = (masks & subset) == subset
        needed = sum(value_of[project] for project in members) - max(value_of[project] for project in missing)
        unsatisfied = int(support.weights[in_group & (satisfaction < needed)].sum())
        if unsatisfied > 0 and cost * voter_count <= unsatisfied * support.budget:
            return EjrViolation(
                projects=tuple(election.projects[project].id for project in members),
                unsatisfied_voter_count=unsatisfied,
            )
    return None


def satisfies_ejr_up_to_one(
    election: Election, selected: Iterable[str], *, utility: Utility = Utility.COST
) -> bool:
    """Whether the outcome satisfies EJR up to one project; see ``find_ejr_up_to_one_violation``."""
    return find_ejr_up_to_one_violation(election, selected, utility=utility) is None


def is_priceable(election: Election, selected: Iterable[str]) -> bool:
    """Whether a price system supports the outcome (Peters, Pierczyński and Skowron, NeurIPS 2021).

    There must be a voter budget b (at least budget / voters, as in pabutools) and payments such
    that voters pay only for funded projects they support, nobody pays more than b, each funded
    project is paid in full, and for each project left out its supporters' unspent money together
    is at most its cost. Solved as a linear programme with HiGHS; voters with the same ballot pay
    alike (averaging any solution over them gives another). Approval ballots only; the funded
    projects must fit the budget.
    """
    from scipy.optimize import linprog  # only this check needs SciPy; the rules stay light

    if election.vote_type is not VoteType.APPROVAL:
        raise RuleNotDefined("Priceability is checked on approval ballots only")
    chosen_ids = set(selected)
    if not is_within_budget(election, chosen_ids):
        return False
    support = build_support(election, Utility.COUNT)
    index_of = election.project_index()
    chosen = sorted(index_of[project_id] for project_id in chosen_ids)
    weights = support.weights.astype(np.float64)
    group_count = len(weights)
    # Variables: b, then one payment per (funded project, supporting group).
    columns: list[tuple[int, int]] = []
    for project in chosen:
        for group in support.groups[support.supporters(project)].tolist():
            columns.append((project, group))
    width = 1 + len(columns)
    upper_rows: list[np.ndarray] = []
    upper_bounds: list[float] = []
    equal_rows: list[np.ndarray] = []
    equal_bounds: list[float] = []
    spent_by_group = [np.zeros(width) for _ in range(group_count)]
    for column, (_, group) in enumerate(columns, start=1):
        spent_by_group[group][column] = 1.0
    for group in range(group_count):
        row = spent_by_group[group].copy()
        row[0] = -1.0
        upper_rows.append(row)
        upper_bounds.append(0.0)
    for project in chosen:
        row = np.zeros(width)
        for column, (paid_for, group) in enumerate(columns, start=1):
            if paid_for == project:
                row[column] = weights[group]
        equal_rows.append(row)
        equal_bounds.append(float(support.costs[project]))
    chosen_set = set(chosen)
    for project in range(support.project_count):
        if project in chosen_set:
            continue
        row = np.zeros(width)
        for group in support.groups[support.supporters(project)].tolist():
            row[0] += weights[group]
            row -= weights[group] * spent_by_group[group] * (np.arange(width) > 0)
        upper_rows.append(row)
        upper_bounds.append(float(support.costs[project]))
    lowest_budget = float(support.budget) / max(support.voter_count, 1)
    bounds = [(lowest_budget, None)] + [(0.0, None)] * len(columns)
    result = linprog(
        c=np.zeros(width),
        A_ub=np.vstack(upper_rows) if upper_rows else None,
        b_ub=np.asarray(upper_bounds) if upper_bounds else None,
        A_eq=np.vstack(equal_rows) if equal_rows else None,
        b_eq=np.asarray(equal_bounds) if equal_bounds else None,
        bounds=bounds,
        method="highs",
    )
    return bool(result.status == 0)
