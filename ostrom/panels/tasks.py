"""Background work for assemblies: drawing the panel by a fair lottery."""

from django_tasks import task

from ostrom.core.imports import import_upload
from ostrom.core.models import Progress
from ostrom.sortition import QuotasCannotBeMet

from . import services
from .models import Assembly, Lottery


@task()
def draw_lottery_task(*, lottery_id: int, progress_id: int) -> None:
    progress = Progress.objects.get(pk=progress_id)
    lottery = Lottery.objects.select_related("assembly").get(pk=lottery_id)
    try:
        services.draw_lottery(lottery=lottery, progress=progress)
    except QuotasCannotBeMet as problem:
        progress.fail(f"No panel can meet these quotas. {problem.explanation}")
    except BaseException:
        progress.fail("The lottery could not be drawn: something went wrong on our side. Please try again.")
        raise
    else:
        progress.finish(f"{len(lottery.selected)} people selected", result_url=lottery.get_absolute_url())


@task()
def import_pool_task(*, assembly_id: int, upload_id: int) -> None:
    assembly = Assembly.objects.get(pk=assembly_id)

    def run(content, filename, progress):
        return services.import_pool(assembly=assembly, content=content, filename=filename, progress=progress)

    import_upload(
        upload_id, run=run, done="{count} volunteers imported", result_url=assembly.get_absolute_url()
    )
