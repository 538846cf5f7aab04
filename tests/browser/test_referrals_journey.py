"""A social prescribing referral in Chromium: a link worker refers a person by reference number only
to a walking group for two reasons with their wellbeing at referral; the group's contact, on a phone,
finds it in their inbox, accepts it and records that the person came; the link worker sees
"Attended" and records the follow-up, the referral shows the change in wellbeing, and the place's
report counts the social prescription (one person is too few to break down, so nothing more shows)."""

from datetime import date

import pytest

from ostrom.network.models import Membership
from ostrom.places.models import Place
from ostrom.referrals.models import Referral, ReferralTo
from tests.factories import PASSWORD, PlaceFactory, UserFactory
from tests.referrals.factories import ServiceFactory, link_worker_for

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def setup(transactional_db):
    ladywood = PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind=Place.Kind.LOCALITY)
    service = ServiceFactory(name="Ladywood walking group", places=[ladywood])
    ServiceFactory(name="Perry Barr food bank")  # elsewhere: not listed until searched for
    link_worker_for(ladywood, email="link.worker@example.org", full_name="Lin Link-Worker")
    contact = UserFactory(email="walks@example.org", full_name="Wal Walker")
    Membership.objects.create(user=contact, organisation=service.organisation, is_contact=True)
    return {"service": service}


def answer_all(page, value: int):
    for number in range(1, 8):
        page.locator(f"input[name='item_{number}'][value='{value}']").check()


def test_a_link_worker_refers_the_service_accepts_and_records_attendance_and_the_follow_up_shows_the_change(
    setup, visitor
):
    link_worker = visitor()
    link_worker.sign_in("link.worker@example.org", PASSWORD)
    page = link_worker.visit("/referrals/new/")
    assert page.get_by_label("By a reference number only").is_checked()
    assert "Perry Barr food bank" not in page.content()
    page.get_by_label("Loneliness or isolation").check()
    page.get_by_label("Being more active").check()
    page.get_by_label("Ladywood walking group").check()
    answer_all(page, 3)
    link_worker.click_and_check("Send the referral")

    referral = Referral.objects.get()
    assert referral.person_name == "" and referral.wellbeing.get().items == [3] * 7
    assert page.get_by_role("heading", level=1).inner_text() == referral.reference
    assert "Waiting for the service" in page.content()

    contact = visitor(viewport=PHONE)
    contact.sign_in("walks@example.org", PASSWORD)
    page = contact.visit("/referrals/inbox/")
    assert "Loneliness or isolation" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name=referral.reference).click()
    contact.check_accessibility()
    assert "Known by this reference only" in page.content()
    page.get_by_label("Yes, we can take this referral").check()
    contact.click_and_check("Send your answer")
    assert "You accepted the referral" in page.content()
    page.get_by_label("Yes, they came").check()
    page.get_by_label("The date they first came").fill(date.today().isoformat())
    page.get_by_label("How many sessions they have come to").fill("2")
    contact.click_and_check("Record attendance")
    assert ReferralTo.objects.get().status == ReferralTo.Status.ATTENDED

    page = link_worker.visit(referral.get_absolute_url())
    assert "Attended" in page.content() and "2 sessions" in page.content()
    with page.expect_navigation():
        page.get_by_role("link", name="Record the follow-up").click()
    link_worker.check_accessibility()
    answer_all(page, 4)
    link_worker.click_and_check("Record the follow-up")
    assert "The follow-up has been recorded" in page.content()
    assert "a meaningful improvement" in page.content()

    page = link_worker.visit("/referrals/reports/E-LADYWOOD/")
    # One referral, rounded as every count of people is: "fewer than 5", or (one time in five) 5.
    headlines = [
        f"link workers in Ladywood made {prescriptions} social prescriptions for {people} people."
        for prescriptions, people in (("fewer than 5", "fewer than 5"), ("about 5", "about 5"))
    ]
    assert any(headline in " ".join(page.content().split()) for headline in headlines)
    assert "From referral to going" not in page.content()
