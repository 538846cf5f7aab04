"""Conversations in the Polis export shape (comments.csv and votes.csv), both ways, so a Polis
conversation can move here and ours can be checked with Polis's own tools."""

import csv
import io
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from ostrom.core import audit
from ostrom.core.tables import RowProblem

from . import services
from .models import Conversation, Participant, Statement, Vote

COMMENT_COLUMNS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]
VOTE_COLUMNS = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
MODERATED = {
    Statement.Status.ACCEPTED: 1,
    Statement.Status.WAITING: 0,
    Statement.Status.REJECTED: -1,
    Statement.Status.MERGED: -1,
}


def _rows(content: bytes, required: list[str], name: str) -> list[tuple[int, dict]]:
    try:
        reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    except UnicodeDecodeError:
        raise ValidationError({name: f"The {name} file must be saved as UTF-8"}) from None
    missing = [column for column in required if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError({name: f"The {name} file has no {', '.join(missing)} column"})
    return list(enumerate(reader, start=2))


@transaction.atomic
def import_export(*, coordinator, conversation: Conversation, comments: bytes, votes: bytes) -> int:
    """Import a Polis export into this conversation: statements keep their Polis ids and moderation,
    each voter becomes an anonymous participant, and each vote keeps its time. Every row is checked
    first; a file with any bad row imports nothing."""
    services._ensure_coordinator(coordinator)
    comment_rows = _rows(comments, ["comment-id", "moderated", "comment-body"], "comments")
    vote_rows = _rows(votes, ["timestamp", "comment-id", "voter-id", "vote"], "votes")
    problems: dict[str, list[RowProblem]] = {"comments": [], "votes": []}
    known = set()
    for number, row in comment_rows:
        if not row["comment-id"].strip().isdigit():
            problems["comments"].append(RowProblem(number, "comment-id must be a whole number"))
        if row["moderated"].strip() not in {"-1", "0", "1"}:
            problems["comments"].append(RowProblem(number, "moderated must be -1, 0 or 1"))
        if not row["comment-body"].strip():
            problems["comments"].append(RowProblem(number, "comment-body is empty"))
        known.add(row["comment-id"].strip())
    for number, row in vote_rows:
        if row["comment-id"].strip() not in known:
            problems["votes"].append(
                RowProblem(number, f"comment {row['comment-id']} is not in the comments file")
            )
        if row["vote"].strip() not in {"-1", "0", "1"}:
            problems["votes"].append(RowProblem(number, "vote must be -1, 0 or 1"))
        if not row["timestamp"].strip().isdigit():
            problems["votes"].append(RowProblem(number, "timestamp must be a whole number of milliseconds"))
    if problems["comments"] or problems["votes"]:
        # Nothing is imported; the first problems of each file are listed with their row numbers.
        raise ValidationError(
            [f"{name}.csv row {p.row}: {p.problem}" for name, found in problems.items() for p in found[:10]]
        )
    # Polis shows unmoderated comments (0) unless the conversation was strictly moderated, and people voted
    # on them, so they come in shown, as in Polis's own math; comments taken out (-1) come in not shown.
    status_of = {
        "1": Statement.Status.ACCEPTED,
        "0": Statement.Status.ACCEPTED,
        "-1": Statement.Status.REJECTED,
    }
    statements = Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=row["comment-body"].strip()[:280],
                polis_id=row["comment-id"].strip(),
                status=status_of[row["moderated"].strip()],
                rejection_reason="Taken out in Polis" if row["moderated"].strip() == "-1" else "",
            )
            for _, row in comment_rows
        ]
    )
    statement_of = {statement.polis_id: statement for statement in statements}
    voter_ids = sorted({row["voter-id"].strip() for _, row in vote_rows})
    participants = Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation, anonymous_key=f"polis-{conversation.pk}-{voter}", polis_id=voter
            )
            for voter in voter_ids
        ]
    )
    participant_of = {participant.polis_id: participant for participant in participants}
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for _, row in sorted(vote_rows, key=lambda item: int(item[1]["timestamp"])):
        latest[(row["voter-id"].strip(), row["comment-id"].strip())] = (
            int(row["vote"]),
            int(row["timestamp"]),
        )
    Vote.objects.bulk_create(
        [
            Vote(
                participant=participant_of[voter],
                statement=statement_of[comment],
                value=value,
                cast_at=datetime.fromtimestamp(stamp / 1000, tz=UTC),
            )
            for (voter, comment), (value, stamp) in latest.items()
        ],
        batch_size=2000,
    )
    audit.record(
        actor=coordinator,
        action="conversation.imported",
        target=conversation,
        note=f"{len(statements)} statements, {len(latest)} votes from Polis",
    )
    services.request_map(conversation)
    return len(latest)


def comments_csv(conversation: Conversation) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COMMENT_COLUMNS)
    statements = conversation.statements.annotate(
        agrees=Count("votes", filter=Q(votes__value=1)), disagrees=Count("votes", filter=Q(votes__value=-1))
    )
    for statement in statements:
        writer.writerow(
            [
                _millis(statement.created_at),
                _polis_datetime(statement.created_at),
                statement.pk,
                statement.author_id if statement.author_id else -1,
                statement.agrees,
                statement.disagrees,
                MODERATED[statement.status],
                statement.text,
            ]
        )
    return out.getvalue()


def votes_csv(conversation: Conversation) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(VOTE_COLUMNS)
    votes = Vote.objects.filter(statement__conversation=conversation).order_by("changed_at", "pk")
    for vote in votes.values_list("changed_at", "statement_id", "participant_id", "value"):
        writer.writerow([_millis(vote[0]), _polis_datetime(vote[0]), vote[1], vote[2], vote[3]])
    return out.getvalue()


def _millis(moment) -> int:
    return int(moment.timestamp() * 1000)


def _polis_datetime(moment) -> str:
    return moment.astimezone(UTC).strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")
