"""Funds and their rounds: creating a fund, setting up or changing a round's dates and budget."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.budgeting import rules as counting_rules
from ostrom.core import audit
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import check_text, raise_problems
from ostrom.places.models import Place

from .. import explaining
from ..models import Fund, Result, Round
from .rules import check_amount

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
        gettext("You can only create a fund for places you coordinate"),
    )
    problems = {}
    check_text(problems, "name", name, max_length=200, required=gettext("Enter a name for the fund"))
    check_text(
        problems, "description", description, max_length=3000, required=gettext("Say what the fund is for")
    )
    check_text(
        problems,
        "funder_name",
        funder_name,
        max_length=200,
        required=gettext("Enter who the money comes from"),
    )
    check_text(
        problems,
        "funder_org_id",
        funder_org_id,
        max_length=60,
        required=gettext("Enter the funder's identifier"),
    )
    check_text(
        problems, "source", source, max_length=200, required=gettext("Enter where the money comes from")
    )
    check_amount(problems, "amount", amount, largest=Decimal("9999999999.99"))
    raise_problems(problems)
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
        permissions.can_run_fund(coordinator, fund),
        gettext("Only coordinators of the places this fund serves change it, and you are not one of them."),
    )
    is_new = funding_round is None
    if is_new:
        funding_round = Round(fund=fund, slug=unique_slug(Round, details["name"], fallback="round"))
    before = {field: getattr(funding_round, field) for field in ROUND_FIELDS} if not is_new else {}
    for field, value in details.items():
        setattr(funding_round, field, value)
    if not funding_round.rule or (is_new and "rule" not in details):
        # Not chosen: the usual rule for the ballot (most points first for points and ranked ballots).
        funding_round.rule = before.get("rule") or counting_rules.default_rule(funding_round.vote_type).name
    _check_round(funding_round)
    _check_rule(funding_round, before)
    funding_round.save()
    audit.record(
        actor=coordinator,
        action="round.created" if is_new else "round.changed",
        target=funding_round,
        changes=None if is_new else audit.changed_fields(funding_round, before, ROUND_FIELDS),
    )
    return funding_round


def _check_rule(funding_round: Round, before: dict) -> None:
    """The rule must suit the ballot, and cannot change once voting has opened: voters were told how their
    votes would be counted (a round counted with an older rule keeps it)."""
    is_changed = not before or (before["rule"], before["ballot_type"]) != (
        funding_round.rule,
        funding_round.ballot_type,
    )
    if not is_changed:
        return
    rule = funding_round.counting_rule
    if (
        before
        and before["rule"] != funding_round.rule
        and (
            before["voting_opens_at"] <= timezone.now()
            or Result.objects.filter(funding_round=funding_round).exists()
        )
    ):
        raise ValidationError(
            {
                "rule": gettext(
                    "The rule cannot change once voting has opened: voters were told how their votes are counted"
                )
            }
        )
    if funding_round.vote_type not in rule.vote_types:
        ballot = funding_round.get_ballot_type_display().split(":")[0].lower()
        raise ValidationError(
            {
                "rule": gettext("%(rule)s does not count %(ballot)s ballots: choose another rule")
                % {"rule": explaining.TITLES[rule.name], "ballot": ballot}
            }
        )


def _check_round(funding_round: Round) -> None:
    problems = {}
    check_text(
        problems, "name", funding_round.name, max_length=200, required=gettext("Enter a name for the round")
    )
    order = [
        ("priorities_open_at", "applications_open_at"),
        ("applications_open_at", "applications_close_at"),
        ("applications_close_at", "voting_opens_at"),
        ("voting_opens_at", "voting_closes_at"),
    ]
    for earlier, later in order:
        if getattr(funding_round, later) < getattr(funding_round, earlier):
            problems[later] = gettext("This date must be after the one before it")
    if funding_round.applications_close_at == funding_round.applications_open_at:
        problems["applications_close_at"] = gettext("Applications must be open for some time")
    if funding_round.voting_closes_at == funding_round.voting_opens_at:
        problems["voting_closes_at"] = gettext("Voting must be open for some time")
    others = Round.objects.filter(fund=funding_round.fund).exclude(pk=funding_round.pk)
    committed = sum((r.budget for r in others), Decimal(0))
    if committed + funding_round.budget > funding_round.fund.amount:
        left = funding_round.fund.amount - committed
        problems["budget"] = gettext(
            "The budget must be %(amount)s or less: that is what is left in the fund"
        ) % {"amount": f"£{left:,.2f}"}
    if funding_round.largest_grant > funding_round.budget:
        problems["largest_grant"] = gettext("The largest grant cannot be more than the round's budget")
    if funding_round.slim_limit > funding_round.largest_grant:
        problems["slim_limit"] = gettext("The one-page form limit cannot be more than the largest grant")
    if problems:
        raise ValidationError(problems)
