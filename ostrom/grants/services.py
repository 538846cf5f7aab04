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

from ostrom.accounts import permissions
from ostrom.accounts.models import Role
from ostrom.accounts.permissions import NotAllowed
from ostrom.accounts.services import grant_role
from ostrom.budgeting import VoteType, parse_pabulib
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import LARGEST_ID, check_text
from ostrom.network.models import Organisation
from ostrom.places.models import Place
from ostrom.places.selectors import find_postcode

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
from .selectors import VOTE_TYPE_OF_BALLOT, is_conflicted, seat_of
from .tasks import compute_result_task

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
    "requires_access_code",
]


class PhaseClosed(Exception):
    """The round is not in the phase this needs; the message says what is possible now."""


class Conflicted(Exception):
    """A member with a declared interest cannot score or see the discussion of that application."""


ONLY_COORDINATORS = "Only the round's coordinators can do this"
CONFIRM_EMAIL_FIRST = "Confirm your email address before you vote – we sent you a link"


def _check_amount(problems: dict, field: str, value, *, largest: Decimal, name: str = "Amount") -> None:
    if not isinstance(value, Decimal | int) or isinstance(value, bool) or not Decimal(value).is_finite():
        problems[field] = f"{name} must be a number, like 2500"
    elif value <= 0:
        problems[field] = f"{name} must be more than £0"
    elif value > largest:
        problems[field] = f"{name} must be £{largest:,.2f} or less"
    elif Decimal(value).as_tuple().exponent < -2:
        problems[field] = f"{name} must be in pounds and pence, like 2500.50"


