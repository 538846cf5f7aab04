"""A person's grants data: in their download, and unlinked from them on erasure without changing a count."""

from decimal import Decimal

import pytest

from ostrom.accounts import services as account_services
from ostrom.grants import counting
from ostrom.grants.models import (
    Application,
    Assessment,
    Ballot,
    ConflictOfInterest,
    Panel,
    PanelSeat,
    Priority,
    PriorityVote,
    Result,
    Round,
)
from ostrom.grants.services import voting
from tests.factories import CoordinatorFactory, LsoaFactory, PlaceFactory, PostcodeFactory
from tests.grants.factories import ApplicationFactory, PriorityFactory, RoundFactory, VoterFactory


@pytest.mark.django_db
def test_a_persons_grants_data_is_downloaded_then_unlinked_and_the_result_stands():
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting", budget=Decimal("3000"), largest_grant=Decimal("3000"))
    funding_round.fund.places_served.add(ladywood)
    person = VoterFactory()
    big = ApplicationFactory(
        funding_round=funding_round, applicant=person, title="Chair yoga", status="shortlisted",
        amount_requested=Decimal("2500"),
    )  # fmt: skip
    small = ApplicationFactory(
        funding_round=funding_round, status="shortlisted", amount_requested=Decimal("1000")
    )
    priority = PriorityFactory(funding_round=funding_round, proposed_by=person, title="Loneliness")
    PriorityVote.objects.create(priority=priority, voter=person)
    panel = Panel.objects.create(funding_round=funding_round)
    seat = PanelSeat.objects.create(panel=panel, member=person, has_lived_experience=True, place=ladywood)
    Assessment.objects.create(seat=seat, application=small, score=4, comment="Good reach")
    ConflictOfInterest.objects.create(seat=seat, application=big, reason="I run it")
    voting.cast_ballot(
        funding_round=funding_round, voter=person, choices={big.pk: 1}, postcode="B16 8AA", is_old_enough=True
    )
    for _ in range(2):
        voting.cast_ballot(
            funding_round=funding_round,
            voter=VoterFactory(),
            choices={small.pk: 1},
            postcode="B16 8AA",
            is_old_enough=True,
        )
    Round.objects.filter(pk=funding_round.pk).update(
        voting_closes_at=funding_round.voting_opens_at
        + (funding_round.voting_closes_at - funding_round.voting_opens_at) / 100
    )
    before = counting.count_votes(funding_round=funding_round, computed_by=CoordinatorFactory())

    data = account_services.export_personal_data(user=person)
    assert data["grant_applications"][0]["title"] == "Chair yoga"
    assert data["grant_ballots"][0]["choices"] == {"Chair yoga": 1}
    assert data["grant_priorities_suggested"][0]["title"] == "Loneliness"
    assert data["grant_priorities_supported"][0]["priority"] == "Loneliness"
    assert data["grant_panel_seats"][0]["scores"][0]["comment"] == "Good reach"
    assert data["grant_panel_seats"][0]["declared_interests"][0]["reason"] == "I run it"

    account_services.erase_person(user=person, requested_by=person)
    after = counting.count_votes(funding_round=funding_round, computed_by=CoordinatorFactory())

    assert not Ballot.objects.filter(voter=person).exists()
    assert not Application.objects.filter(applicant=person).exists()
    assert not Priority.objects.filter(proposed_by=person).exists()
    assert not PriorityVote.objects.filter(voter=person).exists()
    assert not PanelSeat.objects.filter(member=person).exists()
    assert Ballot.objects.filter(voter=None, lsoa=None).count() == 1
    assert (
        (after.ballot_count, after.selected) == (before.ballot_count, before.selected) == (3, before.selected)
    )
    assert Result.objects.count() == 1 and Assessment.objects.count() == 1
