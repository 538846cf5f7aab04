"""Every form of the collective shows again what was typed and chosen when something needs fixing."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CoordinatorFactory,
    MeetingFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


def _checked(page: str, name: str, value) -> bool:
    return re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*checked', page, re.S) is not None


def _selected(page: str, value) -> bool:
    return re.search(rf'<option[^>]*value="{value}"[^>]*selected', page, re.S) is not None


@pytest.mark.django_db
def test_the_join_form_keeps_everything_typed_and_chosen(client):
    ladywood = PlaceFactory(name="Ladywood", kind="locality")
    subgroup = SubgroupFactory()
    client.force_login(UserFactory())

    page = client.post(
        reverse("network:join"),
        {
            "name": "Lozells Mums and Tots",
            "kind": "faith_group",
            "description": "Stay and play on Tuesdays",
            "places_served": [ladywood.pk],
            "subgroups": [subgroup.pk],
            "contact_name": "Shabana Iqbal",
            "contact_email": "not an email",
            "contact_phone": "0121 496 0000",
            "show_contact_details": "on",
            "role_title": "Chair",
            "charity_number": "12",
            "company_number": "AB123456",
            "website": "https://lozells.example.org",
        },
    ).content.decode()

    assert "There is a problem" in page
    for typed in (
        "Lozells Mums and Tots",
        "Shabana Iqbal",
        "not an email",
        "0121 496 0000",
        "Chair",
        "12",
        "AB123456",
    ):
        assert f'value="{typed}"' in page, typed
    assert 'value="https://lozells.example.org"' in page and "Stay and play on Tuesdays" in page
    assert _checked(page, "kind", "faith_group") and _checked(page, "places_served", ladywood.pk)
    assert _checked(page, "subgroups", subgroup.pk) and _checked(page, "show_contact_details", "on")


@pytest.mark.django_db
def test_the_meeting_form_keeps_everything_typed_and_chosen(client):
    ward = PlaceFactory(name="Soho", kind="ward")
    subgroup = SubgroupFactory()
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("network:meeting-create"),
        {
            "subgroup": subgroup.pk,
            "title": "",
            "starts_at": "2030-12-03 18:30",
            "place": ward.pk,
            "venue": "Soho Road Library",
            "online_url": "https://meet.example.org/soho",
            "agenda": "1. Welcome",
        },
    ).content.decode()

    assert "Enter a title for the meeting" in page
    assert 'value="2030-12-03 18:30"' in page and 'value="Soho Road Library"' in page
    assert 'value="https://meet.example.org/soho"' in page and "1. Welcome" in page
    assert _selected(page, subgroup.pk) and _selected(page, ward.pk)


@pytest.mark.django_db
def test_the_record_form_keeps_the_ticks_when_the_minutes_are_missing(client):
    meeting = MeetingFactory(starts_at=timezone.now())
    came = UserFactory()
    meeting.subgroup.members.add(came, UserFactory())
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("network:meeting-record", args=[meeting.pk]), {"minutes": "", "attendees": [came.pk]}
    ).content.decode()

    assert "Enter the minutes of the meeting" in page and _checked(page, "attendees", came.pk)


@pytest.mark.django_db
def test_the_decision_form_keeps_the_choice_when_a_reason_is_missing(client):
    ladywood = PlaceFactory(kind="locality")
    organisation = OrganisationFactory(status="applied", joined_on=None, places_served=[ladywood])
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("network:decide", args=[organisation.pk]), {"decision": "decline", "note": " "}
    ).content.decode()

    assert "Say why the organisation cannot join" in page and _checked(page, "decision", "decline")
