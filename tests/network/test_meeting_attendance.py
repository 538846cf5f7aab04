"""Meetings as people who use Decidim expect: sign up to attend (and cancel), a link to join online for
the people who will be there, and a calendar entry to download."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from ostrom.accounts import services as account_services
from ostrom.accounts.models import Role
from ostrom.core import audit
from ostrom.network.models import Attendance, Meeting
from tests.factories import CoordinatorFactory, MeetingFactory, PlaceFactory, SubgroupFactory, UserFactory

LINK = "https://meet.example.org/primary-care-access"


def _upcoming(**fields):
    return MeetingFactory(starts_at=timezone.now() + timedelta(days=7), **fields)


def _attend(client, meeting):
    return client.post(reverse("network:meeting-attend", args=[meeting.pk]))


def _cancel(client, meeting):
    return client.post(reverse("network:meeting-cancel", args=[meeting.pk]))


@pytest.mark.django_db
def test_a_resident_signs_up_to_attend_an_upcoming_meeting_and_can_cancel(client):
    meeting = _upcoming(title="Interpreters at the practice")
    resident = UserFactory()
    client.force_login(resident)

    before = client.get(meeting.get_absolute_url()).content.decode()
    assert "Sign up to attend" in before and "0 people have signed up" in before

    response = _attend(client, meeting)
    assert response.status_code == 302 and response.url == meeting.get_absolute_url()
    going = client.get(meeting.get_absolute_url()).content.decode()
    assert "You have signed up to attend" in going and "1 person has signed up" in going
    assert "Cancel my place" in going and "Sign up to attend" not in going
    assert Attendance.objects.get(meeting=meeting, user=resident).signed_up_at is not None

    _attend(client, meeting)  # a second click (another tab) changes nothing
    assert meeting.attendances.count() == 1

    _cancel(client, meeting)
    assert not meeting.attendances.exists()
    assert "Sign up to attend" in client.get(meeting.get_absolute_url()).content.decode()
    actions = [audit.action_of(entry) for entry in audit.entries_for(meeting)]
    assert actions.count("meeting.signed_up") == 1 and actions.count("meeting.sign_up_cancelled") == 1


@pytest.mark.django_db
def test_nobody_signs_up_for_or_cancels_a_meeting_that_has_happened(client):
    past = MeetingFactory(starts_at=timezone.now() - timedelta(days=1))
    resident = UserFactory()
    client.force_login(resident)
    Attendance.objects.create(meeting=past, user=resident, came=True)

    assert "Sign up to attend" not in client.get(past.get_absolute_url()).content.decode()
    refused = client.post(reverse("network:meeting-attend", args=[past.pk]), follow=True).content.decode()
    assert "This meeting has already taken place" in refused
    _cancel(client, past)
    assert past.attendances.get().came is True


@pytest.mark.django_db
def test_signing_up_needs_an_account(client):
    meeting = _upcoming()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "to sign up to attend" in page
    assert _attend(client, meeting).status_code == 302 and not meeting.attendances.exists()


@pytest.mark.django_db
def test_the_online_link_is_shown_only_to_people_who_signed_up_and_those_who_run_the_subgroup(client):
    meeting = _upcoming(online_url=LINK, venue="Online")
    assert LINK not in client.get(meeting.get_absolute_url()).content.decode()

    resident = UserFactory()
    client.force_login(resident)
    not_yet = client.get(meeting.get_absolute_url()).content.decode()
    assert LINK not in not_yet and "Sign up to attend to get the link to join online" in not_yet
    assert client.get(f"/api/meetings/{meeting.pk}").json()["online_url"] is None

    _attend(client, meeting)
    assert f'href="{LINK}"' in client.get(meeting.get_absolute_url()).content.decode()

    client.force_login(CoordinatorFactory())
    assert f'href="{LINK}"' in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link", ["http://meet.example.org/x", "javascript:alert(1)", "meet.example.org x", "ftp://example.org/"]
)
def test_an_online_link_must_be_a_secure_web_address_and_the_form_keeps_what_was_typed(client, link):
    subgroup = SubgroupFactory()
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("network:meeting-create"),
        {
            "subgroup": subgroup.pk,
            "title": "Community radio slots",
            "starts_at": "2026-12-03 18:30",
            "venue": "Online",
            "online_url": link,
        },
    ).content.decode()

    assert "Enter a full web address starting with https://" in page
    assert 'value="Community radio slots"' in page and 'value="Online"' in page
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_adds_a_meeting_with_an_online_link(client):
    subgroup = SubgroupFactory()
    client.force_login(CoordinatorFactory())

    client.post(
        reverse("network:meeting-create"),
        {"subgroup": subgroup.pk, "title": "Radio", "starts_at": "2030-12-03 18:30", "online_url": LINK},
    )

    assert Meeting.objects.get().online_url == LINK


@pytest.mark.django_db
def test_a_meeting_downloads_as_a_calendar_entry_in_utc(client, settings):
    settings.TIME_ZONE = "Europe/London"
    ladywood = PlaceFactory(name="Ladywood", kind="locality")
    # 18:30 in London in summer is 17:30 UTC.
    starts_at = datetime(2030, 7, 3, 17, 30, tzinfo=UTC)
    meeting = MeetingFactory(
        title="Interpreters at the practice",
        starts_at=starts_at,
        venue="Ladywood Community Centre",
        place=ladywood,
        agenda="1. Welcome",
        online_url=LINK,
    )

    response = client.get(reverse("network:meeting-calendar", args=[meeting.pk]))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"] and ".ics" in response["Content-Disposition"]
    text = response.content.decode()
    assert "DTSTART:20300703T173000Z" in text
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == starts_at
    assert str(event["SUMMARY"]) == "Interpreters at the practice"
    assert str(event["LOCATION"]) == "Ladywood Community Centre, Ladywood"
    assert str(event["URL"]) == f"http://testserver{meeting.get_absolute_url()}"
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert LINK not in text  # not signed up: no way in

    resident = UserFactory()
    client.force_login(resident)
    Attendance.objects.create(meeting=meeting, user=resident, signed_up_at=timezone.now(), came=False)
    signed_up = client.get(reverse("network:meeting-calendar", args=[meeting.pk]))
    event = Calendar.from_ical(signed_up.content).walk("VEVENT")[0]
    assert LINK in str(event["DESCRIPTION"])
    assert str(event["UID"]) == str(Calendar.from_ical(response.content).walk("VEVENT")[0]["UID"])


@pytest.mark.django_db
def test_the_meeting_page_offers_the_calendar_entry(client):
    meeting = _upcoming()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("network:meeting-calendar", args=[meeting.pk]) in page


@pytest.mark.django_db
def test_recording_who_came_keeps_sign_ups_apart_from_people_who_came(client):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(hours=2))
    member, signed_up_elsewhere, no_show = UserFactory(), UserFactory(full_name="Ayesha Khan"), UserFactory()
    meeting.subgroup.members.add(member, no_show)
    for person in (signed_up_elsewhere, no_show):
        Attendance.objects.create(
            meeting=meeting, user=person, signed_up_at=timezone.now() - timedelta(days=3), came=False
        )
    client.force_login(CoordinatorFactory())

    form = client.get(reverse("network:meeting-record", args=[meeting.pk])).content.decode()
    assert "Ayesha Khan" in form  # people who signed up can be ticked even if not members

    client.post(
        reverse("network:meeting-record", args=[meeting.pk]),
        {"minutes": "Good turnout.", "attendees": [member.pk, signed_up_elsewhere.pk]},
    )

    assert set(meeting.attendances.filter(came=True).values_list("user", flat=True)) == {
        member.pk,
        signed_up_elsewhere.pk,
    }
    assert meeting.attendances.get(user=no_show).came is False  # signed up, did not come: kept as such
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "2 people came" in page


@pytest.mark.django_db
def test_the_api_signs_up_and_cancels(client):
    meeting = _upcoming(online_url=LINK)
    resident = UserFactory()
    token = account_services.create_api_token(user=resident, name="mine")
    headers = {"Authorization": f"Bearer {token}"}

    assert client.post(f"/api/meetings/{meeting.pk}/attendance", headers=headers).status_code == 204
    body = client.get(f"/api/meetings/{meeting.pk}", headers=headers).json()
    assert body["signed_up_count"] == 1 and body["online_url"] == LINK
    assert client.delete(f"/api/meetings/{meeting.pk}/attendance", headers=headers).status_code == 204
    assert not meeting.attendances.exists()

    past = MeetingFactory(starts_at=timezone.now() - timedelta(days=1))
    refused = client.post(f"/api/meetings/{past.pk}/attendance", headers=headers)
    assert refused.status_code == 422 and "already taken place" in refused.content.decode()


@pytest.mark.django_db
def test_a_persons_download_lists_the_meetings_they_signed_up_for(client):
    meeting = _upcoming(title="Community radio slots")
    resident = UserFactory()
    client.force_login(resident)
    _attend(client, meeting)

    data = account_services.export_personal_data(user=resident)

    assert [entry["meeting"] for entry in data["meetings_signed_up"]] == ["Community radio slots"]


@pytest.mark.django_db
def test_a_subgroup_coordinator_sees_the_online_link_of_their_subgroups_meetings(client):
    subgroup = SubgroupFactory()
    meeting = _upcoming(subgroup=subgroup, online_url=LINK)
    coordinator = UserFactory()
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, subgroup=subgroup)
    client.force_login(coordinator)
    assert f'href="{LINK}"' in client.get(meeting.get_absolute_url()).content.decode()
