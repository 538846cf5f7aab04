"""Greedy rules: fund projects in order of support until the money runs out.

``greedy`` is the utilitarian rule: projects are taken in order of total utility divided by cost
(pabutools ``greedy_utilitarian_welfare``): with cost utilities that is simply the number of votes,
with count utilities it is votes per pound, with points it is points per pound.
``greedy_total_points`` is the rule Polish cities use for points and ranked ballots (Pabulib META
``greedy``, and ``greedy-threshold`` with a minimum score): projects in order of their total points,
whatever they cost. In both a project that no longer fits is skipped and the next one is tried.
Everything is exact: scores are ``Fraction``s.
"""

from __future__ import annotations

from fractions import Fraction

from ostrom.budgeting.election import Election, ElectionProblem, as_money
from ostrom.budgeting.outcome import Outcome, ProjectExplanation, Why, money
from ostrom.budgeting.support import Support, Utility, build_support, total_points
from ostrom.budgeting.tie_breaking import TieBreaking, TieBreakingChoice, tie_ranks


def greedy(
    election: Election,
    *,
    utility: Utility = Utility.COST,
    tie_breaking: TieBreakingChoice = TieBreaking.LEXICOGRAPHIC,
) -> Outcome:
    """Fund projects by decreasing total utility per unit of cost, skipping any that no longer fit.

    Inputs: the election, the utility (``COST`` ranks by votes, ``COUNT`` by votes per pound,
    ``POINTS`` by points per pound) and the tie-breaking order. A project with supporters and no
    cost comes first; a project nobody supports comes last and is funded only if money is left, as
    in pabutools. Output: the outcome, with for every project the position it was reached at and
    the money left at that moment. Source: pabutools ``greedy_utilitarian_welfare``.
    """
    support = build_support(election, utility)
    return greedy_fill(
        election, support, tie_breaking=tie_breaking, already_selected=(), rule=f"greedy-{utility}"
    )


def greedy_fill(
    election: Election,
    support: Support,
    *,
    tie_breaking: TieBreakingChoice,
    already_selected: tuple[int, ...],
    rule: str,
    explanations: dict[str, ProjectExplanation] | None = None,
) -> Outcome:
    """Greedy from a starting selection: the utilitarian completion of Equal Shares uses this too."""
    ranks = tie_ranks(election, tie_breaking)
    taken = set(already_selected)
    order = sorted(
        (project for project in range(support.project_count) if project not in taken),
        key=lambda project: (*_priority(support, project), int(ranks[project])),
    )
    selected = list(already_selected)
    left = support.budget - sum((support.costs[project] for project in already_selected), Fraction(0))
    reasons = dict(explanations or {})
    for position, project in enumerate(order, start=1):
        project_id = election.projects[project].id
        cost = support.costs[project]
        count = support.supporter_count[project]
        phase = "utilitarian completion" if already_selected or explanations else None
        if cost <= left:
            selected.append(project)
            reasons[project_id] = ProjectExplanation(
                project_id=project_id,
                is_selected=True,
                reason=f"Funded: it was reached in position {position} by support per pound, "
                f"and its cost of {money(cost)} fitted in the {money(left)} left.",
                step=position,
                supporter_count=count,
                budget_left=money(left),
                phase=phase,
                why=Why.FITTED,
                cost=money(cost),
            )
            left -= cost
        else:
            reasons[project_id] = ProjectExplanation(
                project_id=project_id,
                is_selected=False,
                reason=f"Not funded: it was reached in position {position} by support per pound, "
                f"but it costs {money(cost)} and only {money(left)} was left.",
                step=position,
                supporter_count=count,
                budget_left=money(left),
                money_needed=money(cost),
                phase=phase,
                why=Why.DID_NOT_FIT,
                cost=money(cost),
            )
    chosen = tuple(election.projects[project].id for project in selected)
    return Outcome(
        rule=rule,
        selected=chosen,
        cost=sum((support.costs[project] for project in selected), Fraction(0)),
        budget=support.budget,
        explanations=reasons,
    )


