"""Conversations in the Polis export shape (comments.csv and votes.csv), both ways, so a Polis
conversation can move here and ours can be checked with Polis's own tools."""

import csv
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.spreadsheets import csv_text
from ostrom.core.tables import RowProblem, csv_reader

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
# The full export adds what only moderators see; Polis's tools read columns by name and skip these.
FULL_COMMENT_COLUMNS = ["status", "moderation-reason"]
COMMENT_REQUIRED = ["comment-id", "moderated", "comment-body"]
VOTE_REQUIRED = ["timestamp", "comment-id", "voter-id", "vote"]
MODERATED = {
    Statement.Status.ACCEPTED: 1,
    Statement.Status.WAITING: 0,
    Statement.Status.REJECTED: -1,
    Statement.Status.MERGED: -1,
}


# Polis timestamps are milliseconds since 1970; anything past the year 9999 is not a time.
LATEST_MILLIS = 253_402_300_799_999
VOTER_ID_LIMIT = Participant._meta.get_field("polis_id").max_length


def _rows(content: bytes, required: list[str], name: str) -> list[tuple[int, dict]]:
    """(row number, {column: text}) with every required column present on every row; a short row
    comes back with None in the columns it lacks, for `_short` to report."""
    try:
        reader = csv_reader(content.decode("utf-8-sig"), dict_rows=True)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise ValidationError(
                {
                    name: gettext("The %(name)s file has no %(columns)s column")
                    % {"name": name, "columns": ", ".join(missing)}
                }
            )
        return list(enumerate(reader, start=2))
    except UnicodeDecodeError:
        raise ValidationError(
            {name: gettext("The %(name)s file must be saved as UTF-8") % {"name": name}}
        ) from None
    except csv.Error as problem:
        raise ValidationError(
            {
                name: gettext("The %(name)s file is not a CSV file we can read (%(problem)s)")
                % {"name": name, "problem": problem}
            }
        ) from None


def _whole_number(text: str) -> bool:
    return text.isascii() and text.isdecimal()


def _short(row: dict, required: list[str]) -> bool:
    return any(row.get(column) is None for column in required)


def _check_comments(conversation: Conversation, rows) -> tuple[list[RowProblem], set[str]]:
    problems, known = [], set()
    imported = set(conversation.statements.exclude(polis_id="").values_list("polis_id", flat=True))
    for number, row in rows:
        if _short(row, COMMENT_REQUIRED):
            problems.append(RowProblem(number, gettext("the row has fewer columns than the header")))
            continue
        comment_id, body = row["comment-id"].strip(), row["comment-body"].strip()
        if not _whole_number(comment_id) or len(comment_id) > VOTER_ID_LIMIT:
            problems.append(RowProblem(number, gettext("comment-id must be a whole number")))
        elif comment_id in known:
            problems.append(
                RowProblem(number, gettext("comment-id %(id)s appears twice") % {"id": comment_id})
            )
        elif comment_id in imported:
            problems.append(
                RowProblem(
                    number,
                    gettext("comment %(id)s is already in this conversation: was this file imported before?")
                    % {"id": comment_id},
                )
            )
        if row["moderated"].strip() not in {"-1", "0", "1"}:
            problems.append(RowProblem(number, gettext("moderated must be -1, 0 or 1")))
        if not body:
            problems.append(RowProblem(number, gettext("comment-body is empty")))
        elif "\x00" in body:
            problems.append(RowProblem(number, gettext("comment-body contains a character we cannot store")))
        known.add(comment_id)
    return problems, known


