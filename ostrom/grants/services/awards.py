"""Grants once awarded: the grant itself, payments, and the funded group's returns (impact returns of
the fund's "Grant return" template: ostrom/impact/returns.py)."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems
from ostrom.impact import returns as impact_returns

from ..models import Application, Grant, Payment, Round
from .rules import ONLY_COORDINATORS, check_amount


@transaction.atomic
def award_grants(*, coordinator, funding_round: Round) -> list[Grant]:
    """A grant for each funded application, with a progress return due in 6 months and a final one in 12.

    Grants are awarded on the day the round's result was published (today if it has not been yet), and
    the planned dates and the returns run from that day, not from the day this happens to run."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    awarded_on = timezone.localdate(funding_round.published_at or timezone.now())
    grants = []
    for application in funding_round.applications.filter(
        status=Application.Status.FUNDED, grant__isnull=True
    ):
        grant = Grant.objects.create(
            application=application,
            identifier=f"{settings.GRANTS_360G_PREFIX}-{funding_round.slug}-{application.pk}",
            amount_awarded=application.amount_requested,
            award_date=awarded_on,
            planned_start_on=awarded_on,
            planned_end_on=awarded_on + timedelta(days=365),
        )
        impact_returns.issue_grant_returns(grant=grant, awarded_on=awarded_on)
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
        permissions.can_run_round(coordinator, grant.application.funding_round), str(ONLY_COORDINATORS)
    )
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    left = grant.amount_awarded - grant.amount_paid
    problems = {}
    check_amount(problems, "amount", amount, largest=left, name=gettext_lazy("Payment"))
    check_text(problems, "reference", reference, max_length=60)
    if problems.get("amount", "").endswith("or less"):
        problems["amount"] += ": that is what is left of the grant"
    raise_problems(problems)
    payment = Payment.objects.create(
        grant=grant, amount=amount, paid_on=paid_on, reference=reference, recorded_by=coordinator
    )
    audit.record(
        actor=coordinator, action="payment.created", target=grant, changes={"paid": (None, str(amount))}
    )
    return payment
