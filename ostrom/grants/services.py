"""Grant rounds: funds, priorities, applications. Every write goes through here, audited."""

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.accounts.services import grant_role
from ostrom.budgeting import (
    Completion,
    Election,
    Outcome,
    Utility,
    VoteType,
    equal_shares,
    greedy,
    parse_pabulib,
    phragmen,
)
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.core.slugs import unique_slug
from ostrom.network.models import Organisation
from ostrom.places.models import Place, Postcode

from .models import (
    AccessCode,
    Application,
    Assessment,
    Ballot,
    BallotChoice,
    ConflictOfInterest,
    Fund,
    Grant,
    MonitoringReturn,
    Panel,
    PanelSeat,
    Payment,
    Priority,
    PriorityVote,
    Result,
    Round,
)
from .selectors import VOTE_TYPE_OF_BALLOT, election_for, is_conflicted, seat_of

ROUND_FIELDS = [
    "name",
    "budget",
    "slim_limit",
    "largest_grant",
    "priority_count",
    "priorities_open_at",
    "applications_open_at",
    "applications_close_at",
    "voting_opens_at",
    "voting_closes_at",
    "ballot_type",
    "points_per_voter",
    "rule",
    "minimum_voting_age",
]


class NotAllowed(Exception):
    """The person acting cannot do this."""


class PhaseClosed(Exception):
    """The round is not in the phase this needs; the message says what is possible now."""


class Conflicted(Exception):
    """A member with a declared interest cannot score or see the discussion of that application."""


def _ensure_coordinator(user) -> None:
    if user is None or not user.is_coordinator:
        raise NotAllowed("Only a coordinator can do this")


@transaction.atomic
def create_fund(
    *,
    coordinator,
    name: str,
    description: str,
    funder_name: str,
    funder_org_id: str,
    source: str,
    amount: Decimal,
    places_served: Sequence[Place],
) -> Fund:
    _ensure_coordinator(coordinator)
    fund = Fund.objects.create(
        name=name,
        slug=unique_slug(Fund, name, fallback="fund"),
        description=description,
        funder_name=funder_name,
        funder_org_id=funder_org_id,
        source=source,
        amount=amount,
    )
    fund.places_served.set(places_served)
    audit.record(actor=coordinator, action="fund.created", target=fund)
    return fund


@transaction.atomic
def save_round(*, coordinator, fund: Fund, funding_round: Round | None = None, **details) -> Round:
    """Create a round, or change one. Dates must run in order and the budget fit what is left in the fund."""
    _ensure_coordinator(coordinator)
    is_new = funding_round is None
    if is_new:
        funding_round = Round(fund=fund, slug=unique_slug(Round, details["name"], fallback="round"))
    before = {field: getattr(funding_round, field) for field in ROUND_FIELDS} if not is_new else {}
    for field, value in details.items():
        setattr(funding_round, field, value)
    _check_round(funding_round)
    funding_round.save()
    audit.record(
        actor=coordinator,
        action="round.created" if is_new else "round.changed",
        target=funding_round,
        changes=None if is_new else audit.changed_fields(funding_round, before, ROUND_FIELDS),
    )
    return funding_round


def _check_round(funding_round: Round) -> None:
    problems = {}
    order = [
        ("priorities_open_at", "applications_open_at"),
        ("applications_open_at", "applications_close_at"),
        ("applications_close_at", "voting_opens_at"),
        ("voting_opens_at", "voting_closes_at"),
    ]
    for earlier, later in order:
        if getattr(funding_round, later) < getattr(funding_round, earlier):
            problems[later] = "This date must be after the one before it"
    if funding_round.applications_close_at == funding_round.applications_open_at:
        problems["applications_close_at"] = "Applications must be open for some time"
    if funding_round.voting_closes_at == funding_round.voting_opens_at:
        problems["voting_closes_at"] = "Voting must be open for some time"
    others = Round.objects.filter(fund=funding_round.fund).exclude(pk=funding_round.pk)
    committed = sum((r.budget for r in others), Decimal(0))
    if committed + funding_round.budget > funding_round.fund.amount:
        left = funding_round.fund.amount - committed
        problems["budget"] = f"The budget must be £{left:,.2f} or less: that is what is left in the fund"
    if funding_round.largest_grant > funding_round.budget:
        problems["largest_grant"] = "The largest grant cannot be more than the round's budget"
    if funding_round.slim_limit > funding_round.largest_grant:
        problems["slim_limit"] = "The one-page form limit cannot be more than the largest grant"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def propose_priority(*, funding_round: Round, proposer, title: str, description: str = "") -> Priority:
    if not funding_round.is_open_for_priorities:
        raise PhaseClosed("Priorities can only be suggested while the round is setting priorities")
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
            {"title": "Someone has already suggested this priority: support it instead"}
        ) from None
    PriorityVote.objects.create(priority=priority, voter=proposer)
    audit.record(actor=proposer, action="priority.created", target=priority)
    return priority