def _check_votes(conversation: Conversation, rows, known: set[str]) -> list[RowProblem]:
    problems = []
    imported = set(conversation.participants.exclude(polis_id="").values_list("polis_id", flat=True))
    for number, row in rows:
        if _short(row, VOTE_REQUIRED):
            problems.append(RowProblem(number, gettext("the row has fewer columns than the header")))
            continue
        voter, stamp = row["voter-id"].strip(), row["timestamp"].strip()
        if row["comment-id"].strip() not in known:
            problems.append(
                RowProblem(
                    number,
                    gettext("comment %(id)s is not in the comments file") % {"id": row["comment-id"][:40]},
                )
            )
        if row["vote"].strip() not in {"-1", "0", "1"}:
            problems.append(RowProblem(number, gettext("vote must be -1, 0 or 1")))
        if not _whole_number(stamp) or int(stamp) > LATEST_MILLIS:
            problems.append(RowProblem(number, gettext("timestamp must be a whole number of milliseconds")))
        if not voter or len(voter) > VOTER_ID_LIMIT or "\x00" in voter:
            problems.append(
                RowProblem(
                    number, gettext("voter-id must be 1 to %(limit)d characters") % {"limit": VOTER_ID_LIMIT}
                )
            )
        elif voter in imported:
            problems.append(
                RowProblem(
                    number,
                    gettext("voter %(id)s is already in this conversation: was this file imported before?")
                    % {"id": voter},
                )
            )
    return problems


@transaction.atomic
def import_export(*, moderator, conversation: Conversation, comments: bytes, votes: bytes) -> int:
    """Import a Polis export into this conversation: statements keep their Polis ids and moderation,
    each voter becomes an anonymous participant, and each vote keeps its time. Every row is checked
    first; a file with any bad row imports nothing."""
    permissions.ensure(permissions.can_moderate(moderator, conversation), str(services.ONLY_MODERATORS))
    comment_rows = _rows(comments, COMMENT_REQUIRED, "comments")
    vote_rows = _rows(votes, VOTE_REQUIRED, "votes")
    comment_problems, known = _check_comments(conversation, comment_rows)
    problems = {"comments": comment_problems, "votes": _check_votes(conversation, vote_rows, known)}
    if problems["comments"] or problems["votes"]:
        # Nothing is imported; the first problems of each file are listed with their row numbers.
        raise ValidationError(
            [
                gettext("%(file)s row %(row)d: %(problem)s")
                % {"file": f"{name}.csv", "row": p.row, "problem": p.problem}
                for name, found in problems.items()
                for p in found[:10]
            ]
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
                text=row["comment-body"].strip()[: services.STATEMENT_LIMIT],
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
        actor=moderator,
        action="conversation.imported",
        target=conversation,
        note=f"{len(statements)} statements, {len(latest)} votes from Polis",
    )
    services.request_map(conversation)
    return len(latest)


def comments_csv(conversation: Conversation, *, full: bool = False) -> str:
    """The Polis comments.csv. The public file holds only shown statements, with the votes on them; the
    full file (for the conversation's moderators) holds every statement, with its status and the
    reason it is not shown."""
    statements = conversation.statements.all() if full else conversation.statements.shown()
    statements = statements.annotate(
        agrees=Count("votes", filter=Q(votes__value=1)), disagrees=Count("votes", filter=Q(votes__value=-1))
    )
    header = COMMENT_COLUMNS + (FULL_COMMENT_COLUMNS if full else [])
    rows = (
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
        + ([statement.get_status_display(), statement.rejection_reason] if full else [])
        for statement in statements
    )
    return csv_text(header, rows)


def votes_csv(conversation: Conversation, *, full: bool = False) -> str:
    """The Polis votes.csv: votes on shown statements, or (full) on every statement."""
    statements = conversation.statements.all() if full else conversation.statements.shown()
    votes = Vote.objects.filter(statement__in=statements).order_by("changed_at", "pk")
    rows = (
        [_millis(changed_at), _polis_datetime(changed_at), statement_id, participant_id, value]
        for changed_at, statement_id, participant_id, value in votes.values_list(
            "changed_at", "statement_id", "participant_id", "value"
        )
    )
    return csv_text(VOTE_COLUMNS, rows)


def full_export(*, moderator, conversation: Conversation, part: str) -> str:
    """The full comments.csv or votes.csv, for the conversation's moderators; each download is audited,
    as it holds words the public never saw."""
    permissions.ensure(permissions.can_moderate(moderator, conversation), str(services.ONLY_MODERATORS))
    audit.record(
        actor=moderator, action="conversation.exported", target=conversation, note=f"full {part}.csv"
    )
    return comments_csv(conversation, full=True) if part == "comments" else votes_csv(conversation, full=True)


def _millis(moment) -> int:
    return int(moment.timestamp() * 1000)


def _polis_datetime(moment) -> str:
    return moment.astimezone(UTC).strftime("%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)")
