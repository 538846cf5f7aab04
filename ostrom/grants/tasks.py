"""Background work for grant rounds: working out the result of the public vote."""

from django.utils.translation import gettext, gettext_noop, ngettext
from django_tasks import task

from ostrom.budgeting import ElectionProblem, RuleNotDefined
from ostrom.core.background import reporting_failure
from ostrom.core.models import Progress

from . import counting
from .models import Round

FAILED = gettext_noop(
    "The result could not be worked out: something went wrong on our side. Please try again."
)


@task()
def compute_result_task(*, round_id: int, progress_id: int) -> None:
    progress = Progress.objects.get(pk=progress_id)
    funding_round = Round.objects.select_related("fund").get(pk=round_id)
    with reporting_failure(progress, FAILED):
        try:
            result = counting.count_votes(
                funding_round=funding_round, progress=progress, computed_by=progress.started_by
            )
        except (RuleNotDefined, ElectionProblem, counting.CannotCount) as problem:
            progress.fail(gettext("The result could not be worked out: %(problem)s") % {"problem": problem})
            return
    progress.finish(
        ngettext(
            "%(n)d project funded from %(ballots)s",
            "%(n)d projects funded from %(ballots)s",
            len(result.selected),
        )
        % {
            "n": len(result.selected),
            "ballots": ngettext("%(n)d ballot", "%(n)d ballots", result.ballot_count)
            % {"n": result.ballot_count},
        },
        result_url=result.get_absolute_url(),
    )
