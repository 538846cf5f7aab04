"""A grants form shown again with a problem keeps everything the person typed and chose."""

import pytest
from django.urls import reverse

from ostrom.grants.models import Panel, PanelSeat, PriorityVote
from ostrom.network.models import Membership
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, PriorityFactory, RoundFactory


@pytest.mark.django_db
def test_a_score_the_service_refuses_keeps_the_score_and_comment(client):
    funding_round = RoundFactory(in_phase="assessment")
    panel = Panel.objects.create(funding_round=funding_round)
    member = UserFactory()
    PanelSeat.objects.create(panel=panel, member=member, has_lived_experience=True, place=PlaceFactory())
    draft = ApplicationFactory(funding_round=funding_round, status="draft")
    client.force_login(member)

    response = client.post(
        reverse("grants:assess", args=[draft.pk]),
        {"form": "score", "score": "4", "comment": "Strong local links"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Only sent applications are scored" in page
    assert "Strong local links" in page
    assert 'value="4" checked' in page


@pytest.mark.django_db
def test_an_application_with_a_problem_keeps_every_answer(client):
    ward = PlaceFactory(kind="ward", name="Lozells")
    funding_round = RoundFactory(in_phase="applications")
    funding_round.fund.places_served.add(ward)
    priority = PriorityFactory(funding_round=funding_round)
    PriorityVote.objects.create(priority=priority, voter=UserFactory())
    organisation, applicant = OrganisationFactory(), UserFactory()
    Membership.objects.create(user=applicant, organisation=organisation)
    client.force_login(applicant)

    response = client.post(
        reverse("grants:application-create", args=[funding_round.slug]),
        {
            "organisation": organisation.pk,
            "title": "Chair yoga",
            "summary": "Weekly chair yoga",
            "who_benefits": "Elders in Lozells",
            "places": [ward.pk],
            "amount_requested": "999999",
            "priority": priority.pk,
            "budget_breakdown": "Teacher and hall",
            "outcomes": "Steadier on their feet",
            "action": "send",
        },
    )

    page = response.content.decode()
    assert "Amount must be £5,000 or less" in page
    for typed in [
        "Chair yoga",
        "Weekly chair yoga",
        "Elders in Lozells",
        "999999",
        "Teacher and hall",
        "Steadier on their feet",
    ]:
        assert typed in page
    for chosen in [organisation.pk, ward.pk, priority.pk]:
        assert f'value="{chosen}" checked' in page
