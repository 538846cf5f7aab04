"""Background work for returns: the weekly reminders."""

from django_tasks import task

from . import reminding


@task()
def send_return_reminders(*, site_url: str) -> int:
    return reminding.send_reminders(site_url=site_url)