@transaction.atomic
def choose_priorities(*, funding_round: Round, voter, priorities: Sequence[Priority]) -> None:
    """Replace this person's support with the priorities they chose now (an approval vote)."""
    if not funding_round.is_open_for_priorities:
        raise PhaseClosed("Voting on priorities has closed")
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


@transaction.atomic
def save_application(
    *,
    funding_round: Round,
    applicant,
    organisation: Organisation,
    title: str,
    summary: str,
    who_benefits: str,
    places: Sequence[Place],
    amount_requested: Decimal,
    priority: Priority | None,
    budget_breakdown: str = "",
    outcomes: str = "",
    application: Application | None = None,
    submit: bool = False,
) -> Application:
    """Save a draft (or change a sent application) while applications are open; `submit` sends it."""
    if not funding_round.is_open_for_applications:
        raise PhaseClosed("Applications for this round are closed")
    if not organisation.memberships.filter(user=applicant).exists() or organisation.status != "member":
        raise ValidationError({"organisation": "Apply for a member organisation you belong to"})
    if application is not None and application.applicant_id != applicant.pk:
        raise NotAllowed("You can only change your own applications")
    problems = {}
    if amount_requested > funding_round.largest_grant:
        problems["amount_requested"] = f"Amount must be £{funding_round.largest_grant:,.0f} or less"
    if priority is not None and priority.pk not in {p.pk for p in funding_round.criteria()}:
        problems["priority"] = "Choose one of the priorities residents set for this round"
    if submit and amount_requested > funding_round.slim_limit:
        if not budget_breakdown.strip():
            problems["budget_breakdown"] = (
                f"Grants over £{funding_round.slim_limit:,.0f} need a breakdown of how the money will be spent"
            )
        if not outcomes.strip():
            problems["outcomes"] = (
                f"Grants over £{funding_round.slim_limit:,.0f} need the difference you expect to make"
            )
    if submit and priority is None:
        problems["priority"] = "Choose the priority your project meets"
    if problems:
        raise ValidationError(problems)
    is_new = application is None
    if is_new:
        application = Application(funding_round=funding_round, applicant=applicant)
    application.organisation, application.title, application.summary = organisation, title, summary
    application.who_benefits, application.amount_requested, application.priority = (
        who_benefits,
        amount_requested,
        priority,
    )
    application.budget_breakdown, application.outcomes = budget_breakdown, outcomes
    if submit and application.status == Application.Status.DRAFT:
        application.status, application.submitted_at = Application.Status.SUBMITTED, timezone.now()
    application.save()
    application.places.set(places)
    action = (
        "application.created" if is_new else ("application.submitted" if submit else "application.changed")
    )
    audit.record(actor=applicant, action=action, target=application)
    return application


@transaction.atomic
def withdraw_application(*, application: Application, applicant) -> Application:
    if application.applicant_id != applicant.pk:
        raise NotAllowed("You can only withdraw your own applications")
    if not application.is_editable:
        raise PhaseClosed("This application can no longer be withdrawn")
    before = application.status
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=applicant,
        action="application.withdrawn",
        target=application,
        changes={"status": (before, application.status)},
    )
    return application


# The decision panel -------------------------------------------------------------------------


