"""A person's download holds their conversation votes and statements; after erasure nothing in
conversations points at them, their words are gone and every public count stays consistent."""

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.conversations import services
from ostrom.conversations.models import Conversation, Participant, Statement, Vote
from ostrom.core import audit
from tests.conversations.factories import ConversationFactory, ParticipantFactory, StatementFactory
from tests.factories import CoordinatorFactory, UserFactory

WORDS = "My neighbour at 12 Oak Road never gets a home visit"


@pytest.fixture
def person_in_a_conversation():
    person = UserFactory()
    conversation = ConversationFactory(moderation=Conversation.Moderation.SHOW_AT_ONCE)
    seed = StatementFactory(conversation=conversation, text="Practices need interpreters on site")
    participant = services.join(conversation=conversation, user=person)
    services.cast_vote(participant=participant, statement=seed, value=Vote.DISAGREE)
    written = services.submit_statement(participant=participant, text=WORDS)
    neighbour = ParticipantFactory(conversation=conversation)
    services.cast_vote(participant=neighbour, statement=written, value=Vote.AGREE)
    services.cast_vote(participant=neighbour, statement=seed, value=Vote.AGREE)
    return person, conversation, written


@pytest.mark.django_db
def test_the_download_holds_the_persons_votes_and_statements(person_in_a_conversation):
    person, conversation, _ = person_in_a_conversation

    data = account_services.export_personal_data(user=person)

    assert [v["statement"] for v in data["conversation_votes"]] == ["Practices need interpreters on site"]
    assert data["conversation_votes"][0]["answer"] == "Disagree"
    assert [s["text"] for s in data["conversation_statements"]] == [WORDS]
    assert data["conversations"][0]["conversation"] == conversation.question


@pytest.mark.django_db
def test_after_erasure_nothing_points_at_the_person_and_their_words_are_gone(
    client, person_in_a_conversation
):
    person, conversation, written = person_in_a_conversation
    coordinator = CoordinatorFactory()
    opened = services.open_conversation(
        coordinator=coordinator, question="Another question", seed_statements=["Open on Saturdays please"]
    )

    account_services.erase_person(user=person, requested_by=person)
    account_services.erase_person(user=coordinator, requested_by=coordinator)

    assert not Participant.objects.filter(user=person).exists()
    assert not Vote.objects.filter(participant__user=person).exists()
    written.refresh_from_db()
    assert written.author is None and WORDS not in written.text and not written.is_shown
    assert not Statement.objects.filter(text__contains="Oak Road").exists()
    assert not any("Oak Road" in entry.object_repr for entry in audit.entries())
    opened.refresh_from_db()
    assert opened.created_by is None and not Statement.objects.filter(moderated_by=coordinator).exists()
    # The public export no longer has their words, their vote or the votes on their statement.
    votes = client.get(
        reverse("conversations:polis-export", args=[conversation.slug, "votes"])
    ).content.decode()
    comments = client.get(
        reverse("conversations:polis-export", args=[conversation.slug, "comments"])
    ).content.decode()
    assert (
        "Oak Road" not in comments and len(votes.splitlines()) == 2
    )  # the header and the neighbour's one vote
    assert comments.splitlines()[1].split(",")[4:6] == ["1", "0"]  # one agree, no disagree left
