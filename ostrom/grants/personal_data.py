"""What grants hold about a person, for their download and for erasure.

Erasure unlinks rather than deletes wherever a count depends on the row: a ballot still counts (so a
published result never changes) but no longer points at the voter, and loses its LSOA so a rare
area cannot single them out; support for a priority still counts; applications stay with their
organisation; a panel seat keeps its scores and paid hours. Records a person made as staff (paper
ballots they entered or confirmed) stay attached to their anonymised account, as every audited
record does; who counted a result or recorded a payment is forgotten. A grant's returns are impact
returns: ostrom/impact/personal_data.py exports and erases who sent them.
"""

from django.db import transaction
from django.utils import timezone

from ostrom.core import audit

from .models import (
    Application,
    Assessment,
    Ballot,
    ConflictOfInterest,
    PanelSeat,
    Payment,
    Priority,
    PriorityVote,
    Result,
)

MODELS = [
    Application,
    Assessment,
    Ballot,
    ConflictOfInterest,
    PanelSeat,
    Payment,
    Priority,
    PriorityVote,
    Result,
]


def personal_data_of(user) -> dict:
    applications = Application.objects.filter(applicant=user).select_related("funding_round", "organisation")
    seats = PanelSeat.objects.filter(member=user).select_related("panel__funding_round", "place")
    return {
        "grant_applications": [
            {
                "round": a.funding_round.name,
                "organisation": a.organisation.name,
                "title": a.title,
                "summary": a.summary,
                "who_benefits": a.who_benefits,
                "amount_requested": str(a.amount_requested),
                "budget_breakdown": a.budget_breakdown,
                "outcomes": a.outcomes,
                "status": a.public_status,
                "created_at": a.created_at.isoformat(),
            }
            for a in applications
        ],
        "grant_ballots": [
            {
                "round": ballot.funding_round.name,
                "area": ballot.lsoa.name if ballot.lsoa else None,
                "choices": {
                    c.application.title: c.value for c in ballot.choices.select_related("application")
                },
                "cast_at": ballot.cast_at.isoformat(),
                "changed_at": ballot.changed_at.isoformat(),
            }
            for ballot in Ballot.objects.filter(voter=user).select_related("funding_round", "lsoa")
        ],
        "grant_priorities_suggested": [
            {"round": p.funding_round.name, "title": p.title, "description": p.description}
            for p in Priority.objects.filter(proposed_by=user).select_related("funding_round")
        ],
        "grant_priorities_supported": [
            {
                "round": v.priority.funding_round.name,
                "priority": v.priority.title,
                "at": v.cast_at.isoformat(),
            }
            for v in PriorityVote.objects.filter(voter=user).select_related("priority__funding_round")
        ],
        "grant_panel_seats": [
            {
                "round": seat.panel.funding_round.name,
                "has_lived_experience": seat.has_lived_experience,
                "place": seat.place.name,
                "paid_hours": str(seat.paid_hours),
                "training_completed_on": seat.training_completed_on.isoformat()
                if seat.training_completed_on
                else None,
                "scores": [
                    {"application": a.application.title, "score": a.score, "comment": a.comment}
                    for a in seat.assessments.select_related("application")
                ],
                "declared_interests": [
                    {"application": c.application.title, "reason": c.reason}
                    for c in seat.conflicts.select_related("application")
                ],
            }
            for seat in seats
        ],
    }


@transaction.atomic
def erase_personal_data_of(user) -> None:
    rounds = {
        ballot.funding_round for ballot in Ballot.objects.filter(voter=user).select_related("funding_round")
    }
    Ballot.objects.filter(voter=user).update(voter=None, lsoa=None, voter_erased_at=timezone.now())
    PriorityVote.objects.filter(voter=user).update(voter=None)
    Priority.objects.filter(proposed_by=user).update(proposed_by=None)
    Application.objects.filter(applicant=user).update(applicant=None)
    PanelSeat.objects.filter(member=user).update(member=None)
    Result.objects.filter(computed_by=user).update(computed_by=None)
    Payment.objects.filter(recorded_by=user).update(recorded_by=None)
    for funding_round in rounds:
        audit.record(actor=None, action="ballot.voter_erased", target=funding_round)
