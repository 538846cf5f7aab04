"""Most points first reproduces what Kraków and Katowice announced for their points and ranked votes, and
neither greedy by voters nor greedy by points per pound does."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
from pabutools.rules import greedy_utilitarian_welfare

from ostrom.budgeting import (
    Ballot,
    Project,
    Utility,
    VoteType,
    format_pabulib,
    greedy,
    make_election,
    parse_pabulib,
    rules,
)
from ostrom.budgeting.__main__ import main
from ostrom.budgeting.greedy import greedy_total_points, minimum_points_of
from ostrom.budgeting.support import total_points
from tests.budgeting.peer import DATA, official, peer_election

CITY_FILES = [
    "Poland_Krakow_2021_Bienczyce.pb",  # ranked, 3 choices
    "Poland_Krakow_2021.pb",  # ranked, city-wide, 51,229 voters
    "Poland_Katowice_2022_Zaleze.pb",  # points, greedy-threshold
]


@pytest.mark.parametrize("file_name", CITY_FILES)
def test_most_points_first_funds_what_the_city_announced(elections, file_name):
    election = elections[file_name]

    outcome = rules.rule_of_file(election).decide(election)

    assert rules.rule_of_file(election) is rules.MOST_POINTS
    assert outcome.selected_set == official(election)
    assert outcome.cost <= election.budget


def test_greedy_threshold_on_approval_ballots_funds_what_lodz_announced(elections):
    # Łódź 2022: approval ballots, META rule greedy-threshold with a minimum of 100 votes; a vote is a point.
    election = elections["Poland_Lodz_2022.pb"]

    outcome = rules.rule_of_file(election).decide(election)

    assert minimum_points_of(election) == 100
    assert outcome.selected_set == official(election)


@pytest.mark.parametrize("file_name", CITY_FILES)
def test_the_points_we_count_are_the_points_the_city_published(elections, file_name):
    election = elections[file_name]

    points, _ = total_points(election)

    assert {project.id: points[index] for index, project in enumerate(election.projects)} == {
        project.id: Fraction(project.fields["score"]) for project in election.projects
    }


@pytest.mark.parametrize("file_name", CITY_FILES)
@pytest.mark.parametrize("utility", [Utility.COST, Utility.POINTS], ids=["by voters", "points per pound"])
def test_the_older_greedy_rules_do_not_reproduce_the_city_outcome(elections, file_name, utility):
    election = elections[file_name]

    assert greedy(election, utility=utility).selected_set != official(election)


def test_a_cheap_project_reached_late_is_still_funded_when_it_fits(elections):
    # Kraków skips what no longer fits and goes on: project 27 (18,000) comes 22nd and is funded.
    election = elections["Poland_Krakow_2021_Bienczyce.pb"]

    outcome = greedy_total_points(election)

    explanation = outcome.explanations["27"]
    assert explanation.is_selected and explanation.step == 22 and explanation.points == 52
    assert explanation.reason.startswith(
        "Funded: it was reached in position 22 by total points, with 52 points"
    )
    refused = outcome.explanations["31"]
    assert not refused.is_selected
    assert "but it costs 195000.00 and only 81147.00 was left" in refused.reason


def test_katowice_takes_its_minimum_score_from_the_file(elections):
    election = elections["Poland_Katowice_2022_Zaleze.pb"]

    assert minimum_points_of(election) == 50
    outcome = rules.MOST_POINTS.decide(election)
    assert outcome.rule == "greedy-total-points-threshold"
    assert outcome.details == {"minimum_points": "50 points"}


def _small(points_of_a: int, *, meta_minimum: str | None = None):
    projects = [Project("a", Fraction(100)), Project("b", Fraction(100))]
    ballots = [Ballot(("a",), (Fraction(points_of_a),)), Ballot(("b",), (Fraction(3),))]
    election = make_election(budget=1000, projects=projects, ballots=ballots, vote_type=VoteType.CUMULATIVE)
    if meta_minimum is not None:
        election = parse_pabulib(
            format_pabulib(election).replace(
                "vote_type;cumulative", f"vote_type;cumulative\nmin_project_score_threshold;{meta_minimum}"
            )
        )
    return election


def test_a_project_below_the_minimum_is_not_funded_even_with_money_left():
    election = _small(2, meta_minimum="3")

    outcome = rules.MOST_POINTS.decide(election)

    assert outcome.selected == ("b",)
    assert (
        outcome.explanations["a"].reason
        == "Not funded: it got 2 points, fewer than the 3 points a project needs."
    )
    assert rules.pabulib_rule_name(rules.MOST_POINTS, minimum_points=Fraction(3)) == "greedy-threshold"


def test_without_a_minimum_every_project_that_fits_is_funded():
    assert rules.MOST_POINTS.decide(_small(2)).selected == ("b", "a")


def test_a_dear_project_with_more_points_comes_before_a_cheap_one():
    projects = [Project("dear", Fraction(900)), Project("cheap", Fraction(100))]
    ballots = [Ballot(("dear", "cheap"), (Fraction(3), Fraction(2)))]
    election = make_election(budget=950, projects=projects, ballots=ballots, vote_type=VoteType.CUMULATIVE)

    assert greedy_total_points(election).selected == ("dear",)
    assert greedy(election, utility=Utility.POINTS).selected == ("cheap",)  # 2/100 beats 3/900


def test_a_ranking_without_stated_points_gives_as_many_points_to_a_first_choice_as_there_are_projects():
    projects = [Project(name, Fraction(10)) for name in "abcd"]
    ballots = [Ballot(("a", "b")), Ballot(("c",))]
    election = make_election(budget=100, projects=projects, ballots=ballots, vote_type=VoteType.ORDINAL)

    points, voters = total_points(election)

    assert points == (4, 3, 4, 0)
    assert voters == (1, 1, 1, 0)


def test_a_ranked_file_keeps_the_points_of_each_rank_when_written_again(elections):
    election = elections["Poland_Krakow_2021_Bienczyce.pb"]

    text = format_pabulib(election)

    assert "25;15,10,34;3,2,1;internet" in text
    assert parse_pabulib(text) == election


def test_pabutools_greedy_agrees_once_its_satisfaction_is_points_times_cost(elections):
    """pabutools' greedy divides each project's satisfaction by its cost and has no rule for total points;
    a satisfaction of points times cost cancels the division, and then it funds what we fund."""
    election = elections["Poland_Katowice_2022_Zaleze.pb"]
    instance, profile = peer_election(election)

    class PointsTimesCost(AdditiveSatisfaction):
        def __init__(self, instance, profile, ballot):
            super().__init__(
                instance,
                profile,
                ballot,
                lambda _i, _p, ballot, project, _v: ballot.get(project, 0) * project.cost,
            )

    peer = greedy_utilitarian_welfare(instance, profile.as_multiprofile(), sat_class=PointsTimesCost)

    assert (
        {project.name for project in peer} == greedy_total_points(election).selected_set == official(election)
    )


def test_the_command_line_counts_with_the_rule_the_file_names(capsys):
    exit_code = main([str(DATA / "Poland_Krakow_2021_Bienczyce.pb"), "--rule", "file"])

    printed = capsys.readouterr().out
    assert exit_code == 0
    assert printed.startswith("greedy-total-points: 8 projects funded")
    assert "27: Funded: it was reached in position 22 by total points" in printed


def test_the_registry_offers_most_points_first_for_points_and_ranked_ballots_only():
    assert (
        rules.default_rule(VoteType.CUMULATIVE) is rules.default_rule(VoteType.ORDINAL) is rules.MOST_POINTS
    )
    assert rules.default_rule(VoteType.APPROVAL) is rules.EQUAL_SHARES
    assert rules.MOST_POINTS not in rules.rules_for(VoteType.APPROVAL)
    assert rules.GREEDY not in rules.rules_for(VoteType.ORDINAL)
