"""The demo's returns: 30 from ten member organisations over the past year, most submitted, four due
and one overdue, stories with consent in insight; loading it again adds nothing."""

import random

import pytest
from django.utils import timezone

from ostrom.demo import returns as returns_demo
from ostrom.impact.models import Return
from ostrom.insight.models import Insight
from ostrom.network.models import Membership
from tests.factories import CoordinatorFactory, OrganisationFactory, PlaceFactory, UserFactory


@pytest.mark.django_db
def test_the_demo_has_30_returns_most_submitted_four_due_one_overdue_and_loads_once():
    place = PlaceFactory()
    for _ in range(12):
        organisation = OrganisationFactory(places_served=[place])
        Membership.objects.create(user=UserFactory(), organisation=organisation, is_contact=True)
    people = {"staff": {"coordinator": CoordinatorFactory()}}

    assert returns_demo.load(random.Random(1), {"place": place}, people) == 30
    assert returns_demo.load(random.Random(1), {"place": place}, people) == 0

    demo = Return.objects.filter(template__programme__slug="flourish")
    assert demo.count() == 30 and demo.submitted().count() == 25
    assert demo.overdue().count() == 1 and demo.due().count() == 5
    assert all(r.submitted_at.date() <= timezone.localdate() for r in demo.submitted())
    assert all(r.period_end < r.submitted_at.date() for r in demo.submitted())
    told = Insight.objects.filter(origin_kind="impact.return")
    consented = demo.filter(story_consent=True)
    assert told.count() == consented.count() > 0
    assert all(insight.is_demo and insight.consent_wording for insight in told)
