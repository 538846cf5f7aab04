"""Reads that span the round: the panel (seats, conflicts, scores, discussion) and the engine's input."""

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Avg, Count

from ostrom.budgeting import Ballot as EngineBallot
from ostrom.budgeting import Election, VoteType, make_election
from ostrom.budgeting import Project as EngineProject

from .models import Application, Assessment, Ballot, BallotChoice, ConflictOfInterest, PanelSeat, Round


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


VOTE_TYPE_OF_BALLOT = {
    Round.BallotType.APPROVAL: "approval",
    Round.BallotType.CUMULATIVE: "cumulative",
    Round.BallotType.RANKED: "ordinal",
}


def election_for(funding_round: Round) -> Election:
    """The engine's input: shortlisted projects (id = application id, cost = amount asked) and every
    counted ballot, so paper ballots count only once confirmed."""
    applications = list(
        funding_round.applications.filter(
            status__in=[
                Application.Status.SHORTLISTED,
                Application.Status.FUNDED,
                Application.Status.NOT_FUNDED,
            ]
        ).order_by("pk")
    )
    projects = [
        EngineProject(id=str(a.pk), cost=Fraction(a.amount_requested), name=a.title) for a in applications
    ]
    choices: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = BallotChoice.objects.filter(
        ballot__in=Ballot.objects.filter(funding_round=funding_round).counted()
    )
    for ballot_id, application_id, value in rows.values_list("ballot_id", "application_id", "value").order_by(
        "ballot_id"
    ):
        choices[ballot_id].append((application_id, value))
    vote_type = VoteType(VOTE_TYPE_OF_BALLOT[funding_round.ballot_type])
    ballots = []
    for ballot_id, chosen in sorted(choices.items()):
        if vote_type is VoteType.ORDINAL:
            ballots.append(
                EngineBallot(
                    projects=tuple(str(a) for a, _ in sorted(chosen, key=lambda c: c[1])),
                    voter_id=str(ballot_id),
                )
            )
        elif vote_type is VoteType.CUMULATIVE:
            ballots.append(
                EngineBallot(
                    projects=tuple(str(a) for a, _ in chosen),
                    points=tuple(Fraction(v) for _, v in chosen),
                    voter_id=str(ballot_id),
                )
            )
        else:
            ballots.append(EngineBallot(projects=tuple(str(a) for a, _ in chosen), voter_id=str(ballot_id)))
    return make_election(
        budget=Fraction(funding_round.budget), projects=projects, ballots=ballots, vote_type=vote_type
    )
