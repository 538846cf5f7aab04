"""Importing Open Referral UK feeds: the profile's own examples, v1 feeds, all or nothing, duplicates,
re-imports that update, and the round trip export → delete → import."""

import json

import pytest

from ostrom.assets import oruk, oruk_import
from ostrom.assets.models import (
    Accessibility,
    Contact,
    CostOption,
    Language,
    Location,
    OrukImport,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from ostrom.network.models import Organisation
from tests.assets.oruk_support import DATA, assert_valid, make_service, read
from tests.factories import OrganisationFactory, PlaceFactory

pytestmark = pytest.mark.django_db

MODELS = [
    Organisation,
    Service,
    Location,
    ServiceAtLocation,
    Schedule,
    Contact,
    Phone,
    CostOption,
    Language,
    Accessibility,
    TaxonomyTerm,
    Taxonomy,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run(data) -> dict:
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return oruk_import.import_content(content, oruk_import=OrukImport.objects.create(source_name="test"))


def fixed_example(name: str):
    """A profile example with its one impossible value (latitude 100, longitude 101) made real."""
    data = read(f"examples/{name}.json")
    text = json.dumps(data).replace('"latitude": 100', '"latitude": 52.48')
    return json.loads(text)


def test_the_profiles_full_service_example_is_rejected_for_its_latitude_and_nothing_is_imported():
    before = counts()
    report = run(read("examples/service_full.json"))
    assert report["imported"] is False
    assert {(p["entry"], p["path"], p["problem"]) for p in report["rejected"]} == {
        (1, "service_at_locations[0].location.latitude", "100 is not a latitude"),
    }
    assert report["rejected"][0]["id"] == "ac148810-d857-441c-9679-408f346de14b"
    assert counts() == before


@pytest.mark.parametrize(
    "example",
    [
        "service_full",
        "service_list",
        "organization_full",
        "service_at_location_full",
        "service_at_location_list",
    ],
)
def test_the_profiles_own_examples_import(example):
    report = run(fixed_example(example))
    assert report["imported"] is True, report["rejected"]
    service = Service.objects.get(oruk_id="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organisation.name == "Example Organization Inc."
    assert service.organisation.status == Organisation.Status.LISTED


def test_the_full_example_brings_every_part():
    run(fixed_example("service_full"))
    service = Service.objects.get(oruk_id="ac148810-d857-441c-9679-408f346de14b")
    assert (service.minimum_age, service.maximum_age, str(service.assured_date)) == (12, 100, "2005-01-01")
    location = service.service_at_locations.get().location
    assert (float(location.latitude), float(location.longitude)) == (52.48, 101)
    assert (location.postal_code, location.country) == ("ABC 1234", "US")
    assert location.accessibility.get().feature == Accessibility.Feature.OTHER
    assert service.schedules.get().byday == "TH,FR"
    assert service.cost_options.get().amount == 35
    assert service.contacts.get().name == "Ann Persona"
    assert service.organisation.company_number == "1234567"
    # An unknown taxonomy term is created under its taxonomy.
    term = service.categories.get()
    assert (term.name, term.taxonomy.name) == ("name", "taxonomy")


def test_a_feed_with_one_invalid_record_is_rejected_naming_the_field_and_nothing_is_imported():
    feed = [fixed_example("service_full"), make_entry("Lunch club"), make_entry("Craft group")]
    feed[2]["service_at_locations"][0]["location"]["latitude"] = 100
    before = counts()
    report = run(feed)
    assert not report["imported"]
    assert report["rejected"] == [
        {
            "entry": 3,
            "id": feed[2]["id"],
            "path": "service_at_locations[0].location.latitude",
            "problem": "100 is not a latitude",
        }
    ]
    assert report["added"] == [] and counts() == before
    assert OrukImport.objects.get().rejected == 1


def make_entry(name: str) -> dict:
    import uuid

    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": f"{name} group", "description": ""},
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": str(uuid.uuid4()),
                    "location_type": "physical",
                    "latitude": 52.5,
                    "longitude": -1.9,
                },
            }
        ],
    }


def test_duplicate_ids_in_a_feed_are_reported_on_both_entries_not_merged():
    first, second = make_entry("Lunch club"), make_entry("Lunch club again")
    second["id"] = first["id"]
    report = run([first, make_entry("Other"), second])
    assert not report["imported"]
    duplicates = [(p["entry"], p["path"]) for p in report["rejected"]]
    assert duplicates == [(1, "id"), (3, "id")]
    assert "entry 3" in report["rejected"][0]["problem"] and "entry 1" in report["rejected"][1]["problem"]
    assert not Service.objects.exists()


def test_a_reimport_updates_and_never_duplicates():
    feed = fixed_example("service_full")
    first = run(feed)
    assert len(first["added"]) == 1
    before = counts()
    feed["name"] = "Community Counselling and Support"
    feed["cost_options"] = []
    second = run(feed)
    assert [item["name"] for item in second["updated"]] == ["Community Counselling and Support"]
    assert second["added"] == []
    after = counts()
    assert after["CostOption"] == before["CostOption"] - 1
    assert {k: v for k, v in after.items() if k != "CostOption"} == {
        k: v for k, v in before.items() if k != "CostOption"
    }
    assert OrukImport.objects.first().updated == 1


def test_a_member_organisation_keeps_its_status_and_its_own_details():
    member = OrganisationFactory(name="Our member", description="Ours")
    feed = fixed_example("service_full")
    feed["organization"]["id"] = str(member.oruk_id)
    run(feed)
    member.refresh_from_db()
    assert (member.status, member.name, member.description) == (
        Organisation.Status.MEMBER,
        "Our member",
        "Ours",
    )
    assert Service.objects.get().organisation == member


