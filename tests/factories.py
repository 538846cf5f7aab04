"""Factories shared by every app's tests: each builds a valid object with no arguments."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ostrom.accounts.consent import EQUALITY_MONITORING
from ostrom.accounts.models import Consent, EqualityAnswer, Role, User
from ostrom.network.models import Meeting, Organisation, Subgroup
from ostrom.places.models import AreaStatistic, Place, Postcode

PASSWORD = "a-long-test-password-2026"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CoordinatorFactory(UserFactory):
    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            Role.objects.create(user=obj, kind=Role.Kind.COORDINATOR)


class AdminFactory(UserFactory):
    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            Role.objects.create(user=obj, kind=Role.Kind.ADMIN)


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E0800{n:04d}")
    name = factory.Sequence(lambda n: f"Place {n}")
    kind = Place.Kind.PLACE


class LsoaFactory(PlaceFactory):
    code = factory.Sequence(lambda n: f"E0100{n:04d}")
    name = factory.Sequence(lambda n: f"Birmingham {n:03d}A")
    kind = Place.Kind.LSOA


class AreaStatisticFactory(DjangoModelFactory):
    class Meta:
        model = AreaStatistic

    place = factory.SubFactory(LsoaFactory)
    measure = AreaStatistic.Measure.POPULATION_TOTAL
    category = ""
    value = 1500
    source = "Test figures"
    year = 2021


class PostcodeFactory(DjangoModelFactory):
    class Meta:
        model = Postcode

    postcode = factory.Sequence(lambda n: f"B{n % 90 + 1} {n % 9 + 1}AA")
    lsoa = factory.SubFactory(LsoaFactory)


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    user = factory.SubFactory(UserFactory)
    purpose = EQUALITY_MONITORING.purpose
    wording_version = EQUALITY_MONITORING.version
    wording = EQUALITY_MONITORING.text


class EqualityAnswerFactory(DjangoModelFactory):
    class Meta:
        model = EqualityAnswer

    user = factory.SubFactory(UserFactory)
    consent = factory.SubFactory(ConsentFactory, user=factory.SelfAttribute("..user"))
    ethnic_group = "asian_pakistani"
    age_band = "25-34"
    sex = "female"
    disability = "no"


class SubgroupFactory(DjangoModelFactory):
    class Meta:
        model = Subgroup
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Subgroup {n}")
    slug = factory.Sequence(lambda n: f"subgroup-{n}")
    description = "Working together on an issue that matters."


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community Group {n}")
    kind = Organisation.Kind.VCSE
    contact_name = "Sam Contact"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    status = Organisation.Status.MEMBER
    joined_on = factory.LazyFunction(lambda: timezone.localdate())

    @factory.post_generation
    def places_served(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.places_served.set(extracted)


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    subgroup = factory.SubFactory(SubgroupFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