@transaction.atomic
def set_up_panel(
    *,
    coordinator,
    funding_round: Round,
    seat_count: int,
    lived_experience_target: int,
    localities_target: int,
    ethnic_groups_target: int,
    hourly_rate: Decimal,
) -> Panel:
    _ensure_coordinator(coordinator)
    panel, created = Panel.objects.update_or_create(
        funding_round=funding_round,
        defaults={
            "seat_count": seat_count,
            "lived_experience_target": lived_experience_target,
            "localities_target": localities_target,
            "ethnic_groups_target": ethnic_groups_target,
            "hourly_rate": hourly_rate,
        },
    )
    audit.record(actor=coordinator, action="panel.created" if created else "panel.changed", target=panel)
    return panel


@transaction.atomic
def add_panel_member(
    *, coordinator, panel: Panel, member, has_lived_experience: bool, place: Place
) -> PanelSeat:
    _ensure_coordinator(coordinator)
    if panel.seats.count() >= panel.seat_count:
        raise ValidationError({"member": f"All {panel.seat_count} seats are taken"})
    try:
        with transaction.atomic():
            seat = PanelSeat.objects.create(
                panel=panel, member=member, has_lived_experience=has_lived_experience, place=place
            )
    except IntegrityError:
        raise ValidationError({"member": "This person already has a seat on the panel"}) from None
    grant_role(user=member, kind=Role.Kind.PANEL_MEMBER, granted_by=coordinator)
    audit.record(actor=coordinator, action="panel_seat.created", target=seat)
    return seat


@transaction.atomic
def record_panel_time(
    *, coordinator, seat: PanelSeat, paid_hours: Decimal, training_completed_on
) -> PanelSeat:
    _ensure_coordinator(coordinator)
    before = {"paid_hours": seat.paid_hours, "training_completed_on": seat.training_completed_on}
    seat.paid_hours, seat.training_completed_on = paid_hours, training_completed_on
    seat.save(update_fields=["paid_hours", "training_completed_on"])
    audit.record(
        actor=coordinator,
        action="panel_seat.changed",
        target=seat,
        changes=audit.changed_fields(seat, before, ["paid_hours", "training_completed_on"]),
    )
    return seat


@transaction.atomic
def declare_conflict(*, member, application: Application, reason: str) -> ConflictOfInterest:
    seat = seat_of(member, application.funding_round)
    if seat is None:
        raise NotAllowed("Only members of this round's panel declare interests")
    if not reason.strip():
        raise ValidationError({"reason": "Say what your interest is, for example 'I volunteer there'"})
    conflict, created = ConflictOfInterest.objects.get_or_create(
        seat=seat, application=application, defaults={"reason": reason}
    )
    # A score given before the interest was declared no longer counts.
    Assessment.objects.filter(seat=seat, application=application).delete()
    if created:
        audit.record(actor=member, action="conflict.declared", target=application, note=reason)
    return conflict


@transaction.atomic
def assess_application(*, member, application: Application, score: int, comment: str) -> Assessment:
    funding_round = application.funding_round
    if funding_round.phase != Round.Phase.ASSESSMENT:
        raise PhaseClosed("Applications can only be scored while the panel is assessing them")
    seat = seat_of(member, funding_round)
    if seat is None:
        raise NotAllowed("Only members of this round's panel score applications")
    if is_conflicted(seat, application):
        raise Conflicted("You declared an interest in this application, so you cannot score it")
    if application.status not in {
        Application.Status.SUBMITTED,
        Application.Status.SHORTLISTED,
        Application.Status.NOT_SHORTLISTED,
    }:
        raise ValidationError("Only sent applications are scored")
    assessment, created = Assessment.objects.update_or_create(
        seat=seat, application=application, defaults={"score": score, "comment": comment}
    )
    audit.record(
        actor=member, action="assessment.created" if created else "assessment.changed", target=application
    )
    return assessment


@transaction.atomic
def shortlist(*, coordinator, funding_round: Round, chosen: Sequence[Application]) -> None:
    """Put the chosen applications on the public ballot; the other sent ones are told they were not chosen."""
    _ensure_coordinator(coordinator)
    if funding_round.phase != Round.Phase.ASSESSMENT:
        raise PhaseClosed("The shortlist is settled while the panel is assessing, before the vote opens")
    chosen_ids = {application.pk for application in chosen}
    for application in funding_round.applications.submitted().select_for_update():
        status = (
            Application.Status.SHORTLISTED
            if application.pk in chosen_ids
            else Application.Status.NOT_SHORTLISTED
        )
        if application.status != status:
            before = application.status
            application.status = status
            application.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=coordinator,
                action="application.shortlisted"
                if status == "shortlisted"
                else "application.not_shortlisted",
                target=application,
                changes={"status": (before, status)},
            )


