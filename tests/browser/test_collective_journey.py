"""The collective, end to end in Chromium: sign up, join as an organisation, approval, subgroups,
meetings with attendance, and lists filtered by place. axe checks every page on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ostrom.network.models import Meeting, Organisation
from tests.factories import (
    PASSWORD,
    AdminFactory,
    CoordinatorFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
)


@pytest.fixture
def collective(transactional_db):
    birmingham = PlaceFactory(code="E08000025", name="Birmingham", kind="place")
    ladywood = PlaceFactory(code="DEMO-L01", name="Ladywood", kind="locality", parent=birmingham)
    perry_barr = PlaceFactory(code="DEMO-L02", name="Perry Barr", kind="locality", parent=birmingham)
    OrganisationFactory(name="Handsworth Carers Circle", places_served=[perry_barr])
    subgroup = SubgroupFactory(
        name="Primary care access", slug="primary-care-access", description="Making it easier to see a GP."
    )
    meeting = Meeting.objects.create(
        subgroup=subgroup,
        title="Interpreters at the practice",
        starts_at=timezone.now() - timedelta(days=2),
        place=ladywood,
        venue="Ladywood Community Centre",
    )
    online = Meeting.objects.create(
        subgroup=subgroup,
        title="Pharmacy First in Ladywood",
        starts_at=timezone.now() + timedelta(days=10),
        venue="Online",
        online_url="https://meet.example.org/pharmacy-first",
    )
    return {
        "ladywood": ladywood,
        "subgroup": subgroup,
        "meeting": meeting,
        "online": online,
        "coordinator": CoordinatorFactory(email="coordinator@example.org", full_name="Nasreen Akhtar"),
        "admin": AdminFactory(email="admin@example.org"),
    }


def test_the_collective_journey(visitor, collective, pages_checked):
    resident = visitor()
    page = resident.visit("/")
    page.get_by_role("link", name="Create an account").first.click()
    resident.check_accessibility()
    page.get_by_label("Your name").fill("Shabana Iqbal")
    page.get_by_label("Email address").fill("shabana@example.org")
    page.get_by_label("Choose a password").fill("lozells-park-walks-2026")
    resident.click_and_check("Create account")
    assert page.get_by_role("heading", name="Your account").is_visible()

    # Equality questions: optional, with consent recorded.
    resident.visit("/my-account/equality/")
    page.get_by_label("What is your ethnic group?").select_option("asian_pakistani")
    page.get_by_label("25 to 34").check()
    page.get_by_label("I agree to you keeping my answers").check()
    resident.click_and_check("Save my answers")
    assert "Your answers have been saved" in page.content()

    # Join the collective as an organisation; a mistake keeps what was typed.
    resident.visit("/organisations/join/")
    page.get_by_label("Organisation name").fill("Lozells Mums and Tots")
    page.get_by_label("Voluntary or community group, or charity").check()
    page.get_by_label("Ladywood").check()
    page.get_by_label("Contact email address").fill("not an email")
    resident.click_and_check("Send request to join")
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert page.get_by_label("Organisation name").input_value() == "Lozells Mums and Tots"
    page.get_by_label("Contact email address").fill("shabana@example.org")
    resident.click_and_check("Send request to join")
    assert "has asked to join" in page.content()

    # Join a subgroup.
    resident.visit("/subgroups/")
    page.get_by_role("link", name="Primary care access").click()
    resident.check_accessibility()
    resident.click_and_check("Join this subgroup")
    assert page.get_by_text("You are a member").is_visible()

    # Sign up to attend an online meeting: the link appears only then; the calendar entry downloads.
    page.get_by_role("link", name="Pharmacy First in Ladywood").click()
    resident.check_accessibility()
    assert page.get_by_text("Sign up to attend to get the link to join online").is_visible()
    assert page.get_by_role("link", name="https://meet.example.org/pharmacy-first").count() == 0
    resident.click_and_check("Sign up to attend")
    assert page.get_by_text("You have signed up to attend", exact=True).is_visible()
    assert page.get_by_role("link", name="https://meet.example.org/pharmacy-first").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to your calendar (.ics file)").click()
    assert download.value.suggested_filename == f"meeting-{collective['online'].pk}.ics"
    resident.click_and_check("Cancel my place")
    assert page.get_by_role("button", name="Sign up to attend").is_visible()
    resident.click_and_check("Sign up to attend")

    # The coordinator approves the organisation.
    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    cpage = coordinator.visit("/organisations/")
    cpage.get_by_role("link", name="1 organisation waiting for approval").click()
    coordinator.check_accessibility()
    cpage.get_by_role("link", name="Lozells Mums and Tots").click()
    coordinator.check_accessibility()
    cpage.get_by_label("Approve: welcome them as a member").check()
    coordinator.click_and_check("Save decision")
    assert "is now a member of the collective" in cpage.content()
    assert Organisation.objects.get(name="Lozells Mums and Tots").status == "member"

    # The coordinator records the meeting with who came.
    coordinator.visit(f"/meetings/{collective['meeting'].pk}/")
    cpage.get_by_role("link", name="Record minutes and attendance").click()
    coordinator.check_accessibility()
    cpage.get_by_label("Minutes").fill("We asked the practice for Urdu and Punjabi interpreters.")
    cpage.get_by_label("Shabana Iqbal").check()
    coordinator.click_and_check("Save")
    assert "Urdu and Punjabi interpreters" in cpage.content()
    assert [person.full_name for person in collective["meeting"].attendees.all()] == ["Shabana Iqbal"]

    # The organisation's page leads to the places it serves.
    coordinator.visit(f"/organisations/{Organisation.objects.get(name='Lozells Mums and Tots').pk}/")
    cpage.get_by_role("link", name="Ladywood").first.click()
    coordinator.check_accessibility()
    assert cpage.get_by_role("heading", name="Ladywood").first.is_visible()

    # Lists filter by place.
    listing = coordinator.visit("/organisations/")
    listing.get_by_label("Place").select_option(label="Ladywood (locality)")
    coordinator.click_and_check("Filter")
    assert listing.get_by_role("link", name="Lozells Mums and Tots").is_visible()
    assert listing.get_by_role("link", name="Handsworth Carers Circle").count() == 0
    meetings = coordinator.visit("/meetings/?place=DEMO-L01")
    assert meetings.get_by_role("link", name="Interpreters at the practice").is_visible()
    coordinator.visit("/subgroups/")
    cpage.get_by_role("link", name="Who Primary care access reaches").click()
    coordinator.check_accessibility()
    assert cpage.get_by_role("heading", name="Who this subgroup reaches").is_visible()
    coordinator.visit("/places/E08000025/")

    admin = visitor()
    admin.sign_in("admin@example.org", PASSWORD)
    audit_page = admin.visit("/audit/?action=organisation")
    assert audit_page.get_by_text("organisation.approved", exact=True).is_visible()

    assert len(pages_checked) >= 20


def test_pages_work_on_a_phone_without_javascript(browser, live_server, collective):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    page.goto("/organisations/?place=DEMO-L02")
    assert page.get_by_role("link", name="Handsworth Carers Circle").is_visible()
    page.goto("/subgroups/primary-care-access/")
    assert page.get_by_role("heading", name="Primary care access").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()
