"""What conversations hold about a person, for their download and for erasure.

A person appears here as the participant linked to their account (with their votes), as the author of
statements, as the coordinator who opened a conversation and as the moderator of statements.

Erasure removes the person's words and answers, not just the link to them:
- Their participations and votes are deleted. Keeping the votes under an anonymous participant would
  keep the pattern of their answers, which is what they asked us to forget.
- Each statement they wrote keeps its row but loses its words: the text becomes "Removed at its author's
  request" and the statement is no longer shown. Deleting the row instead would also delete everyone
  else's votes on it and break the link from duplicates merged into it; keeping the row, not shown,
  keeps every public count consistent, because pages, exports and the map count only votes on shown
  statements. The audit log's description of those statements loses the words too.
- Conversations they opened and statements they moderated keep no link to them.
Every conversation touched gets its map redrawn, so the published groups no longer include them.
"""

from ostrom.core import audit

from . import services
from .models import Conversation, Participant, Statement, Vote

REMOVED = "Removed at its author's request"


def export(user) -> dict:
    participations = Participant.objects.filter(user=user).select_related("conversation")
    votes = Vote.objects.filter(participant__user=user).select_related("statement__conversation")
    statements = Statement.objects.filter(author__user=user).select_related("conversation", "merged_into")
    return {
        "conversations": [
            {"conversation": p.conversation.question, "joined_at": p.joined_at.isoformat()}
            for p in participations
        ],
        "conversation_votes": [
            {
                "conversation": vote.statement.conversation.question,
                "statement": vote.statement.text,
                "answer": vote.get_value_display(),
                "cast_at": vote.cast_at.isoformat(),
                "changed_at": vote.changed_at.isoformat(),
            }
            for vote in votes.order_by("cast_at", "pk")
        ],
        "conversation_statements": [
            {
                "conversation": statement.conversation.question,
                "text": statement.text,
                "status": statement.get_status_display(),
                "reason_not_shown": statement.reason_not_shown,
                "merged_into": statement.merged_into.text if statement.merged_into else "",
                "written_at": statement.created_at.isoformat(),
            }
            for statement in statements.order_by("created_at", "pk")
        ],
        "conversations_opened": [c.question for c in Conversation.objects.filter(created_by=user)],
    }


def erase(user) -> None:
    """Runs inside `accounts.services.erase_person`'s transaction."""
    touched = set(Participant.objects.filter(user=user).values_list("conversation_id", flat=True))
    written = Statement.objects.filter(author__user=user)
    written_ids = list(written.values_list("pk", flat=True))
    written.update(
        text=REMOVED, author=None, status=Statement.Status.REJECTED, rejection_reason=REMOVED, polis_id=""
    )
    audit.entries().filter(content_type__model="statement", content_type__app_label="conversations").filter(
        object_pk__in=[str(pk) for pk in written_ids]
    ).update(object_repr=REMOVED)
    Participant.objects.filter(user=user).delete()
    Conversation.objects.filter(created_by=user).update(created_by=None)
    Statement.objects.filter(moderated_by=user).update(moderated_by=None)
    for conversation in Conversation.objects.filter(pk__in=touched):
        services.request_map(conversation)
