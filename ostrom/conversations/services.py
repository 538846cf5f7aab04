"""Every write to a conversation: opening it, taking part, voting, statements and moderation, the map."""

import secrets
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostrom.core import audit
from ostrom.core.slugs import unique_slug
from ostrom.opinion import TooFewVotes, WarmStart, compute_opinion_map

from .models import Conversation, OpinionMapResult, Participant, Statement, Vote
from .selectors import vote_matrix_for


class NotAllowed(Exception):
    """The person acting cannot do this."""


class ConversationClosed(Exception):
    """The conversation is not open for votes or statements."""


def _ensure_coordinator(user) -> None:
    if user is None or not user.is_authenticated or not user.is_coordinator:
        raise NotAllowed("Only a coordinator can do this")


@transaction.atomic
def open_conversation(
    *,
    coordinator,
    question: str,
    description: str = "",
    place=None,
    opens_at=None,
    closes_at=None,
    allows_anonymous: bool = True,
    moderation: str = Conversation.Moderation.REVIEW_FIRST,
    seed_statements: Sequence[str] = (),
) -> Conversation:
    _ensure_coordinator(coordinator)
    slug = unique_slug(Conversation, question, fallback="conversation")
    conversation = Conversation.objects.create(
        question=question,
        slug=slug,
        description=description,
        place=place,
        opens_at=opens_at or timezone.now(),
        closes_at=closes_at,
        allows_anonymous=allows_anonymous,
        moderation=moderation,
        created_by=coordinator,
    )
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=text.strip(),
                is_seed=True,
                status=Statement.Status.ACCEPTED,
                moderated_by=coordinator,
            )
            for text in seed_statements
            if text.strip()
        ]
    )
    audit.record(actor=coordinator, action="conversation.created", target=conversation)
    return conversation


def new_anonymous_key() -> str:
    return secrets.token_urlsafe(24)


def join(*, conversation: Conversation, user=None, anonymous_key: str | None = None) -> Participant:
    """The participant for this person or browser, created on first use. Signed-in people are known by
    their account; anonymous visitors by a random key in a cookie, only where the conversation allows it."""
    if user is not None and user.is_authenticated:
        lookup = {"conversation": conversation, "user": user}
    elif conversation.allows_anonymous and anonymous_key:
        lookup = {"conversation": conversation, "anonymous_key": anonymous_key}
    else:
        raise NotAllowed("Sign in to take part in this conversation")
    try:
        with transaction.atomic():
            return Participant.objects.get_or_create(**lookup)[0]
    except IntegrityError:  # a second request from the same person created it a moment earlier
        return Participant.objects.get(**lookup)


@transaction.atomic
def cast_vote(*, participant: Participant, statement: Statement, value: int) -> Vote:
    """Agree (1), disagree (-1) or pass (0). Voting again on a statement replaces the earlier vote."""
    conversation = participant.conversation
    if not conversation.is_open:
        raise ConversationClosed("This conversation is closed")
    if statement.conversation_id != conversation.pk or statement.status != Statement.Status.ACCEPTED:
        raise ValidationError("This statement is not open for votes")
    if value not in (Vote.AGREE, Vote.DISAGREE, Vote.PASS):
        raise ValidationError("Choose agree, disagree or pass")
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
def submit_statement(*, participant: Participant, text: str) -> Statement:
    conversation = participant.conversation
    if not conversation.is_open:
        raise ConversationClosed("This conversation is closed")
    text = " ".join(text.split())
    if len(text) < 10:
        raise ValidationError({"text": "Write a statement of at least 10 characters"})
    if conversation.statements.exclude(status=Statement.Status.REJECTED).filter(text__iexact=text).exists():
        raise ValidationError({"text": "This statement is already in the conversation"})
    status = (
        Statement.Status.WAITING
        if conversation.moderation == Conversation.Moderation.REVIEW_FIRST
        else Statement.Status.ACCEPTED
    )
    statement = Statement.objects.create(
        conversation=conversation, text=text, author=participant, status=status
    )
    audit.record(actor=participant.user, action="statement.created", target=statement)
    return statement


