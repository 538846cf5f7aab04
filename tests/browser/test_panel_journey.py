"""A citizens' panel in Chromium: a volunteer registers, a coordinator proposes quotas, sees an
impossible set explained, draws the panel, and a member of the public reads and checks the lottery."""

import random

import pytest
from django.core.management import call_command

from ostrom.panels.models import Lottery, Volunteer
from tests.factories import PASSWORD, CoordinatorFactory
from tests.panels.factories import AssemblyFactory, register_pool


@pytest.fixture
def assembly(transactional_db):
    CoordinatorFactory(email="coordinator@example.org")
    assembly = AssemblyFactory(panel_size=8)
    register_pool(assembly, 40, random.Random(8))
    return assembly


def test_the_citizens_panel_journey(visitor, assembly, pages_checked):
    volunteer = visitor()
    page = volunteer.visit(assembly.get_absolute_url())
    assert page.get_by_text("Registration is open until").is_visible()
    page.get_by_role("link", name="Register your interest").click()
    volunteer.check_accessibility()
    page.get_by_label("Your name").fill("Halima Osman")
    page.get_by_label("Email address").fill("halima@example.org")
    page.get_by_label("Your postcode").fill("B16 8AA")
    for legend, answer in [
        ("Age band", "35 to 44"),
        ("Sex", "Female"),
        ("Ethnic group", "Black, Black British, Black Welsh, Caribbean or African"),
        ("Disability", "No"),
        ("Lived experience of the topic", "Yes"),
    ]:
        page.get_by_role("group", name=legend).get_by_label(answer, exact=True).check()
    page.get_by_label("I agree to you keeping my answers").check()
    volunteer.click_and_check("Register my interest")
    assert page.get_by_text("You have registered your interest").is_visible()
    assert Volunteer.objects.filter(full_name="Halima Osman").exists()

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    cpage = coordinator.visit(f"/panels/{assembly.slug}/quotas/")
    # A minimum above its maximum is marked on the field as soon as it is typed (the live check).
    cpage.get_by_label("Minimum for Age band: 16 to 24").fill("8")
    cpage.get_by_label("Maximum for Age band: 16 to 24").fill("3")
    cpage.get_by_label("Maximum for Age band: 16 to 24").press("Tab")
    cpage.locator("#q-0-maximum-cell.nhsuk-form-group--error").wait_for()
    assert cpage.get_by_role("link", name="the maximum must be at least the minimum").is_visible()
    coordinator.check_accessibility()
    cpage.get_by_label("Maximum for Age band: 16 to 24").fill("8")
    coordinator.click_and_check("Save quotas and check them")
    # The check runs in the background: the page says so, and shows the answer once the worker is done.
    _run_background_work()
    cpage.reload()
    coordinator.check_accessibility()
    assert cpage.locator(".nhsuk-card--warning").get_by_text("No panel can meet these quotas").is_visible()
    assert cpage.get_by_text("Change the quotas below").is_visible()
    cpage.get_by_label("Minimum for Age band: 16 to 24").fill("0")
    coordinator.click_and_check("Save quotas and check them")
    _run_background_work()
    cpage.reload()
    cpage.get_by_label("Seed (optional)").fill("public draw 04 17 22")
    coordinator.click_and_check("Draw the panel")
    _run_background_work()  # the draw, then the check of the draw it queues
    cpage.reload()
    coordinator.check_accessibility()
    lottery = Lottery.objects.get(is_current=True)

    public = visitor()
    ppage = public.visit(lottery.get_absolute_url())
    assert ppage.get_by_text("public draw 04 17 22").is_visible()
    assert ppage.get_by_text("gives the same chances for everyone and the same panel").is_visible()
    public.click_and_check("Check the draw again")
    assert ppage.get_by_text("Checking…").is_visible()
    _run_background_work()
    ppage.reload()
    public.check_accessibility()
    assert ppage.get_by_text("gives the same chances for everyone and the same panel").is_visible()
    assert "Halima" not in ppage.content()

    # The coordinator replaces someone who dropped out: progress first, then the new draw.
    cpage = coordinator.visit(lottery.get_absolute_url())
    cpage.get_by_role("group", name="Who dropped out?").get_by_role("checkbox").first.check()
    coordinator.click_and_check("Draw replacements")
    assert cpage.get_by_text("Refilling 1 seat").first.is_visible()
    _run_background_work()
    cpage.reload()
    cpage.get_by_role("link", name="See the result").click()
    coordinator.check_accessibility()
    assert cpage.get_by_text("This draw refilled 1 seat of").is_visible()
    assert len(pages_checked) >= 7


def _run_background_work():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
