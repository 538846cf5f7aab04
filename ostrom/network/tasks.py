"""Background work for the collective: importing organisations from a spreadsheet."""

from django.urls import reverse
from django_tasks import task

from ostrom.core.imports import import_upload

from . import services


@task()
def import_organisations_task(*, upload_id: int) -> None:
    def run(content, filename, progress):
        return services.import_organisations(
            coordinator=progress.started_by, content=content, filename=filename, progress=progress
        )

    import_upload(
        upload_id,
        run=run,
        done="{count} organisations imported",
        result_url=reverse("network:organisation-list"),
    )
