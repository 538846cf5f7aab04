"""The engine's input: every vote on shown statements, and the next statement to show a participant."""

import io

import numpy as np
from django.db import connection
from django.db.models import Count

from ostrom.opinion import VoteMatrix

from .models import Conversation, Statement, Vote

# PostgreSQL's binary COPY format: an 11-byte signature, 32-bit flags and the length of a header
# extension, then per row a 16-bit field count and each field as a 32-bit length and its bytes.
COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
COPY_END = b"\xff\xff"


def vote_matrix_for(conversation: Conversation) -> VoteMatrix | None:
    """None until somebody has voted.

    The database holds one vote per participant and statement (a changed vote replaces the old one), so
    the votes come in any order. They are read as three integer columns straight into arrays: on
    PostgreSQL by a binary COPY (4 million votes in about a second, where building a Python tuple per
    vote takes many), elsewhere through the cursor."""
    votes = Vote.objects.filter(statement__in=conversation.statements.shown()).values_list(
        "participant_id", "statement_id", "value"
    )
    sql, params = votes.query.sql_with_params()
    if connection.vendor == "postgresql":
        participants, statements, values = _copied_columns(sql, params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, 3)
        participants, statements, values = rows.T
    return VoteMatrix.from_votes(participants, statements, values) if len(values) else None


def _copied_columns(sql: str, params: tuple) -> tuple[np.ndarray, ...]:
    """The integer columns of a query without NULLs, read by COPY … TO STDOUT in binary."""
    received = io.BytesIO()
    # Psycopg binds COPY's parameters on the client: COPY cannot take server-side ones.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)", params) as copy,
    ):
        for block in copy:
            received.write(block)
    data = received.getbuffer()
    if bytes(data[:11]) != COPY_SIGNATURE or bytes(data[-2:]) != COPY_END:
        raise ValueError("PostgreSQL's COPY output did not have the binary format's header and trailer")
    start = 19 + int.from_bytes(data[15:19], "big")
    if start == len(data) - 2:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
    # Every field is a fixed-width integer, so every row has the widths of the first one.
    field_count = int.from_bytes(data[start : start + 2], "big")
    widths, offset = [], start + 2
    for _ in range(field_count):
        widths.append(int.from_bytes(data[offset : offset + 4], "big"))
        offset += 4 + widths[-1]
    row_type = np.dtype(
        [("field_count", ">i2")]
        + [
            item
            for i, width in enumerate(widths)
            for item in ((f"width{i}", ">i4"), (f"value{i}", f">i{width}"))
        ]
    )
    if (len(data) - 2 - start) % row_type.itemsize:
        raise ValueError("PostgreSQL's COPY output had rows of different shapes")
    rows = np.frombuffer(data[start : len(data) - 2], dtype=row_type)
    if not (rows["field_count"] == field_count).all() or any(
        not (rows[f"width{i}"] == width).all() for i, width in enumerate(widths)
    ):
        raise ValueError("PostgreSQL's COPY output had rows of different shapes")
    return tuple(rows[f"value{i}"].astype(np.int64) for i in range(field_count))


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
