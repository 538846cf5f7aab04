from decimal import Decimal

import pytest

from ostrom.accounts import services as account_services
from ostrom.grants import counting
from ostrom.grants.models import Application, Ballot, PriorityVote
from ostrom.grants.services import results
from ostrom.network.models import Membership
from tests.factories import (
    CoordinatorFactory,
    LsoaFactory,
    OrganisationFactory,
    PlaceFactory,
    PostcodeFactory,
    UserFactory,
)
from tests.grants.factories import ApplicationFactory, PriorityFactory, RoundFactory, VoterFactory


def _bearer(user):
    return {"Authorization": f"Bearer {account_services.create_api_token(user=user, name='test')}"}


@pytest.mark.django_db
def test_anyone_reads_funds_and_rounds_with_their_rules(client):
    funding_round = RoundFactory(in_phase="voting", ballot_type="cumulative", points_per_voter=5)
    body = client.get(f"/api/rounds/{funding_round.slug}").json()

    assert body["phase"] == "voting" and body["ballot_type"] == "cumulative"
    assert "You have 5 points." in body["rules_in_plain_english"][0]
    assert client.get("/api/funds").json()[0]["rounds"] == [funding_round.slug]


@pytest.mark.django_db
def test_an_applicant_sends_an_application_through_the_api(client):
    ward = PlaceFactory(code="DEMO-W11", kind="ward")
    funding_round = RoundFactory(in_phase="applications")
    funding_round.fund.places_served.add(ward)
    priority = PriorityFactory(funding_round=funding_round)
    PriorityVote.objects.create(priority=priority, voter=UserFactory())
    organisation, applicant = OrganisationFactory(), UserFactory()
    Membership.objects.create(user=applicant, organisation=organisation)
    payload = {
        "organisation_id": organisation.pk,
        "title": "Chair yoga",
        "summary": "Weekly",
        "who_benefits": "Elders",
        "places": ["DEMO-W11"],
        "amount_requested": "1500",
        "priority_id": priority.pk,
        "submit": True,
    }

    response = client.post(
        f"/api/rounds/{funding_round.slug}/applications",
        payload,
        content_type="application/json",
        headers=_bearer(applicant),
    )

    assert response.status_code == 201 and response.json()["status"] == "submitted"
    assert client.get("/api/applications", headers=_bearer(applicant)).json()[0]["title"] == "Chair yoga"
    assert client.get("/api/applications", headers=_bearer(UserFactory())).json() == []


@pytest.mark.django_db
def test_a_ballot_cast_through_the_api_replaces_the_earlier_one(client):
    ladywood = PlaceFactory(kind="locality")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    funding_round = RoundFactory(in_phase="voting")
    funding_round.fund.places_served.add(ladywood)
    first, second = (ApplicationFactory(funding_round=funding_round, status="shortlisted") for _ in range(2))
    voter = VoterFactory()
    url = f"/api/rounds/{funding_round.slug}/ballot"

    for chosen in (first, second):
        client.put(
            url,
            {"choices": {chosen.pk: 1}, "postcode": "B16 8AA", "is_old_enough": True},
            content_type="application/json",
            headers=_bearer(voter),
        )

    assert client.get(url, headers=_bearer(voter)).json()["choices"] == {str(second.pk): 1}
    assert Ballot.objects.count() == 1
    shortlist = client.get(f"/api/rounds/{funding_round.slug}/shortlist").json()
    assert {item["id"] for item in shortlist} == {first.pk, second.pk}


@pytest.mark.django_db
def test_results_are_public_only_once_published(client):
    funding_round = RoundFactory(in_phase="decision", budget=Decimal("5000"))
    project = ApplicationFactory(
        funding_round=funding_round, status="shortlisted", amount_requested=Decimal("1000")
    )
    coordinator = CoordinatorFactory()
    counting.count_votes(funding_round=funding_round, computed_by=coordinator)
    url = f"/api/rounds/{funding_round.slug}/result"

    assert client.get(url).status_code == 403
    results.publish_result(coordinator=coordinator, funding_round=funding_round)
    body = client.get(url).json()

    assert body["ballot_count"] == 0 and body["projects"][0]["application_id"] == project.pk
    assert Application.objects.get(pk=project.pk).status in {"funded", "not_funded"}
    assert isinstance(client.get("/api/grants").json(), list)
