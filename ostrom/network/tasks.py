"""Background work for the collective: importing organisations from a spreadsheet."""

from django.urls import reverse
from django.utils.translation import ngettext
from django_tasks import task

from ostrom.core.imports import import_upload
from ostrom.core.models import Upload

from . import importing


def organisations_imported(count: int) -> str:
    return ngettext("%(count)d organisation imported", "%(count)d organisations imported", count) % {
        "count": count
    }


@task()
def import_organisations_task(*, progress_id: int) -> None:
    upload = Upload.objects.filter(progress_id=progress_id).first()
    if upload is None:
        # Erased with the person who uploaded it; the progress record already says so.
        return

    def run(content, filename, progress):
        return importing.import_organisations(
            coordinator=progress.started_by, content=content, filename=filename, progress=progress
        )

    import_upload(
        upload.pk, run=run, done=organisations_imported, result_url=reverse("network:organisation-list")
    )
