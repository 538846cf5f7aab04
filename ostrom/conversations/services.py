"""Every write to a conversation: opening it, taking part, voting, statements and moderation, and asking
for the map to be redrawn (the redraw itself is `mapping.py`, run by a task)."""

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.accounts.languages import reading_languages
from ostrom.core import audit
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import checked_text

from .models import Conversation, Participant, Statement, Vote
from .tasks import redraw_map

QUESTION_LIMIT = Conversation._meta.get_field("question").max_length
DESCRIPTION_LIMIT = 2000
STATEMENT_LIMIT = Statement._meta.get_field("text").max_length
REASON_LIMIT = Statement._meta.get_field("rejection_reason").max_length
ONLY_MODERATORS = gettext_lazy("Only the conversation's moderators can do this")


class ConversationClosed(Exception):
    """The conversation is not open for votes or statements. The message says when it opens or closed."""


def ensure_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise ConversationClosed(conversation.window.text.removesuffix("."))


@transaction.atomic
def open_conversation(
    *,
    coordinator,
    question: str,
    description: str = "",
    place=None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    allows_anonymous: bool = True,
    moderation: str = Conversation.Moderation.REVIEW_FIRST,
    seed_statements: Sequence[str] = (),
) -> Conversation:
    permissions.ensure(
        permissions.can_coordinate(coordinator, places=[place]),
        gettext("You can only open a conversation for a place you coordinate"),
    )
    question = checked_text(
        question, field="question", name=gettext_lazy("The question"), limit=QUESTION_LIMIT
    ).strip()
    if not question:
        raise ValidationError({"question": gettext("Enter the question people will discuss")})
    description = checked_text(
        description, field="description", name=gettext_lazy("The description"), limit=DESCRIPTION_LIMIT
    )
    if isinstance(seed_statements, str):
        raise ValidationError(
            {"seed_statements": gettext("Give the statements to start with as a list, one statement each")}
        )
    seed_statements = [
        checked_text(
            text, field="seed_statements", name=gettext_lazy("Each statement"), limit=STATEMENT_LIMIT
        ).strip()
        for text in seed_statements
    ]
    if moderation not in Conversation.Moderation.values:
        raise ValidationError(
            {"moderation": gettext("Select what happens to new statements from participants")}
        )
    opens_at = opens_at or timezone.now()
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": gettext("The closing date must be in the future")})
    if closes_at is not None and closes_at <= opens_at:
        raise ValidationError({"closes_at": gettext("The closing date must be after the opening date")})
    slug = unique_slug(Conversation, question, fallback="conversation")
    conversation = Conversation.objects.create(
        question=question,
        slug=slug,
        description=description,
        place=place,
        opens_at=opens_at,
        closes_at=closes_at,
        allows_anonymous=bool(allows_anonymous),
        moderation=moderation,
        created_by=coordinator,
    )
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=text,
                is_seed=True,
                status=Statement.Status.ACCEPTED,
                moderated_by=coordinator,
            )
            for text in seed_statements
            if text
        ]
    )
    audit.record(actor=coordinator, action="conversation.created", target=conversation)
    return conversation


def new_anonymous_key() -> str:
    return secrets.token_urlsafe(24)


def join(*, conversation: Conversation, user=None, anonymous_key: str | None = None) -> Participant:
    """The participant for this person or browser, created on first use. Signed-in people are known by
    their account; anonymous visitors by a random key in a cookie, only where the conversation allows it.
    The views decide whether a key may start a new participant (the cookie is ours, the address is under
    its limit); this only finds or creates the row."""
    ensure_open(conversation)
    if user is not None and user.is_authenticated:
        lookup = {"conversation": conversation, "user": user}
    elif conversation.allows_anonymous and anonymous_key:
        lookup = {"conversation": conversation, "anonymous_key": anonymous_key}
    else:
        raise permissions.NotAllowed(gettext("Sign in to take part in this conversation"))
    # get_or_create reads first and creates in its own transaction, and finds the row a racing request
    # created: no transaction around it, so finding an existing row takes no write lock (on SQLite a
    # write transaction holds the whole database).
    return Participant.objects.get_or_create(**lookup)[0]