@transaction.atomic
def moderate_statement(
    *, coordinator, statement: Statement, decision: str, reason: str = "", merge_into: Statement | None = None
) -> Statement:
    """Accept, reject (with a reason the author can see) or merge a duplicate into another statement;
    votes on a merged duplicate move to the statement it joined, unless the voter already voted there."""
    _ensure_coordinator(coordinator)
    before = statement.status
    if decision == "accept":
        statement.status, statement.rejection_reason = Statement.Status.ACCEPTED, ""
    elif decision == "reject":
        if not reason.strip():
            raise ValidationError(
                {"reason": "Say why the statement is not shown, for example 'Names a person'"}
            )
        statement.status, statement.rejection_reason = Statement.Status.REJECTED, reason
    elif decision == "merge":
        if (
            merge_into is None
            or merge_into.pk == statement.pk
            or merge_into.conversation_id != statement.conversation_id
        ):
            raise ValidationError({"merge_into": "Choose the statement this one repeats"})
        statement.status, statement.merged_into = Statement.Status.MERGED, merge_into
        already = merge_into.votes.values_list("participant_id", flat=True)
        statement.votes.exclude(participant_id__in=already).update(statement=merge_into)
        statement.votes.all().delete()
    else:
        raise ValidationError("Choose accept, reject or merge")
    statement.moderated_by = coordinator
    statement.save()
    audit.record(
        actor=coordinator,
        action=f"statement.{decision}ed" if decision != "merge" else "statement.merged",
        target=statement,
        changes={"status": (before, statement.status)},
        note=reason,
    )
    request_map(statement.conversation)
    return statement


def request_map(conversation: Conversation) -> None:
    """Ask for the map to be redrawn soon. One task is queued at a time; votes arriving while it waits
    are included when it runs, and votes arriving while it runs make it queue one more run."""
    from .tasks import recompute_map_task

    now = timezone.now()
    updated = Conversation.objects.filter(pk=conversation.pk, map_task_queued=False).update(
        map_requested_at=now, map_task_queued=True
    )
    if updated:
        transaction.on_commit(
            lambda: recompute_map_task.using(
                run_after=now + timedelta(seconds=settings.OPINION_MAP_DEBOUNCE_SECONDS)
            ).enqueue(conversation_id=conversation.pk)
        )
    else:
        Conversation.objects.filter(pk=conversation.pk).update(map_requested_at=now)


def recompute_map(*, conversation: Conversation) -> OpinionMapResult | None:
    """Redraw the map from every vote on shown statements, starting from the stored map so groups do
    not reshuffle when a few votes arrive. Returns None while there are too few votes for a map."""
    started = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(map_task_queued=False)
    votes = vote_matrix_for(conversation)
    if votes is None:
        return None
    previous = OpinionMapResult.objects.filter(conversation=conversation).first()
    warm_start = WarmStart.from_json(previous.warm_start) if previous else None
    try:
        opinion_map = compute_opinion_map(votes, previous=warm_start)
    except TooFewVotes:
        return None
    result = store_map(conversation, opinion_map, int(votes.votes.nnz))
    latest = Conversation.objects.get(pk=conversation.pk)
    if latest.map_requested_at and latest.map_requested_at > started:
        request_map(latest)
    return result


def store_map(conversation: Conversation, opinion_map, vote_count: int) -> OpinionMapResult:
    positions = {
        str(pid): [round(float(x), 4), round(float(y), 4)]
        for pid, (x, y) in zip(opinion_map.participant_ids, opinion_map.participant_positions, strict=True)
    }
    statement_index = {sid: index for index, sid in enumerate(opinion_map.statement_ids)}
    group_votes = {
        str(group): {
            str(sid): [int(counts.agree[i]), int(counts.disagree[i]), int(counts.seen[i])]
            for sid, i in statement_index.items()
        }
        for group, counts in opinion_map.group_votes.items()
    }
    representative = {
        str(group): [
            {
                "statement": int(r.statement_id),
                "repful_for": r.repful_for,
                "share": round(r.success_probability, 4),
                "count": r.success_count,
                "seen": r.trial_count,
                "repness": round(r.repness, 3),
                "significance": round(r.repness_test, 3),
            }
            for r in statements
        ]
        for group, statements in opinion_map.representative.items()
    }
    consensus = {
        side: [
            {
                "statement": int(c.statement_id),
                "share": round(c.success_probability, 4),
                "count": c.success_count,
                "seen": c.trial_count,
            }
            for c in getattr(opinion_map.consensus, side)
        ]
        for side in ("agree", "disagree")
    }
    result, _ = OpinionMapResult.objects.update_or_create(
        conversation=conversation,
        defaults={
            "computed_at": timezone.now(),
            "participant_count": len(opinion_map.participant_ids),
            "vote_count": vote_count,
            "groups": {str(pid): int(group) for pid, group in opinion_map.groups().items()},
            "positions": positions,
            "representative": representative,
            "consensus": consensus,
            "group_votes": group_votes,
            "warm_start": opinion_map.warm_start().to_json(),
        },
    )
    return result
