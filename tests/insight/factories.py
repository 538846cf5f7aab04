"""Insight test objects: each builds a valid object with no arguments."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ostrom.accounts.models import Role
from ostrom.insight.models import CaseForAction, CostLine, Insight
from ostrom.places.models import Place
from tests.factories import PlaceFactory, UserFactory


class InsightFactory(DjangoModelFactory):
    """A story published without the speaker's name."""

    class Meta:
        model = Insight

    kind = Insight.Kind.STORY
    title = factory.Sequence(lambda n: f"Story {n}")
    text = "The bus to the surgery stopped running, so I missed my appointment."
    source = Insight.Source.INTERVIEW
    place = factory.SubFactory(PlaceFactory, kind=Place.Kind.LOCALITY)
    said_on = date(2026, 10, 1)
    consent_to_use = True
    publication = Insight.Publication.ANONYMISED
    consent_wording = "I agree that my words may be used and published without my name."
    consent_recorded_at = factory.LazyFunction(timezone.now)


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = CaseForAction

    insight = factory.SubFactory(
        InsightFactory, kind=Insight.Kind.CASE_FOR_ACTION, title="Respite for carers"
    )
    problem = "Carers are exhausted."
    who_is_affected = "Unpaid carers of people with dementia."
    proposed_action = "A weekly respite day."


class CostLineFactory(DjangoModelFactory):
    class Meta:
        model = CostLine

    case = factory.SubFactory(CaseFactory)
    effect = CostLine.Effect.COST
    description = "A respite day"
    unit_cost = Decimal("60.00")
    unit_cost_source = "Memory Matters' own costs"
    quantity = Decimal("10")


def coordinator_of(place, **kwargs):
    """A coordinator whose role covers only this place (and the places inside it)."""
    user = UserFactory(**kwargs)
    Role.objects.create(user=user, kind=Role.Kind.COORDINATOR, place=place)
    return user


def partner_of(place, **kwargs):
    user = UserFactory(**kwargs)
    Role.objects.create(user=user, kind=Role.Kind.PARTNER, place=place)
    return user


def story_details(place, **overrides) -> dict:
    details = {
        "place": place,
        "kind": Insight.Kind.STORY,
        "title": "Getting to the GP",
        "text": "I had to take two buses to get to my appointment and missed it.",
        "source": Insight.Source.INTERVIEW,
        "said_on": date(2026, 11, 2),
        "consent_to_use": True,
        "publication": Insight.Publication.ANONYMISED,
        "consent_wording": "I agree that my words may be used and published without my name.",
    }
    return details | overrides
