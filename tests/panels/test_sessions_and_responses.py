import random
from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.accounts.models import Role
from ostrom.core import audit
from ostrom.panels import services
from ostrom.panels.models import Lottery, Recommendation, Session, SessionAttendance
from tests.factories import CoordinatorFactory, UserFactory
from tests.panels.factories import AssemblyFactory, register_pool


def _seatedAssemblyFactory():
    assembly = AssemblyFactory(panel_size=6)
    register_pool(assembly, 20, random.Random(2))
    members = list(assembly.volunteers.order_by("pk")[:6])
    Lottery.objects.create(
        assembly=assembly,
        seed="s",
        quotas=[],
        pool=[],
        selected=[str(m.pk) for m in members],
        probabilities={str(m.pk): 0.3 for m in members},
        is_current=True,
    )
    return assembly, members


@pytest.mark.django_db
def test_a_coordinator_records_who_came_to_a_session_and_what_they_were_paid(client):
    assembly, members = _seatedAssemblyFactory()
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("panels:sessions", args=[assembly.slug]),
        {
            "title": "What the data says about waiting lists",
            "starts_at": "2027-01-15 10:00",
            "venue": "Ladywood Hub",
            "speakers": "Director of Primary Care\nPatient Voice lead",
        },
    )
    session = Session.objects.get()

    client.post(
        reverse("panels:session-record", args=[session.pk]),
        {"attendees": [m.pk for m in members[:5]], "payment": "75", "paid_on": "2027-01-20"},
    )

    assert SessionAttendance.objects.filter(session=session).count() == 5
    assert sum(a.payment for a in session.attendance.all()) == Decimal("375")
    page = client.get(reverse("panels:sessions", args=[assembly.slug])).content.decode()
    assert "£375" in page
    outsider = assembly.volunteers.exclude(pk__in=[m.pk for m in members]).first()
    with pytest.raises(Exception, match="Only panel members"):
        services.record_session(
            coordinator=CoordinatorFactory(), session=session, attendees=[outsider], payment=Decimal(75)
        )


@pytest.mark.django_db
def test_the_commissioning_body_responds_to_each_recommendation_in_public(client):
    assembly, _ = _seatedAssemblyFactory()
    coordinator = CoordinatorFactory()
    services.add_recommendation(
        coordinator=coordinator,
        assembly=assembly,
        title="Call-backs, not queues",
        text="Practices should call patients back instead of the 8am queue.",
        support_for=5,
        support_against=1,
    )
    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)
    recommendation = Recommendation.objects.get()
    client.force_login(partner)
    url = reverse("panels:respond", args=[recommendation.pk])

    missing = client.post(url, {"outcome": "accepted", "reasons": "It works elsewhere"}).content.decode()
    assert "Say who will act on it and by when" in missing
    client.post(
        url,
        {
            "outcome": "accepted_in_part",
            "reasons": "We will pilot it in four practices",
            "action": "Pilot call-backs",
            "action_owner": "Director of Primary Care",
            "action_due_on": "2027-06-30",
        },
    )
    client.logout()
    page = client.get(reverse("panels:recommendations", args=[assembly.slug])).content.decode()

    assert "Accepted in part" in page and "We will pilot it in four practices" in page
    assert "5 members supported it" in page and "83% support" in page
    assert audit.action_of(audit.entries_for(recommendation).first()) == "response.created"


@pytest.mark.django_db
def test_residents_cannot_respond(client):
    assembly, _ = _seatedAssemblyFactory()
    recommendation = services.add_recommendation(
        coordinator=CoordinatorFactory(), assembly=assembly, title="T", text="Text", support_for=3
    )
    client.force_login(UserFactory())
    assert client.get(reverse("panels:respond", args=[recommendation.pk])).status_code == 403