def _priority(support: Support, project: int) -> tuple[int, Fraction]:
    """Sort key: supported free projects first, then by decreasing utility per unit of cost."""
    total = support.total_utility[project]
    if total > 0 and support.costs[project] == 0:
        return (0, Fraction(0))
    if total == 0:
        return (1, Fraction(0))
    return (1, -total / support.costs[project])


# The Pabulib META key of the minimum score a project needs under ``greedy-threshold`` (Katowice: 50
# points; Łódź: 100 votes).
THRESHOLD_KEY = "min_project_score_threshold"


def minimum_points_of(election: Election) -> Fraction | None:
    """The minimum score the election's META sets for a project to be funded, or None."""
    text = election.meta.get(THRESHOLD_KEY, "").strip()
    if text == "" or text.lower() == "none":
        return None
    try:
        return as_money(text)
    except (ArithmeticError, ValueError):
        raise ElectionProblem(f"{THRESHOLD_KEY} must be a number, like 50, not {text!r}") from None


def greedy_total_points(
    election: Election,
    *,
    minimum: Fraction | None = None,
    tie_breaking: TieBreakingChoice = TieBreaking.LEXICOGRAPHIC,
) -> Outcome:
    """Fund projects by decreasing total points, skipping any that no longer fit the money left.

    Inputs: the election; ``minimum``, the total points a project needs to be funded at all (Pabulib
    ``greedy-threshold``; None for none); the tie-breaking order. Points are counted by
    ``support.total_points``: one per approval, the points written on points ballots, the points of
    each rank on ranked ballots. Unlike ``greedy`` the cost does not divide the points: a project
    with more points always comes first. A project nobody gave points comes last and is funded only if
    money is left (as in ``greedy``), unless a minimum excludes it. Output: the outcome, with for every
    project its position, its points and the money left when it was reached. Source: the official
    outcomes of Kraków 2021 (ranked) and Katowice 2022 (points), reproduced in tests/budgeting/.
    """
    points, voters = total_points(election)
    ranks = tie_ranks(election, tie_breaking)
    costs = [project.cost for project in election.projects]
    order = sorted(range(len(costs)), key=lambda project: (-points[project], int(ranks[project])))
    selected: list[int] = []
    left = election.budget
    reasons: dict[str, ProjectExplanation] = {}
    for position, project in enumerate(order, start=1):
        project_id = election.projects[project].id
        cost = costs[project]
        got = _points_text(points[project])
        shared = {
            "project_id": project_id,
            "step": position,
            "supporter_count": voters[project],
            "budget_left": money(left),
            "points": money(points[project]),
            "cost": money(cost),
            "by_points": True,
        }
        if minimum is not None and points[project] < minimum:
            reasons[project_id] = ProjectExplanation(
                is_selected=False,
                reason=f"Not funded: it got {got}, fewer than the {_points_text(minimum)} a project needs.",
                why=Why.BELOW_MINIMUM,
                minimum_points=money(minimum),
                **shared,
            )
        elif cost <= left:
            selected.append(project)
            reasons[project_id] = ProjectExplanation(
                is_selected=True,
                reason=f"Funded: it was reached in position {position} by total points, with {got}, "
                f"and its cost of {money(cost)} fitted in the {money(left)} left.",
                why=Why.FITTED,
                **shared,
            )
            left -= cost
        else:
            reasons[project_id] = ProjectExplanation(
                is_selected=False,
                reason=f"Not funded: it was reached in position {position} by total points, with {got}, "
                f"but it costs {money(cost)} and only {money(left)} was left.",
                money_needed=money(cost),
                why=Why.DID_NOT_FIT,
                **shared,
            )
    return Outcome(
        rule="greedy-total-points" if minimum is None else "greedy-total-points-threshold",
        selected=tuple(election.projects[project].id for project in selected),
        cost=sum((costs[project] for project in selected), Fraction(0)),
        budget=election.budget,
        explanations=reasons,
        details={} if minimum is None else {"minimum_points": _points_text(minimum)},
    )


def _points_text(points: Fraction) -> str:
    if points.denominator == 1:
        whole = points.numerator
        return f"{whole:,} point" if whole == 1 else f"{whole:,} points"
    return f"{format(money(points).normalize(), 'f')} points"
