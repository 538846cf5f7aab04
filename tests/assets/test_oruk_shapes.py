"""The directory in the shape of Open Referral UK validates against the v3 UK profile's own compiled
schemas, for services with every optional part empty and with every part filled."""

import pytest

from ostrom.assets import oruk
from ostrom.assets.models import Service, Taxonomy, TaxonomyTerm
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
