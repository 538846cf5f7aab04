"""Counts read as English: "1 person gave 1 answer", never "1 people" or "1 were"."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ostrom.conversations.models import OpinionMapResult, Vote
from tests.conversations.factories import ConversationFactory, ParticipantFactory, StatementFactory
from tests.factories import CoordinatorFactory


def _words(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_a_map_of_one_person_says_person_answer_and_group_in_the_singular(client):
    statement = StatementFactory()
    participant = ParticipantFactory(conversation=statement.conversation)
    Vote.objects.create(participant=participant, statement=statement, value=Vote.AGREE)
    OpinionMapResult.objects.create(
        conversation=statement.conversation,
        participant_count=1,
        vote_count=1,
        groups={str(participant.pk): 0},
        positions={str(participant.pk): [0.0, 0.0]},
        representative={"0": []},
        consensus={"agree": [], "disagree": []},
        group_votes={"0": {str(statement.pk): [1, 0, 1]}},
        warm_start={},
    )

    page = _words(client.get(reverse("conversations:results", args=[statement.conversation.slug])))

    assert "1 person gave 1 answer." in page
    assert "form 1 opinion group." in page
    assert "Group A: 1 person," in page and '<p class="nhsuk-body">1 person.</p>' in page
    assert "1 people" not in page and "1 answers" not in page and "1 opinion groups" not in page


@pytest.mark.django_db
def test_importing_one_vote_says_one_vote(client):
    conversation = ConversationFactory()
    client.force_login(CoordinatorFactory())
    comments = b"timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n1,x,0,1,1,0,1,Evening clinics please\n"
    votes = b"timestamp,datetime,comment-id,voter-id,vote\n1,x,0,5,1\n"

    response = client.post(
        reverse("conversations:polis-import", args=[conversation.slug]),
        {"comments": SimpleUploadedFile("c.csv", comments), "votes": SimpleUploadedFile("v.csv", votes)},
        follow=True,
    )

    assert "Imported 1 vote." in _words(response)
