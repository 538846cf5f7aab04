"""Reads for decisions: which decisions a person may see, and who took part in the input behind them,
each person once."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from ostrom.accounts import permissions

from . import inputs
from .models import Assurance, Body, Commitment, Decision, InputLink


def bodies_recorded_by(user) -> list[Body]:
    """The bodies whose decisions this person may record (and so see before they are published)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        body
        for body in Body.objects.prefetch_related("places")
        if permissions.can_record_decisions(user, body)
    ]


def decisions_visible_to(user):
    """The one rule for who sees a decision, shared by pages, the feed and the API: everyone sees
    published decisions; the people who record a body's decisions also see its unpublished ones."""
    published = Decision.objects.published()
    bodies = bodies_recorded_by(user)
    if not bodies:
        return published
    return Decision.objects.filter(Q(pk__in=published.values("pk")) | Q(body__in=bodies))


def can_see(user, decision: Decision) -> bool:
    return decision.is_published or permissions.can_record_decisions(user, decision.body)


def participation_behind(links: Iterable[InputLink]) -> inputs.Participation:
    """Everyone who took part in the linked input: account holders counted once however many pieces of
    input they took part in (a voter who also sat on the panel is one person); people who took part
    without an account only as a number, never guessed to be anyone."""
    ids_by_kind: dict[str, set[int]] = defaultdict(set)
    for link in links:
        ids_by_kind[link.kind].add(link.object_id)
    user_ids: set[int] = set()
    anonymous = 0
    for key, object_ids in ids_by_kind.items():
        kind = inputs.input_kind(key)
        if kind is None:
            continue
        taking_part = kind.participation(sorted(object_ids))
        user_ids |= taking_part.user_ids
        anonymous += taking_part.anonymous
    return inputs.Participation(user_ids=frozenset(user_ids), anonymous=anonymous)


def dashboard(user) -> dict:
    """What partners and coordinators follow across the bodies they record decisions for: decisions by
    status, checklists waiting for a review or not satisfied, and commitments overdue."""
    bodies = bodies_recorded_by(user)
    decisions = Decision.objects.filter(body__in=bodies).select_related("body")
    by_status = [
        (
            label,
            value,
            list(decisions.filter(status=value).order_by("-decided_on", "-created_at")[:10]),
            decisions.filter(status=value).count(),
        )
        for value, label in Decision.Status.choices
    ]
    checklists = (
        Assurance.objects.filter(decision__in=decisions)
        .select_related("decision")
        .prefetch_related("answers")
    )
    return {
        "bodies": bodies,
        "by_status": by_status,
        "awaiting_review": [c for c in checklists.filter(verdict="") if c.is_complete],
        "being_answered": [c for c in checklists.filter(verdict="") if not c.is_complete],
        "not_satisfied": list(checklists.filter(verdict=Assurance.Verdict.NOT_SATISFIED)),
        "overdue": list(
            Commitment.objects.overdue()
            .filter(decision__in=decisions)
            .select_related("decision")
            .order_by("due_on")
        ),
    }
