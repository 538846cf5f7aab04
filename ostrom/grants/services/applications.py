"""Applying for a grant: saving a draft, sending it, withdrawing it."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from ..models import Application, Priority, Round
from .rules import PhaseClosed, check_amount


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
        raise PhaseClosed(funding_round.applications_window.text)
    if not organisation.memberships.filter(user=applicant).exists() or organisation.status != "member":
        raise ValidationError({"organisation": gettext("Apply for a member organisation you belong to")})
    if application is not None and application.applicant_id != applicant.pk:
        raise NotAllowed(gettext("You can only change your own applications"))
    problems = {}
    check_text(problems, "title", title, max_length=120, required=gettext("Enter a name for your project"))
    check_text(problems, "summary", summary, max_length=3000, required=gettext("Say what you will do"))
    check_text(
        problems,
        "who_benefits",
        who_benefits,
        max_length=2000,
        required=gettext("Say who the project is for"),
    )
    check_text(problems, "budget_breakdown", budget_breakdown, max_length=3000)
    check_text(problems, "outcomes", outcomes, max_length=3000)
    check_amount(problems, "amount_requested", amount_requested, largest=funding_round.largest_grant)
    if "amount_requested" in problems and problems["amount_requested"].endswith("or less"):
        problems["amount_requested"] = gettext("Amount must be %(amount)s or less") % {
            "amount": f"£{funding_round.largest_grant:,.0f}"
        }
    raise_problems(problems)
    if priority is not None and priority.pk not in {p.pk for p in funding_round.criteria()}:
        problems["priority"] = gettext("Choose one of the priorities residents set for this round")
    if not places:
        problems["places"] = gettext("Select where the project will happen")
    if submit and amount_requested > funding_round.slim_limit:
        if not budget_breakdown.strip():
            problems["budget_breakdown"] = gettext(
                "Grants over %(limit)s need a breakdown of how the money will be spent"
            ) % {"limit": f"£{funding_round.slim_limit:,.0f}"}
        if not outcomes.strip():
            problems["outcomes"] = gettext("Grants over %(limit)s need the difference you expect to make") % {
                "limit": f"£{funding_round.slim_limit:,.0f}"
            }
    if submit and priority is None:
        problems["priority"] = gettext("Choose the priority your project meets")
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
        raise NotAllowed(gettext("You can only withdraw your own applications"))
    if not application.is_editable:
        raise PhaseClosed(gettext("This application can no longer be withdrawn"))
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