def _check_whole_number(problems: dict, field: str, value, *, smallest: int, largest: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        problems[field] = "Enter a whole number"
    elif not smallest <= value <= largest:
        problems[field] = f"Enter a whole number from {smallest:,} to {largest:,}"


def _raise(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


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
    places_served = list(places_served)
    permissions.ensure(
        bool(places_served) and permissions.can_coordinate(coordinator, places=places_served),
        "You can only create a fund for places you coordinate",
    )
    problems = {}
    check_text(problems, "name", name, max_length=200, required="Enter a name for the fund")
    check_text(problems, "description", description, max_length=3000, required="Say what the fund is for")
    check_text(
        problems, "funder_name", funder_name, max_length=200, required="Enter who the money comes from"
    )
    check_text(
        problems, "funder_org_id", funder_org_id, max_length=60, required="Enter the funder's identifier"
    )
    check_text(problems, "source", source, max_length=200, required="Enter where the money comes from")
    _check_amount(problems, "amount", amount, largest=Decimal("9999999999.99"))
    _raise(problems)
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
    permissions.ensure(
        permissions.can_run_fund(coordinator, fund), "Only the fund's coordinators can do this"
    )
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
    check_text(problems, "name", funding_round.name, max_length=200, required="Enter a name for the round")
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
    problems = {}
    check_text(problems, "title", title, max_length=150, required="Enter the priority in a few words")
    check_text(problems, "description", description, max_length=1000)
    _raise(problems)
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
    check_text(problems, "title", title, max_length=120, required="Enter a name for your project")
    check_text(problems, "summary", summary, max_length=3000, required="Say what you will do")
    check_text(problems, "who_benefits", who_benefits, max_length=2000, required="Say who the project is for")
    check_text(problems, "budget_breakdown", budget_breakdown, max_length=3000)
    check_text(problems, "outcomes", outcomes, max_length=3000)
    _check_amount(problems, "amount_requested", amount_requested, largest=funding_round.largest_grant)
    if "amount_requested" in problems and problems["amount_requested"].endswith("or less"):
        problems["amount_requested"] = f"Amount must be £{funding_round.largest_grant:,.0f} or less"
    _raise(problems)
    if priority is not None and priority.pk not in {p.pk for p in funding_round.criteria()}:
        problems["priority"] = "Choose one of the priorities residents set for this round"
    if not places:
        problems["places"] = "Select where the project will happen"
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
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
    problems = {}
    _check_whole_number(problems, "seat_count", seat_count, smallest=1, largest=50)
    _check_whole_number(problems, "lived_experience_target", lived_experience_target, smallest=0, largest=100)
    _check_whole_number(problems, "localities_target", localities_target, smallest=0, largest=20)
    _check_whole_number(problems, "ethnic_groups_target", ethnic_groups_target, smallest=0, largest=5)
    _check_amount(problems, "hourly_rate", hourly_rate, largest=Decimal("9999.99"))
    _raise(problems)
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
    permissions.ensure(permissions.can_run_round(coordinator, panel.funding_round), ONLY_COORDINATORS)
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
    permissions.ensure(permissions.can_run_round(coordinator, seat.panel.funding_round), ONLY_COORDINATORS)
    if not isinstance(paid_hours, Decimal | int) or not 0 <= paid_hours <= Decimal("9999.99"):
        raise ValidationError({"paid_hours": "Hours must be a number from 0 to 9,999"})
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
    problems = {}
    check_text(
        problems,
        "reason",
        reason,
        max_length=300,
        required="Say what your interest is, for example 'I volunteer there'",
    )
    _raise(problems)
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
    problems = {}
    _check_whole_number(problems, "score", score, smallest=1, largest=5)
    check_text(problems, "comment", comment, max_length=2000, required="Say why you gave this score")
    _raise(problems)
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
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
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
    if not isinstance(choices, Mapping) or not all(
        isinstance(key, int) and isinstance(value, int) and not isinstance(value, bool)
        for key, value in choices.items()
    ):
        raise ValidationError("Choices must be whole numbers")
    if any(not 0 <= value <= 32767 for value in choices.values()):
        raise ValidationError("Points and ranks must be positive whole numbers")
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
    try:
        match = find_postcode(postcode)
    except ValidationError as unknown:
        problems.update(unknown.message_dict)
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
    last one stands and nothing is counted twice. Only an account with a confirmed email address votes,
    so one person cannot vote many times from made-up addresses."""
    permissions.ensure(voter.has_confirmed_email, CONFIRM_EMAIL_FIRST)
    if not funding_round.is_open_for_voting:
        raise PhaseClosed("Voting is not open for this round")
    problems = {}
    check_text(problems, "postcode", postcode, max_length=10, required="Enter your postcode")
    check_text(problems, "access_code", access_code, max_length=20)
    _raise(problems)
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
    # More roles can read the audit log than can read ballots: record that this person voted in the
    # round, never which ballot row is theirs (that would tie them to their choices).
    audit.record(actor=voter, action="ballot.cast" if is_new else "ballot.changed", target=funding_round)
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


MOST_CODES_AT_ONCE = 5000


def hash_access_code(code: str) -> str:
    return hashlib.sha256("".join(code.split()).upper().encode()).hexdigest()


@transaction.atomic
def issue_access_codes(*, coordinator, funding_round: Round, count: int) -> list[str]:
    """New one-time codes to print on letters. Returned once; only hashes are kept."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
    problems = {}
    _check_whole_number(problems, "count", count, smallest=1, largest=MOST_CODES_AT_ONCE)
    _raise(problems)
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
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
    if funding_round.phase not in {Round.Phase.VOTING, Round.Phase.DECISION} or hasattr(
        funding_round, "result"
    ):
        raise PhaseClosed(
            "Paper ballots are entered while voting is open, or before the result is worked out"
        )
    problems = {}
    check_text(
        problems,
        "paper_reference",
        paper_reference,
        max_length=30,
        required="Enter the number printed on the paper ballot",
    )
    check_text(problems, "postcode", postcode, max_length=10, required="Enter the postcode on the ballot")
    _raise(problems)
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
    # The paper's own number names the slip; the ballot row is never named in the audit log.
    audit.record(actor=coordinator, action="paper_ballot.entered", target=funding_round, note=paper_reference)
    return ballot


@transaction.atomic
def import_pabulib_ballots(*, coordinator, funding_round: Round, text: str) -> int:
    """Ballots from a Pabulib file (for example counted on paper elsewhere). Project ids must be the
    shortlisted application ids. Each becomes a paper ballot entered by the importer, counted once a
    second person confirms it. A file with any problem imports nothing."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
    if funding_round.phase not in {Round.Phase.VOTING, Round.Phase.DECISION} or hasattr(
        funding_round, "result"
    ):
        raise PhaseClosed("Ballots are imported while voting is open, or before the result is worked out")
    if "\x00" in text:
        raise ValidationError("The file contains an invisible control character (NUL). Save it again as text")
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
        if len(reference) > Ballot._meta.get_field("paper_reference").max_length:
            raise ValidationError(f"Voter {ballot.voter_id[:30]}…: voter ids must be 27 characters or fewer")
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
    permissions.ensure(permissions.can_run_round(coordinator, ballot.funding_round), ONLY_COORDINATORS)
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    if ballot.entered_by_id == coordinator.pk:
        raise NotAllowed("A second person must confirm a paper ballot: you entered this one")
    if ballot.confirmed_by_id is not None:
        raise AlreadyConfirmed(f"Paper ballot {ballot.paper_reference} is already confirmed")
    ballot.confirmed_by = coordinator
    ballot.save(update_fields=["confirmed_by", "changed_at"])
    audit.record(
        actor=coordinator,
        action="paper_ballot.confirmed",
        target=ballot.funding_round,
        note=ballot.paper_reference,
    )
    return ballot


# The result -----------------------------------------------------------------------------------


def start_result(*, coordinator, funding_round: Round) -> Progress:
    """Queue the count. It runs as a background task (`counting.count_votes`); the page shows its progress."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
    if funding_round.phase != Round.Phase.DECISION:
        raise PhaseClosed("The result is worked out after voting closes and before it is published")
    with transaction.atomic():
        return start_task(
            compute_result_task,
            title=f"Working out the result of {funding_round}",
            started_by=coordinator,
            round_id=funding_round.pk,
        )


@transaction.atomic
def publish_result(*, coordinator, funding_round: Round) -> Round:
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
    result = Result.objects.filter(funding_round=funding_round).first()
    if result is None:
        raise PhaseClosed("Work out the result before publishing it")
    funding_round.published_at = timezone.now()
    funding_round.save(update_fields=["published_at"])
    audit.record(actor=coordinator, action="result.published", target=result)
    award_grants(coordinator=coordinator, funding_round=funding_round)
    return funding_round


@transaction.atomic
def award_grants(*, coordinator, funding_round: Round) -> list[Grant]:
    """A grant for each funded application, with a progress return due in 6 months and a final one in 12."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), ONLY_COORDINATORS)
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
    permissions.ensure(
        permissions.can_run_round(coordinator, grant.application.funding_round), ONLY_COORDINATORS
    )
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    left = grant.amount_awarded - grant.amount_paid
    problems = {}
    _check_amount(problems, "amount", amount, largest=left, name="Payment")
    check_text(problems, "reference", reference, max_length=60)
    if problems.get("amount", "").endswith("or less"):
        problems["amount"] += ": that is what is left of the grant"
    _raise(problems)
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
    problems = {}
    check_text(
        problems,
        "what_happened",
        what_happened,
        max_length=5000,
        required="Say what happened: a few sentences is plenty",
    )
    _check_whole_number(problems, "people_reached", people_reached, smallest=0, largest=LARGEST_ID)
    _raise(problems)
    monitoring_return.what_happened, monitoring_return.people_reached = what_happened, people_reached
    monitoring_return.submitted_at, monitoring_return.submitted_by = timezone.now(), submitter
    monitoring_return.save()
    audit.record(actor=submitter, action="monitoring_return.submitted", target=monitoring_return.grant)
    return monitoring_return
