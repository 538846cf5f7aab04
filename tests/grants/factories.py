from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ostrom.grants.models import Application, Fund, Priority, Round
from tests.factories import OrganisationFactory, UserFactory

DAY = timedelta(days=1)

# Offsets of each phase's start from now, in days, that put a round in the named phase.
PHASE_STARTS = {
    "priorities": -1,
    "applications": -11,
    "assessment": -31,
    "voting": -41,
    "decision": -51,
}


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund

    name = factory.Sequence(lambda n: f"Flourish Fund {n}")
    slug = factory.Sequence(lambda n: f"flourish-fund-{n}")
    description = "Small grants for community health"
    funder_name = "NHS Birmingham and Solihull ICB"
    funder_org_id = "GB-NHS-QHL"
    source = "Health inequalities funding"
    amount = Decimal("100000")


class RoundFactory(DjangoModelFactory):
    """A round in the phase named by `in_phase` (priorities by default)."""

    class Meta:
        model = Round
        exclude = ["in_phase", "start"]

    in_phase = "priorities"
    start = factory.LazyAttribute(lambda o: timezone.now() + PHASE_STARTS[o.in_phase] * DAY)
    fund = factory.SubFactory(FundFactory)
    name = factory.Sequence(lambda n: f"Small grants round {n}")
    slug = factory.Sequence(lambda n: f"small-grants-{n}")
    budget = Decimal("60000")
    largest_grant = Decimal("5000")
    slim_limit = Decimal("2500")
    priorities_open_at = factory.LazyAttribute(lambda o: o.start)
    applications_open_at = factory.LazyAttribute(lambda o: o.start + 10 * DAY)
    applications_close_at = factory.LazyAttribute(lambda o: o.start + 30 * DAY)
    voting_opens_at = factory.LazyAttribute(lambda o: o.start + 40 * DAY)
    voting_closes_at = factory.LazyAttribute(lambda o: o.start + 50 * DAY)


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    funding_round = factory.SubFactory(RoundFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    proposed_by = factory.SubFactory(UserFactory)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    funding_round = factory.SubFactory(RoundFactory, in_phase="applications")
    organisation = factory.SubFactory(OrganisationFactory)
    applicant = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "Weekly sessions"
    who_benefits = "Families"
    amount_requested = Decimal("2000")
    status = Application.Status.SUBMITTED


class VoterFactory(UserFactory):
    """A person whose email address is confirmed: only they may vote."""

    email_confirmed_at = factory.LazyFunction(timezone.now)