# The public vote ------------------------------------------------------------------------------


class AlreadyConfirmed(Exception):
    """This paper ballot has already been confirmed."""


def check_choices(funding_round: Round, choices: Mapping[int, int]) -> dict[int, int]:
    """The person's choices, checked against the round's ballot type and shortlist.
    `choices` maps an application id to 1 (approval), a number of points, or a rank (1 = first)."""
    chosen = {application_id: value for application_id, value in choices.items() if value}
    shortlisted = set(
        funding_round.applications.filter(status=Application.Status.SHORTLISTED).values_list("pk", flat=True)
    )
    if not chosen:
        raise ValidationError("Choose at least one project")
    if set(chosen) - shortlisted:
        raise ValidationError("You can only vote for projects on the ballot")
    if any(value < 0 for value in chosen.values()):
        raise ValidationError("Points and ranks must be positive whole numbers")
    if funding_round.ballot_type == Round.BallotType.CUMULATIVE:
        total = sum(chosen.values())
        if total > funding_round.points_per_voter:
            raise ValidationError(
                f"You have given {total} points: you have {funding_round.points_per_voter} to share out"
            )
    elif funding_round.ballot_type == Round.BallotType.RANKED:
        if sorted(chosen.values()) != list(range(1, len(chosen) + 1)):
            raise ValidationError("Number your choices 1, 2, 3 and so on, using each number once")
    else:
        chosen = dict.fromkeys(chosen, 1)
    return chosen


def check_voter(funding_round: Round, *, postcode: str, is_old_enough: bool) -> Place:
    """The voter's LSOA if they live where the fund serves and are old enough, else a plain message."""
    problems = {}
    if not is_old_enough:
        problems["is_old_enough"] = (
            f"You must be {funding_round.minimum_voting_age} or over to vote in this round"
        )
    match = Postcode.objects.select_related("lsoa").filter(postcode=Postcode.normalise(postcode)).first()
    if match is None:
        problems["postcode"] = "We do not recognise this postcode. Check it and try again"
    else:
        served = funding_round.fund.places_served.all()
        if not any(Place.objects.within(place).filter(pk=match.lsoa_id).exists() for place in served):
            places = ", ".join(place.name for place in served)
            problems["postcode"] = f"This vote is for people who live in {places}"
    if problems:
        raise ValidationError(problems)
    return match.lsoa


@transaction.atomic
def cast_ballot(
    *,
    funding_round: Round,
    voter,
    choices: Mapping[int, int],
    postcode: str,
    is_old_enough: bool,
    access_code: str = "",
) -> Ballot:
    """Cast or change a person's ballot. One per person, enforced by the database: when two submissions
    race (two tabs, a double click), one creates the ballot and the other replaces its choices, so the
    last one stands and nothing is counted twice."""
    if not funding_round.is_open_for_voting:
        raise PhaseClosed("Voting is not open for this round")
    chosen = check_choices(funding_round, choices)
    lsoa = check_voter(funding_round, postcode=postcode, is_old_enough=is_old_enough)
    ballot = Ballot.objects.select_for_update().filter(funding_round=funding_round, voter=voter).first()
    is_new = ballot is None
    if is_new:
        code = _claim_access_code(funding_round, access_code) if funding_round.requires_access_code else None
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    funding_round=funding_round, voter=voter, lsoa=lsoa, access_code=code
                )
        except IntegrityError:
            # The unique constraint held back a second ballot from a racing submission: replace its choices.
            if code is not None:
                AccessCode.objects.filter(pk=code.pk).update(used_at=None)
            ballot = Ballot.objects.select_for_update().get(funding_round=funding_round, voter=voter)
            is_new = False
    ballot.lsoa = lsoa
    ballot.save(update_fields=["lsoa", "changed_at"])
    ballot.choices.all().delete()
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, application_id=application_id, value=value)
            for application_id, value in chosen.items()
        ]
    )
    # More roles can read the audit log than can read ballots: record that a vote was cast, not how.
    audit.record(actor=voter, action="ballot.cast" if is_new else "ballot.changed", target=ballot)
    return ballot


