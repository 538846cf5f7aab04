"""Points and ranked rounds are counted most points first (the rule cities use for those ballots), and the
ballot page, the result page and the API say how the round's rule counts."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from ostrom.budgeting import parse_pabulib
from ostrom.budgeting import rules as counting_rules
from ostrom.core import audit
from ostrom.grants import counting, explaining
from ostrom.grants.models import Result, Round
from ostrom.grants.services import results, voting
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, FundFactory, RoundFactory, VoterFactory
from tests.grants.test_rounds import ROUND


def _round(ballot_type, rule, **extra):
    """Budget £10,000: a £8,000 project five people put first, and two £2,000 projects four people share."""
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B18 5AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(
        in_phase="voting",
        ballot_type=ballot_type,
        rule=rule,
        budget=Decimal("10000"),
        largest_grant=Decimal("8000"),
        slim_limit=Decimal("2500"),
        points_per_voter=10,
        **extra,
    )
    funding_round.fund.places_served.add(ladywood)
    dear, cheap_a, cheap_b = (
        ApplicationFactory(
            funding_round=funding_round, title=title, amount_requested=Decimal(amount), status="shortlisted"
        )
        for title, amount in [
            ("Health centre garden", "8000"),
            ("Walking group", "2000"),
            ("Chai and chat", "2000"),
        ]
    )
    return funding_round, dear, cheap_a, cheap_b


def _vote(funding_round, choices, times):
    for _ in range(times):
        voting.cast_ballot(
            funding_round=funding_round,
            voter=VoterFactory(),
            choices=choices,
            postcode="B18 5AA",
            is_old_enough=True,
        )


def _close(funding_round):
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at) / 100
    )
    funding_round.refresh_from_db()


def _points_round(rule):
    funding_round, dear, cheap_a, cheap_b = _round("cumulative", rule)
    _vote(funding_round, {dear.pk: 10}, 5)  # 50 points
    _vote(funding_round, {cheap_a.pk: 5, cheap_b.pk: 5}, 4)  # 20 points each
    _close(funding_round)
    return funding_round, dear, cheap_a, cheap_b


@pytest.mark.django_db
def test_a_points_round_funds_the_project_with_most_points_even_when_it_costs_more():
    funding_round, dear, cheap_a, cheap_b = _points_round("points")

    result = counting.count_votes(funding_round=funding_round, computed_by=CoordinatorFactory())

    assert result.rule == "greedy-total-points"
    assert result.selected[0] == dear.pk and len(result.selected) == 2
    assert result.explanations[str(dear.pk)]["reason"].startswith(
        "Funded: it was reached in position 1 by total points, with 50 points"
    )


@pytest.mark.django_db
def test_a_round_counted_points_per_pound_keeps_that_rule_and_says_so(client):
    funding_round, dear, cheap_a, cheap_b = _points_round("greedy")
    coordinator = CoordinatorFactory()

    result = counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    results.publish_result(coordinator=coordinator, funding_round=funding_round)
    page = client.get(reverse("grants:result", args=[funding_round.slug])).content.decode()

    assert sorted(result.selected) == sorted([cheap_a.pk, cheap_b.pk])  # 20/£2,000 beats 50/£8,000
    assert "Most points per pound first." in page
    assert "a cheap project can come before one with more points" in page


@pytest.mark.django_db
def test_a_ranked_round_gives_points_by_place_and_says_how_beside_the_ballot(client):
    funding_round, dear, cheap_a, cheap_b = _round("ranked", "points")
    _vote(funding_round, {dear.pk: 1}, 5)  # 3 points each: 15
    _vote(funding_round, {cheap_a.pk: 1, cheap_b.pk: 2}, 4)  # 12 and 8

    ballot_page = client.get(reverse("grants:ballot", args=[funding_round.slug])).content.decode()
    _close(funding_round)
    coordinator = CoordinatorFactory()
    result = counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    results.publish_result(coordinator=coordinator, funding_round=funding_round)
    result_page = client.get(reverse("grants:result", args=[funding_round.slug])).content.decode()

    explanation = "A first choice gets 3 points, a second 2, and so on: each choice one point fewer."
    assert explanation in ballot_page and explanation in result_page
    assert "in order of the total points voters gave them, most first" in ballot_page
    assert "Most points first." in result_page
    assert result.selected == [dear.pk, cheap_a.pk]
    assert result.explanations[str(cheap_b.pk)]["points"] == "8.00"


@pytest.mark.django_db
def test_a_points_ballot_page_no_longer_promises_most_votes_first(client):
    funding_round, *_ = _round("cumulative", "points")

    page = client.get(reverse("grants:ballot", args=[funding_round.slug])).content.decode()

    assert "in order of their votes" not in page
    assert (
        "Projects are funded in order of the total points voters gave them, most first, whatever they cost."
        in page
    )


@pytest.mark.django_db
def test_the_api_gives_the_rule_and_how_it_counts(client):
    funding_round, *_ = _points_round("points")
    coordinator = CoordinatorFactory()
    counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    results.publish_result(coordinator=coordinator, funding_round=funding_round)

    body = client.get(f"/api/rounds/{funding_round.slug}").json()
    outcome = client.get(f"/api/rounds/{funding_round.slug}/result").json()

    assert body["rule"] == "points" and body["rule_title"] == "Most points first"
    assert body["rule_in_plain_english"] == str(explaining.EXPLANATIONS["points"])
    assert outcome["rule"] == "greedy-total-points" and outcome["rule_title"] == "Most points first"


@pytest.mark.django_db
def test_the_ballots_file_names_the_rule_and_recounts_to_the_same_result(client):
    funding_round, *_ = _points_round("points")
    coordinator = CoordinatorFactory()
    result = counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    results.publish_result(coordinator=coordinator, funding_round=funding_round)

    election = parse_pabulib(
        client.get(reverse("grants:ballots-pb", args=[funding_round.slug])).content.decode()
    )

    assert election.meta["rule"] == "greedy"
    recount = counting_rules.rule_of_file(election).decide(election)
    assert sorted(int(project) for project in recount.selected) == sorted(result.selected)


def _create(client, **changes):
    fund = FundFactory()
    client.force_login(CoordinatorFactory())
    return fund, client.post(reverse("grants:round-create", args=[fund.slug]), ROUND | changes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ballot_type", "rule"), [("cumulative", "points"), ("ranked", "points"), ("approval", "mes")]
)
def test_a_new_round_without_a_chosen_rule_gets_the_usual_one_for_its_ballot(client, ballot_type, rule):
    _create(client, ballot_type=ballot_type, rule="")

    assert Round.objects.get().rule == rule


@pytest.mark.django_db
def test_the_round_form_offers_most_points_first_for_points_and_ranked_ballots(client):
    fund, _ = _create(client)

    page = client.get(reverse("grants:round-create", args=[fund.slug])).content.decode()

    assert "Most points first (for points and ranked ballots)" in page
    assert "If you do not choose, points and ranked ballots are counted most points first" in page


@pytest.mark.django_db
def test_most_points_first_is_refused_for_tick_ballots(client):
    _, response = _create(client, ballot_type="approval", rule="points")

    assert (
        "Most points first does not count approval ballots: choose another rule" in response.content.decode()
    )
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_changing_the_rule_before_voting_is_audited_and_after_voting_opens_is_refused(client):
    client.force_login(CoordinatorFactory())
    upcoming = RoundFactory(in_phase="applications", ballot_type="cumulative", rule="mes")
    voting_now = RoundFactory(in_phase="voting", ballot_type="cumulative", rule="mes")

    def change(funding_round):
        data = {
            field: timezone.localtime(getattr(funding_round, field)).strftime("%Y-%m-%d %H:%M")
            for field in ROUND
            if field.endswith("_at")
        }
        data = ROUND | {"name": funding_round.name, "ballot_type": "cumulative", "rule": "points"} | data
        return client.post(
            reverse("grants:round-edit", args=[funding_round.fund.slug, funding_round.slug]), data
        )

    change(upcoming)
    refused = change(voting_now).content.decode()

    upcoming.refresh_from_db()
    voting_now.refresh_from_db()
    assert upcoming.rule == "points"
    assert audit.entries_for(upcoming).first().changes["rule"] == ["mes", "points"]
    assert voting_now.rule == "mes"
    assert "The rule cannot change once voting has opened" in refused


@pytest.mark.django_db
def test_uncounted_points_rounds_move_to_most_points_first_and_counted_ones_keep_their_rule():
    migration = importlib.import_module("ostrom.grants.migrations.0008_most_points_first")
    uncounted = RoundFactory(ballot_type="ranked", rule="greedy")
    counted = RoundFactory(ballot_type="cumulative", rule="greedy")
    Result.objects.create(
        funding_round=counted, rule="greedy-points", ballot_count=0, selected=[], cost=0, explanations={}
    )
    approval = RoundFactory(ballot_type="approval", rule="greedy")

    migration.move_uncounted_points_rounds(apps, None)

    assert [Round.objects.get(pk=r.pk).rule for r in (uncounted, counted, approval)] == [
        "points",
        "greedy",
        "greedy",
    ]
    entry = audit.entries_for(uncounted).get()
    assert entry.changes == {"rule": ["greedy", "points"]} and audit.action_of(entry) == "round.changed"
