"""Background work for surveys: emailing the invitations and the one reminder."""

from django_tasks import task

from ostrom.core.background import reporting_failure
from ostrom.core.models import Progress

from . import mailing
from .models import Survey


@task()
def email_survey(*, progress_id: int, survey_id: int, reminder: bool, site_url: str) -> None:
    progress = Progress.objects.get(pk=progress_id)
    with reporting_failure(progress):
        mailing.email_survey(
            survey=Survey.objects.get(pk=survey_id), progress=progress, reminder=reminder, site_url=site_url
        )
