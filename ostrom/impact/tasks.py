"""Background work for impact: importing measurements from a spreadsheet, working out the computed
indicators from Ostrom's own records, and copying panel surveys' wellbeing answers."""

from django.urls import reverse
from django.utils.translation import ngettext
from django_tasks import task

from ostrom.core.background import reporting_failure
from ostrom.core.imports import import_upload
from ostrom.core.models import Progress, Upload

from . import importing, measuring, wellbeing_copying
from .models import Programme


def measurements_imported(count: int) -> str:
    return ngettext("%(count)d measurement imported", "%(count)d measurements imported", count) % {
        "count": count
    }


@task()
def import_measurements_task(*, progress_id: int, programme_id: int) -> None:
    upload = Upload.objects.filter(progress_id=progress_id).first()
    if upload is None:
        return
    programme = Programme.objects.select_related("place").get(pk=programme_id)

    def run(content, filename, progress):
        return importing.import_measurements(
            runner=progress.started_by,
            programme=programme,
            content=content,
            filename=filename,
            progress=progress,
        )

    import_upload(upload.pk, run=run, done=measurements_imported, result_url=programme.get_absolute_url())


@task()
def refresh_computed_measurements(*, progress_id: int, programme_id: int) -> None:
    progress = Progress.objects.select_related("started_by").get(pk=progress_id)
    programme = Programme.objects.select_related("place").get(pk=programme_id)
    with reporting_failure(progress):
        count = measuring.refresh_programme(programme, progress=progress, actor=progress.started_by)
        progress.finish(
            ngettext(
                "%(count)d computed measurement is up to date",
                "%(count)d computed measurements are up to date",
                count,
            )
            % {"count": count},
            result_url=programme.get_absolute_url(),
        )


@task()
def copy_wellbeing_scores(*, progress_id: int, programme_id: int) -> None:
    progress = Progress.objects.select_related("started_by").get(pk=progress_id)
    programme = Programme.objects.get(pk=programme_id)
    with reporting_failure(progress):
        count = wellbeing_copying.copy_scores(
            programme=programme, actor=progress.started_by, progress=progress
        )
        progress.finish(
            ngettext(
                "%(count)d wellbeing score copied from the surveys",
                "%(count)d wellbeing scores copied from the surveys",
                count,
            )
            % {"count": count},
            result_url=reverse("impact:wellbeing", args=[programme.slug]),
        )
