"""The opinion map's engine step: read every vote on shown statements, run `ostrom.opinion`, and store
the map in one short transaction.

The engine runs outside any transaction (the task calls this module; no request does), so a long
redraw never holds a database lock while new votes arrive. `services.request_map` queues the task.
"""

from django.db import transaction
from django.utils import timezone

from ostrom.opinion import OpinionMap, TooFewVotes, WarmStart, compute_opinion_map

from .models import Conversation, OpinionMapResult
from .selectors import vote_matrix_for


def redraw_map(*, conversation: Conversation) -> OpinionMapResult | None:
    """Redraw the map from every vote on shown statements, starting from the stored map so groups do
    not reshuffle when a few votes arrive. Returns None while there are too few votes for a map.

    The queued flag is cleared before the votes are read: a vote arriving while the engine runs sees
    no task queued and queues the next redraw itself, so no vote is left out for long."""
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
    return store_map(conversation=conversation, opinion_map=opinion_map, vote_count=int(votes.votes.nnz))


@transaction.atomic
def store_map(*, conversation: Conversation, opinion_map: OpinionMap, vote_count: int) -> OpinionMapResult:
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
