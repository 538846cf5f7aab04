"""Display shaping for the collective's pages that a template would otherwise compute."""

from dataclasses import dataclass

from ostrom.accounts import permissions
from ostrom.grants.models import Application, Grant
from ostrom.grants.presenters import StatusSeen, status_seen

from .models import Organisation


@dataclass(frozen=True)
class FundingRow:
    application: Application
    status: StatusSeen
    grant: Grant | None  # only when this person may see it


def funding_of(organisation: Organisation, user) -> list[FundingRow]:
    """The organisation's applications and grants that this person may see, by the grants app's own
    rules: an application on the ballot is public, other applications only for the person who wrote
    it and the round's coordinators; its status and any grant as `status_seen` and
    `Round.is_result_public` allow (nothing funded shows before the result is published)."""
    applications = (
        organisation.applications.submitted()
        .select_related("funding_round__fund", "grant")
        .order_by("-funding_round__voting_closes_at", "title")
    )
    on_ballot = set(organisation.applications.on_ballot().values_list("pk", flat=True))
    runs_round: dict[int, bool] = {}
    rows = []
    for application in applications:
        funding_round = application.funding_round
        if funding_round.pk not in runs_round:
            runs_round[funding_round.pk] = permissions.can_run_round(user, funding_round)
        can_run_round = runs_round[funding_round.pk]
        is_own = user.is_authenticated and application.applicant_id == user.pk
        if not (application.pk in on_ballot or is_own or can_run_round):
            continue
        grant = getattr(application, "grant", None)
        if grant is not None and not (funding_round.is_result_public or can_run_round):
            grant = None
        rows.append(FundingRow(application, status_seen(application, can_run_round=can_run_round), grant))
    return rows
