"""The Open Space pages without JavaScript: forms keep what was typed, refusals name the problem, the
wall places topics by plain form and by htmx, and the report shows who came only to those allowed."""

import pytest
from django.test import Client
from django.urls import reverse

from ostrom.accounts.models import Role
from ostrom.events import services
from ostrom.events.models import Action, ActionKind, Topic
from tests.events.factories import open_space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def checked_in_browser(os, name="Amira"):
    """A phone without an account that scanned the QR code and checked in."""
    client = Client()
    client.get(reverse("events:event-detail", args=[os.event.slug]))  # the cookie with the browser's key
    response = client.post(
        reverse("events:check-in", args=[os.event.slug, os.event.check_in_token]), {"name": name}
    )
    assert response.status_code == 302
    return client


def test_the_check_in_page_needs_the_secret_and_a_browser_that_checked_in_can_propose_a_topic():
    os = open_space()
    client = Client()
    assert client.get(reverse("events:check-in", args=[os.event.slug, "guessed"])).status_code == 404
    assert client.get(reverse("events:propose-topic", args=[os.event.slug])).status_code == 403

    client = checked_in_browser(os)
    response = client.post(
        reverse("events:propose-topic", args=[os.event.slug]),
        {"title": "Transport to appointments", "proposer_name": "Amira", "leaning": "together"},
    )
    assert response.status_code == 302
    assert Topic.objects.get().proposer.name == "Amira"


