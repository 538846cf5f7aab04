"""Background work for grant rounds: working out the result of the public vote."""

from django_tasks import task

from ostrom.budgeting import ElectionProblem, RuleNotDefined
from ostrom.core.models import Progress

from . import services
from .models import Round


@task()
def compute_result_task(*, round_id: int, progress_id: int) -> None:
    progress = Progress.objects.get(pk=progress_id)
    funding_round = Round.objects.select_related("fund").get(pk=round_id)
    try:
        result = services.compute_result(
            funding_round=funding_round, progress=progress, computed_by=progress.started_by
        )
    except (RuleNotDefined, ElectionProblem, services.PhaseClosed) as problem:
        progress.fail(f"The result could not be worked out: {problem}")
    except BaseException:
        progress.fail(
            "The result could not be worked out: something went wrong on our side. Please try again."
        )
        raise
    else:
        progress.finish(
            f"{len(result.selected)} projects funded from {result.ballot_count} ballots",
            result_url=result.get_absolute_url(),
        )
