"""Impact in Chromium: a coordinator sets up a programme, builds its theory of change (steps, an arrow,
an indicator), adds a measurement and sees it in the indicator's table; a measurement out of range is
refused keeping what was typed. On a phone the theory of change is the list, not the drawing."""

import pytest

from ostrom.accounts.models import Role
from ostrom.places.models import Place
from tests.factories import PASSWORD, PlaceFactory, UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def ladywood(transactional_db):
    ladywood = PlaceFactory(name="Ladywood", code="E-LADYWOOD", kind=Place.Kind.LOCALITY)
    coordinator = UserFactory(email="coordinator@example.org", full_name="Lee Ladywood")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    return ladywood


def add_step(visitor, stage, text):
    page = visitor.page
    page.get_by_label("Stage").select_option(label=stage)
    page.get_by_label("What is it?").fill(text)
    visitor.click_and_check("Add the step")


def test_a_coordinator_builds_a_theory_of_change_and_measures_it(ladywood, visitor):
    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)

    page = coordinator.visit("/impact/new/")
    page.get_by_label("Place it serves").select_option(value=str(ladywood.pk))
    page.get_by_label("Name").fill("Walk and talk")
    page.get_by_label("A programme", exact=True).check()
    coordinator.click_and_check("Set up the programme")
    assert "Build the theory of change" in page.content()

    add_step(coordinator, "Activities", "Weekly walking groups in the park")
    add_step(coordinator, "Outputs", "People walking together every week")
    add_step(coordinator, "Short-term outcomes", "People feel less lonely")

    # An arrow from the activity to the output.
    page.get_by_role("link", name="Change the words or arrows of A1").click()
    coordinator.check_accessibility()
    page.get_by_label("People walking together every week (outputs)").check()
    coordinator.click_and_check("Save the step")

    # An indicator on the output.
    page.get_by_role("link", name="Add an indicator to O1").click()
    coordinator.check_accessibility()
    page.get_by_label("What does it measure?").fill("Walkers each week")
    page.get_by_label("Unit").fill("people")
    page.get_by_label("Largest value (optional)").fill("200")
    page.get_by_label("Baseline (optional)").fill("10")
    page.get_by_label("Date of the baseline").fill("2026-01-01")
    page.get_by_label("Target (optional)").fill("60")
    page.get_by_label("Date of the target").fill("2027-01-01")
    coordinator.click_and_check("Save the indicator")

    page = coordinator.visit("/impact/walk-and-talk/")
    assert "Leads to: O1: People walking together every week" in page.content()
    page.get_by_role("link", name="Add a measurement of Walkers each week").click()
    coordinator.check_accessibility()

    # Out of range: refused, and what was typed is still there.
    page.get_by_label("Date it was measured").fill("2026-06-30")
    page.get_by_label("Value").fill("250")
    coordinator.click_and_check("Add the measurement")
    assert "Value must be between 0 and 200 people" in page.content()
    assert page.get_by_label("Value").input_value() == "250"

    page.get_by_label("Value").fill("45")
    coordinator.click_and_check("Add the measurement")
    table = page.get_by_role("table", name="Measurements of Walkers each week (people)")
    assert "30 June 2026" in table.inner_text() and "45 people" in table.inner_text()
    assert "up 35 since the baseline; 70% of the way to the target" in page.content()
    assert page.locator(".impact-toc-drawing").is_visible()

    phone = visitor(viewport=PHONE)
    page = phone.visit("/impact/walk-and-talk/")
    assert not page.locator(".impact-toc-drawing").is_visible()
    assert page.get_by_text("A1: Weekly walking groups in the park").is_visible()
