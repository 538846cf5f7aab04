"""Opinion maps: reading a large conversation's votes from PostgreSQL into the engine's vote matrix.

    .venv/bin/python benchmarks/opinion_database.py --database-url postgres://postgres@127.0.0.1:5432/ostrom_opinion
    BENCH_DATABASE_URL=... .venv/bin/python benchmarks/opinion_database.py --skip-orm

The database named by --database-url (or BENCH_DATABASE_URL) is dropped, created again and migrated.
One conversation is loaded with the synthetic 100,000 participants × 2,000 statements and 4 million
votes of benchmarks/opinion.py (`ostrom.opinion.synthetic`), the votes by a binary COPY (a few minutes: every row checks two foreign keys and four indexes). Then
`conversations.selectors.vote_matrix_for` is timed (three runs after one unmeasured; the target, issue
21, is under 2 s), against the way it read votes before (the ORM's `values_list`, a Python tuple per
vote, then `VoteMatrix.from_votes`), and the two matrices are compared."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

import numpy as np
from _postgres import fresh_postgresql  # this folder: the script's own

ROOT = Path(__file__).resolve().parent.parent
SIZE = (100_000, 2_000, 4_000_000)
# PostgreSQL timestamps count microseconds from 2000-01-01.
POSTGRES_EPOCH_SECONDS = 946_684_800


def load_conversation():
    """One conversation holding the synthetic votes; returns it."""
    from django.db import connection, transaction

    from ostrom.conversations.models import Conversation, Participant, Statement, Vote
    from ostrom.opinion.synthetic import synthetic_conversation

    participant_count, statement_count, vote_count = SIZE
    votes = synthetic_conversation(participant_count, statement_count, vote_count, seed=2026)
    with transaction.atomic():
        conversation = Conversation.objects.create(question="A large conversation", slug="large")
        statements = Statement.objects.bulk_create(
            [
                Statement(conversation=conversation, text=f"Statement {n}", status=Statement.Status.ACCEPTED)
                for n in range(statement_count)
            ],
            batch_size=5_000,
        )
        participants = Participant.objects.bulk_create(
            [
                Participant(conversation=conversation, anonymous_key=f"key-{n}")
                for n in range(participant_count)
            ],
            batch_size=5_000,
        )
    participant_pks = np.array([p.pk for p in participants], dtype=np.int64)
    statement_pks = np.array([s.pk for s in statements], dtype=np.int64)
    now = int((time.time() - POSTGRES_EPOCH_SECONDS) * 1e6)
    rows = np.empty(
        vote_count,
        dtype=[
            ("field_count", ">i2"),
            ("participant_width", ">i4"), ("participant", ">i8"),
            ("statement_width", ">i4"), ("statement", ">i8"),
            ("value_width", ">i4"), ("value", ">i2"),
            ("cast_width", ">i4"), ("cast_at", ">i8"),
            ("changed_width", ">i4"), ("changed_at", ">i8"),
        ],
    )  # fmt: skip
    rows["field_count"] = 5
    rows["participant_width"], rows["statement_width"], rows["value_width"] = 8, 8, 2
    rows["cast_width"], rows["changed_width"] = 8, 8
    rows["participant"] = participant_pks[votes.participant_ids]
    rows["statement"] = statement_pks[votes.statement_ids]
    rows["value"] = votes.values
    rows["cast_at"] = now - (vote_count - np.arange(vote_count))  # oldest first, a microsecond apart
    rows["changed_at"] = rows["cast_at"]
    payload = io.BytesIO()
    payload.write(b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big"))
    payload.write(rows.tobytes())
    payload.write(b"\xff\xff")
    table = Vote._meta.db_table
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} (participant_id, statement_id, value, cast_at, changed_at) FROM STDIN (FORMAT BINARY)"
        ) as copy,
    ):
        copy.write(payload.getbuffer())
    # A table in use has been vacuumed: its visibility map and hint bits are set, as the first reads
    # after a bulk load would otherwise do (and autovacuum would do during the timings).
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    return conversation


def read_the_orm_way(conversation):
    """How `vote_matrix_for` read the votes before: a tuple per vote through the ORM."""
    from ostrom.conversations.models import Vote
    from ostrom.opinion import VoteMatrix

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
    return VoteMatrix.from_votes(participants, statements, values)


def timed(read, conversation, runs: int) -> tuple[list[float], object]:
    matrix = read(conversation)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        matrix = read(conversation)
        seconds.append(time.perf_counter() - started)
    return seconds, matrix


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", ""))
    parser.add_argument("--skip-orm", action="store_true", help="do not time the old ORM read (slow)")
    arguments = parser.parse_args()
    if not arguments.database_url.startswith(("postgres://", "postgresql://")):
        # `make benchmarks` runs every script: without a database to drop, this one says so and stops.
        print(
            "Skipped: give a PostgreSQL database with --database-url or BENCH_DATABASE_URL (it is dropped first)"
        )
        return 0
    fresh_postgresql(arguments.database_url)
    os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ostrom.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    from ostrom.conversations.selectors import vote_matrix_for

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    conversation = load_conversation()
    print(f"Loaded {SIZE[2]:,} votes in {time.perf_counter() - started:.1f} s", flush=True)
    print("| read | runs (s) | best | same matrix |")
    print("|---|---|---|---|")
    seconds, matrix = timed(vote_matrix_for, conversation, 3)
    print(
        f"| vote_matrix_for (votes packed by PostgreSQL) | {', '.join(f'{s:.2f}' for s in seconds)} | {min(seconds):.2f} s | – |"
    )
    if not arguments.skip_orm:
        orm_seconds, orm_matrix = timed(read_the_orm_way, conversation, 1)
        same = (
            matrix.participant_ids == orm_matrix.participant_ids
            and matrix.statement_ids == orm_matrix.statement_ids
            and (matrix.votes != orm_matrix.votes).nnz == 0
        )
        print(
            f"| ORM values_list (before) | {', '.join(f'{s:.2f}' for s in orm_seconds)} | "
            f"{min(orm_seconds):.2f} s | {'yes' if same else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
