"""Background work for the collective: importing organisations from a spreadsheet."""

from django.urls import reverse
from django_tasks import task

from ostrom.core.models import Upload
from ostrom.core.tables import ImportRejected, UnreadableFile

from . import services


@task()
def import_organisations_task(*, upload_id: int) -> None:
    upload = Upload.objects.select_related("progress__started_by").get(pk=upload_id)
    progress = upload.progress
    try:
        count = services.import_organisations(
            coordinator=progress.started_by,
            content=bytes(upload.content),
            filename=upload.filename,
            progress=progress,
        )
    except ImportRejected as rejected:
        progress.fail(str(rejected), details=[problem.as_dict() for problem in rejected.problems])
    except UnreadableFile as problem:
        progress.fail(f"Nothing was imported: {problem}")
    except BaseException:
        # The worker records the exception; the person waiting must not see "running" for ever.
        progress.fail("Nothing was imported: something went wrong on our side. Please try again, or tell us.")
        raise
    else:
        progress.finish(f"{count} organisations imported", result_url=reverse("network:organisation-list"))
    finally:
        upload.delete()
