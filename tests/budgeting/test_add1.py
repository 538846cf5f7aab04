"""add1 as defined: raise each voter's share one unit at a time and run Equal Shares again.

The engine's add1 runs its trial steps in a cheaper mode that only decides the purchases (see
``_run``). These tests check it against the definition followed step by step with full runs: on
random small elections (exact ties common) through the public function, and on every real Pabulib
file through the engine's own full runs, which are fast enough for city-wide votes.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ostrom.budgeting import Completion, Election, Utility, VoteType, equal_shares, read_pabulib
from ostrom.budgeting.equal_shares import _run, _tables
from ostrom.budgeting.support import build_support
from ostrom.budgeting.tie_breaking import TieBreaking, tie_ranks
from tests.budgeting.peer import DATA, FILES
from tests.budgeting.test_properties import approval_votes, points_votes

_ADD1_COMPLETIONS = [Completion.ADD1, Completion.ADD1_UTILITARIAN, Completion.ADD1_COMPARISON]
# The full set of Pabulib files the project keeps outside the repository; absent on a clean clone.
_SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "pabulib"


def _supported(election: Election, utility: Utility) -> set[str]:
    """Projects Equal Shares can buy: someone gives them utility, and they cost something."""
    chosen: set[str] = set()
    for ballot in election.ballots():
        points = ballot.points or (Fraction(1),) * len(ballot.projects)
        chosen |= {project_id for project_id, value in zip(ballot.projects, points, strict=True) if value > 0}
    return {project.id for project in election.projects if project.id in chosen and project.cost > 0}


def _stops(
    election: Election, utility: Utility, selected: tuple[str, ...], *, at_exhaustive: bool
) -> str | None:
    """Whether add1 stops at an outcome: "over" (keep the previous one), "here" (keep this one) or None."""
    spent = election.cost_of(selected)
    if spent > election.budget:
        return "over"
    left_out = _supported(election, utility) - set(selected)
    if not left_out:
        return "here"
    costs = {project.id: project.cost for project in election.projects}
    if at_exhaustive and all(costs[project_id] > election.budget - spent for project_id in left_out):
        return "here"
    return None


def add1_step_by_step(
    election: Election, utility: Utility, completion: Completion
) -> tuple[tuple[str, ...], int]:
    """The add1 outcome and its number of steps, one plain Equal Shares run per unit of money."""
    start = election.budget / election.voter_count
    previous: tuple[str, ...] = ()
    steps = 0
    while True:
        selected = equal_shares(election, utility=utility, share=start + steps).selected
        verdict = _stops(
            election, utility, selected, at_exhaustive=completion is not Completion.ADD1_COMPARISON
        )
        if verdict == "over":
            return previous, steps - 1
        if verdict == "here":
            return selected, steps
        previous = selected
        steps += 1


def add1_with_full_runs(election: Election, utility: Utility) -> tuple[list[int], Fraction]:
    """The engine's add1 before trial runs: every step a full run (the ones that explain everything)."""
    support = build_support(election, utility)
    candidates = [
        project
        for project in range(support.project_count)
        if support.supporter_count[project] > 0 and support.costs[project] > 0
    ]
    free = [
        project
        for project in range(support.project_count)
        if support.supporter_count[project] > 0 and support.costs[project] == 0
    ]
    free_cost = sum(support.scaled_costs[project] for project in free)
    ranks = tie_ranks(election, TieBreaking.LEXICOGRAPHIC)
    tables = _tables(support, candidates)
    share = support.budget / support.voter_count
    previous: list[int] = []
    while True:
        selected = _run(support, share, candidates, ranks, tables).selected
        left = support.scaled_budget - free_cost - sum(support.scaled_costs[project] for project in selected)
        if left < 0:
            return free + previous, share - 1
        if all(project in selected or support.scaled_costs[project] > left for project in candidates):
            return free + selected, share
        previous = selected
        share += 1


@settings(max_examples=150, deadline=None)
@given(approval_votes(), st.sampled_from([Utility.COST, Utility.COUNT]), st.sampled_from(_ADD1_COMPLETIONS))
def test_add1_on_random_approval_votes_is_the_step_by_step_definition(election, utility, completion):
    selected, steps = add1_step_by_step(election, utility, completion)

    outcome = equal_shares(election, utility=utility, completion=completion)

    assert outcome.details["share_steps"] == str(steps)
    if completion is Completion.ADD1:
        assert outcome.selected == selected
    elif completion is Completion.ADD1_UTILITARIAN:
        assert outcome.selected[: len(selected)] == selected


@settings(max_examples=80, deadline=None)
@given(points_votes(), st.sampled_from([Utility.POINTS, Utility.COST]))
def test_add1_on_random_points_votes_is_the_step_by_step_definition(election, utility):
    selected, steps = add1_step_by_step(election, utility, Completion.ADD1)

    outcome = equal_shares(election, utility=utility, completion=Completion.ADD1)

    assert (outcome.selected, outcome.details["share_steps"]) == (selected, str(steps))


def _real_files() -> list:
    shared = sorted(_SHARED_DATA.glob("*.pb")) if _SHARED_DATA.is_dir() else []
    in_repository = [pytest.param(DATA / name, id=name) for name in FILES]
    more = [pytest.param(path, id=f"shared/{path.name}") for path in shared if path.name not in FILES]
    return in_repository + more


@pytest.mark.parametrize("path", _real_files())
def test_add1_on_every_real_file_matches_full_runs_step_by_step(path):
    election = read_pabulib(path)
    utility = Utility.COST if election.vote_type is VoteType.APPROVAL else Utility.POINTS
    selected, share = add1_with_full_runs(election, utility)

    outcome = equal_shares(election, utility=utility, completion=Completion.ADD1)

    assert outcome.selected == tuple(election.projects[project].id for project in selected)
    assert outcome.details["share_steps"] == str(share - election.budget / election.voter_count)
