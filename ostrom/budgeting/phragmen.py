"""Sequential Phragmén: voters earn money continuously and buy projects as soon as supporters can afford one.

Source: Phragmén (1894); for participatory budgeting, Los, Christoff and Grossi, "Proportional
budget allocations: towards a systematization" (IJCAI 2022); checked against pabutools
``sequential_phragmen``. Each voter carries a "load", the money they have paid so far. Buying
project p raises the load of each of its supporters to ``(sum of their loads + cost of p) / number
of supporters``; the project that needs the lowest such load is bought next. The rule stops as
soon as that project costs more than the money left (as pabutools does; it does not skip it).

Defined on approval ballots. On cumulative, scoring or ordinal ballots a voter supports every
project their ballot lists. A project nobody supports is never bought. Loads are searched in
float64; near-ties (within one part in a billion) and every recorded load are exact ``Fraction``s.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ostrom.budgeting.election import Election
from ostrom.budgeting.outcome import Outcome, ProjectExplanation, Why, money
from ostrom.budgeting.support import Utility, build_support
from ostrom.budgeting.tie_breaking import TieBreaking, TieBreakingChoice, tie_ranks

_CLOSE = 1e-9


def phragmen(election: Election, *, tie_breaking: TieBreakingChoice = TieBreaking.LEXICOGRAPHIC) -> Outcome:
    """Run sequential Phragmén.

    Inputs: the election and the tie-breaking order (used when two projects need exactly the same
    load). Output: the outcome, giving each funded project the load at which it was bought and
    each other project the load it would have needed when the rule stopped.
    Source: pabutools ``sequential_phragmen``.
    """
    support = build_support(election, Utility.COUNT)
    ranks = tie_ranks(election, tie_breaking)
    costs = support.costs
    weights = support.weights
    weights_float = weights.astype(np.float64)
    group_count = len(weights)
    load = np.zeros(group_count)
    last_purchase = np.full(group_count, -1, dtype=np.int64)
    exact_loads: list[Fraction] = []
    remaining = [
        project
        for project in range(support.project_count)
        if support.supporter_count[project] > 0 and costs[project] <= support.budget
    ]
    spent = Fraction(0)
    selected: list[int] = []
    explanations: dict[str, ProjectExplanation] = {}
    count = np.asarray(support.supporter_count, dtype=np.float64)
    cost_float = np.asarray([float(cost) for cost in costs])
    starts = support.indptr[:-1]
    has_entries = support.indptr[1:] > starts

    def exact_new_load(project: int) -> Fraction:
        span = support.supporters(project)
        groups = support.groups[span]
        per_purchase = np.bincount(
            last_purchase[groups] + 1, weights=weights_float[groups], minlength=len(exact_loads) + 1
        )
        paid = sum(
            (
                int(total) * exact_loads[purchase - 1]
                for purchase, total in enumerate(per_purchase.tolist())
                if purchase and total
            ),
            Fraction(0),
        )
        return (paid + costs[project]) / support.supporter_count[project]

    stopped_at: dict[int, Fraction] = {}
    step = 0
    while remaining:
        step += 1
        entry_load = weights_float[support.groups] * load[support.groups]
        sums = np.zeros(support.project_count)
        sums[has_entries] = np.add.reduceat(entry_load, starts[has_entries]) if entry_load.size else 0.0
        candidates = np.asarray(remaining, dtype=np.int64)
        new_load = (sums[candidates] + cost_float[candidates]) / count[candidates]
        lowest = float(new_load.min())
        close = candidates[new_load <= lowest * (1 + _CLOSE)].tolist()
        exact = {project: exact_new_load(project) for project in close}
        lowest_exact = min(exact.values())
        tied = sorted(
            (project for project in close if exact[project] == lowest_exact),
            key=lambda project: int(ranks[project]),
        )
        if any(spent + costs[project] > support.budget for project in tied):
            for project, value in zip(candidates.tolist(), new_load.tolist(), strict=True):
                stopped_at[project] = exact.get(project, Fraction(value))
            break
        winner = tied[0]
        span = support.supporters(winner)
        groups = support.groups[span]
        exact_loads.append(lowest_exact)
        load[groups] = float(lowest_exact)
        last_purchase[groups] = len(exact_loads) - 1
        selected.append(winner)
        spent += costs[winner]
        remaining.remove(winner)
        project_id = election.projects[winner].id
        explanations[project_id] = ProjectExplanation(
            project_id=project_id,
            is_selected=True,
            reason=f"Funded as purchase {step}: its {support.supporter_count[winner]} supporters could pay for it "
            f"once each of them had paid {money(lowest_exact)} in all, the lowest of any project left.",
            step=step,
            supporter_count=support.supporter_count[winner],
            load=money(lowest_exact),
            why=Why.LOWEST_LOAD,
            cost=money(costs[winner]),
        )
    left = support.budget - spent
    for project, item in enumerate(election.projects):
        if item.id in explanations:
            continue
        supporters = support.supporter_count[project]
        if supporters == 0:
            reason, why = "Not funded: nobody voted for it.", Why.NO_VOTES
            needed_load = None
        elif costs[project] > support.budget:
            reason = f"Not funded: it costs {money(costs[project])}, more than the whole budget."
            why = Why.OVER_BUDGET
            needed_load = None
        else:
            why = Why.STOPPED
            # Every supported project within budget is either bought or priced when the rule stops.
            needed_load = stopped_at[project]
            reason = (
                f"Not funded: the rule stopped when the next project to buy did not fit in the {money(left)} left; "
                f"this one would have needed each of its {supporters} supporters to have paid {money(needed_load)} in all."
            )
        explanations[item.id] = ProjectExplanation(
            project_id=item.id,
            is_selected=False,
            reason=reason,
            supporter_count=supporters,
            load=money(needed_load) if needed_load is not None else None,
            money_needed=money(costs[project]),
            budget_left=money(left) if why is Why.STOPPED else None,
            why=why,
            cost=money(costs[project]),
        )
    return Outcome(
        rule="phragmen",
        selected=tuple(election.projects[project].id for project in selected),
        cost=spent,
        budget=support.budget,
        explanations=explanations,
    )
