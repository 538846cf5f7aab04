"""A conversation says whether it is not yet open, open or closed, with the date, wherever it appears."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.conversations.models import Vote
from tests.conversations.factories import ConversationFactory, StatementFactory


def _starting_in_a_week():
    opens = timezone.now() + timedelta(days=7)
    conversation = ConversationFactory(opens_at=opens, closes_at=opens + timedelta(days=14))
    StatementFactory(conversation=conversation)
    return conversation


def _closed_last_week():
    closes = timezone.now() - timedelta(days=7)
    conversation = ConversationFactory(opens_at=closes - timedelta(days=30), closes_at=closes)
    StatementFactory(conversation=conversation)
    return conversation


def _words(response) -> str:
    return " ".join(response.content.decode().split())


def _day(moment):
    return f"{timezone.localtime(moment).day} {timezone.localtime(moment):%B %Y}"


@pytest.mark.django_db
def test_a_conversation_that_has_not_opened_says_when_it_opens_not_that_it_is_closed(client):
    conversation = _starting_in_a_week()
    opens_on = _day(conversation.opens_at)

    page = _words(client.get(conversation.get_absolute_url()))
    listing = _words(client.get(reverse("conversations:conversation-list")))

    for html in (page, listing):
        assert "Not open yet" in html and "The conversation opens at" in html and opens_on in html
        assert "closed" not in html.lower()
    assert not conversation.is_open and conversation.window.state == "not_yet_open"


@pytest.mark.django_db
def test_a_vote_before_the_conversation_opens_is_refused_with_the_opening_date(client):
    conversation = _starting_in_a_week()
    client.get(conversation.get_absolute_url())

    response = client.post(
        reverse("conversations:vote", args=[conversation.slug]),
        {"statement": conversation.statements.get().pk, "value": "1"},
    )

    assert response.status_code == 409
    assert "The conversation opens at" in _words(response) and _day(conversation.opens_at) in _words(response)
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_closed_conversation_says_when_it_closed_and_an_open_one_until_when(client):
    closed = _closed_last_week()
    open_one = ConversationFactory(closes_at=timezone.now() + timedelta(days=3))

    closed_page = _words(client.get(closed.get_absolute_url()))
    closed_results = _words(client.get(reverse("conversations:results", args=[closed.slug])))
    open_page = _words(client.get(open_one.get_absolute_url()))
    listing = _words(client.get(reverse("conversations:conversation-list")))

    for html in (closed_page, closed_results, listing):
        assert "The conversation closed at" in html and f"{_day(closed.closes_at)}." in html
    assert "The conversation is open until" in open_page and "is open until" in listing
    assert closed.is_open is False and open_one.is_open is True


@pytest.mark.django_db
def test_the_api_gives_each_conversations_window(client):
    waiting, closed = _starting_in_a_week(), _closed_last_week()

    listed = {c["slug"]: c for c in client.get("/api/conversations").json()}
    one = client.get(f"/api/conversations/{waiting.slug}").json()

    assert listed[waiting.slug]["window"]["state"] == "not_yet_open"
    assert listed[closed.slug]["window"]["state"] == "closed"
    assert one["window"]["text"].startswith("The conversation opens at")
    assert one["window"]["text"].endswith(f"{_day(waiting.opens_at)}.")
    assert one["window"]["opens_at"].startswith(str(timezone.localtime(waiting.opens_at).year))
