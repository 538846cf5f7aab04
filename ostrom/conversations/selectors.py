"""The engine's input: every vote on shown statements, oldest first."""

from django.db.models import Count

from ostrom.opinion import VoteMatrix

from .models import Conversation, Statement, Vote


def vote_matrix_for(conversation: Conversation) -> VoteMatrix | None:
    """None until somebody has voted."""
    rows = (
        Vote.objects.filter(statement__in=conversation.statements.shown())
        .order_by("cast_at", "pk")
        .values_list("participant_id", "statement_id", "value")
    )
    participants, statements, values = [], [], []
    for participant_id, statement_id, value in rows:
        participants.append(participant_id)
        statements.append(statement_id)
        values.append(value)
    return VoteMatrix.from_votes(participants, statements, values) if values else None


def next_statement(participant) -> Statement | None:
    """The next shown statement this participant has not answered: fewest votes first, so every
    statement gets seen, then oldest."""
    answered = participant.votes.values("statement_id")
    return (
        participant.conversation.statements.shown()
        .exclude(pk__in=answered)
        .annotate(seen=Count("votes"))
        .order_by("seen", "created_at", "pk")
        .first()
    )