def _claim_access_code(funding_round: Round, code: str) -> AccessCode:
    access = (
        AccessCode.objects.select_for_update()
        .filter(funding_round=funding_round, code_hash=hash_access_code(code))
        .first()
    )
    if access is None:
        raise ValidationError({"access_code": "This code is not right. Check the letter we sent you"})
    if access.used_at is not None:
        raise ValidationError({"access_code": "This code has already been used to vote"})
    access.used_at = timezone.now()
    access.save(update_fields=["used_at"])
    return access


def hash_access_code(code: str) -> str:
    return hashlib.sha256("".join(code.split()).upper().encode()).hexdigest()


@transaction.atomic
def issue_access_codes(*, coordinator, funding_round: Round, count: int) -> list[str]:
    """New one-time codes to print on letters. Returned once; only hashes are kept."""
    _ensure_coordinator(coordinator)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    codes = [
        "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3)) for _ in range(count)
    ]
    AccessCode.objects.bulk_create(
        [AccessCode(funding_round=funding_round, code_hash=hash_access_code(code)) for code in codes]
    )
    audit.record(
        actor=coordinator, action="access_codes.created", target=funding_round, note=f"{count} codes"
    )
    return codes


@transaction.atomic
def enter_paper_ballot(
    *, coordinator, funding_round: Round, paper_reference: str, choices: Mapping[int, int], postcode: str
) -> Ballot:
    """A coordinator types in a paper ballot. It counts only once a second person confirms it."""
    _ensure_coordinator(coordinator)
    if funding_round.phase not in {Round.Phase.VOTING, Round.Phase.DECISION} or hasattr(
        funding_round, "result"
    ):
        raise PhaseClosed(
            "Paper ballots are entered while voting is open, or before the result is worked out"
        )
    chosen = check_choices(funding_round, choices)
    lsoa = check_voter(funding_round, postcode=postcode, is_old_enough=True)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                funding_round=funding_round,
                is_paper=True,
                paper_reference=paper_reference,
                entered_by=coordinator,
                lsoa=lsoa,
            )
    except IntegrityError:
        raise ValidationError(
            {"paper_reference": f"Paper ballot {paper_reference} has already been entered"}
        ) from None
    BallotChoice.objects.bulk_create(
        [
            BallotChoice(ballot=ballot, application_id=application_id, value=value)
            for application_id, value in chosen.items()
        ]
    )
    audit.record(actor=coordinator, action="paper_ballot.entered", target=ballot, note=paper_reference)
    return ballot


@transaction.atomic
def import_pabulib_ballots(*, coordinator, funding_round: Round, text: str) -> int:
    """Ballots from a Pabulib file (for example counted on paper elsewhere). Project ids must be the
    shortlisted application ids. Each becomes a paper ballot entered by the importer, counted once a
    second person confirms it. A file with any problem imports nothing."""
    _ensure_coordinator(coordinator)
    if funding_round.phase not in {Round.Phase.VOTING, Round.Phase.DECISION} or hasattr(
        funding_round, "result"
    ):
        raise PhaseClosed("Ballots are imported while voting is open, or before the result is worked out")
    election = parse_pabulib(text)  # raises PabulibFormatError naming the line
    expected = {VoteType(VOTE_TYPE_OF_BALLOT[funding_round.ballot_type])}
    if election.vote_type not in expected:
        raise ValidationError(
            f"The file has {election.vote_type} votes but this round uses {funding_round.ballot_type} ballots"
        )
    shortlisted = {
        str(pk)
        for pk in funding_round.applications.filter(status=Application.Status.SHORTLISTED).values_list(
            "pk", flat=True
        )
    }
    unknown = sorted({project.id for project in election.projects} - shortlisted)
    if unknown:
        raise ValidationError(f"These projects are not on this round's ballot: {', '.join(unknown)}")
    count = 0
    for voter in range(election.voter_count):
        ballot = election.ballot(voter)
        if funding_round.ballot_type == Round.BallotType.RANKED:
            choices = {int(project): rank for rank, project in enumerate(ballot.projects, start=1)}
        elif ballot.points is not None:
            choices = {
                int(project): int(points)
                for project, points in zip(ballot.projects, ballot.points, strict=True)
            }
        else:
            choices = dict.fromkeys((int(project) for project in ballot.projects), 1)
        try:
            chosen = check_choices(funding_round, choices)
        except ValidationError as problem:
            raise ValidationError(f"Voter {ballot.voter_id}: {problem.messages[0]}") from None
        reference = f"pb-{ballot.voter_id}"
        try:
            with transaction.atomic():
                paper = Ballot.objects.create(
                    funding_round=funding_round,
                    is_paper=True,
                    paper_reference=reference,
                    entered_by=coordinator,
                )
        except IntegrityError:
            raise ValidationError(f"Voter {ballot.voter_id} has already been imported") from None
        BallotChoice.objects.bulk_create(
            [BallotChoice(ballot=paper, application_id=a, value=v) for a, v in chosen.items()]
        )
        count += 1
    audit.record(
        actor=coordinator, action="paper_ballot.imported", target=funding_round, note=f"{count} ballots"
    )
    return count


