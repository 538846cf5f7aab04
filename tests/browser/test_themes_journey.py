"""Themes in Chromium: a coordinator finds themes in a place's comments and watches the run's progress,
renames one theme and merges two, finds the themes again without losing either edit, and sees the themes
on the place's page beside its numbers (also on a phone)."""

import pytest
from django.core.management import call_command

from ostrom.accounts.models import Role
from ostrom.insight.models import Theme, ThemeAssignment
from tests.factories import PASSWORD, AreaStatisticFactory, LsoaFactory, PlaceFactory, UserFactory
from tests.insight.theme_factories import make_insights

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ladywood(transactional_db):
    place = PlaceFactory(name="Ladywood", code="E-LADYWOOD")
    lsoa = LsoaFactory(parent=place)
    for category, people in [("white_british", 700), ("pakistani", 500), ("black_caribbean", 300)]:
        AreaStatisticFactory(place=lsoa, measure="population_ethnic_group", category=category, value=people)
    AreaStatisticFactory(place=lsoa, measure="imd_decile", value=1, year=2019)
    coordinator = UserFactory(email="coordinator@example.org")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=place)
    return place, make_insights(place)


def theme_holding(insights, place) -> Theme:
    return ThemeAssignment.objects.get(place=place, insight=insights[0]).theme


def find_themes_again(person, place):
    page = person.visit(f"/insight/themes/places/{place.code}/run/")
    page.get_by_label("How many themes? (optional)").fill("4")
    person.click_and_check("Find themes")
    assert page.get_by_role("heading", name="Finding themes in Ladywood").is_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    person.check_accessibility()
    # Four themes found again, two of them kept merged as the coordinator left them.
    assert page.get_by_text("3 themes found").is_visible()
    return page


def test_the_themes_journey(visitor, ladywood):
    place, by_topic = ladywood
    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)

    page = coordinator.visit(f"/insight/themes/places/{place.code}/run/")
    page.get_by_label("How many themes? (optional)").fill("4")
    coordinator.click_and_check("Find themes")
    assert page.get_by_text("Waiting to start").is_visible()
    assert page.get_by_role("link", name="Refresh to see the latest progress").is_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # htmx swaps the finished fragment in by itself.
    page.get_by_text("4 themes found").wait_for(timeout=10_000)
    coordinator.check_accessibility()

    gp, bus = theme_holding(by_topic["gp"], place), theme_holding(by_topic["bus"], place)
    page = coordinator.visit(gp.get_absolute_url())
    page.get_by_label("Name", exact=True).fill("Getting a GP appointment")
    coordinator.click_and_check("Rename")
    assert page.get_by_role("heading", name="Getting a GP appointment").is_visible()

    page = coordinator.visit(bus.get_absolute_url())
    page.get_by_label("Merge this theme into").select_option(label="Getting a GP appointment")
    coordinator.click_and_check("Merge")
    assert page.get_by_role("heading", name="Getting a GP appointment").is_visible()
    assert page.get_by_text("50 comments").is_visible()

    find_themes_again(coordinator, place)
    page = coordinator.visit(gp.get_absolute_url())
    assert page.get_by_role("heading", name="Getting a GP appointment").is_visible()
    assert page.get_by_text("50 comments").is_visible()
    bus.refresh_from_db()
    assert bus.merged_into_id == gp.pk

    resident = visitor(viewport=PHONE)
    page = resident.visit(place.get_absolute_url())
    assert page.get_by_role("heading", name="What people said here").is_visible()
    assert page.get_by_role("heading", name="Who lives here").is_visible()
    page.get_by_role("link", name="Getting a GP appointment").click()
    resident.check_accessibility()
    assert page.get_by_role("heading", name="Beside the numbers for Ladywood").is_visible()
    assert page.get_by_text("Change this theme").count() == 0
