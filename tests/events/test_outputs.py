"""What leaves an Open Space: its actions as decision input (once the report is published), who took
part for reach, a person's data for download and erasure, and the API."""

import pytest
from django.test import Client

from ostrom.accounts.services import erase_person, export_personal_data
from ostrom.decisions import inputs
from ostrom.events import services
from ostrom.events.models import Participant, Topic
from tests.events.factories import open_space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    os = open_space()
    bilal = UserFactory(full_name="Bilal Khan")
    with_account = os.check_in(user=bilal, name="")
    os.check_in("Amira", key="amira-phone")
    services.sign_up(event=os.event, key="stayed-home", name="Sam")  # signed up, never came
    topic = services.propose_topic(
        event=os.event, participant=with_account, title="Transport", proposer_name="Bilal", leaning="together"
    )
    action = services.record_action(
        event=os.event, topic=topic, participant=with_account, text="Ask for a community bus", kind="for_us"
    )
    return os, bilal, topic, action


def test_an_action_is_citable_once_the_report_is_published_with_its_kind_and_topic(day):
    os, _, _, action = day
    kind = inputs.input_kind("events.action")
    assert kind.item(action.pk) is None and list(kind.candidates([os.place])) == []
    services.publish_report(by=os.coordinator, event=os.event)
    item = kind.item(action.pk)
    assert item.title == "What we need services to do for us: Ask for a community bus"
    assert "the session “Transport”" in item.source
    assert [i.object_id for i in kind.candidates([os.place])] == [action.pk]


def test_who_took_part_is_everyone_checked_in_accounts_by_id_the_rest_as_a_number(day):
    os, bilal, _, action = day
    taking_part = inputs.input_kind("events.action").participation([action.pk])
    assert taking_part.user_ids == frozenset({bilal.pk})
    assert taking_part.anonymous == 1  # Amira; Sam signed up but did not come


def test_the_account_page_lists_the_events_a_person_came_to(day):
    os, bilal, _, _ = day
    client = Client()
    client.force_login(bilal)
    page = client.get("/my-account/").content.decode()
    assert "Your Open Space events" in page and "you came" in page
    client.force_login(UserFactory())
    assert "Your Open Space events" not in client.get("/my-account/").content.decode()


def test_a_persons_data_downloads_and_erasure_leaves_no_name(day):
    os, bilal, topic, _ = day
    data = export_personal_data(user=bilal)
    assert data["open_space_events"][0]["topics_proposed"] == ["Transport"]
    erase_person(user=bilal, requested_by=bilal)
    topic.refresh_from_db()
    assert topic.proposer_name == "Someone"
    assert not Participant.objects.filter(name="Bilal").exists()
    assert os.event.participants.checked_in().count() == 2  # counts hold


def test_the_api_reads_the_agenda_and_writes_through_the_same_rules(day):
    os, bilal, topic, _ = day
    client = Client()
    agenda = client.get(f"/api/events/{os.event.slug}/agenda").json()
    assert [s["name"] for s in agenda["spaces"]] == ["Main hall", "Room 2", "Garden room"]
    assert agenda["unplaced"][0]["title"] == "Transport"

    client.force_login(bilal)
    response = client.post(
        f"/api/events/{os.event.slug}/sessions/{topic.pk}/actions",
        {"text": "Ask the council", "kind": ""},
        content_type="application/json",
    )
    assert response.status_code == 422 and "kind" in response.json()["detail"]
    response = client.put(
        f"/api/events/{os.event.slug}/topics/{topic.pk}/place",
        {"space_id": os.space("Room 2").pk, "slot_id": os.slot("11:00").pk},
        content_type="application/json",
    )
    assert response.status_code == 403  # taking part is not placing

    facilitator = Client()
    facilitator.force_login(os.facilitator)
    other = Topic.objects.create(event=os.event, title="Food", proposer_name="A", leaning="ourselves")
    url = f"/api/events/{os.event.slug}/topics/{{}}/place"
    body = {"space_id": os.space("Room 2").pk, "slot_id": os.slot("11:00").pk}
    assert facilitator.put(url.format(topic.pk), body, content_type="application/json").status_code == 200
    clash = facilitator.put(url.format(other.pk), body, content_type="application/json")
    assert clash.status_code == 422
    assert clash.json()["detail"]["__all__"] == ["Room 2 at 11:00 already has “Transport”"]

    stranger = Client()
    stranger.force_login(UserFactory())
    response = stranger.post(
        f"/api/events/{os.event.slug}/topics",
        {"title": "From home", "proposer_name": "X", "leaning": "ourselves"},
        content_type="application/json",
    )
    assert response.status_code == 403
