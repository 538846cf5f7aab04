"""The result: counting the votes (a background task) and publishing it."""

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress

from ..models import Result, Round
from ..tasks import compute_result_task
from . import awards
from .rules import ONLY_COORDINATORS, PhaseClosed


def start_result(*, coordinator, funding_round: Round) -> Progress:
    """Queue the count. It runs as a background task (`counting.count_votes`); the page shows its progress."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    if funding_round.phase != Round.Phase.DECISION:
        raise PhaseClosed(gettext("The result is worked out after voting closes and before it is published"))
    with transaction.atomic():
        return start_task(
            compute_result_task,
            title=gettext("Working out the result of %(round)s") % {"round": funding_round},
            started_by=coordinator,
            retry_url=reverse("grants:result", args=[funding_round.slug]),
            round_id=funding_round.pk,
        )


@transaction.atomic
def publish_result(*, coordinator, funding_round: Round, published_at: datetime | None = None) -> Round:
    """Publish the result and award its grants. `published_at` is now unless a past round is being
    recorded (the demo's): the grants' award, planned and due dates all run from it."""
    permissions.ensure(permissions.can_run_round(coordinator, funding_round), str(ONLY_COORDINATORS))
    result = Result.objects.filter(funding_round=funding_round).first()
    if result is None:
        raise PhaseClosed(gettext("Work out the result before publishing it"))
    funding_round.published_at = published_at or timezone.now()
    funding_round.save(update_fields=["published_at"])
    audit.record(actor=coordinator, action="result.published", target=result)
    awards.award_grants(coordinator=coordinator, funding_round=funding_round)
    return funding_round