@transaction.atomic
def confirm_paper_ballot(*, coordinator, ballot: Ballot) -> Ballot:
    _ensure_coordinator(coordinator)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.entered_by_id == coordinator.pk:
        raise NotAllowed("A second person must confirm a paper ballot: you entered this one")
    if ballot.confirmed_by_id is not None:
        raise AlreadyConfirmed(f"Paper ballot {ballot.paper_reference} is already confirmed")
    ballot.confirmed_by = coordinator
    ballot.save(update_fields=["confirmed_by", "changed_at"])
    audit.record(
        actor=coordinator, action="paper_ballot.confirmed", target=ballot, note=ballot.paper_reference
    )
    return ballot


# The result -----------------------------------------------------------------------------------


def start_result(*, coordinator, funding_round: Round) -> Progress:
    """Queue the count. It runs as a background task; the page shows its progress."""
    _ensure_coordinator(coordinator)
    if funding_round.phase != Round.Phase.DECISION:
        raise PhaseClosed("The result is worked out after voting closes and before it is published")
    from .tasks import compute_result_task

    with transaction.atomic():
        progress = Progress.objects.create(
            title=f"Working out the result of {funding_round}", started_by=coordinator
        )
        transaction.on_commit(
            lambda: compute_result_task.enqueue(round_id=funding_round.pk, progress_id=progress.pk)
        )
    return progress


def run_rule(funding_round: Round, election: Election) -> Outcome:
    """The round's rule on the engine. Approval ballots value a project at its cost (as equalshares.net
    and Pabulib's official Equal Shares elections do); points and ranked ballots by their points
    (Borda for ranks). Equal Shares completes with add1 then a utilitarian fill, so money is not left
    unspent when it could fund another supported project."""
    utility = Utility.COST if election.vote_type == VoteType.APPROVAL else Utility.POINTS
    if funding_round.rule == Round.Rule.EQUAL_SHARES:
        return equal_shares(election, utility=utility, completion=Completion.ADD1_UTILITARIAN)
    if funding_round.rule == Round.Rule.GREEDY:
        return greedy(election, utility=utility)
    return phragmen(election)


