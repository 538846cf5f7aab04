"""Reads that span the round: the panel (seats, conflicts, scores, discussion), the engine's input and
the coordinator's report of suspicious voting."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from django.db.models import Avg, Count
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.budgeting import Ballot as EngineBallot
from ostrom.budgeting import Election, VoteType, make_election
from ostrom.budgeting import Project as EngineProject

from .models import (
    Application,
    Assessment,
    Ballot,
    BallotChoice,
    ConflictOfInterest,
    PanelSeat,
    Round,
)


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
        raise ConflictedView(
            gettext("You declared an interest in this application, so you cannot see its discussion")
        )
    if seat is None and not permissions.can_run_round(viewer, application.funding_round):
        raise NotOnPanel(gettext("Only the panel and coordinators see the panel's discussion"))
    return list(application.assessments.select_related("seat__member").order_by("seat__member__full_name"))


def conflicts_for(seat: PanelSeat) -> set[int]:
    return set(seat.conflicts.values_list("application_id", flat=True))


def assessments_by(seat: PanelSeat) -> dict[int, Assessment]:
    return {a.application_id: a for a in seat.assessments.all()}


def election_for(funding_round: Round) -> Election:
    """The engine's input: shortlisted projects (id = application id, cost = amount asked) and every
    counted ballot, so paper ballots count only once confirmed."""
    applications = list(funding_round.applications.on_ballot().order_by("pk"))
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
    vote_type = funding_round.vote_type
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


@dataclass(frozen=True)
class SuspiciousGroup:
    """Ballots from accounts created from one network address within a short time. Never the address."""

    number: int
    account_count: int
    first_account_at: datetime
    last_account_at: datetime
    first_ballot_at: datetime
    last_ballot_at: datetime


SUSPICIOUS_ACCOUNTS = 3
SUSPICIOUS_WINDOW = timedelta(hours=24)


def suspicious_groups(
    funding_round: Round, *, at_least: int = SUSPICIOUS_ACCOUNTS, within: timedelta = SUSPICIOUS_WINDOW
) -> list[SuspiciousGroup]:
    """Groups of `at_least` accounts that voted in the round and were created from one address
    within `within` of each other, biggest first. Accounts from a shared address (a library, a care
    home) can be honest: the report is for a coordinator to look into, not a verdict."""
    rows = (
        Ballot.objects.filter(funding_round=funding_round, voter__isnull=False)
        .exclude(voter__signup_address_hash="")
        .values_list("voter__signup_address_hash", "voter__date_joined", "cast_at")
        .order_by("voter__signup_address_hash", "voter__date_joined")
    )
    by_address: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for address_hash, joined, cast in rows:
        by_address[address_hash].append((joined, cast))
    clusters = []
    for accounts in by_address.values():
        cluster = [accounts[0]]
        for account in accounts[1:]:
            if account[0] - cluster[0][0] <= within:
                cluster.append(account)
                continue
            clusters.append(cluster)
            cluster = [account]
        clusters.append(cluster)
    found = sorted(
        (cluster for cluster in clusters if len(cluster) >= at_least),
        key=lambda cluster: (-len(cluster), cluster[0][0]),
    )
    return [
        SuspiciousGroup(
            number=number,
            account_count=len(cluster),
            first_account_at=cluster[0][0],
            last_account_at=cluster[-1][0],
            first_ballot_at=min(cast for _, cast in cluster),
            last_ballot_at=max(cast for _, cast in cluster),
        )
        for number, cluster in enumerate(found, start=1)
    ]
