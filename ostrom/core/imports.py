"""Running an uploaded file's import inside a task, so every import reports to its progress record
the same way: all rows or none, problems listed by row, and never stuck at "running"."""

from collections.abc import Callable

from django.utils.translation import gettext

from .models import Progress, Upload
from .tables import ImportRejected, UnreadableFile


def import_upload(
    upload_id: int,
    *,
    run: Callable[[bytes, str, Progress], int],
    done: str | Callable[[int], str],
    result_url: str,
) -> None:
    """Call `run(content, filename, progress)`, which returns how many rows it imported, then report:
    `done` is the success message, given the count (pluralised with `ngettext`), or a text with {count};
    the upload is deleted either way."""
    upload = Upload.objects.select_related("progress__started_by").get(pk=upload_id)
    progress = upload.progress
    try:
        count = run(bytes(upload.content), upload.filename, progress)
    except ImportRejected as rejected:
        progress.fail(str(rejected), details=[problem.as_dict() for problem in rejected.problems])
    except UnreadableFile as problem:
        progress.fail(gettext("Nothing was imported. %(problem)s") % {"problem": problem})
    except BaseException:
        # The worker records the exception; the person waiting must not see "running" for ever.
        progress.fail(
            gettext("Nothing was imported: something went wrong on our side. Please try again, or tell us.")
        )
        raise
    else:
        progress.finish(done(count) if callable(done) else done.format(count=count), result_url=result_url)
    finally:
        upload.delete()
