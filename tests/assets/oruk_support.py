"""What the Open Referral UK tests share: the profile's schemas read from the local copies in
`tests/data/openreferral-uk/` (their `$ref`s by URL resolved to those copies, never fetched), and a
small directory of services built with every optional part empty or full."""

import json
from datetime import date, time
from decimal import Decimal
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from ostrom.assets.models import (
    Accessibility,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from ostrom.assets.taxonomy import install_wellbeing_taxonomy
from ostrom.network.models import Organisation
from tests.factories import OrganisationFactory, PlaceFactory

DATA = Path(__file__).resolve().parent.parent / "data" / "openreferral-uk"
PUBLISHED_AT = "https://raw.githubusercontent.com/openreferral/uk-profile/main/"
SCHEMA_FILES = [
    "schema/compiled/service.json",
    "schema/compiled/service_list.json",
    "schema/compiled/service_package.json",
    "schema/compiled/organization.json",
    "schema/compiled/organization_list.json",
    "schema/compiled/service_at_location.json",
    "schema/compiled/service_at_location_list.json",
    "schema/taxonomy.json",
    "schema/taxonomy_term.json",
]


def read(relative: str):
    return json.loads((DATA / relative).read_text())


@cache
def registry() -> Registry:
    resources = [
        (PUBLISHED_AT + name, Resource.from_contents(read(name), default_specification=DRAFT202012))
        for name in SCHEMA_FILES
    ]
    return Registry().with_resources(resources)


def problems(instance, schema: dict) -> list[str]:
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def schema_named(name: str) -> dict:
    """One of the compiled schemas, by its file name ("service", "taxonomy_term", …)."""
    for path in SCHEMA_FILES:
        if path.endswith(f"/{name}.json"):
            return {"$ref": PUBLISHED_AT + path}
    raise KeyError(name)


def assert_valid(instance, name: str) -> None:
    found = problems(instance, schema_named(name))
    assert not found, "\n".join(found[:20])


def response_schema(path: str) -> dict:
    """The schema of a 200 answer in the profile's openapi.json, its `#/components` refs kept local."""
    openapi = read("schema/openapi.json")
    schema = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**schema, "components": openapi["components"]}


def make_service(*, full: bool, organisation=None, n: int = 0, place=None) -> Service:
    """A public service with every optional part empty (`full=False`) or filled."""
    organisation = organisation or OrganisationFactory(
        status=Organisation.Status.LISTED, joined_on=None, show_contact_details=full
    )
    if not full:
        return Service.objects.create(organisation=organisation, name=f"Drop-in {n}")
    taxonomy = install_wellbeing_taxonomy()
    service = Service.objects.create(
        organisation=organisation,
        name=f"Walk and talk {n}",
        description="A gentle walk round the park, then tea.",
        url="https://example.org/walk",
        email="walks@example.org",
        status=Service.Status.TEMPORARILY_CLOSED if n % 3 == 2 else Service.Status.ACTIVE,
        eligibility_description="Adults who would like company",
        minimum_age=18,
        maximum_age=99,
        fees_description="Free, tea 50p",
        alert="Meeting at the café while the gate is mended",
        assured_date=date(2026, 5, 1),
        assurer_email="checker@example.org",
    )
    service.categories.set(TaxonomyTerm.objects.filter(taxonomy=taxonomy)[: 1 + n % 3])
    service.places.set([place or PlaceFactory()])
    location = Location.objects.create(
        organisation=organisation,
        name="Park café",
        description="By the lake",
        latitude=Decimal("52.479999"),
        longitude=Decimal("-1.920001"),
        address_1="1 Park Road",
        city="Birmingham",
        state_province="West Midlands",
        postal_code="B16 8AA",
    )
    Accessibility.objects.create(location=location, feature=Accessibility.Feature.STEP_FREE, details="Ramp")
    Accessibility.objects.create(location=location, feature=Accessibility.Feature.HEARING_LOOP)
    at_location = ServiceAtLocation.objects.create(service=service, location=location, description="Main")
    Schedule.objects.create(service=service, byday="MO,WE", opens_at=time(10), closes_at=time(12))
    Schedule.objects.create(
        service=service,
        service_at_location=at_location,
        freq="MONTHLY",
        bymonthday="1",
        opens_at=time(18, 30),
        closes_at=time(20),
        valid_from=date(2026, 1, 1),
        description="First of the month",
    )
    contact = Contact.objects.create(
        service=service, name="Ann Walker", title="Organiser", email="ann@example.org"
    )
    Phone.objects.create(contact=contact, number="0121 496 0000", description="Mobile")
    Phone.objects.create(service=service, number="0121 496 0001")
    CostOption.objects.create(
        service=service, option="Tea", amount=Decimal("0.50"), amount_description="a cup"
    )
    CostOption.objects.create(service=service, option="Walk", amount=Decimal("0"))
    Language.objects.create(service=service, code="pa", name="Punjabi")
    Language.objects.create(service=service, code="en", name="English")
    return service
