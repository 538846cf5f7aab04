"""Counting a round's public vote: read the ballots, run the budgeting engine, store the result.

No engine runs inside a request or a database transaction. The ballots are read without a lock, the
engine runs with no transaction open, and the result is stored in one short transaction that first
checks the ballots have not changed since they were read; if they have (a paper ballot confirmed
meanwhile), the count runs again on the new ballots. `tasks.compute_result_task` calls this.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ostrom.budgeting import Election, Outcome
from ostrom.core import audit
from ostrom.core.models import Progress

from .models import Application, Ballot, BallotChoice, Result, Round
from .selectors import election_for

ATTEMPTS = 3


class CannotCount(Exception):
    """The round cannot be counted now; the message says why, fit for the person waiting."""


def run_rule(funding_round: Round, election: Election) -> Outcome:
    """The round's rule, as the engine's registry of rules defines it (ostrom/budgeting/rules.py)."""
    return funding_round.counting_rule.decide(election)


def ballots_version(funding_round: Round) -> tuple:
    """Changes whenever a ballot of the round is cast, changed, entered, confirmed or removed."""
    ballots = Ballot.objects.filter(funding_round=funding_round).aggregate(
        count=Count("pk"), confirmed=Count("confirmed_by"), last_change=Max("changed_at")
    )
    choices = BallotChoice.objects.filter(ballot__funding_round=funding_round).aggregate(
        count=Count("pk"), last=Max("pk")
    )
    return (ballots["count"], ballots["confirmed"], ballots["last_change"], choices["count"], choices["last"])


def _ensure_deciding(funding_round: Round) -> None:
    if funding_round.phase != Round.Phase.DECISION:
        raise CannotCount(gettext("The result is worked out after voting closes and before it is published"))


def count_votes(*, funding_round: Round, computed_by, progress: Progress | None = None) -> Result:
    """Count the ballots with the round's rule and record what was funded. Re-running replaces the
    previous result and says so in the audit log."""
    for _attempt in range(ATTEMPTS):
        funding_round = Round.objects.select_related("fund").get(pk=funding_round.pk)
        _ensure_deciding(funding_round)
        if progress:
            progress.advance(10, gettext("Gathering the counted ballots"))
        version = ballots_version(funding_round)
        election = election_for(funding_round)
        if progress:
            progress.advance(
                40,
                ngettext(
                    "Counting %(n)d ballot (%(rule)s)",
                    "Counting %(n)d ballots (%(rule)s)",
                    election.voter_count,
                )
                % {"n": election.voter_count, "rule": funding_round.rule_title},
            )
        outcome = run_rule(funding_round, election)
        if progress:
            progress.advance(90, gettext("Saving the result"))
        with transaction.atomic():
            funding_round = Round.objects.select_for_update().get(pk=funding_round.pk)
            _ensure_deciding(funding_round)
            if ballots_version(funding_round) == version:
                return _store(funding_round, outcome, election.voter_count, computed_by)
    raise CannotCount(gettext("The ballots kept changing while they were counted. Please try again."))


def _store(funding_round: Round, outcome: Outcome, ballot_count: int, computed_by) -> Result:
    previous = Result.objects.filter(funding_round=funding_round).first()
    result, _ = Result.objects.update_or_create(
        funding_round=funding_round,
        defaults={
            "rule": outcome.rule,
            "ballot_count": ballot_count,
            "selected": [int(project_id) for project_id in outcome.selected],
            "cost": Decimal(outcome.cost.numerator) / Decimal(outcome.cost.denominator),
            "explanations": outcome.to_dict()["explanations"],
            "computed_at": timezone.now(),
            "computed_by": computed_by,
        },
    )
    funded = set(result.selected)
    for application in funding_round.applications.on_ballot():
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
    return result
