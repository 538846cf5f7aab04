"""The community assets directory in Chromium: a resident searches by category and place and finds the
asset in the list and as a marker on the map (at a desk and on a phone); an organisation's contact
changes its entry's opening times, which show only once a coordinator approves them on the review
page. axe checks every page."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.assets.models import Service
from ostrom.assets.taxonomy import install_wellbeing_taxonomy
from ostrom.network.models import Membership
from tests.assets.factories import LocationFactory, ScheduleFactory, ServiceAtLocationFactory, ServiceFactory
from tests.factories import PASSWORD, LsoaFactory, OrganisationFactory, PlaceFactory, UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def directory(transactional_db):
    install_wellbeing_taxonomy()
    ladywood = PlaceFactory(name="Ladywood", kind="locality", code="E-LADYWOOD")
    perry_barr = PlaceFactory(name="Perry Barr", kind="locality", code="E-PERRYBARR")
    in_ladywood, in_perry_barr = LsoaFactory(parent=ladywood), LsoaFactory(parent=perry_barr)
    organisation = OrganisationFactory(name="Ladywood Community Pantry", places_served=[ladywood])
    entries = {}
    for name, category, place, latitude, longitude in [
        ("Ladywood food pantry", "food", in_ladywood, "52.4790", "-1.9170"),
        ("Reservoir walking group", "physical-activity", in_ladywood, "52.4760", "-1.9280"),
        ("Perry Barr food bank", "food", in_perry_barr, "52.5240", "-1.9020"),
    ]:
        service = ServiceFactory(organisation=organisation, name=name, categories=[category])
        ServiceAtLocationFactory(
            service=service,
            location=LocationFactory(
                place=place, latitude=Decimal(latitude), longitude=Decimal(longitude), name=f"{name} hall"
            ),
        )
        ScheduleFactory(service=service, byday="TU", opens_at=time(10), closes_at=time(12))
        entries[name] = service
    contact = UserFactory(email="contact@example.org", full_name="Olu Contact")
    Membership.objects.create(user=contact, organisation=organisation, is_contact=True)
    coordinator = UserFactory(email="coordinator@example.org", full_name="Lee Ladywood")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    return entries


def _search_for_food_in_ladywood(person):
    page = person.visit("/assets/")
    page.get_by_label("Category").select_option("food")
    page.get_by_label("Where").select_option("E-LADYWOOD")
    person.click_and_check("Search")
    return page


def _check_the_list_and_the_map(page):
    results = page.locator(".ostrom-assets-result")
    assert results.count() == 1
    assert "Ladywood food pantry" in results.first.inner_text()
    assert "Tuesdays 10am to 12pm" in results.first.inner_text()
    assert page.get_by_text("The map shows 1 of these assets; every one is in the list below.").is_visible()
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == 1
    marker = markers.first
    assert marker.get_attribute("alt") == "Ladywood food pantry"
    assert marker.get_attribute("tabindex") == "0"  # reachable by keyboard, with the asset's name
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = page.locator(".leaflet-popup-content a")
    popup_link.wait_for()
    assert popup_link.inner_text() == "Ladywood food pantry"


def test_search_by_category_and_place_in_the_list_and_on_the_map(directory, visitor):
    resident = visitor()
    page = _search_for_food_in_ladywood(resident)
    _check_the_list_and_the_map(page)
    with page.expect_navigation():
        page.locator(".leaflet-popup-content a").click()
    resident.check_accessibility()
    assert page.get_by_role("heading", name="Ladywood food pantry").is_visible()


def test_the_same_search_on_a_phone(directory, visitor):
    phone = visitor(viewport=PHONE)
    page = _search_for_food_in_ladywood(phone)
    _check_the_list_and_the_map(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_edit_shows_only_once_a_coordinator_approves_it(directory, visitor):
    walk = directory["Reservoir walking group"]
    Service.objects.filter(pk=walk.pk).update(assured_date=timezone.localdate() - timedelta(days=200))

    contact = visitor()
    contact.sign_in("contact@example.org", PASSWORD)
    page = contact.visit(f"/assets/organisations/{walk.organisation_id}/")
    contact.click_and_check("Change Reservoir walking group", role="link")
    page.locator('[name="opening-1-day"]').select_option("TH")
    page.locator('[name="opening-1-opens_at"]').fill("18:00")
    page.locator('[name="opening-1-closes_at"]').fill("19:30")
    contact.click_and_check("Send to a coordinator")
    assert page.get_by_text("A coordinator will check it").is_visible()

    page = contact.visit(f"/assets/{walk.pk}/")
    assert page.get_by_text("Tuesdays 10am to 12pm").is_visible()
    assert page.get_by_text("Thursdays").count() == 0

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    page = coordinator.visit("/assets/review/")
    coordinator.click_and_check("Reservoir walking group", role="link")
    assert page.get_by_text("Thursdays 6pm to 7:30pm").is_visible()
    coordinator.click_and_check("Approve: show it in the directory")

    page = coordinator.visit(f"/assets/{walk.pk}/")
    assert page.get_by_text("Thursdays 6pm to 7:30pm").is_visible()
    assert page.get_by_text("Tuesdays 10am to 12pm").count() == 0
    assert page.get_by_text("Last checked today").is_visible()
