"""Participatory grant-making end to end in Chromium: a coordinator sets up a fund and round, a resident
sets priorities, an applicant applies, a panel member scores, residents vote, the coordinator counts and
publishes, and anyone reads the result. Time moves by shifting the round's dates. axe checks every page."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.grants.models import Application, Round
from ostrom.network.models import Membership
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    LsoaFactory,
    OrganisationFactory,
    PlaceFactory,
    PostcodeFactory,
    UserFactory,
)
from tests.grants.factories import PHASE_STARTS


def move_to(phase: str) -> None:
    start = timezone.now() + timedelta(days=PHASE_STARTS[phase])
    Round.objects.update(
        priorities_open_at=start,
        applications_open_at=start + timedelta(days=10),
        applications_close_at=start + timedelta(days=30),
        voting_opens_at=start + timedelta(days=40),
        voting_closes_at=start + timedelta(days=50),
    )


@pytest.fixture
def people(transactional_db):
    ladywood = PlaceFactory(code="DEMO-L01", name="Ladywood", kind="locality")
    PostcodeFactory(postcode="B16 8AA", lsoa=LsoaFactory(parent=ladywood))
    organisation = OrganisationFactory(name="Nechells Food Co-op", places_served=[ladywood])
    applicant = UserFactory(email="ola@example.org", full_name="Ola Mensah")
    Membership.objects.create(user=applicant, organisation=organisation, is_contact=True)
    partner = UserFactory(email="partner@example.org", full_name="Priya Patel")
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)
    return {
        "partner": partner,
        "coordinator": CoordinatorFactory(email="coordinator@example.org", full_name="Nasreen Akhtar"),
        "second": CoordinatorFactory(email="second@example.org"),
        "applicant": applicant,
        "panellist": UserFactory(email="panel@example.org", full_name="Joy Brown"),
        "resident": UserFactory(email="resident@example.org"),
        "ladywood": ladywood,
    }


def test_the_grant_making_journey(visitor, people, pages_checked):
    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    page = coordinator.visit("/funds/new/")
    page.get_by_label("Name of the fund").fill("Flourish Fund")
    page.get_by_label("What is the fund for?").fill("Small grants for community health")
    page.get_by_label("Who does the money come from?").fill("BSol ICB")
    page.get_by_label("The funder's organisation identifier").fill("GB-NHS-QHL")
    page.get_by_label("Which budget is it from?").fill("Health inequalities")
    page.get_by_label("How much is in the fund?").fill("100000")
    page.get_by_label("Ladywood").check()
    coordinator.click_and_check("Create fund")
    page.get_by_label("Name of the round").fill("Flourish Small Grants")
    page.get_by_label("Budget for this round").fill("6000")
    page.get_by_label("Largest grant", exact=True).fill("4000")
    page.get_by_label("Largest grant on the one-page form").fill("2500")
    noon = timezone.localtime().replace(hour=12, minute=0)  # never an hour the clocks skip
    for label, days in [
        ("Residents start setting priorities", -1),
        ("Applications open", 9),
        ("Applications close", 29),
        ("Public vote opens", 39),
        ("Public vote closes", 49),
    ]:
        page.get_by_label(label).fill((noon + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"))
    coordinator.click_and_check("Save round")
    assert page.get_by_text("Setting priorities").first.is_visible()
    funding_round = Round.objects.get()

    resident = visitor()
    resident.sign_in("resident@example.org", PASSWORD)
    rpage = resident.visit(f"/rounds/{funding_round.slug}/priorities/")
    rpage.get_by_label("Your priority in a few words").fill("Healthy food for families")
    resident.click_and_check("Suggest this priority")
    assert "Your priority has been added" in rpage.content()

    applicant = visitor()
    applicant.sign_in("ola@example.org", PASSWORD)
    early = applicant.visit(f"/rounds/{funding_round.slug}/apply/")
    window = early.locator(".ostrom-window")
    assert "Not open yet" in window.inner_text() and "Applications open at" in window.inner_text()
    assert "closed" not in early.locator("main").inner_text().lower()

    move_to("applications")
    apage = applicant.visit(f"/rounds/{funding_round.slug}/")
    apage.get_by_role("link", name="Apply for a grant").click()
    applicant.check_accessibility()
    apage.get_by_label("Nechells Food Co-op").check()
    apage.get_by_label("Name of your project").fill("Cook and eat together")
    apage.get_by_label("What will you do?").fill("Weekly cooking sessions for families")
    apage.get_by_label("Who is it for?").fill("Families in Nechells")
    apage.get_by_label("Ladywood").check()
    apage.get_by_label("How much money are you asking for?").fill("2400")
    apage.get_by_label("Healthy food for families").check()
    applicant.click_and_check("Save as draft")
    apage.get_by_role("link", name="Change this application").click()
    applicant.click_and_check("Send application")
    assert apage.get_by_text("Sent").first.is_visible()
    application = Application.objects.get()

    move_to("assessment")
    cpage = coordinator.visit(f"/rounds/{funding_round.slug}/panel/")
    coordinator.click_and_check("Save targets")
    cpage.get_by_label("Their email address").fill("panel@example.org")
    cpage.get_by_label("Yes", exact=True).check()
    cpage.get_by_label("Where do they live?").select_option(label="Ladywood (locality)")
    coordinator.click_and_check("Add to the panel")
    assert "Joy Brown has a seat on the panel" in cpage.content()

    panellist = visitor()
    panellist.sign_in("panel@example.org", PASSWORD)
    ppage = panellist.visit(f"/rounds/{funding_round.slug}/")
    ppage.get_by_role("link", name="Score the applications").click()
    panellist.check_accessibility()
    ppage.get_by_role("link", name="Cook and eat together").click()
    panellist.check_accessibility()
    ppage.get_by_label("5: meets the priority very well").check()
    ppage.get_by_label("Why?").fill("Clear plan and trusted locally")
    panellist.click_and_check("Save score")

    cpage = coordinator.visit(f"/rounds/{funding_round.slug}/shortlist/")
    cpage.get_by_label("Shortlist Cook and eat together").check()
    coordinator.click_and_check("Save shortlist")

    move_to("voting")
    rpage = resident.visit(f"/rounds/{funding_round.slug}/vote/")
    rpage.get_by_label("Cook and eat together").check()
    rpage.get_by_label("Your postcode").fill("B16 8AA")
    rpage.get_by_label("I am 16 or over").check()
    resident.click_and_check("Send my vote")
    assert "Your vote has been counted" in rpage.content()

    move_to("decision")
    cpage = coordinator.visit(f"/rounds/{funding_round.slug}/result/")
    coordinator.click_and_check("Count the votes")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    cpage.reload()
    coordinator.check_accessibility()
    cpage.get_by_role("link", name="See the result").click()
    coordinator.check_accessibility()
    coordinator.click_and_check("Publish the result")

    public = visitor()
    result = public.visit(f"/rounds/{funding_round.slug}/result/")
    assert result.get_by_text("1 person voted. 1 project is funded").is_visible()
    assert result.get_by_role("table").first.get_by_text("Funded", exact=True).is_visible()
    public.visit("/grants/")
    apage = applicant.visit(f"/applications/{application.pk}/")
    apage.get_by_role("link", name="See the grant awarded to this project").click()
    applicant.check_accessibility()
    apage.get_by_role("link", name="Read the application this grant funds").click()
    applicant.check_accessibility()
    apage.get_by_role("link", name="Nechells Food Co-op").click()
    applicant.check_accessibility()

    partner = visitor()
    partner.sign_in("partner@example.org", PASSWORD)
    partner_page = partner.visit(f"/rounds/{funding_round.slug}/")
    partner_page.get_by_role("link", name="Who took part in this round").click()
    partner.check_accessibility()
    assert partner_page.get_by_role("heading", name="Who took part").is_visible()
    assert len(pages_checked) >= 25
