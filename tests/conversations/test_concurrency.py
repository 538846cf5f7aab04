"""Opinion votes sent at the same moment: one vote per person per statement, every person's vote kept,
and one redraw of the map queued however many arrive at once. PostgreSQL only (tests/concurrency.py)."""

import pytest
from django_tasks_db.models import DBTaskResult

from ostrom.conversations import services
from ostrom.conversations.models import Participant, Vote
from tests.concurrency import at_once, needs_postgresql, raised
from tests.conversations.factories import ConversationFactory, StatementFactory


def _vote(conversation, key, statement, value):
    def vote():
        participant = services.join(conversation=conversation, anonymous_key=key)
        return services.cast_vote(participant=participant, statement=statement, value=value).value

    return vote


@pytest.mark.django_db(transaction=True)
def test_one_person_voting_on_a_statement_five_times_at_once_keeps_one_vote():
    needs_postgresql()
    statement = StatementFactory()
    conversation = statement.conversation
    values = [Vote.AGREE, Vote.DISAGREE, Vote.PASS, Vote.AGREE, Vote.DISAGREE]
    assert raised(at_once([_vote(conversation, "one-browser", statement, value) for value in values])) == []
    assert Participant.objects.filter(conversation=conversation).count() == 1
    assert Vote.objects.filter(statement=statement).count() == 1
    assert Vote.objects.get(statement=statement).value in values


@pytest.mark.django_db(transaction=True)
def test_many_people_voting_at_once_are_each_counted_once_and_the_map_is_redrawn_once():
    needs_postgresql()
    conversation = ConversationFactory()
    statements = [StatementFactory(conversation=conversation) for _ in range(3)]
    calls = [
        _vote(conversation, f"browser-{person}", statement, Vote.AGREE if person % 3 else Vote.DISAGREE)
        for person in range(12)
        for statement in statements
    ]
    assert raised(at_once(calls)) == []
    assert Participant.objects.filter(conversation=conversation).count() == 12
    assert Vote.objects.filter(statement__conversation=conversation).count() == 36
    for statement in statements:
        assert statement.votes.filter(value=Vote.DISAGREE).count() == 4
    assert DBTaskResult.objects.filter(task_path__endswith="redraw_map").count() == 1
