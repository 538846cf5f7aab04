"""Background work for the community assets directory: importing an Open Referral UK feed or file."""

from django.urls import reverse
from django.utils.translation import gettext
from django_tasks import task

from ostrom.core.background import reporting_failure
from ostrom.core.models import Progress, Upload

from . import oruk_import
from .models import OrukImport


@task()
def import_oruk_feed(*, progress_id: int, oruk_import_id: int, url: str = "") -> None:
    """Import the uploaded file waiting for this progress record, or the feed at `url`."""
    progress = Progress.objects.select_related("started_by").get(pk=progress_id)
    the_import = OrukImport.objects.get(pk=oruk_import_id)
    with reporting_failure(
        progress,
        gettext("Nothing was imported: something went wrong on our side. Please try again, or tell us."),
    ):
        progress.advance(1, gettext("Reading the feed"))
        if url:
            report = oruk_import.import_url(
                url, oruk_import=the_import, actor=progress.started_by, progress=progress
            )
        else:
            upload = Upload.objects.filter(progress=progress).first()
            content = bytes(upload.content) if upload else b""
            try:
                report = oruk_import.import_content(
                    content, oruk_import=the_import, actor=progress.started_by, progress=progress
                )
            finally:
                if upload:
                    upload.delete()
        result_url = reverse("assets:exchange-import", args=[the_import.pk])
        message = oruk_import.summary(report)
        if report.get("imported"):
            progress.finish(message, result_url=result_url)
        else:
            progress.fail(message)  # every problem is listed on the import's own page
            progress.result_url = result_url
            progress.save(update_fields=["result_url"])
