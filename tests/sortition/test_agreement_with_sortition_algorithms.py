"""Our LEXIMIN against the peer, sortition-algorithms, on HiGHS.

The peer's LEXIMIN needs a Gurobi licence, so the comparison is with its MAXIMIN: the lowest
chance of selection is the first thing LEXIMIN maximises, so the two must agree.
"""

from __future__ import annotations

import pytest

from ostrom.sortition import find_distribution
from tests.sortition.peer import peer_maximin


@pytest.fixture(scope="module")
def both_engines(real_instances):
    """Each instance run once by both engines (the peer takes seconds per instance)."""
    return {
        name: (find_distribution(request), peer_maximin(request)) for name, request in real_instances.items()
    }


def test_our_lowest_chance_equals_the_peers_maximin_on_every_instance(both_engines):
    for name, (ours, (peer_minimum, _)) in both_engines.items():
        assert ours.min_probability == pytest.approx(peer_minimum, abs=1e-6), name


def test_our_maximin_equals_the_peers_maximin(real_instances, both_engines):
    for name, request in real_instances.items():
        ours = find_distribution(request, algorithm="maximin")
        assert ours.min_probability == pytest.approx(both_engines[name][1][0], abs=1e-6), name


def test_everyone_the_peer_can_select_we_can_select_too(both_engines):
    for name, (ours, (_, peer_chances)) in both_engines.items():
        assert ours.selection_probabilities.keys() == peer_chances.keys(), name
        for volunteer_id, peer_chance in peer_chances.items():
            if peer_chance > 1e-6:
                assert ours.selection_probabilities[volunteer_id] > 1e-6, (name, volunteer_id)


def test_leximin_is_never_less_fair_than_the_peers_maximin_for_the_worst_off_group(both_engines):
    # LEXIMIN maximises the lowest chance and then the next lowest, so the number of people held
    # at the lowest chance can be no larger than under any maximin distribution.
    for name, (ours, (peer_minimum, peer_chances)) in both_engines.items():
        ours_at_minimum = sum(1 for p in ours.selection_probabilities.values() if p <= peer_minimum + 1e-6)
        peer_at_minimum = sum(1 for p in peer_chances.values() if p <= peer_minimum + 1e-6)
        assert ours_at_minimum <= peer_at_minimum, name