@transaction.atomic
def cast_vote(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """Agree (1), disagree (-1) or pass (0). Voting again on a statement replaces the earlier vote."""
    conversation = participant.conversation
    ensure_open(conversation)
    if statement.conversation_id != conversation.pk or not statement.is_shown:
        raise ValidationError({"statement": gettext("This statement is not open for votes")})
    if type(value) is not int or value not in (Vote.AGREE, Vote.DISAGREE, Vote.PASS):
        raise ValidationError({"value": gettext("Choose agree, disagree or pass")})
    try:
        with transaction.atomic():
            vote, _ = Vote.objects.update_or_create(
                participant=participant, statement=statement, defaults={"value": value}
            )
    except IntegrityError:  # two clicks at once: the other created it; this one sets the value
        vote = Vote.objects.get(participant=participant, statement=statement)
        vote.value = value
        vote.save(update_fields=["value", "changed_at"])
    request_map(conversation)
    return vote


@transaction.atomic
def submit_statement(*, participant: Participant, text: str, language: str = "") -> Statement:
    """A statement in the person's words; `language` is the one they wrote it in ("" or the site's for
    English), kept so readers see it labelled and a coordinator can translate it."""
    conversation = participant.conversation
    ensure_open(conversation)
    if language and language not in dict(reading_languages()):
        raise ValidationError({"language": gettext("Choose a language from the list")})
    if language == settings.LANGUAGE_CODE:
        language = ""
    text = " ".join(
        checked_text(text, field="text", name=gettext_lazy("Statements"), limit=STATEMENT_LIMIT).split()
    )
    if len(text) < 10:
        raise ValidationError({"text": gettext("Write a statement of at least 10 characters")})
    if conversation.statements.exclude(status=Statement.Status.REJECTED).filter(text__iexact=text).exists():
        raise ValidationError({"text": gettext("This statement is already in the conversation")})
    status = (
        Statement.Status.WAITING
        if conversation.moderation == Conversation.Moderation.REVIEW_FIRST
        else Statement.Status.ACCEPTED
    )
    statement = Statement.objects.create(
        conversation=conversation, text=text, language=language, author=participant, status=status
    )
    audit.record(actor=participant.user, action="statement.created", target=statement)
    return statement


@transaction.atomic
def moderate_statement(
    *, moderator, statement: Statement, decision: str, reason: str = "", merge_into: Statement | None = None
) -> Statement:
    """Accept, reject (with a reason the author can see) or merge a duplicate into another statement;
    votes on a merged duplicate move to the statement it joined, unless the voter already voted there."""
    permissions.ensure(permissions.can_moderate(moderator, statement.conversation), str(ONLY_MODERATORS))
    reason = checked_text(reason, field="reason", name=gettext_lazy("The reason"), limit=REASON_LIMIT).strip()
    before = statement.status
    if decision == "accept":
        statement.status, statement.rejection_reason = Statement.Status.ACCEPTED, ""
    elif decision == "reject":
        if not reason:
            raise ValidationError(
                {"reason": gettext("Say why the statement is not shown, for example 'Names a person'")}
            )
        statement.status, statement.rejection_reason = Statement.Status.REJECTED, reason
    elif decision == "merge":
        if (
            merge_into is None
            or merge_into.pk == statement.pk
            or merge_into.conversation_id != statement.conversation_id
            or not merge_into.is_shown
        ):
            raise ValidationError({"merge_into": gettext("Choose the statement this one repeats")})
        statement.status, statement.merged_into = Statement.Status.MERGED, merge_into
        already = merge_into.votes.values_list("participant_id", flat=True)
        statement.votes.exclude(participant_id__in=already).update(statement=merge_into)
        statement.votes.all().delete()
    else:
        raise ValidationError({"decision": gettext("Select what to do with the statement")})
    statement.moderated_by = moderator
    statement.save()
    audit.record(
        actor=moderator,
        action=f"statement.{decision}ed" if decision != "merge" else "statement.merged",
        target=statement,
        changes={"status": (before, statement.status)},
        note=reason,
    )
    request_map(statement.conversation)
    return statement


def request_map(conversation: Conversation) -> None:
    """Ask for the map to be redrawn soon. One task is queued at a time; votes arriving while it waits
    are included when it runs, and votes arriving while it runs make it queue one more run (the task
    clears the flag before it reads the votes)."""
    now = timezone.now()
    updated = Conversation.objects.filter(pk=conversation.pk, map_task_queued=False).update(
        map_requested_at=now, map_task_queued=True
    )
    if updated:
        transaction.on_commit(
            lambda: redraw_map.using(
                run_after=now + timedelta(seconds=settings.OPINION_MAP_DEBOUNCE_SECONDS)
            ).enqueue(conversation_id=conversation.pk)
        )
    else:
        Conversation.objects.filter(pk=conversation.pk).update(map_requested_at=now)


def forget_browsers_of_closed_conversations(*, closed_before: datetime) -> int:
    """The retention schedule: once a conversation has been closed for as long as the schedule says,
    its anonymous participants are no longer tied to the browser cookie they answered from. Their votes
    stay, so the published map and counts do not change; nobody can now find which answers were whose.
    Runs inside `core.retention.apply_retention`'s transaction, which keeps the one audit entry."""
    return Participant.objects.filter(
        conversation__closes_at__lt=closed_before, anonymous_key__isnull=False
    ).update(anonymous_key=None)
