"""The directory in the shape of Open Referral UK validates against the v3 UK profile's own compiled
schemas, for services with every optional part empty and with every part filled."""

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostrom.assets import oruk
from ostrom.assets.models import (
    CostOption,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from tests.assets.oruk_support import assert_valid, make_service, read
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    return [make_service(full=n % 2 == 0, n=n) for n in range(6)]


def test_the_profiles_own_examples_validate_against_its_schemas():
    """The schemas and the check itself work: the profile's examples pass."""
    assert_valid(read("examples/service_full.json"), "service")
    assert_valid(read("examples/organization_full.json"), "organization")
    assert_valid(read("examples/taxonomy_term.json"), "taxonomy_term")


def test_the_check_catches_a_service_in_the_wrong_shape():
    with pytest.raises(AssertionError, match="status"):
        assert_valid({"id": "5f0c3e4a-2b0a-4a8e-9a64-8d3c1e8b9a10", "name": "X", "status": "open"}, "service")
    with pytest.raises(AssertionError, match="uuid"):
        assert_valid({"id": "not-a-uuid", "name": "X", "status": "active"}, "service")


def test_every_service_empty_or_full_is_a_valid_fully_nested_service(services):
    for service in oruk.for_export(Service.objects.all()):
        assert_valid(oruk.service_full(service), "service")
        assert_valid(oruk.service_list_item(service), "service_list")


def test_the_whole_directory_is_a_valid_service_package(services):
    package = oruk.service_package()
    assert len(package) == 6
    assert_valid(package, "service_package")


def test_a_full_service_carries_everything_it_has(services):
    service = services[0]
    shaped = oruk.service_full(oruk.for_export(Service.objects.filter(pk=service.pk)).get())
    assert shaped["organization"]["id"] == str(service.organisation.oruk_id)
    assert [s["byday"] for s in shaped["schedules"]] == ["MO,WE"]
    location = shaped["service_at_locations"][0]["location"]
    assert location["latitude"] == 52.479999
    assert location["addresses"][0]["postal_code"] == "B16 8AA"
    assert {a["accessibility"] for a in location["accessibility"]} == {"step_free", "hearing_loop"}
    assert shaped["service_at_locations"][0]["schedules"][0]["bymonthday"] == "1"
    assert {c["amount"] for c in shaped["cost_options"]} == {0.5, 0}
    assert {lang["name"] for lang in shaped["languages"]} == {"Punjabi", "English"}
    assert shaped["contacts"][0]["phones"][0]["number"] == "0121 496 0000"
    assert [p["number"] for p in shaped["phones"]] == ["0121 496 0001"]
    assert shaped["service_areas"][0]["extent"] == service.places.get().code
    assert shaped["attributes"][0]["taxonomy_term"]["taxonomy"] == "Ostrom wellbeing categories"
    assert shaped["minimum_age"] == 18 and shaped["assured_date"] == "2026-05-01"


def test_a_closed_for_good_service_is_never_exported(services):
    services[0].status = Service.Status.DEFUNCT
    services[0].save()
    assert str(services[0].oruk_id) not in {s["id"] for s in oruk.service_package()}


def test_an_organisations_contact_details_go_out_only_when_it_chose_to_show_them():
    hidden = OrganisationFactory(
        contact_email="private@example.org", contact_phone="0121 1", show_contact_details=False
    )
    shown = OrganisationFactory(
        contact_email="public@example.org", contact_phone="0121 2", show_contact_details=True
    )
    assert "email" not in oruk.organization(hidden) and "phone" not in oruk.organization(hidden)
    assert oruk.organization(shown)["email"] == "public@example.org"
    assert oruk.organization(shown)["phone"] == "0121 2"


def test_organizations_taxonomies_and_terms_validate(services):
    for organisation in {s.organisation for s in services}:
        assert_valid(oruk.organization(organisation), "organization")
        assert_valid(oruk.organization(organisation), "organization_list")
        assert_valid(oruk.organization_full(organisation), "organization")
    for taxonomy in Taxonomy.objects.all():
        assert_valid(oruk.taxonomy(taxonomy), "taxonomy")
    for term in TaxonomyTerm.objects.all():
        assert_valid(oruk.taxonomy_term(term), "taxonomy_term")


def test_a_service_at_one_location_validates(services):
    at_location = services[0].service_at_locations.get()
    assert_valid(oruk.service_at_location_list_item(at_location), "service_at_location_list")
    assert_valid(oruk.service_at_location_full(at_location), "service")


def test_an_export_is_the_same_every_time(services):
    assert oruk.service_package() == oruk.service_package()


# Generated services: whatever an entry holds, its Open Referral UK shape is valid. -----------------

words = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=40)
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=words.filter(str.strip),
    description=words,
    ages=st.tuples(st.none() | st.integers(0, 120), st.none() | st.integers(0, 120)),
    status=st.sampled_from(list(Service.Status.values)),
    position=st.none() | st.tuples(st.decimals(-90, 90, places=6), st.decimals(-180, 180, places=6)),
    days=st.lists(st.sampled_from(DAYS), unique=True, max_size=7),
    hours=st.none() | st.tuples(st.integers(0, 22), st.integers(1, 23)).filter(lambda h: h[0] < h[1]),
    amount=st.none() | st.decimals(0, 9999, places=2),
    assured=st.none() | st.dates(date(2000, 1, 1), date(2030, 1, 1)),
)
def test_any_generated_service_has_a_valid_shape(
    name, description, ages, status, position, days, hours, amount, assured
):
    low, high = sorted(ages) if None not in ages else ages
    organisation = OrganisationFactory(show_contact_details=bool(days))
    service = Service.objects.create(
        organisation=organisation, name=name[:200], description=description, status=status,
        minimum_age=low, maximum_age=high, assured_date=assured,
    )  # fmt: skip
    location = Location.objects.create(
        name=description[:200],
        latitude=position[0] if position else None,
        longitude=position[1] if position else None,
    )
    at_location = ServiceAtLocation.objects.create(service=service, location=location)
    Schedule.objects.create(
        service=service, service_at_location=at_location if days else None, byday=",".join(days),
        opens_at=time(hours[0]) if hours else None, closes_at=time(hours[1]) if hours else None,
    )  # fmt: skip
    CostOption.objects.create(service=service, amount=Decimal(amount) if amount is not None else None)
    service = oruk.for_export(Service.objects.filter(pk=service.pk)).get()
    assert_valid(oruk.service_full(service), "service")
    assert_valid(oruk.service_list_item(service), "service_list")
