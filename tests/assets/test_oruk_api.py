"""The Open Referral UK API: every path of the v3 UK profile's openapi.json is served to anyone, and every
answer validates against the profile's own schema for it; the filters and paging behave as it says."""

from datetime import time

import pytest
from django.test import Client

from ostrom.assets.models import Schedule, Service, Taxonomy, TaxonomyTerm
from ostrom.places.models import Postcode
from tests.assets.oruk_support import make_service, problems, read, response_schema
from tests.factories import LsoaFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

BASE = "/api/oruk"


@pytest.fixture
def directory():
    services = [make_service(full=n % 2 == 0, n=n) for n in range(5)]
    return services


def get(path, **params):
    response = Client().get(BASE + path, params)
    return response


def test_every_path_in_the_profile_is_served_and_answers_in_its_schema(directory):
    service = directory[0]
    ids = {
        "/services/{id}": service.oruk_id,
        "/service_at_locations/{id}": service.service_at_locations.get().oruk_id,
        "/taxonomies/{id}": Taxonomy.objects.first().oruk_id,
        "/taxonomy_terms/{id}": TaxonomyTerm.objects.first().oruk_id,
    }
    openapi = read("schema/openapi.json")
    assert set(openapi["paths"]) == {
        "/",
        "/services",
        *ids,
        "/service_at_locations",
        "/taxonomies",
        "/taxonomy_terms",
    }
    for path in openapi["paths"]:
        response = get(path.replace("{id}", str(ids.get(path, ""))))
        assert response.status_code == 200, f"{path}: {response.status_code}"
        found = problems(response.json(), response_schema(path))
        assert not found, f"{path}: " + "\n".join(found[:10])


def test_organizations_are_served_in_the_profiles_shape(directory):
    from tests.assets.oruk_support import assert_valid

    page = get("/organizations").json()
    assert page["total_items"] == 5
    for organisation in page["contents"]:
        assert_valid(organisation, "organization_list")
    one = get(f"/organizations/{directory[0].organisation.oruk_id}").json()
    assert_valid(one, "organization")
    assert [s["id"] for s in one["services"]] == [str(directory[0].oruk_id)]


def test_the_service_package_is_the_whole_public_directory(directory):
    from tests.assets.oruk_support import assert_valid

    directory[1].status = Service.Status.DEFUNCT
    directory[1].save()
    package = get("/service_package").json()
    assert_valid(package, "service_package")
    assert {s["id"] for s in package} == {str(s.oruk_id) for s in directory if s != directory[1]}


def test_the_paging_keys(directory):
    first = get("/services", per_page=2).json()
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 5, "total_pages": 3, "page_number": 1, "size": 2, "first_page": True, "last_page": False, "empty": False,
    }  # fmt: skip
    last = get("/services", per_page=2, page=3).json()
    assert (last["size"], last["last_page"], last["first_page"]) == (1, True, False)
    beyond = get("/services", per_page=2, page=9).json()
    assert beyond["empty"] is True and beyond["contents"] == []
    seen = [s["id"] for p in (1, 2, 3) for s in get("/services", per_page=2, page=p).json()["contents"]]
    assert sorted(seen) == sorted(str(s.oruk_id) for s in directory)


def test_per_page_is_capped():
    organisation = OrganisationFactory()
    Service.objects.bulk_create([Service(organisation=organisation, name=f"S{n}") for n in range(205)])
    page = get("/services", per_page=10_000).json()
    assert page["size"] == 200 and page["total_pages"] == 2


def test_a_malformed_or_unknown_id_is_not_found_never_a_server_error(directory):
    for path in (
        "/services/",
        "/service_at_locations/",
        "/organizations/",
        "/taxonomies/",
        "/taxonomy_terms/",
    ):
        for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000", "x" * 300, "%00"):
            assert get(path + bad).status_code == 404, path + bad


def test_a_service_closed_for_good_is_not_served(directory):
    directory[0].status = Service.Status.DEFUNCT
    directory[0].save()
    assert get(f"/services/{directory[0].oruk_id}").status_code == 404
    assert str(directory[0].oruk_id) not in {s["id"] for s in get("/services").json()["contents"]}


def ids(page) -> set[str]:
    return {s["id"] for s in page.json()["contents"]}


def test_the_filters(directory):
    full, empty = directory[0], directory[1]
    term = full.categories.first()
    assert ids(get("/services", search="walk and talk 0")) == {str(full.oruk_id)}
    assert str(full.oruk_id) in ids(get("/services", taxonomy_term_id=str(term.oruk_id)))
    assert str(empty.oruk_id) not in ids(get("/services", taxonomy_id=str(term.taxonomy.oruk_id)))
    assert ids(get("/services", organization_id=str(empty.organisation.oruk_id))) == {str(empty.oruk_id)}
    assert ids(get("/services", organization_id="rubbish")) == set()
    assert str(full.oruk_id) in ids(get("/services", minimum_age=18))
    assert ids(get("/services", minimum_age=19)) == set()
    assert str(full.oruk_id) in ids(get("/services", maximum_age=99)) and not ids(
        get("/services", maximum_age=98)
    )
    assert str(full.oruk_id) in ids(get("/services", day="MO")) and str(full.oruk_id) in ids(
        get("/services", day="monday")
    )
    assert ids(get("/services", day="SU")) == set()
    assert str(full.oruk_id) in ids(get("/services", start_time="10:00", end_time="12:00"))
    assert ids(get("/services", start_time="10:30", day="MO")) == set()
    assert ids(get("/services", start_time="10:00:00Z", end_time="12:00:00.000Z")) == ids(
        get("/services", start_time="10:00", end_time="12:00")
    )
    assert ids(get("/service_at_locations", day="Monday")) == ids(get("/service_at_locations", day="MO"))
    assert get("/services", day="someday").status_code == 422
    assert get("/services", start_time="teatime").status_code == 422
    assert len(ids(get("/services", modified_after="2000-01-01"))) == 5
    assert ids(get("/services", modified_after="2999-01-01T00:00:00Z")) == set()
    assert get("/services", modified_after="soon").status_code == 422


def test_postcode_and_proximity(directory):
    full = directory[0]
    lsoa = LsoaFactory()
    Postcode.objects.create(postcode="B16 8AA", lsoa=lsoa)
    location = full.service_at_locations.get().location
    location.place = lsoa
    location.save()
    far = directory[2]
    far_location = far.service_at_locations.get().location
    far_location.latitude, far_location.longitude = 52.58, -1.92  # about 11km north
    far_location.save()
    assert str(full.oruk_id) in ids(get("/services", postcode="b168aa"))
    assert ids(get("/services", postcode="B16 8AA", proximity=1000)) == {
        str(full.oruk_id),
        str(directory[4].oruk_id),
    }
    assert str(far.oruk_id) in ids(get("/services", postcode="B16 8AA", proximity=20_000))
    assert ids(get("/services", postcode="ZZ9 9ZZ")) == set()


def test_anyone_may_read_and_organisation_contacts_stay_private(directory):
    private = OrganisationFactory(show_contact_details=False, contact_email="secret@example.org")
    service = Service.objects.create(organisation=private, name="Quiet group")
    Schedule.objects.create(service=service, byday="TU", opens_at=time(9), closes_at=time(10))
    answer = get(f"/services/{service.oruk_id}")
    assert answer.status_code == 200
    assert "secret@example.org" not in answer.content.decode()
    assert "secret@example.org" not in get("/service_package").content.decode()
