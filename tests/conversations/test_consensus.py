"""Consensus on the results page: what most people in every opinion group agreed on, and what they
disagreed with, under their own headings and with the real figures."""

import numpy as np
import pytest
from django.urls import reverse

from ostrom.conversations import mapping
from ostrom.conversations.models import Participant, Statement, Vote
from tests.conversations.factories import ConversationFactory
from tests.conversations.test_conversations import _vote_in_three_groups


def _section(page: str, heading: str) -> str:
    return page.split(heading, 1)[1].split("<h2", 1)[0]


@pytest.mark.django_db
def test_agreed_and_disagreed_consensus_are_apart_and_a_split_majority_is_not_consensus(client):
    conversation = ConversationFactory()
    statements = _vote_in_three_groups(conversation, np.random.default_rng(7))
    for number, statement in enumerate(statements):
        Statement.objects.filter(pk=statement.pk).update(text=f"Statement number {number} of the test")
    rejected = Statement.objects.create(
        conversation=conversation, text="Everyone rejects this one", status="accepted"
    )
    for participant in Participant.objects.filter(conversation=conversation):
        Vote.objects.create(
            participant=participant, statement=rejected, value=-1 if participant.pk % 10 else 1
        )
    result = mapping.redraw_map(conversation=conversation)
    # The engine's majority of everyone includes statement 7, which two groups disagreed with and one
    # group agreed with: that is no consensus.
    assert statements[7].pk in [item["statement"] for item in result.consensus["disagree"]]

    page = " ".join(
        client.get(reverse("conversations:results", args=[conversation.slug])).content.decode().split()
    )
    agreed = _section(page, "Where most people in every group agreed")
    disagreed = _section(page, "Where most people in every group disagreed")

    assert "almost everyone" not in page.lower()
    assert "Statement number 10 of the test" in agreed and "Statement number 11 of the test" in agreed
    assert "Everyone rejects this one" in disagreed and "Everyone rejects this one" not in agreed
    assert "Statement number 7 of the test" not in agreed + disagreed
    assert "Statement number 3 of the test" not in agreed + disagreed
    rejected_count = Vote.objects.filter(statement=rejected, value=-1).count()
    share = round(100 * rejected_count / Vote.objects.filter(statement=rejected).count())
    assert f"{share}% of the 120 people who answered disagreed" in disagreed
