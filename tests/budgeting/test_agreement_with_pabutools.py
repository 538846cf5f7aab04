"""Every rule on every real Pabulib file gives the same winners as pabutools configured identically."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pabutools.election import Cost_Sat
from pabutools.rules import method_of_equal_shares

from ostrom.budgeting import Completion, equal_shares, read_pabulib
from tests.budgeting.peer import DATA, LARGE_FILES, PEER_FILES, Peer, configs_for, ours

_peers: dict[str, Peer] = {}


def _cases() -> list:
    """Every file with every rule; the largest files' cases are slow (pabutools takes minutes on them), so
    they run with `make test-slow`, and benchmarks/budgeting.py compares their winners whole."""
    cases = []
    for name in PEER_FILES:
        vote_type = read_pabulib(DATA / name).vote_type
        is_large = name in LARGE_FILES
        marks = [pytest.mark.slow] if is_large else []
        cases += [
            pytest.param(name, config, marks=marks) for config in configs_for(vote_type, is_large=is_large)
        ]
    return cases


@pytest.mark.parametrize(("file_name", "config"), _cases(), ids=lambda value: getattr(value, "label", value))
def test_winners_match_pabutools(elections, file_name, config):
    election = elections[file_name]
    if file_name not in _peers:
        _peers[file_name] = Peer(election)

    assert ours(election, config) == _peers[file_name].winners(config)


@pytest.mark.slow
@pytest.mark.parametrize("file_name", sorted(LARGE_FILES))
def test_add1_on_the_largest_files_matches_pabutools_step_by_step(elections, file_name):
    """pabutools' full add1 run takes 35 to 80 seconds on these files (benchmarks/budgeting.py
    compares it whole), so here pabutools checks the steps that decide the outcome: halfway, its
    Equal Shares picks what ours picks and the outcome fits without being exhaustive; at our final
    share it picks our outcome, which is exhaustive or else one more step overspends."""
    election = elections[file_name]
    if file_name not in _peers:
        _peers[file_name] = Peer(election)
    peer = _peers[file_name]
    outcome = equal_shares(election, completion=Completion.ADD1)
    steps = int(Fraction(outcome.details["share_steps"]))
    start = election.budget / election.voter_count
    budget = peer.instance.budget_limit
    available = _supported(peer)

    def peer_at(step: int) -> list:
        peer.instance.budget_limit = (
            start + step
        ) * election.voter_count  # pabutools' share is limit / voters
        try:
            return list(method_of_equal_shares(peer.instance, peer.multiprofile, sat_class=Cost_Sat))
        finally:
            peer.instance.budget_limit = budget

    halfway = peer_at(steps // 2)
    assert {project.name for project in halfway} == equal_shares(
        election, share=start + steps // 2
    ).selected_set
    assert peer.instance.is_feasible(halfway) and not peer.instance.is_exhaustive(
        halfway, available_projects=available
    )
    final = peer_at(steps)
    assert {project.name for project in final} == outcome.selected_set
    assert peer.instance.is_feasible(final)
    if not peer.instance.is_exhaustive(final, available_projects=available):
        assert not peer.instance.is_feasible(peer_at(steps + 1))


def _supported(peer: Peer) -> list:
    return [
        project
        for project in peer.instance
        if project.cost > 0 and peer.multiprofile.approval_score(project) > 0
    ]
