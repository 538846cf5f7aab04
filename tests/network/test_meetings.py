import pytest
from django.urls import reverse

from ostrom.network.models import Meeting
from tests.factories import CoordinatorFactory, MeetingFactory, PlaceFactory, SubgroupFactory, UserFactory


@pytest.mark.django_db
def test_a_coordinator_records_minutes_and_who_came(client):
    meeting = MeetingFactory()
    came, stayed_home = UserFactory(full_name="Grace Campbell"), UserFactory()
    meeting.subgroup.members.add(came, stayed_home)
    client.force_login(CoordinatorFactory())

    client.post(
        reverse("network:meeting-record", args=[meeting.pk]),
        {"minutes": "We agreed to ask for interpreters.", "attendees": [came.pk]},
    )

    assert list(meeting.attendees.all()) == [came]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "We agreed to ask for interpreters." in page and "Grace Campbell" in page


@pytest.mark.django_db
def test_a_resident_cannot_record_a_meeting(client):
    meeting = MeetingFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("network:meeting-record", args=[meeting.pk])).status_code == 403


@pytest.mark.django_db
def test_a_coordinator_schedules_a_meeting_and_errors_keep_the_typing(client):
    subgroup = SubgroupFactory()
    client.force_login(CoordinatorFactory())
    page = client.post(
        reverse("network:meeting-create"),
        {"subgroup": subgroup.pk, "title": "Interpreters at the practice", "starts_at": "next tuesday"},
    ).content.decode()
    assert "Enter a date and time" in page and 'value="Interpreters at the practice"' in page

    client.post(
        reverse("network:meeting-create"),
        {"subgroup": subgroup.pk, "title": "Interpreters at the practice", "starts_at": "2026-12-03 18:30"},
    )
    assert Meeting.objects.get().title == "Interpreters at the practice"


@pytest.mark.django_db
def test_lists_filter_by_place_and_subgroup(client):
    birmingham = PlaceFactory(kind="place", name="Birmingham")
    ladywood = PlaceFactory(kind="locality", name="Ladywood", parent=birmingham)
    perry_barr = PlaceFactory(kind="locality", name="Perry Barr", parent=birmingham)
    ward = PlaceFactory(kind="ward", name="Soho", parent=ladywood)
    trust, comms = SubgroupFactory(name="Building trust"), SubgroupFactory(name="Communications")
    MeetingFactory(title="Soho listening event", place=ward, subgroup=trust)
    MeetingFactory(title="Perry Barr radio slot", place=perry_barr, subgroup=comms)

    in_ladywood = client.get(reverse("network:meeting-list"), {"place": ladywood.code}).content.decode()
    in_comms = client.get(reverse("network:meeting-list"), {"subgroup": comms.slug}).content.decode()

    assert "Soho listening event" in in_ladywood and "Perry Barr radio slot" not in in_ladywood
    assert "Perry Barr radio slot" in in_comms and "Soho listening event" not in in_comms