def test_a_v1_feed_imports():
    report = oruk_import.import_content(
        (DATA / "v1-feed.json").read_bytes(), oruk_import=OrukImport.objects.create(source_name="v1")
    )
    assert report["imported"], report["rejected"]
    assert report["version"] == "v1" and len(report["added"]) == 2
    walk = Service.objects.get(name="Tuesday Walking for Health")
    assert walk.minimum_age == 18 and walk.eligibility_description == "Adults"
    assert walk.organisation.name == "Summerfield Friends of the Park"
    assert walk.schedules.get().byday == "TU"
    location = walk.service_at_locations.get().location
    assert (location.address_1, location.country) == ("Dudley Road, Winson Green", "GB")
    assert location.accessibility.get().feature == Accessibility.Feature.STEP_FREE
    assert sorted(walk.languages.values_list("name", flat=True)) == ["English", "Urdu"]
    assert walk.contacts.get().phones.get().number == "0121 496 0123"
    assert walk.categories.get().taxonomy.name == "Birmingham Connect to Support"
    advice = Service.objects.get(name="Debt and benefits advice drop-in")
    assert sorted(advice.schedules.values_list("byday", flat=True)) == ["MO", "TH"]
    assert (
        advice.service_at_locations.get().location.accessibility.get().feature
        == Accessibility.Feature.HEARING_LOOP
    )
    # Imported again: the v1 ids give the same records, updated.
    again = oruk_import.import_content(
        (DATA / "v1-feed.json").read_bytes(), oruk_import=OrukImport.objects.create(source_name="v1")
    )
    assert len(again["updated"]) == 2 and Service.objects.count() == 2 and Location.objects.count() == 2


def test_a_v1_service_area_names_a_place_ostrom_knows():
    birmingham = PlaceFactory(name="Birmingham", code="E08000025")
    oruk_import.import_content(
        (DATA / "v1-feed.json").read_bytes(), oruk_import=OrukImport.objects.create(source_name="v1")
    )
    assert list(Service.objects.get(name="Tuesday Walking for Health").places.all()) == [birmingham]


def test_export_then_delete_then_import_gives_the_same_open_referral_json():
    place = PlaceFactory()
    for n in range(4):
        make_service(full=n % 2 == 0, n=n, place=place)
    exported = oruk.service_package()
    assert_valid(exported, "service_package")
    Service.objects.all().delete()
    Location.objects.all().delete()
    assert not Schedule.objects.exists() and not Phone.objects.exists()
    report = run(exported)
    assert report["imported"], report["rejected"]
    assert len(report["added"]) == 4
    assert oruk.service_package() == exported


def test_unknown_terms_of_a_known_taxonomy_go_under_it():
    feed = fixed_example("service_full")
    wellbeing = Taxonomy.objects.get(name="Ostrom wellbeing categories")
    feed["attributes"][0]["taxonomy_term"] |= {
        "taxonomy_id": str(wellbeing.oruk_id),
        "name": "Bowls",
        "code": "bowls",
    }
    run(feed)
    assert TaxonomyTerm.objects.get(code="bowls").taxonomy == wellbeing


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (
            lambda s: s.update(status="open"),
            "status",
            "'open' is not active, inactive, defunct or temporarily closed".replace("'open'", "open"),
        ),
        (lambda s: s.update(id="abc"), "id", "abc is not a UUID"),
        (lambda s: s.update(name=""), "name", "is missing"),
        (lambda s: s.update(name="x" * 201), "name", "is longer than 200 characters"),
        (lambda s: s.update(name="Tea\x00"), "name", "has an invisible control character"),
        (lambda s: s.update(minimum_age=60, maximum_age=18), "maximum_age", "18 is below the minimum age 60"),
        (lambda s: s.update(email="not an email"), "email", "not an email is not an email address"),
        (
            lambda s: s.update(url="javascript:alert(1)"),
            "url",
            "javascript:alert(1) is not a web address (http or https)",
        ),
        (
            lambda s: s.pop("organization"),
            "organization",
            "is missing: every service needs the organisation that runs it",
        ),
        (
            lambda s: s["schedules"][0].update(opens_at="18:00", closes_at="10:00"),
            "schedules[0].closes_at",
            "is not after the time it opens",
        ),
        (
            lambda s: s["schedules"][0].update(byday="MO,XX"),
            "schedules[0].byday",
            "XX is not a day (MO, TU, WE, TH, FR, SA or SU)",
        ),
        (
            lambda s: s["cost_options"][0].update(amount=-1),
            "cost_options[0].amount",
            "-1 is not between 0 and 9,999,999",
        ),
        (lambda s: s.update(contacts="Ann"), "contacts", "is not a list"),
        (
            lambda s: s["service_at_locations"][0]["location"].update(longitude="east"),
            "service_at_locations[0].location.longitude",
            "east is not a number",
        ),
        (
            lambda s: s.update(assured_date="last week"),
            "assured_date",
            "last week is not a date (YYYY-MM-DD)",
        ),
    ],
)
def test_each_bad_value_is_named_by_its_path(change, path, problem):
    feed = fixed_example("service_full")
    change(feed)
    report = run(feed)
    assert not report["imported"]
    assert (path, problem) in [(p["path"], p["problem"]) for p in report["rejected"]], report["rejected"]
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "The file is not JSON (line 1, column 2)"),
        (b"\xff\xfe", "The file is not text in UTF-8"),
        (
            b"42",
            "The file is not an Open Referral feed: expected a service, a list of services or a page of them",
        ),
        (b"[]", "The feed has no services in it"),
    ],
)
def test_an_unreadable_file_is_one_numbered_problem(content, problem):
    report = run(content)
    assert report["rejected"] == [{"entry": 0, "id": "", "path": "", "problem": problem}]
    assert not report["imported"]
