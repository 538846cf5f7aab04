"""Background work for money: importing a body's budget lines from a spreadsheet."""

from django.urls import reverse
from django.utils.translation import ngettext
from django_tasks import task

from ostrom.core.imports import import_upload
from ostrom.core.models import Upload
from ostrom.decisions.models import Body

from . import importing


def budget_lines_imported(count: int) -> str:
    return ngettext("%(count)d budget line was imported", "%(count)d budget lines were imported", count) % {
        "count": count
    }


@task()
def import_budget_lines_task(*, progress_id: int, body_id: int) -> None:
    upload = Upload.objects.filter(progress_id=progress_id).first()
    if upload is None:
        return
    body = Body.objects.get(pk=body_id)

    def run(content, filename, progress):
        return importing.import_budget_lines(
            actor=progress.started_by, body=body, content=content, filename=filename, progress=progress
        )

    import_upload(
        upload.pk,
        run=run,
        done=budget_lines_imported,
        result_url=reverse("money:body-budget", kwargs={"slug": body.slug}),
    )
