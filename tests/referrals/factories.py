"""Social prescribing test objects: each builds a valid object with no arguments."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ostrom.accounts.models import Role
from ostrom.assets.models import Service
from ostrom.network.models import Membership
from ostrom.places.models import Place
from ostrom.referrals.models import Referral, ReferralNeed, ReferralTo
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory


def link_worker_for(place, **kwargs):
    """A person with the link worker role scoped to the place."""
    person = UserFactory(**kwargs)
    Role.objects.create(user=person, kind=Role.Kind.LINK_WORKER, place=place)
    return person


def contact_of(organisation, **kwargs):
    """A person who is a contact of the organisation."""
    person = UserFactory(**kwargs)
    Membership.objects.create(user=person, organisation=organisation, is_contact=True)
    return person


class ServiceFactory(DjangoModelFactory):
    """A running community asset of a member organisation."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Walking group {n}")
    description = "A friendly walk around the park, every week."
    status = Service.Status.ACTIVE
    assured_date = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def places(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.places.set(extracted)


class ReferralFactory(DjangoModelFactory):
    """A reference-only referral in a locality, for loneliness, sent to one service."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    place = factory.SubFactory(PlaceFactory, kind=Place.Kind.LOCALITY)
    identity = Referral.Identity.REFERENCE_ONLY
    follow_up_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=42))

    @factory.post_generation
    def needs(obj, create, extracted, **kwargs):
        if create:
            for need in extracted or ["loneliness"]:
                ReferralNeed.objects.create(referral=obj, need=need)

    @factory.post_generation
    def services(obj, create, extracted, **kwargs):
        if create:
            for service in extracted if extracted is not None else [ServiceFactory()]:
                ReferralTo.objects.create(referral=obj, service=service)
