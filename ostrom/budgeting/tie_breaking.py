"""How rules choose between projects that are exactly tied: a fixed, documented priority order.

The options mirror pabutools' tie-breaking rules so outcomes can be compared one for one:
``LEXICOGRAPHIC`` (``lexico_tie_breaking``: the project id that sorts first as text wins),
``CHEAPEST_FIRST`` (``min_cost_tie_breaking``), ``DEAREST_FIRST`` (``max_cost_tie_breaking``) and
``MOST_VOTES`` (``app_score_tie_breaking``: most voters listing it). Where pabutools would fall back
on the order of a Python set, we fall back on the project id, so the same input always gives the
same output. A caller may instead pass an explicit priority list of project ids, for example one
drawn by a seeded public lottery.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import numpy as np

from ostrom.budgeting.election import Election


class TieBreaking(StrEnum):
    LEXICOGRAPHIC = "lexicographic"
    CHEAPEST_FIRST = "cheapest"
    DEAREST_FIRST = "dearest"
    MOST_VOTES = "most-votes"


TieBreakingChoice = TieBreaking | Sequence[str]


class UnknownPriority(ValueError):
    """An explicit priority list must name every project exactly once."""


def tie_ranks(election: Election, tie_breaking: TieBreakingChoice) -> np.ndarray:
    """``ranks[p]`` is project ``p``'s place in the tie-breaking order: the lowest rank wins a tie."""
    projects = election.projects
    if isinstance(tie_breaking, TieBreaking):
        if tie_breaking is TieBreaking.LEXICOGRAPHIC:
            keys = [(project.id,) for project in projects]
        elif tie_breaking is TieBreaking.CHEAPEST_FIRST:
            keys = [(project.cost, project.id) for project in projects]
        elif tie_breaking is TieBreaking.DEAREST_FIRST:
            keys = [(-project.cost, project.id) for project in projects]
        else:
            listed = np.zeros(len(projects), dtype=np.int64)
            weights = election.kind_weights()
            for kind, weight in zip(election.kinds, weights.tolist(), strict=True):
                for index in kind.projects:
                    listed[index] += weight
            keys = [(-int(listed[index]), project.id) for index, project in enumerate(projects)]
        order = sorted(range(len(projects)), key=lambda index: keys[index])
    else:
        position = {project_id: place for place, project_id in enumerate(tie_breaking)}
        if sorted(position) != sorted(project.id for project in projects) or len(position) != len(
            tie_breaking
        ):
            raise UnknownPriority("The priority list must name every project exactly once")
        order = sorted(range(len(projects)), key=lambda index: position[projects[index].id])
    ranks = np.empty(len(projects), dtype=np.int64)
    ranks[np.asarray(order, dtype=np.int64)] = np.arange(len(projects), dtype=np.int64)
    return ranks
