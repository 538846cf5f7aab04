"""Directory entries for the tests: each factory builds a valid record with no arguments."""

from datetime import time
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ostrom.assets.models import (
    Accessibility,
    CostOption,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ostrom.network.models import Organisation
from tests.factories import OrganisationFactory


class ListedOrganisationFactory(OrganisationFactory):
    status = Organisation.Status.LISTED
    joined_on = None


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Walking group {n}")
    description = "A gentle walk with a cup of tea after."
    assured_date = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        """Wellbeing category codes: ServiceFactory(categories=["food"])."""
        if create and extracted:
            obj.categories.set(TaxonomyTerm.objects.wellbeing().filter(code__in=extracted))


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    name = "Community centre"
    address_1 = factory.Sequence(lambda n: f"{n} Ladywood Road")
    city = "Birmingham"
    latitude = Decimal("52.4800")
    longitude = Decimal("-1.9200")


class ServiceAtLocationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(LocationFactory)


class ScheduleFactory(DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(ServiceFactory)
    byday = "TU"
    opens_at = time(10)
    closes_at = time(12)


class CostOptionFactory(DjangoModelFactory):
    class Meta:
        model = CostOption

    service = factory.SubFactory(ServiceFactory)
    option = "per session"
    amount = Decimal("2.50")


class LanguageFactory(DjangoModelFactory):
    class Meta:
        model = Language

    service = factory.SubFactory(ServiceFactory)
    code = "ur"
    name = "Urdu"


class AccessibilityFactory(DjangoModelFactory):
    class Meta:
        model = Accessibility

    location = factory.SubFactory(LocationFactory)
    feature = Accessibility.Feature.STEP_FREE
