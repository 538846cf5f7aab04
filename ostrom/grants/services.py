"""Grant rounds: funds, priorities, applications. Every write goes through here, audited."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from ostrom.core import audit
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from .models import Application, Fund, Priority, PriorityVote, Round

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
        slug=_unique_slug(Fund, name),
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
        funding_round = Round(fund=fund, slug=_unique_slug(Round, details["name"]))
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


def _unique_slug(model, name: str) -> str:
    base = slugify(name)[:40] or "round"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
