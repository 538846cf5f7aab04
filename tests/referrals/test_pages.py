"""The referral pages: the team's list and a referral for the link workers of its place only, the
inbox for the receiving organisation only, every read of a person's referral audited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.core import audit
from ostrom.insight.models import Insight
from ostrom.places.models import Place
from ostrom.referrals import services
from ostrom.referrals.models import Referral, ReferralTo
from tests.factories import LsoaFactory, PlaceFactory, PostcodeFactory, UserFactory
from tests.referrals.factories import ReferralFactory, ServiceFactory, contact_of, link_worker_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
WORDING = "I agree that my name and phone number are shared with the services I am referred to."


@pytest.fixture
def ladywood():
    return PlaceFactory(code="E-LW", name="Ladywood", kind=Place.Kind.LOCALITY)


@pytest.fixture
def service(ladywood):
    return ServiceFactory(name="Ladywood walking group", places=[ladywood])


@pytest.fixture
def named_referral(ladywood, service):
    link_worker = link_worker_for(ladywood)
    return services.make_referral(
        actor=link_worker,
        place=ladywood,
        identity="named",
        person_name="Ann Example",
        person_contact="0121 496 0000",
        consent_given=True,
        consent_wording=WORDING,
        ethnic_group="black_caribbean",
        age_band="65-74",
        needs=["loneliness"],
        services=[service],
        follow_up_on=TODAY() + timedelta(days=42),
        notes="Recently bereaved",
        wellbeing_items=[3, 3, 2, 3, 4, 3, 3],
    )


def viewed_count(referral) -> int:
    return sum(1 for entry in audit.entries_for(referral) if audit.action_of(entry) == "referral.viewed")


def test_the_team_sees_its_places_referrals_without_names_and_the_page_with_them_is_audited(
    client, ladywood, named_referral
):
    client.force_login(link_worker_for(ladywood))
    listing = client.get(reverse("referrals:list")).content.decode()
    assert named_referral.reference in listing
    assert "Ann Example" not in listing
    assert viewed_count(named_referral) == 0
    assert f'href="{reverse("referrals:reports")}"' in listing  # their area's report

    page = client.get(named_referral.get_absolute_url()).content.decode()
    assert "Ann Example" in page and "Recently bereaved" in page and "Waiting for the service" in page
    assert viewed_count(named_referral) == 1


def test_a_referral_is_never_visible_to_a_link_worker_of_another_place_or_an_organisation_it_was_not_sent_to(
    client, named_referral
):
    perry_barr = PlaceFactory(kind=Place.Kind.LOCALITY)
    other_service = ServiceFactory()
    for outsider in (link_worker_for(perry_barr), contact_of(other_service.organisation)):
        client.force_login(outsider)
        assert named_referral.reference not in client.get(reverse("referrals:list")).content.decode()
        assert client.get(named_referral.get_absolute_url()).status_code in (403, 404)
        assert client.get(reverse("referrals:download", args=[named_referral.reference])).status_code in (
            403,
            404,
        )
        inbox = client.get(reverse("referrals:inbox"))
        assert named_referral.reference not in inbox.content.decode()
        sent = named_referral.sent_to.get()
        assert client.get(reverse("referrals:inbox-item", args=[sent.pk])).status_code in (403, 404)
    assert viewed_count(named_referral) == 0


def test_the_receiving_service_sees_the_name_but_never_notes_equality_answers_or_wellbeing(
    client, named_referral, service
):
    contact = contact_of(service.organisation)
    client.force_login(contact)
    sent = named_referral.sent_to.get()
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert named_referral.reference in inbox and "Ann Example" not in inbox

    page = client.get(reverse("referrals:inbox-item", args=[sent.pk])).content.decode()
    assert "Ann Example" in page and "0121 496 0000" in page and "Loneliness or isolation" in page
    for secret in ("Recently bereaved", "Caribbean", "65 to 74", "Wellbeing", "wellbeing"):
        assert secret not in page
    assert viewed_count(named_referral) == 1
    # The organisation's own team page is not theirs: it belongs to the link workers.
    assert client.get(named_referral.get_absolute_url()).status_code == 403


def test_a_reference_only_person_is_shown_to_the_service_by_reference_only(client, ladywood, service):
    referral = ReferralFactory(place=ladywood, services=[service])
    client.force_login(contact_of(service.organisation))
    page = client.get(reverse("referrals:inbox-item", args=[referral.sent_to.get().pk])).content.decode()
    assert "Known by this reference only" in page


def test_the_service_accepts_and_records_attendance_and_the_team_sees_attended(
    client, named_referral, service, ladywood
):
    sent = named_referral.sent_to.get()
    client.force_login(contact_of(service.organisation))
    client.post(reverse("referrals:decide", args=[sent.pk]), {"decision": "accept"})
    response = client.post(
        reverse("referrals:attendance", args=[sent.pk]),
        {"attended": "yes", "first_attended_on": TODAY().isoformat(), "sessions": "2"},
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.status == ReferralTo.Status.ATTENDED

    client.force_login(link_worker_for(ladywood))
    page = client.get(named_referral.get_absolute_url()).content.decode()
    assert "Attended" in page and "2 sessions" in page


def test_declining_without_a_reason_says_what_to_do_and_changes_nothing(client, named_referral, service):
    sent = named_referral.sent_to.get()
    client.force_login(contact_of(service.organisation))
    response = client.post(reverse("referrals:decide", args=[sent.pk]), {"decision": "decline", "reason": ""})
    assert "Enter why the service cannot take this referral" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == ReferralTo.Status.SENT


def test_a_link_worker_makes_a_referral_with_the_form_and_filtering_services_keeps_what_was_typed(
    client, ladywood, service
):
    lsoa = LsoaFactory(parent=ladywood)
    PostcodeFactory(postcode="B16 8QG", lsoa=lsoa)
    link_worker = link_worker_for(ladywood)
    client.force_login(link_worker)
    form = client.get(reverse("referrals:new")).content.decode()
    assert "Ladywood walking group" in form
    # The consent wording to read out is shown as text, not as escaped markup.
    assert "<p>“I agree that the social prescribing team keeps a record" in form and "&lt;p&gt;" not in form
    data = {
        "place": ladywood.pk,
        "identity": "reference_only",
        "consent_given": "on",
        "consent_wording": "I agree to my answers being kept.",
        "needs": ["loneliness", "activity"],
        "services": [service.pk],
        "age_band": "25-34",
        "postcode": "B16 8QG",
        "follow_up_on": (TODAY() + timedelta(days=30)).isoformat(),
        "item_1": "3",
        "q": "walking",
    }
    filtered = client.post(reverse("referrals:new"), data | {"action": "filter"})
    assert filtered.status_code == 200
    assert not Referral.objects.exists()
    assert 'value="B16 8QG"' in filtered.content.decode()

    response = client.post(reverse("referrals:new"), data)
    referral = Referral.objects.get()
    assert response["Location"] == referral.get_absolute_url()
    assert (referral.lsoa, referral.age_band, referral.made_by) == (lsoa, "25-34", link_worker)
    assert referral.wellbeing.get().items == [3, None, None, None, None, None, None]


def test_the_form_names_each_problem(client, ladywood):
    client.force_login(link_worker_for(ladywood))
    response = client.post(reverse("referrals:new"), {"place": ladywood.pk, "identity": "named"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select at least one reason for the referral" in page
    assert "Select at least one service to refer the person to" in page


def test_a_follow_up_records_wellbeing_and_own_words_and_the_page_shows_the_change(
    client, ladywood, named_referral
):
    client.force_login(link_worker_for(ladywood))
    data = {f"item_{n}": "4" for n in range(1, 8)} | {
        "taken_on": TODAY().isoformat(),
        "own_words": "I look forward to Tuesdays now",
        "own_words_consent": "on",
        "publication": "anonymised",
        "consent_wording": "Use my words without my name.",
    }
    response = client.post(reverse("referrals:follow-up", args=[named_referral.reference]), data)
    assert response.status_code == 302
    page = client.get(named_referral.get_absolute_url()).content.decode()
    assert "a meaningful improvement" in page
    assert (
        "“I look forward to Tuesdays now” – kept as insight for Ladywood: published without their name"
        in page
    )
    assert Insight.objects.get().text == "I look forward to Tuesdays now"


def test_the_team_downloads_and_erases_the_persons_details(client, ladywood, named_referral):
    client.force_login(link_worker_for(ladywood))
    download = client.get(reverse("referrals:download", args=[named_referral.reference]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download.json()["name"] == "Ann Example"

    client.post(reverse("referrals:erase", args=[named_referral.reference]))
    page = client.get(named_referral.get_absolute_url()).content.decode()
    assert "Ann Example" not in page and "erased at their request" in page
    actions = [audit.action_of(entry) for entry in audit.entries_for(named_referral)]
    assert "referral.exported" in actions and "referral.erased" in actions


def test_referrals_shows_in_the_header_for_link_workers_and_services_with_referrals_only(
    client, ladywood, named_referral, service
):
    client.force_login(link_worker_for(ladywood))
    assert 'href="/referrals/"' in client.get(reverse("core:home")).content.decode()
    client.force_login(contact_of(service.organisation))
    assert 'href="/referrals/inbox/"' in client.get(reverse("core:home")).content.decode()
    client.force_login(contact_of(ServiceFactory().organisation))
    assert "/referrals/" not in client.get(reverse("core:home")).content.decode()
    client.force_login(UserFactory())
    assert "/referrals/" not in client.get(reverse("core:home")).content.decode()