def test_a_topic_form_with_a_problem_keeps_what_was_typed():
    os = open_space()
    client = checked_in_browser(os)
    response = client.post(
        reverse("events:propose-topic", args=[os.event.slug]),
        {"title": "Benches on the way to the GP", "proposer_name": "Amira"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose which of the three kinds your topic leans to" in page
    assert 'value="Benches on the way to the GP"' in page


def test_placing_a_topic_where_another_is_says_which_and_keeps_the_choice():
    os = open_space()
    amira = os.check_in("Amira")
    first = services.propose_topic(
        event=os.event,
        participant=amira,
        title="Transport to appointments",
        proposer_name="A",
        leaning="together",
    )
    second = services.propose_topic(
        event=os.event, participant=amira, title="Loneliness", proposer_name="A", leaning="ourselves"
    )
    client = Client()
    client.force_login(os.facilitator)
    url = reverse("events:place-topic", args=[os.event.slug])
    room, eleven = os.space("Room 2"), os.slot("11:00")
    response = client.post(url, {"topic": first.pk, "space": room.pk, "slot": eleven.pk})
    assert response.status_code == 302

    response = client.post(url, {"topic": second.pk, "space": room.pk, "slot": eleven.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Room 2 at 11:00 already has “Transport to appointments”" in page
    assert f'<option value="{second.pk}" selected' in page

    # With htmx only the wall comes back, with the same message.
    response = client.post(
        url, {"topic": second.pk, "space": room.pk, "slot": eleven.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "already has “Transport to appointments”" in response.content.decode()
    assert "<html" not in response.content.decode()
    response = client.post(
        url, {"topic": second.pk, "space": room.pk, "slot": os.slot("12:00").pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "“Loneliness” is in Room 2 at 12:00" in response.content.decode()


def test_the_wall_shows_empty_places_and_topics_waiting_and_the_projector_refreshes_itself():
    os = open_space()
    amira = os.check_in("Amira")
    services.propose_topic(
        event=os.event, participant=amira, title="Food banks", proposer_name="A", leaning="for_us"
    )
    page = Client().get(reverse("events:wall", args=[os.event.slug])).content.decode()
    assert "9 places on the wall are empty." in page
    assert "Food banks" in page and "Put a topic on the wall" not in page
    projector = Client().get(reverse("events:projector", args=[os.event.slug])).content.decode()
    assert 'hx-trigger="every 20s"' in projector


def test_an_action_without_a_kind_is_refused_on_the_session_page_keeping_the_text():
    os = open_space()
    client = checked_in_browser(os)
    client.post(
        reverse("events:propose-topic", args=[os.event.slug]),
        {"title": "Transport", "proposer_name": "Amira", "leaning": "together"},
    )
    topic = Topic.objects.get()
    response = client.post(
        reverse("events:add-action", args=[os.event.slug, topic.pk]),
        {"action-text": "Ask for a community bus", "action-owner": "Amira"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose which of the three kinds of action this is" in page
    assert "Ask for a community bus" in page and 'value="Amira"' in page
    assert not Action.objects.exists()
    for kind in ActionKind.values:
        response = client.post(
            reverse("events:add-action", args=[os.event.slug, topic.pk]),
            {"action-text": f"Do {kind}", "action-kind": kind},
        )
        assert response.status_code == 302
    assert Action.objects.count() == 3


def test_going_to_a_session_from_the_session_page():
    os = open_space()
    client = checked_in_browser(os)
    client.post(
        reverse("events:propose-topic", args=[os.event.slug]),
        {"title": "Transport", "proposer_name": "Amira", "leaning": "together"},
    )
    topic = Topic.objects.get()
    client.post(reverse("events:going", args=[os.event.slug, topic.pk]), {"going": "yes"})
    page = client.get(reverse("events:session", args=[os.event.slug, topic.pk])).content.decode()
    assert "1 person is going" in page and "not going after all" in page


def _report_with_people(os):
    place_users = []
    for n in range(25):
        user = UserFactory()
        os.check_in(f"P{n}", user=user)
        place_users.append(user)
    topic = services.propose_topic(
        event=os.event,
        user=os.coordinator,
        participant=None,
        title="Transport",
        proposer_name="Lee",
        leaning="together",
    )
    services.record_highlight(
        topic=topic, user=os.coordinator, participant=None, text="Buses skip the estate"
    )
    services.record_action(
        event=os.event,
        topic=topic,
        user=os.coordinator,
        participant=None,
        text="Ask for a bus",
        kind="for_us",
    )
    services.add_impression(
        event=os.event, user=os.coordinator, participant=None, text="Felt heard", name="Jo"
    )
    return topic


def test_the_report_groups_actions_by_kind_and_shows_who_came_only_to_those_allowed():
    os = open_space()
    _report_with_people(os)
    url = reverse("events:report", args=[os.event.slug])
    assert Client().get(url).status_code == 403  # not published yet
    services.publish_report(by=os.coordinator, event=os.event)

    public = Client().get(url).content.decode()
    assert "Buses skip the estate" in public and "Felt heard" in public
    assert "What we need services to do for us (1)" in public
    assert "Who came" not in public

    coordinator = Client()
    coordinator.force_login(os.coordinator)
    page = coordinator.get(url).content.decode()
    assert "Who came" in page and "Ethnic group" in page

    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER, place=os.place)
    client = Client()
    client.force_login(partner)
    assert "Who came" in client.get(url).content.decode()


def test_the_report_downloads_as_a_pdf():
    os = open_space()
    _report_with_people(os)
    services.publish_report(by=os.coordinator, event=os.event)
    response = Client().get(reverse("events:report-pdf", args=[os.event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_coordinator_sees_the_check_in_qr_code_and_adds_a_walk_in():
    os = open_space()
    client = Client()
    client.force_login(os.coordinator)
    page = client.get(reverse("events:run", args=[os.event.slug])).content.decode()
    assert "<svg" in page and os.event.check_in_token in page
    svg = client.get(reverse("events:check-in-qr", args=[os.event.slug]))
    assert svg["Content-Type"] == "image/svg+xml"
    response = client.post(reverse("events:walk-in", args=[os.event.slug]), {"name": ""})
    assert response.status_code == 400 and "Enter your first name or initials" in response.content.decode()
    client.post(reverse("events:walk-in", args=[os.event.slug]), {"name": "Pat"})
    assert os.event.participants.checked_in().get().name == "Pat"


def test_setting_up_an_event_from_the_form():
    os = open_space()
    client = Client()
    client.force_login(os.coordinator)
    data = {
        "title": "What matters to me in Ladywood",
        "place": os.place.pk,
        "venue_name": "St John's Church hall",
        "day": "2027-03-14",
        "starts": "10:00",
        "ends": "15:00",
        "spaces": "Hall\nKitchen",
        "slots": "11:00-11:45\n12:00-12:45",
    }
    response = client.post(reverse("events:event-create"), data | {"slots": "eleven"})
    assert (
        response.status_code == 400 and "Write each time slot like 11:00-11:45" in response.content.decode()
    )
    assert 'value="St John&#39;s Church hall"' in response.content.decode()
    response = client.post(reverse("events:event-create"), data)
    assert response.status_code == 302
    event = os.event.__class__.objects.get(venue_name="St John's Church hall")
    assert [str(slot) for slot in event.slots.all()] == ["11:00", "12:00"]
