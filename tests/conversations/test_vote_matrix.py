"""The map's input read straight from the database (a binary COPY on PostgreSQL) holds exactly the votes
the ORM reads: latest answers only, passes kept, statements not shown and erased people left out."""

import numpy as np
import pytest

from ostrom.accounts import services as account_services
from ostrom.conversations import services
from ostrom.conversations.models import Conversation, Statement, Vote
from ostrom.conversations.selectors import vote_matrix_for
from ostrom.opinion import VoteMatrix
from tests.conversations.factories import ConversationFactory, ParticipantFactory, StatementFactory
from tests.factories import CoordinatorFactory, UserFactory


def _the_orm_way(conversation: Conversation) -> VoteMatrix:
    rows = (
        Vote.objects.filter(statement__in=conversation.statements.shown())
        .order_by("cast_at", "pk")
        .values_list("participant_id", "statement_id", "value")
    )
    participants, statements, values = zip(*rows, strict=True)
    return VoteMatrix.from_votes(participants, statements, values)


@pytest.mark.django_db
def test_the_map_reads_the_same_votes_as_the_orm():
    conversation = ConversationFactory(moderation=Conversation.Moderation.SHOW_AT_ONCE)
    other_conversation = ConversationFactory()
    statements = StatementFactory.create_batch(4, conversation=conversation)
    people = ParticipantFactory.create_batch(6, conversation=conversation)
    generator = np.random.default_rng(1)
    for participant in people:
        for statement in statements:
            services.cast_vote(
                participant=participant, statement=statement, value=int(generator.choice([-1, 0, 1]))
            )
    # A changed answer, a pass, a statement taken out after votes, one waiting for review, votes in
    # another conversation, and a person who voted and then was erased.
    services.cast_vote(participant=people[0], statement=statements[0], value=Vote.DISAGREE)
    services.cast_vote(participant=people[0], statement=statements[0], value=Vote.AGREE)
    services.cast_vote(participant=people[1], statement=statements[1], value=Vote.PASS)
    coordinator = CoordinatorFactory()
    services.moderate_statement(
        moderator=coordinator, statement=statements[3], decision="reject", reason="Names a person"
    )
    StatementFactory(conversation=conversation, status=Statement.Status.WAITING)
    elsewhere = StatementFactory(conversation=other_conversation)
    services.cast_vote(
        participant=ParticipantFactory(conversation=other_conversation), statement=elsewhere, value=Vote.AGREE
    )
    person = UserFactory()
    joined = services.join(conversation=conversation, user=person)
    services.cast_vote(participant=joined, statement=statements[2], value=Vote.DISAGREE)
    account_services.erase_person(user=person, requested_by=person)

    read = vote_matrix_for(conversation)
    expected = _the_orm_way(conversation)

    assert read.participant_ids == expected.participant_ids == tuple(sorted(p.pk for p in people))
    assert read.statement_ids == expected.statement_ids == tuple(s.pk for s in statements[:3])
    assert (read.votes != expected.votes).nnz == 0
    assert np.array_equal(read.votes.indptr, expected.votes.indptr)
    assert np.array_equal(read.votes.indices, expected.votes.indices)
    assert read.votes[0, 0] == Vote.AGREE
    assert read.votes.nnz == 6 * 3


@pytest.mark.django_db
def test_a_conversation_without_votes_has_no_map_input():
    conversation = ConversationFactory()
    StatementFactory(conversation=conversation)
    assert vote_matrix_for(conversation) is None
