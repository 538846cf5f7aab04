from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.budgeting import parse_pabulib
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.grants import counting
from ostrom.grants.models import Application, Round
from ostrom.grants.services import results, voting
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, RoundFactory, VoterFactory


def _voted_round(rule="mes", ballot_type="approval"):
    """Budget 10,000. A majority of 6 likes two big projects; a minority of 4 likes a small one.
    Greedy gives everything to the majority; Equal Shares funds the minority's project too."""
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    soho = PlaceFactory(kind="ward", name="Soho", parent=ladywood)
    lsoa = LsoaFactory(parent=soho)
    PostcodeFactory(postcode="B18 5AA", lsoa=lsoa)
    funding_round = RoundFactory(
        in_phase="voting",
        rule=rule,
        ballot_type=ballot_type,
        budget=Decimal("10000"),
        largest_grant=Decimal("6000"),
        slim_limit=Decimal("2500"),
    )
    funding_round.fund.places_served.add(ladywood)
    big_a = ApplicationFactory(
        funding_round=funding_round,
        title="Community kitchen",
        amount_requested=Decimal("5000"),
        status="shortlisted",
    )
    big_b = ApplicationFactory(
        funding_round=funding_round,
        title="Youth football",
        amount_requested=Decimal("5000"),
        status="shortlisted",
    )
    small = ApplicationFactory(
        funding_round=funding_round,
        title="Urdu health talks",
        amount_requested=Decimal("3000"),
        status="shortlisted",
    )
    for project in (big_a, big_b, small):
        project.places.add(soho)
    for _ in range(6):
        voting.cast_ballot(
            funding_round=funding_round,
            voter=VoterFactory(),
            choices={big_a.pk: 1, big_b.pk: 1},
            postcode="B18 5AA",
            is_old_enough=True,
        )
    for _ in range(4):
        voting.cast_ballot(
            funding_round=funding_round,
            voter=VoterFactory(),
            choices={small.pk: 1},
            postcode="B18 5AA",
            is_old_enough=True,
        )
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at) / 100
    )
    funding_round.refresh_from_db()
    return funding_round, big_a, big_b, small


@pytest.mark.django_db
def test_the_count_runs_in_the_background_and_equal_shares_funds_the_minority_too(client, run_tasks):
    funding_round, big_a, big_b, small = _voted_round()
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)

    response = client.post(reverse("grants:count-votes", args=[funding_round.slug]))
    progress = Progress.objects.get()
    assert response.url == progress.get_absolute_url()
    run_tasks()

    progress.refresh_from_db()
    assert progress.status == "finished", progress.message
    result = funding_round.__class__.objects.get(pk=funding_round.pk).result
    assert sorted(result.selected) == sorted([big_a.pk, small.pk]) or sorted(result.selected) == sorted(
        [big_b.pk, small.pk]
    )
    assert Application.objects.get(pk=small.pk).status == "funded"
    assert result.ballot_count == 10 and result.cost == Decimal("8000")
    assert audit.action_of(audit.entries_for(result).first()) == "result.created"


@pytest.mark.django_db
def test_greedy_gives_everything_to_the_majority():
    funding_round, big_a, big_b, small = _voted_round(rule="greedy")
    result = counting.count_votes(funding_round=funding_round, computed_by=CoordinatorFactory())
    assert sorted(result.selected) == sorted([big_a.pk, big_b.pk])


@pytest.mark.django_db
def test_the_result_page_explains_itself_once_published(client):
    funding_round, big_a, big_b, small = _voted_round()
    coordinator = CoordinatorFactory()
    counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    url = reverse("grants:result", args=[funding_round.slug])

    assert "The result is not ready yet" in client.get(url).content.decode()
    results.publish_result(coordinator=coordinator, funding_round=funding_round)
    page = client.get(url).content.decode()

    assert "10 people voted. 2 projects are funded, using £8,000 of the £10,000 budget." in page
    assert "The budget is shared out equally between all voters" in page
    assert "Not funded: by round" in page
    assert "had only £1,000.00 left between them, and it needed £5,000.00" in page
    assert "Money by place" in page and "Soho" in page


@pytest.mark.django_db
def test_the_ballots_download_as_pabulib_and_pabutools_reaches_the_same_result(client, tmp_path):
    from pabutools.election import Cost_Sat
    from pabutools.election import parse_pabulib as pabutools_parse
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )

    funding_round, *_ = _voted_round()
    result = counting.count_votes(funding_round=funding_round, computed_by=CoordinatorFactory())
    results.publish_result(coordinator=CoordinatorFactory(), funding_round=funding_round)

    text = client.get(reverse("grants:ballots-pb", args=[funding_round.slug])).content.decode()
    election = parse_pabulib(text)
    path = tmp_path / "round.pb"
    path.write_text(text, encoding="utf-8")
    instance, profile = pabutools_parse(str(path))
    theirs = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )

    assert election.voter_count == 10 and election.meta["rule"] == "equalshares/add1u"
    assert {int(project.name) for project in theirs} == set(result.selected)


@pytest.mark.django_db
def test_unconfirmed_paper_ballots_are_not_counted():
    funding_round, big_a, big_b, small = _voted_round(rule="greedy")
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at)
    )
    funding_round.refresh_from_db()
    voting.enter_paper_ballot(
        coordinator=CoordinatorFactory(),
        funding_round=funding_round,
        paper_reference="P-1",
        choices={small.pk: 1},
        postcode="B18 5AA",
    )

    result = counting.count_votes(funding_round=funding_round, computed_by=CoordinatorFactory())
    assert result.ballot_count == 10
