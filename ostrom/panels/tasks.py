"""Background work for assemblies: drawing the panel, checking a draw, refilling seats, checking
quotas and importing a pool. Each task loads by id, calls its step in `drawing` or `importing`, and
reports on its progress record."""

from django.db import transaction
from django.utils.translation import gettext, gettext_noop, ngettext
from django_tasks import task

from ostrom.core import audit
from ostrom.core.background import reporting_failure, start_task
from ostrom.core.imports import import_upload
from ostrom.core.models import Progress, Upload
from ostrom.sortition import QuotasCannotBeMet

from . import drawing, explaining, importing
from .models import Assembly, Lottery

# Written by the task in its starter's language; the quota check reads them back in it (presenters).
FEASIBLE = gettext_noop("A panel can meet these quotas from the people who have registered.")
CANNOT_BE_MET = gettext_noop("No panel can meet these quotas.")


@task()
def draw_lottery_task(*, progress_id: int, lottery_id: int) -> None:
    progress = Progress.objects.get(pk=progress_id)
    lottery = Lottery.objects.select_related("assembly").get(pk=lottery_id)
    with reporting_failure(
        progress,
        gettext("The lottery could not be drawn: something went wrong on our side. Please try again."),
    ):
        progress.advance(10, gettext("Checking that the quotas can be met"))
        try:
            drawing.draw_lottery(lottery=lottery, progress=progress)
        except QuotasCannotBeMet as problem:
            progress.fail(f"{gettext(CANNOT_BE_MET)} {explaining.feasibility_text(problem.feasibility)}")
            return
        queue_check(lottery=lottery, requested_by=None)
        chosen = len(lottery.selected)
        progress.finish(
            ngettext("%(num)d person selected", "%(num)d people selected", chosen) % {"num": chosen},
            result_url=lottery.get_absolute_url(),
        )


@task()
def replace_dropouts_task(*, progress_id: int, lottery_id: int, dropouts: list[str], seed: str) -> None:
    progress = Progress.objects.select_related("started_by").get(pk=progress_id)
    lottery = Lottery.objects.select_related("assembly").get(pk=lottery_id)
    with reporting_failure(progress):
        progress.advance(
            20,
            ngettext(
                "Drawing %(num)d replacement fairly from the rest of the pool",
                "Drawing %(num)d replacements fairly from the rest of the pool",
                len(dropouts),
            )
            % {"num": len(dropouts)},
        )
        try:
            refill = drawing.replace_dropouts(
                lottery=lottery, dropouts=dropouts, seed=seed, drawn_by=progress.started_by
            )
        except QuotasCannotBeMet as problem:
            progress.fail(
                gettext("Their seats cannot be refilled within the quotas. %(explanation)s")
                % {"explanation": explaining.feasibility_text(problem.feasibility)}
            )
            return
        except drawing.LotteryNotCurrent:
            progress.fail(
                gettext("This draw has already been refilled or replaced: start from the current panel.")
            )
            return
        queue_check(lottery=refill, requested_by=None)
        progress.finish(
            ngettext("%(num)d replacement drawn", "%(num)d replacements drawn", len(dropouts))
            % {"num": len(dropouts)},
            result_url=refill.get_absolute_url(),
        )


@task()
def check_lottery_task(*, progress_id: int, lottery_id: int) -> None:
    progress = Progress.objects.get(pk=progress_id)
    lottery = Lottery.objects.select_related("assembly").get(pk=lottery_id)
    with reporting_failure(
        progress, gettext("The draw could not be checked: something went wrong on our side.")
    ):
        progress.advance(
            10, gettext("Running the lottery again from the volunteers, quotas and seed it stored")
        )
        lottery = drawing.check_lottery(lottery=lottery)
        progress.finish(lottery.check_explanation, result_url=lottery.get_absolute_url())


@task()
def check_quotas_task(*, progress_id: int, assembly_id: int, quotas: list[dict] | None = None) -> None:
    progress = Progress.objects.get(pk=progress_id)
    assembly = Assembly.objects.get(pk=assembly_id)
    with reporting_failure(
        progress, gettext("The quotas could not be checked: something went wrong on our side.")
    ):
        progress.advance(10, gettext("Looking for a panel that meets every quota"))
        feasibility = drawing.check_quotas(assembly=assembly, quotas=quotas)
        if feasibility.is_feasible:
            progress.finish(gettext(FEASIBLE))
        else:
            progress.fail(f"{gettext(CANNOT_BE_MET)} {explaining.feasibility_text(feasibility)}")


@task()
def import_pool_task(*, progress_id: int, assembly_id: int) -> None:
    assembly = Assembly.objects.get(pk=assembly_id)
    upload = Upload.objects.filter(progress_id=progress_id).first()
    if upload is None:
        # Erased with the person who uploaded it; the progress record already says so.
        return

    def run(content, filename, progress):
        return importing.import_pool(assembly=assembly, content=content, filename=filename, progress=progress)

    import_upload(upload.pk, run=run, done=volunteers_imported, result_url=assembly.get_absolute_url())


def volunteers_imported(count: int) -> str:
    return ngettext("%(num)d volunteer imported", "%(num)d volunteers imported", count) % {"num": count}


def queue_check(*, lottery: Lottery, requested_by=None) -> Progress:
    """Queue the check of a draw, unless one is already waiting or running for it (then that one is
    returned): however many people ask at once, the engine runs once."""
    with transaction.atomic():
        # The row lock makes two requests at the same moment queue one check between them.
        locked = Lottery.objects.select_for_update().get(pk=lottery.pk)
        if locked.is_being_checked:
            return locked.check_progress
        progress = start_task(
            check_lottery_task,
            title=gettext("Checking the lottery for %(assembly)s") % {"assembly": lottery.assembly},
            started_by=requested_by if requested_by is not None and requested_by.is_authenticated else None,
            lottery_id=lottery.pk,
        )
        Lottery.objects.filter(pk=lottery.pk).update(check_progress=progress)
        audit.record(actor=None, action="lottery.check_queued", target=lottery)
    lottery.check_progress = progress
    return progress
