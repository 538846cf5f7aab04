"""Statements in the languages people write in: kept as written and labelled, translated by a coordinator,
and the same statement on the map whatever language each person read it in."""

import pytest
from django.urls import reverse

from ostrom.conversations.models import Statement, Vote
from ostrom.conversations.translations import CONVERSATION, items
from ostrom.translations import services
from tests.conversations.factories import ConversationFactory, StatementFactory, place_coordinator
from tests.factories import PlaceFactory, UserFactory

pytestmark = pytest.mark.django_db

URDU = "کلینک شام کو بھی کھلے رہنے چاہئیں"
ENGLISH = "Clinics should stay open in the evening too"


@pytest.fixture
def conversation():
    return ConversationFactory(place=PlaceFactory(name="Ladywood"), moderation="show_at_once")


def _reader(client, language, settings):
    reader = UserFactory()
    client.force_login(reader)
    client.post(reverse("accounts:language"), {"language": language, "next": "/"})
    return reader


def _key(conversation, statement):
    return next(item.key for item in items(conversation) if item.instance == statement)


def test_a_statement_written_in_urdu_is_kept_and_labelled_then_read_in_english_once_translated(
    client, conversation, settings
):
    writer = UserFactory()
    client.force_login(writer)
    page = client.post(
        reverse("conversations:add-statement", args=[conversation.slug]), {"text": URDU, "language": "ur"}
    )
    assert page.status_code == 302
    statement = Statement.objects.get()
    assert (statement.text, statement.language) == (URDU, "ur")

    client.logout()
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert f'id="statement-text" lang="ur" dir="rtl">{URDU}</p>' in html
    assert "Written in Urdu" in html

    coordinator = place_coordinator(conversation.place)
    services.save_translations(
        actor=coordinator,
        kind=CONVERSATION,
        document=conversation,
        language="en-gb",
        texts={_key(conversation, statement): ENGLISH},
    )
    html = client.get(conversation.get_absolute_url()).content.decode()
    assert f'id="statement-text">{ENGLISH}</p>' in html
    assert "Translated from Urdu" in html and "Show the original" in html
    original = client.get(conversation.get_absolute_url(), {"original": "1"}).content.decode()
    assert URDU in original and ENGLISH not in original


def test_votes_from_readers_of_either_language_count_for_the_same_statement(client, conversation, settings):
    statement = StatementFactory(conversation=conversation, text=ENGLISH)
    services.save_translations(
        actor=place_coordinator(conversation.place),
        kind=CONVERSATION,
        document=conversation,
        language="ur",
        texts={_key(conversation, statement): URDU},
    )
    vote_url = reverse("conversations:vote", args=[conversation.slug])

    _reader(client, "ur", settings)
    assert URDU in client.get(conversation.get_absolute_url()).content.decode()
    client.post(vote_url, {"statement": statement.pk, "value": Vote.AGREE})
    _reader(client, "en-gb", settings)
    assert ENGLISH in client.get(conversation.get_absolute_url()).content.decode()
    client.post(vote_url, {"statement": statement.pk, "value": Vote.AGREE})

    assert list(Vote.objects.values_list("statement_id", flat=True)) == [statement.pk, statement.pk]


def test_the_statement_form_offers_the_readers_language_first(client, conversation, settings):
    _reader(client, "ur", settings)
    html = client.get(conversation.get_absolute_url()).content.decode()

    assert '<option value="ur" selected>' in html
    assert "اردو (Urdu)" in html


def test_a_language_that_is_not_offered_is_refused_and_the_statement_kept_in_the_form(client, conversation):
    client.force_login(UserFactory())
    page = client.post(
        reverse("conversations:add-statement", args=[conversation.slug]), {"text": ENGLISH, "language": "xx"}
    )

    assert page.status_code == 400
    assert "Choose a language from the list" in page.content.decode()
    assert ENGLISH in page.content.decode()
    assert not Statement.objects.exists()


def test_the_api_gives_statements_in_the_language_asked_for_with_the_original(client, conversation):
    statement = StatementFactory(conversation=conversation, text=ENGLISH)
    services.save_translations(
        actor=place_coordinator(conversation.place),
        kind=CONVERSATION,
        document=conversation,
        language="ur",
        texts={_key(conversation, statement): URDU},
    )
    url = f"/api/conversations/{conversation.slug}/statements"

    [urdu] = client.get(url, {"language": "ur"}).json()
    [english] = client.get(url).json()

    assert (urdu["text"], urdu["language"]) == (URDU, "ur")
    assert (urdu["original_text"], urdu["original_language"]) == (ENGLISH, "en-gb")
    assert (english["text"], english["language"]) == (ENGLISH, "en-gb")
    assert client.get(url, {"language": "de"}).status_code == 422
