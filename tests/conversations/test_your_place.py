"""A participant sees where they are on the map, reviews and changes their own answers without
JavaScript, and answers with three buttons of equal weight."""

import re

import numpy as np
import pytest
from django.urls import reverse

from ostrom.conversations import mapping, services
from ostrom.conversations.models import Participant, Vote
from tests.conversations.factories import ConversationFactory, StatementFactory
from tests.conversations.test_conversations import _vote_in_three_groups
from tests.factories import UserFactory


def _words(response) -> str:
    return " ".join(response.content.decode().split())


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.django_db
def test_agree_disagree_and_pass_are_buttons_of_equal_weight(client):
    statement = StatementFactory()

    page = client.get(statement.conversation.get_absolute_url()).content.decode()

    buttons = re.findall(r'<button class="([^"]*)"[^>]*name="value"', page)
    assert len(buttons) == 3 and len(set(buttons)) == 1


@pytest.mark.django_db
def test_a_placed_participant_is_told_their_group_and_marked_on_the_map(client):
    conversation = ConversationFactory()
    _vote_in_three_groups(conversation, np.random.default_rng(7))
    result = mapping.redraw_map(conversation=conversation)
    person = UserFactory()
    placed = Participant.objects.get(pk=next(iter(result.groups)))
    placed.user, placed.anonymous_key = person, None
    placed.save()
    client.force_login(person)

    page = _words(client.get(reverse("conversations:results", args=[conversation.slug])))

    group_names = re.findall(r"Group [A-E]: what sets them apart", page)
    assert len(group_names) == 3
    assert re.search(r"You are in Group [ABC]\b", page)
    assert page.count('id="you-are-here"') == 1 and "circled" in page


@pytest.mark.django_db
def test_a_participant_not_yet_placed_is_told_how_to_get_on_the_map(client):
    conversation = ConversationFactory()
    statements = _vote_in_three_groups(conversation, np.random.default_rng(7))
    mapping.redraw_map(conversation=conversation)
    person = UserFactory()
    participant = services.join(conversation=conversation, user=person)
    Vote.objects.create(participant=participant, statement=statements[0], value=Vote.AGREE)
    client.force_login(person)

    page = _words(client.get(reverse("conversations:results", args=[conversation.slug])))

    assert "You are not on the map yet" in page and 'id="you-are-here"' not in page


@pytest.mark.django_db
def test_a_participant_reviews_and_changes_their_answers_without_javascript(client):
    conversation = ConversationFactory()
    first, second, unanswered = (StatementFactory(conversation=conversation) for _ in range(3))
    vote = reverse("conversations:vote", args=[conversation.slug])
    client.get(conversation.get_absolute_url())
    client.post(vote, {"statement": first.pk, "value": "1"})
    client.post(vote, {"statement": second.pk, "value": "0"})
    answers = reverse("conversations:my-answers", args=[conversation.slug])

    assert f'href="{answers}"' in client.get(conversation.get_absolute_url()).content.decode()
    page = _text(client.get(answers))
    assert first.text in page and second.text in page and unanswered.text not in page
    assert "Your answer: Agree" in page and "Your answer: Pass or unsure" in page

    response = client.post(answers, {"statement": first.pk, "value": "-1"})

    assert response.status_code == 302 and response.url == answers
    assert Vote.objects.get(statement=first).value == Vote.DISAGREE
    assert "Your answer: Disagree" in _text(client.get(answers))
