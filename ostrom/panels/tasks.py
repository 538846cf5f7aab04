"""Background work for assemblies: drawing the panel by a fair lottery."""

from django_tasks import task

from ostrom.core.models import Progress, Upload
from ostrom.core.tables import ImportRejected, UnreadableFile
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
    upload = Upload.objects.select_related("progress").get(pk=upload_id)
    progress = upload.progress
    try:
        count = services.import_pool(
            assembly=Assembly.objects.get(pk=assembly_id),
            content=bytes(upload.content),
            filename=upload.filename,
            progress=progress,
        )
    except ImportRejected as rejected:
        progress.fail(str(rejected), details=[problem.as_dict() for problem in rejected.problems])
    except UnreadableFile as problem:
        progress.fail(f"Nothing was imported: {problem}")
    except BaseException:
        progress.fail("Nothing was imported: something went wrong on our side. Please try again.")
        raise
    else:
        progress.finish(f"{count} volunteers imported", result_url=progress.result_url)
    finally:
        upload.delete()
