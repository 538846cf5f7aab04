"""Residents set a round's priorities: suggesting one, and choosing which to support."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems

from ..models import Priority, PriorityVote, Round
from .rules import PhaseClosed


@transaction.atomic
def propose_priority(*, funding_round: Round, proposer, title: str, description: str = "") -> Priority:
    if not funding_round.is_open_for_priorities:
        raise PhaseClosed(funding_round.priorities_window.text)
    problems = {}
    check_text(
        problems, "title", title, max_length=150, required=gettext("Enter the priority in a few words")
    )
    check_text(problems, "description", description, max_length=1000)
    raise_problems(problems)
    try:
        with transaction.atomic():
            priority = Priority.objects.create(
                funding_round=funding_round,
                title=title.strip(),
                description=description,
                proposed_by=proposer,
            )
    except IntegrityError:
        raise ValidationError(
            {"title": gettext("Someone has already suggested this priority: support it instead")}
        ) from None
    PriorityVote.objects.create(priority=priority, voter=proposer)
    audit.record(actor=proposer, action="priority.created", target=priority)
    return priority


@transaction.atomic
def choose_priorities(*, funding_round: Round, voter, priorities: Sequence[Priority]) -> None:
    """Replace this person's support with the priorities they chose now (an approval vote)."""
    if not funding_round.is_open_for_priorities:
        raise PhaseClosed(funding_round.priorities_window.text)
    chosen = {priority.pk for priority in priorities if priority.funding_round_id == funding_round.pk}
    PriorityVote.objects.filter(priority__funding_round=funding_round, voter=voter).exclude(
        priority_id__in=chosen
    ).delete()
    already = set(
        PriorityVote.objects.filter(priority__funding_round=funding_round, voter=voter).values_list(
            "priority_id", flat=True
        )
    )
    PriorityVote.objects.bulk_create(
        [PriorityVote(priority_id=pk, voter=voter) for pk in chosen - already], ignore_conflicts=True
    )
    audit.record(actor=voter, action="priorities.chosen", target=funding_round)
