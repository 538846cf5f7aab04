"""Background work for insight: importing a spreadsheet, and bringing in the free text already in Ostrom."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django_tasks import task

from ostrom.core.background import reporting_failure
from ostrom.core.imports import import_upload
from ostrom.core.models import Progress, Upload
from ostrom.places.models import Place

from . import bringing_in, importing


def insight_imported(count: int) -> str:
    return ngettext("%(count)d insight imported", "%(count)d insights imported", count) % {"count": count}


@task()
def import_insight_task(*, progress_id: int) -> None:
    upload = Upload.objects.filter(progress_id=progress_id).first()
    if upload is None:
        return

    def run(content, filename, progress):
        return importing.import_insight(
            coordinator=progress.started_by, content=content, filename=filename, progress=progress
        )

    import_upload(upload.pk, run=run, done=insight_imported, result_url=reverse("insight:insight-list"))


@task()
def bring_in_task(*, progress_id: int, place_id: int, sources: list[str]) -> None:
    progress = Progress.objects.select_related("started_by").get(pk=progress_id)
    place = Place.objects.get(pk=place_id)
    with reporting_failure(progress):
        counts = bringing_in.bring_in(
            coordinator=progress.started_by, place=place, sources=sources, progress=progress
        )
        total = sum(counts.values())
        details = ", ".join(
            gettext("%(source)s: %(count)d") % {"source": bringing_in.LABELS[source], "count": count}
            for source, count in counts.items()
        )
        progress.finish(
            ngettext(
                "%(count)d new comment brought in (%(details)s)",
                "%(count)d new comments brought in (%(details)s)",
                total,
            )
            % {"count": total, "details": details},
            result_url=reverse("insight:insight-list") + f"?place={place.pk}",
        )
