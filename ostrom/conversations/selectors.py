"""The engine's input: every vote on shown statements, and the next statement to show a participant."""

import numpy as np
from django.db import connection
from django.db.models import Count

from ostrom.opinion import VoteMatrix

from .models import Conversation, Statement, Vote

# One vote read from PostgreSQL: the participant id and the statement id × 4 + the value + 1, both as
# 8-byte big-endian integers (int8send).
PACKED_VOTE = np.dtype([("participant", ">i8"), ("statement_and_value", ">i8")])


def vote_matrix_for(conversation: Conversation) -> VoteMatrix | None:
    """None until somebody has voted.

    The database holds one vote per participant and statement (a changed vote replaces the old one), so
    the votes may come in any order. They are read into arrays without a Python object per vote: on
    PostgreSQL as one binary string the server packs (the matrix of 4 million votes in under two
    seconds, where the ORM's tuple per vote took seven), elsewhere through the cursor. Either way the
    statements are the ORM's `shown()` ones, so that rule stays in one place."""
    shown_sql, shown_params = conversation.statements.shown().values("pk").query.sql_with_params()
    if connection.vendor == "postgresql":
        participants, statements, values = _packed_votes(shown_sql, shown_params)
    else:
        votes = Vote.objects.filter(statement__in=conversation.statements.shown()).values_list(
            "participant_id", "statement_id", "value"
        )
        with connection.cursor() as cursor:
            cursor.execute(*votes.query.sql_with_params())
            rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)
        participants, statements, values = rows.T
    return VoteMatrix.from_votes(participants, statements, values) if len(values) else None


def _packed_votes(shown_sql: str, shown_params: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Participant ids, statement ids and values of the votes on the statements `shown_sql` selects.

    `= ANY(ARRAY(…))` rather than `IN (…)`: PostgreSQL then reads the votes through the statement index
    (a bitmap scan of this conversation's votes only) instead of joining every vote in the table, and
    string_agg returns them as one value: a row per vote costs more in the driver than the rest together.
    A bytea holds up to 1 GB, so about 60 million votes in one conversation."""
    table = Vote._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT string_agg(int8send(participant_id) || int8send(statement_id * 4 + value + 1), ''::bytea) "
            f"FROM {table} WHERE statement_id = ANY(ARRAY({shown_sql}))",
            shown_params,
        )
        packed = cursor.fetchone()[0] or b""
    votes = np.frombuffer(packed, dtype=PACKED_VOTE)
    statement_and_value = votes["statement_and_value"].astype(np.int64)
    return votes["participant"].astype(np.int64), statement_and_value >> 2, (statement_and_value & 3) - 1


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
