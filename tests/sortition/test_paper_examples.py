"""The Nature paper's two example pools: LEXIMIN gives every volunteer exactly 10%."""

from __future__ import annotations

import pytest

from ostrom.sortition import find_distribution
from tests.sortition.peer import PAPER_EXAMPLES, paper_leximin_profile, paper_request


@pytest.mark.parametrize("name", sorted(PAPER_EXAMPLES))
def test_every_volunteer_in_the_paper_examples_gets_exactly_ten_percent(name):
    request = paper_request(name)
    distribution = find_distribution(request)

    assert len(distribution.selection_probabilities) == len(request.volunteers)
    for chance in distribution.selection_probabilities.values():
        assert chance == pytest.approx(0.1, abs=1e-6)


@pytest.mark.parametrize("name", sorted(PAPER_EXAMPLES))
def test_our_chances_match_the_papers_published_leximin_profile(name):
    distribution = find_distribution(paper_request(name))
    ours = sorted(distribution.selection_probabilities.values())
    reference = paper_leximin_profile(name)

    # The paper publishes one value per half percentile of the pool, from its Gurobi run.
    step = len(ours) / len(reference)
    for position, value in enumerate(reference):
        assert ours[int(position * step)] == pytest.approx(value, abs=1e-6)


def test_the_paper_example_ids_are_row_numbers_from_zero():
    request = paper_request("example_small_20")

    assert [volunteer.id for volunteer in request.volunteers[:3]] == ["0", "1", "2"]
    assert request.volunteers[0].features == {"gender": "female", "leaning": "conservative"}
