"""People, a body and a citizens' panel recommendation for the decisions tests."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.decisions import services
from ostrom.decisions.models import Assurance, Body
from ostrom.panels.models import Assembly, Recommendation, Response
from tests.factories import PlaceFactory, UserFactory

RECOMMENDATION = "panels.recommendation"


@pytest.fixture
def ladywood():
    return PlaceFactory(name="Ladywood", kind="locality")


@pytest.fixture
def partner(ladywood):
    person = UserFactory(full_name="Priya Partner")
    Role.objects.create(user=person, kind=Role.Kind.PARTNER, place=ladywood)
    return person


@pytest.fixture
def reviewer(ladywood):
    person = UserFactory(full_name="Rhys Reviewer")
    Role.objects.create(user=person, kind=Role.Kind.PARTNER, place=ladywood)
    return person


@pytest.fixture
def body(ladywood):
    body = Body.objects.create(
        name="Ladywood Locality Partnership", slug="llp", kind=Body.Kind.LOCALITY_PARTNERSHIP
    )
    body.places.set([ladywood])
    return body


@pytest.fixture
def recommendation(ladywood):
    return make_recommendation(ladywood)


def make_recommendation(place):
    """Recommendation 3 of a finished citizens' panel in the place, with the body's response."""
    today = timezone.localdate()
    assembly = Assembly.objects.create(
        question="How should evening GP appointments work?",
        slug="evening-gp",
        commissioning_body="Birmingham and Solihull ICB",
        place=place,
        panel_size=20,
        registration_closes_on=today - timedelta(days=90),
        first_session_on=today - timedelta(days=60),
        last_session_on=today - timedelta(days=30),
        payment_offered="£300",
        support_offered="Childcare",
        delete_personal_data_on=today + timedelta(days=300),
    )
    recommendation = Recommendation.objects.create(
        assembly=assembly,
        number=3,
        title="Evening appointments",
        text="Open two surgeries until 8pm.",
        support_for=17,
    )
    Response.objects.create(
        recommendation=recommendation,
        outcome="accepted",
        reasons="We agree.",
        action="Pilot in two practices",
        action_owner="Primary care lead",
        action_due_on=today + timedelta(days=90),
    )
    return recommendation


def record(partner, body, **values):
    return services.record_decision(
        actor=partner,
        body=body,
        question=values.pop("question", "Extend GP opening into the evening"),
        money=values.pop("money", Decimal("250000")),
        **values,
    )


def answer_everything(decision, person):
    for question, _ in Assurance.QUESTIONS:
        services.answer_assurance(
            actor=person, decision=decision, question=question, text=f"Answer to {question}"
        )