@transaction.atomic
def compute_result(*, funding_round: Round, computed_by, progress: Progress | None = None) -> Result:
    """Count the ballots with the round's rule and record what was funded. Re-running replaces the
    previous result and says so in the audit log."""
    funding_round = Round.objects.select_for_update().get(pk=funding_round.pk)
    if funding_round.phase != Round.Phase.DECISION:
        raise PhaseClosed("The result is worked out after voting closes and before it is published")
    if progress:
        progress.advance(10, "Gathering the counted ballots")
    election = election_for(funding_round)
    if progress:
        progress.advance(
            40, f"Counting {election.voter_count} ballots with the {funding_round.get_rule_display()}"
        )
    outcome = run_rule(funding_round, election)
    previous = Result.objects.filter(funding_round=funding_round).first()
    result, _ = Result.objects.update_or_create(
        funding_round=funding_round,
        defaults={
            "rule": outcome.rule,
            "ballot_count": election.voter_count,
            "selected": [int(project_id) for project_id in outcome.selected],
            "cost": Decimal(outcome.cost.numerator) / Decimal(outcome.cost.denominator),
            "explanations": outcome.to_dict()["explanations"],
            "computed_at": timezone.now(),
            "computed_by": computed_by,
        },
    )
    funded = set(result.selected)
    for application in funding_round.applications.filter(
        status__in=[Application.Status.SHORTLISTED, Application.Status.FUNDED, Application.Status.NOT_FUNDED]
    ):
        application.status = (
            Application.Status.FUNDED if application.pk in funded else Application.Status.NOT_FUNDED
        )
        application.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=computed_by,
        action="result.changed" if previous else "result.created",
        target=result,
        changes={"selected": (previous.selected if previous else None, result.selected)},
    )
    if progress:
        progress.advance(90, "Saving the result")
    return result


@transaction.atomic
def publish_result(*, coordinator, funding_round: Round) -> Round:
    _ensure_coordinator(coordinator)
    if not hasattr(funding_round, "result"):
        raise PhaseClosed("Work out the result before publishing it")
    funding_round.published_at = timezone.now()
    funding_round.save(update_fields=["published_at"])
    audit.record(actor=coordinator, action="result.published", target=funding_round.result)
    award_grants(coordinator=coordinator, funding_round=funding_round)
    return funding_round


@transaction.atomic
def award_grants(*, coordinator, funding_round: Round) -> list[Grant]:
    """A grant for each funded application, with a progress return due in 6 months and a final one in 12."""
    _ensure_coordinator(coordinator)
    today = timezone.localdate()
    grants = []
    for application in funding_round.applications.filter(
        status=Application.Status.FUNDED, grant__isnull=True
    ):
        grant = Grant.objects.create(
            application=application,
            identifier=f"{settings.GRANTS_360G_PREFIX}-{funding_round.slug}-{application.pk}",
            amount_awarded=application.amount_requested,
            award_date=today,
            planned_start_on=today,
            planned_end_on=today + timedelta(days=365),
        )
        MonitoringReturn.objects.bulk_create(
            [
                MonitoringReturn(grant=grant, due_on=today + timedelta(days=182)),
                MonitoringReturn(grant=grant, due_on=today + timedelta(days=365), is_final=True),
            ]
        )
        audit.record(
            actor=coordinator,
            action="grant.created",
            target=grant,
            changes={"amount_awarded": (None, grant.amount_awarded)},
        )
        grants.append(grant)
    return grants


@transaction.atomic
def record_payment(*, coordinator, grant: Grant, amount: Decimal, paid_on, reference: str = "") -> Payment:
    _ensure_coordinator(coordinator)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    left = grant.amount_awarded - grant.amount_paid
    if amount > left:
        raise ValidationError(
            {"amount": f"Payment must be £{left:,.2f} or less: that is what is left of the grant"}
        )
    payment = Payment.objects.create(
        grant=grant, amount=amount, paid_on=paid_on, reference=reference, recorded_by=coordinator
    )
    audit.record(
        actor=coordinator, action="payment.created", target=grant, changes={"paid": (None, str(amount))}
    )
    return payment


@transaction.atomic
def submit_return(
    *, submitter, monitoring_return: MonitoringReturn, what_happened: str, people_reached: int
) -> MonitoringReturn:
    """The funded group says what happened. Anyone in the organisation can send it."""
    organisation = monitoring_return.grant.application.organisation
    if not organisation.memberships.filter(user=submitter).exists():
        raise NotAllowed("Only people in the funded organisation send its returns")
    if monitoring_return.submitted_at is not None:
        raise ValidationError("This return has already been sent")
    monitoring_return.what_happened, monitoring_return.people_reached = what_happened, people_reached
    monitoring_return.submitted_at, monitoring_return.submitted_by = timezone.now(), submitter
    monitoring_return.save()
    audit.record(actor=submitter, action="monitoring_return.submitted", target=monitoring_return.grant)
    return monitoring_return
