"""A small directory world: Ladywood with one postcode, a member organisation serving it with its
contact, the Ladywood coordinator who reviews its entries, and a Perry Barr coordinator who does not."""

import pytest

from ostrom.accounts.models import Role
from ostrom.assets.taxonomy import install_wellbeing_taxonomy
from ostrom.network.models import Membership
from tests.factories import LsoaFactory, OrganisationFactory, PlaceFactory, PostcodeFactory, UserFactory

POSTCODE = "B16 8QG"


@pytest.fixture(autouse=True)
def taxonomy(db):
    return install_wellbeing_taxonomy()


@pytest.fixture
def ladywood(db):
    return PlaceFactory(name="Ladywood", kind="locality", code="E-LADYWOOD")


@pytest.fixture
def perry_barr(db):
    return PlaceFactory(name="Perry Barr", kind="locality", code="E-PERRYBARR")


@pytest.fixture
def lsoa(ladywood):
    return LsoaFactory(code="E01009001", name="Birmingham 001A", parent=ladywood)


@pytest.fixture
def postcode(lsoa):
    return PostcodeFactory(postcode=POSTCODE, lsoa=lsoa)


@pytest.fixture
def organisation(ladywood):
    return OrganisationFactory(name="Ladywood Health Champions", places_served=[ladywood])


@pytest.fixture
def contact(organisation):
    person = UserFactory(full_name="Olu Contact")
    Membership.objects.create(user=person, organisation=organisation, is_contact=True)
    return person


@pytest.fixture
def coordinator(ladywood):
    person = UserFactory(full_name="Lee Ladywood")
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=ladywood)
    return person


@pytest.fixture
def outsider(perry_barr):
    person = UserFactory(full_name="Perry Coordinator")
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=perry_barr)
    return person


@pytest.fixture
def entry(postcode):
    """A whole entry as the form or the API sends it."""
    return {
        "name": "Tuesday walking group",
        "description": "A gentle walk round the reservoir, then tea.",
        "url": "https://walks.example.org",
        "email": "walks@example.org",
        "eligibility_description": "Anyone who wants to walk more",
        "minimum_age": "18",
        "maximum_age": "",
        "categories": ["physical-activity", "meeting-people"],
        "location": {
            "name": "Ladywood Community Centre",
            "address_1": "1 Ladywood Road",
            "city": "Birmingham",
            "postal_code": "b168qg",
            "latitude": "52.4791",
            "longitude": "-1.9174",
        },
        "accessibility": ["step_free"],
        "schedules": [{"byday": "TU", "opens_at": "10:00", "closes_at": "12:00"}],
        "costs": [{"option": "per session", "amount": "0"}],
        "languages": ["English", "ur"],
        "contact": {"name": "Sam Walker", "email": "sam@example.org", "phone": "0121 496 0000"},
    }
