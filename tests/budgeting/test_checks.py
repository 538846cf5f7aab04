"""The checks users can run: budget, exhaustiveness, EJR up to one project and priceability,
against pabutools' own checkers and against what the theory promises for Equal Shares."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.analysis.justifiedrepresentation import is_EJR_one_approval
from pabutools.analysis.priceability import priceable
from pabutools.election import Cardinality_Sat, Cost_Sat

from ostrom.budgeting import (
    Ballot,
    Project,
    TooLargeToCheck,
    Utility,
    equal_shares,
    find_ejr_up_to_one_violation,
    greedy,
    is_exhaustive,
    is_priceable,
    is_within_budget,
    make_election,
    satisfies_ejr_up_to_one,
)
from tests.budgeting.peer import peer_election

# pabutools checks priceability with PuLP, which warns about its own coming API changes.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

_NAMES = ["a", "b", "c", "d"]


@st.composite
def tiny_votes(draw):
    names = _NAMES[: draw(st.integers(1, 4))]
    projects = [Project(id=name, cost=Fraction(draw(st.integers(1, 10)))) for name in names]
    ballots = [
        Ballot(tuple(name for name in names if draw(st.booleans())) or (names[0],))
        for _ in range(draw(st.integers(1, 5)))
    ]
    return make_election(budget=Fraction(draw(st.integers(1, 20))), projects=projects, ballots=ballots)


@st.composite
def tiny_votes_and_outcome(draw):
    election = draw(tiny_votes())
    selected = [project.id for project in election.projects if draw(st.booleans())]
    return election, selected


def _peer_projects(instance, selected):
    return [project for project in instance if project.name in set(selected)]


@settings(max_examples=80, deadline=None)
@given(tiny_votes_and_outcome(), st.sampled_from([Utility.COST, Utility.COUNT]))
def test_ejr_up_to_one_agrees_with_pabutools(case, utility):
    election, selected = case
    instance, profile = peer_election(election)
    sat_class = Cost_Sat if utility is Utility.COST else Cardinality_Sat

    expected = is_EJR_one_approval(instance, profile, sat_class, _peer_projects(instance, selected))

    assert satisfies_ejr_up_to_one(election, selected, utility=utility) == expected


@settings(max_examples=40, deadline=None)
@given(tiny_votes_and_outcome())
def test_priceability_agrees_with_pabutools(case):
    election, selected = case
    instance, profile = peer_election(election)

    expected = priceable(instance, profile, _peer_projects(instance, selected), exhaustive=False).validate()

    assert is_priceable(election, selected) == bool(expected)


@settings(max_examples=100, deadline=None)
@given(tiny_votes())
def test_equal_shares_outcomes_are_proportional(election):
    """Peters, Pierczyński and Skowron (2021): Equal Shares satisfies EJR up to one project and its
    outcome is priceable (the voters' payments are the price system)."""
    outcome = equal_shares(election)

    assert satisfies_ejr_up_to_one(election, outcome.selected)
    assert is_priceable(election, outcome.selected)


def test_greedy_can_leave_a_cohesive_minority_with_nothing():
    projects = [Project(id=name, cost=Fraction(10)) for name in ("m1", "m2", "m3")] + [
        Project(id=name, cost=Fraction(5)) for name in ("x1", "x2")
    ]
    ballots = [Ballot(("m1", "m2", "m3"))] * 6 + [Ballot(("x1", "x2"))] * 4
    election = make_election(budget=30, projects=projects, ballots=ballots)

    outcome = greedy(election)

    assert outcome.selected_set == {"m1", "m2", "m3"}
    # 4 of 10 voters could pay for x1 and x2 (cost 10) with their 4/10 of the budget, and got nothing.
    violation = find_ejr_up_to_one_violation(election, outcome.selected)
    assert violation is not None
    assert (violation.projects, violation.unsatisfied_voter_count) == (("x1", "x2"), 4)
    assert satisfies_ejr_up_to_one(election, equal_shares(election).selected)


def test_budget_and_exhaustiveness_are_checked_exactly():
    projects = [Project(id="a", cost=Fraction("333.33")), Project(id="b", cost=Fraction("666.67"))]
    election = make_election(budget=1000, projects=projects, ballots=[Ballot(("a", "b"))])

    assert is_within_budget(election, ["a", "b"])
    assert is_exhaustive(election, ["a", "b"])
    assert not is_exhaustive(election, ["a"])
    assert not is_within_budget(make_election(budget="999.99", projects=projects, ballots=[]), ["a", "b"])


def test_ejr_refuses_votes_with_too_many_projects():
    projects = [Project(id=f"p{number}", cost=Fraction(1)) for number in range(21)]
    election = make_election(budget=5, projects=projects, ballots=[Ballot(("p1",))])

    with pytest.raises(TooLargeToCheck):
        satisfies_ejr_up_to_one(election, [])
