"""Reads about the decision panel: who holds a seat, conflicts, scores and the panel's discussion."""

from dataclasses import dataclass

from django.db.models import Avg, Count

from .models import Application, Assessment, ConflictOfInterest, PanelSeat, Round


class NotOnPanel(Exception):
    """Only the round's panel and coordinators see the panel's discussion."""


class ConflictedView(Exception):
    """A member with a declared interest cannot see the discussion of that application."""


def seat_of(user, funding_round: Round) -> PanelSeat | None:
    if not user.is_authenticated:
        return None
    return (
        PanelSeat.objects.filter(panel__funding_round=funding_round, member=user)
        .select_related("panel")
        .first()
    )


def is_conflicted(seat: PanelSeat, application: Application) -> bool:
    return ConflictOfInterest.objects.filter(seat=seat, application=application).exists()


@dataclass(frozen=True)
class ScoredApplication:
    application: Application
    average_score: float | None
    assessment_count: int
    conflict_count: int


def scored_applications(funding_round: Round) -> list[ScoredApplication]:
    """Sent applications with the panel's average score, best first."""
    applications = (
        funding_round.applications.submitted()
        .select_related("organisation")
        .annotate(
            average=Avg("assessments__score"),
            scored=Count("assessments", distinct=True),
            conflicted=Count("conflicts", distinct=True),
        )
    )
    rows = [
        ScoredApplication(a, float(a.average) if a.average is not None else None, a.scored, a.conflicted)
        for a in applications
    ]
    return sorted(rows, key=lambda row: (-(row.average_score or 0), row.application.title))


def discussion(application: Application, viewer) -> list[Assessment]:
    """The panel's scores and comments on an application, hidden from a conflicted member."""
    seat = seat_of(viewer, application.funding_round)
    if seat is not None and is_conflicted(seat, application):
        raise ConflictedView("You declared an interest in this application, so you cannot see its discussion")
    if seat is None and not viewer.is_coordinator:
        raise NotOnPanel("Only the panel and coordinators see the panel's discussion")
    return list(application.assessments.select_related("seat__member").order_by("seat__member__full_name"))


def conflicts_for(seat: PanelSeat) -> set[int]:
    return set(seat.conflicts.values_list("application_id", flat=True))


def assessments_by(seat: PanelSeat) -> dict[int, Assessment]:
    return {a.application_id: a for a in seat.assessments.all()}
