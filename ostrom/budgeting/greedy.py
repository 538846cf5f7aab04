"""Greedy utilitarian rule: fund projects in order of support per pound until the money runs out.

The standard rule of most cities. Projects are taken in order of total utility divided by cost
(pabutools ``greedy_utilitarian_welfare``): with cost utilities that is simply the number of votes,
with count utilities it is votes per pound, with points it is points per pound. A project that no
longer fits is skipped and the next one is tried. Everything is exact: scores are ``Fraction``s.
"""

from __future__ import annotations

from fractions import Fraction

from ostrom.budgeting.election import Election
from ostrom.budgeting.outcome import Outcome, ProjectExplanation, money
from ostrom.budgeting.support import Support, Utility, build_support
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
