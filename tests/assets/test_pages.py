"""The directory's pages: search keeps what was typed and shows each result's facts, an entry in full,
the entry form without JavaScript, and coordinators' review."""

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.assets import selectors, services
from ostrom.assets.models import Service, ServiceChange
from tests.assets.factories import (
    CostOptionFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(organisation, lsoa):
    service = ServiceFactory(
        organisation=organisation, name="Reservoir walk", categories=["physical-activity"]
    )
    ServiceAtLocationFactory(
        service=service, location=LocationFactory(place=lsoa, name="Edgbaston Reservoir")
    )
    ScheduleFactory(service=service, byday="TU", opens_at=time(10), closes_at=time(12))
    return service


def test_the_directory_lists_results_with_their_facts_and_keeps_the_search(client, walk, ladywood):
    CostOptionFactory(service=ServiceFactory(name="Paid yoga", categories=["physical-activity"]))

    response = client.get(
        reverse("assets:directory"), {"q": "walk", "category": "physical-activity", "place": ladywood.code}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 asset found" in html
    assert "Reservoir walk" in html and "Paid yoga" not in html
    assert "Tuesdays 10am to 12pm" in html
    assert "Physical activity" in html
    assert "Free" in html
    assert "Last checked today" in html
    assert 'value="walk"' in html
    assert f'<option value="{ladywood.code}" selected' in html
    assert "The map shows 1 of these assets; every one is in the list below." in html
    assert '"name": "Reservoir walk"' in html  # the marker, from the same results


def test_the_directory_points_anyone_to_its_open_referral_download_and_api(client, walk):
    html = client.get(reverse("assets:directory")).content.decode()
    assert f'href="{reverse("assets:exchange-export")}"' in html and 'href="/api/oruk/services"' in html

    exported = client.get(reverse("assets:exchange-export")).json()
    assert [service["name"] for service in exported] == ["Reservoir walk"]
    assert client.get("/api/oruk/services").json()["contents"][0]["name"] == "Reservoir walk"


def test_a_result_without_a_position_is_in_the_list_only(client, organisation):
    ServiceAtLocationFactory(
        service=ServiceFactory(organisation=organisation, name="Phone befriending"),
        location=LocationFactory(latitude=None, longitude=None),
    )

    html = client.get(reverse("assets:directory")).content.decode()

    assert "Phone befriending" in html
    assert "None of these assets has a position to show on a map" in html
    assert 'id="assets-map"' not in html


def test_a_stale_entry_is_tagged(client, organisation):
    ServiceFactory(organisation=organisation, name="Old lunch club", assured_date=date(2025, 1, 1))

    html = client.get(reverse("assets:directory")).content.decode()

    assert "Not checked for 6 months" in html
    assert "Last checked 1 January 2025" in html


def test_a_search_with_a_time_that_is_not_one_says_so_and_still_lists(client, walk):
    html = client.get(reverse("assets:directory"), {"time": "teatime"}).content.decode()

    assert "Enter a time of day, like 18:00" in html
    assert "Reservoir walk" in html


def test_the_tile_layer_is_off_unless_set(client, walk, settings):
    assert 'data-tiles-url=""' in client.get(reverse("assets:directory")).content.decode()
    settings.ASSETS_MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.ASSETS_MAP_TILES_ATTRIBUTION = "© Example contributors"
    html = client.get(reverse("assets:directory")).content.decode()
    assert 'data-tiles-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "© Example contributors" in html


def test_an_entry_shows_in_full_with_a_link_to_its_member_organisation(client, walk, organisation):
    html = client.get(reverse("assets:detail", args=[walk.pk])).content.decode()

    assert "Reservoir walk" in html
    assert "Edgbaston Reservoir" in html
    assert "Tuesdays 10am to 12pm" in html
    assert organisation.get_absolute_url() in html
    assert "Last checked today" in html
    assert "Suggest a change" not in html


def test_an_entry_closed_for_good_is_not_found(client, walk):
    Service.objects.filter(pk=walk.pk).update(status=Service.Status.DEFUNCT)

    assert client.get(reverse("assets:detail", args=[walk.pk])).status_code == 404
    assert "Reservoir walk" not in client.get(reverse("assets:directory")).content.decode()


def test_a_stale_entry_warns_and_its_contact_can_mark_it_checked(client, contact, walk):
    Service.objects.filter(pk=walk.pk).update(assured_date=timezone.localdate() - timedelta(days=365))
    client.force_login(contact)

    html = client.get(reverse("assets:detail", args=[walk.pk])).content.decode()
    assert "This entry has not been checked for more than 6 months" in html
    assert "Suggest a change to this entry" in html

    client.post(reverse("assets:mark-checked", args=[walk.pk]))
    walk.refresh_from_db()
    assert walk.assured_date == timezone.localdate()


def test_the_entry_form_sends_a_change_for_review_and_keeps_what_was_typed_on_a_problem(
    client, contact, organisation, postcode
):
    client.force_login(contact)
    url = reverse("assets:entry-create", args=[organisation.pk])
    form = {
        "name": "Carers' coffee morning",
        "status": "active",
        "categories": ["carers"],
        "address_1": "1 Ladywood Road",
        "postal_code": "B16 8QG",
        "opening-1-day": "WE",
        "opening-1-opens_at": "11:00",
        "opening-1-closes_at": "10:00",
        "opening-2-day": "",
        "opening-2-opens_at": "",
        "opening-2-closes_at": "",
        "opening-3-day": "",
        "opening-3-opens_at": "",
        "opening-3-closes_at": "",
        "cost-1-amount": "",
        "cost-1-option": "",
        "cost-2-amount": "",
        "cost-2-option": "",
        "languages": "English, Punjabi",
    }

    response = client.post(url, form)
    html = response.content.decode()
    assert "The opening time must be before the closing time" in html
    assert 'href="#id_opening-1-closes_at"' in html
    assert "Carers&#39; coffee morning" in html or "Carers' coffee morning" in html
    assert not ServiceChange.objects.exists()

    response = client.post(url, {**form, "opening-1-closes_at": "12:30"})
    assert response.status_code == 302
    change = ServiceChange.objects.get()
    assert change.proposed["schedules"] == [{"byday": "WE", "opens_at": "11:00", "closes_at": "12:30"}]
    assert [row["name"] for row in change.proposed["languages"]] == ["English", "Punjabi"]
    assert not Service.objects.exists()
    page = client.get(reverse("assets:organisation-entries", args=[organisation.pk])).content.decode()
    assert "Carers" in page and "Waiting for review" in page


def test_the_edit_form_starts_from_the_entry_with_a_row_for_each_day(client, contact, walk):
    ScheduleFactory(service=walk, byday="MO,WE,FR", opens_at=time(18), closes_at=time(19))
    client.force_login(contact)

    html = client.get(reverse("assets:entry-edit", args=[walk.pk])).content.decode()

    assert 'value="Reservoir walk"' in html
    for number in range(1, 5):
        assert f'name="opening-{number}-day"' in html
    assert 'name="opening-5-day"' not in html


def test_a_coordinator_compares_and_approves_and_the_entry_changes(
    client, contact, coordinator, walk, organisation
):
    client.force_login(contact)
    form = client.get(reverse("assets:entry-edit", args=[walk.pk]))
    assert form.status_code == 200
    entry = selectors.entry_of(walk)
    change = services.propose_entry(
        actor=contact,
        organisation=organisation,
        data={**entry, "schedules": [{"byday": "TH", "opens_at": "18:00", "closes_at": "19:00"}]},
        service=walk,
    )
    client.force_login(coordinator)

    review = client.get(reverse("assets:review")).content.decode()
    assert reverse("assets:change-review", args=[change.pk]) in review
    page = client.get(reverse("assets:change-review", args=[change.pk])).content.decode()
    assert "Tuesdays 10am to 12pm" in page and "Thursdays 6pm to 7pm" in page
    assert "Changed" in page

    client.post(reverse("assets:change-review", args=[change.pk]), {"decision": "approve"})

    html = client.get(reverse("assets:detail", args=[walk.pk])).content.decode()
    assert "Thursdays 6pm to 7pm" in html and "Tuesdays 10am" not in html


def test_rejecting_needs_a_note(client, contact, coordinator, organisation, entry):
    change = services.propose_entry(actor=contact, organisation=organisation, data=entry)
    client.force_login(coordinator)
    url = reverse("assets:change-review", args=[change.pk])

    html = client.post(url, {"decision": "reject", "note": ""}).content.decode()
    assert "Say why the change was not approved" in html

    client.post(url, {"decision": "reject", "note": "Which room?"})
    change.refresh_from_db()
    assert change.status == ServiceChange.Status.REJECTED


def test_the_review_lists_stale_entries_of_the_coordinators_places_only(
    client, coordinator, outsider, organisation
):
    ServiceFactory(organisation=organisation, name="Forgotten lunch club", assured_date=None)

    client.force_login(coordinator)
    assert "Forgotten lunch club" in client.get(reverse("assets:review")).content.decode()
    client.force_login(outsider)
    assert "Forgotten lunch club" not in client.get(reverse("assets:review")).content.decode()


def test_people_outside_the_organisation_cannot_open_its_entries(client, organisation):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("assets:organisation-entries", args=[organisation.pk])).status_code == 403
    assert client.get(reverse("assets:entry-create", args=[organisation.pk])).status_code == 403


def test_the_entry_forms_problems_land_on_their_fields(client, contact, organisation, postcode):
    client.force_login(contact)
    form = {
        "name": "Map club",
        "status": "active",
        "address_1": "1 Ladywood Road",
        "postal_code": "ZZ9 9ZZ",
        "latitude": "100",
        "longitude": "1",
        "opening-1-day": "",
        "opening-1-opens_at": "",
        "opening-1-closes_at": "",
        "opening-2-day": "",
        "opening-2-opens_at": "10:00",
        "opening-2-closes_at": "11:00",
        "cost-1-amount": "",
        "cost-1-option": "",
        "cost-2-amount": "-3",
        "cost-2-option": "per session",
        "languages": "English, Klingon",
    }

    html = client.post(reverse("assets:entry-create", args=[organisation.pk]), form).content.decode()

    for field, message in [
        ("latitude", "Latitude must be a number from -90 to 90, like 52.4862"),
        ("postal_code", "Enter a postcode in the area we cover, like B16 8QG"),
        ("opening-2-day", "Select a day from Monday to Sunday"),
        ("cost-2-amount", "The cost must be £0 or more"),
        ("languages", "Enter a language by its name or code, like Urdu or ur"),
    ]:
        assert f'href="#id_{field}"' in html, field
        assert message in html
    assert 'value="100"' in html
    assert not ServiceChange.objects.exists()


def test_only_a_web_address_is_linked(client, organisation):
    safe = ServiceFactory(organisation=organisation, url="https://walks.example.org")
    unsafe = ServiceFactory(organisation=organisation, url="ftp://files.example.org")

    assert (
        'href="https://walks.example.org"'
        in client.get(reverse("assets:detail", args=[safe.pk])).content.decode()
    )
    assert "ftp://" not in client.get(reverse("assets:detail", args=[unsafe.pk])).content.decode()


def test_a_coordinator_reaches_the_entries_of_an_organisation_in_the_directory_only(
    client, coordinator, ladywood
):
    from tests.assets.factories import ListedOrganisationFactory

    listed = ListedOrganisationFactory(name="Ladywood Allotment Society", places_served=[ladywood])
    client.force_login(coordinator)

    html = client.get(reverse("assets:review")).content.decode()

    assert reverse("assets:organisation-entries", args=[listed.pk]) in html
    assert "Ladywood Allotment Society</a> (in the directory only)" in html
    assert client.get(reverse("assets:entry-create", args=[listed.pk])).status_code == 200
