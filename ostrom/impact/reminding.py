"""Reminding organisations of their returns: an email to each contact for every return due within
7 days or overdue, once per return per 7 days (`Return.reminded_at`). Run by the
`send_return_reminders` command or the `returns_tasks.send_return_reminders` task; sent the way
surveys send theirs (ostrom/surveys/mailing.py), one connection for the lot."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.formats import date_format

from .models import Return

EVERY_DAYS = 7


def _message(the_return: Return, emails: list[str], *, site_url: str) -> EmailMessage:
    link = site_url.rstrip("/") + the_return.get_absolute_url()
    due = date_format(the_return.due_on, "j F Y")
    programme = the_return.template.programme.name
    if the_return.is_overdue:
        subject = f"Your return for {programme} is overdue"
        opening = f"{the_return.organisation.name}'s {the_return.kind_label.lower()} was due on {due}."
    else:
        subject = f"Your return for {programme} is due on {due}"
        opening = f"{the_return.organisation.name}'s {the_return.kind_label.lower()} is due on {due}."
    body = (
        f"Hello,\n\n{opening}\n\nIt is a handful of questions and takes a few minutes, on your phone if you "
        f"like. We have filled in what we already know.\n\nFill it in here: {link}\n\n"
        "You can save it and come back to it before you submit.\n"
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, emails)


def contacts_of(the_return: Return) -> list[str]:
    """The organisation's contacts with an email address; its contact email if it has none."""
    emails = sorted(
        set(
            the_return.organisation.memberships.filter(is_contact=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    return emails or (
        [the_return.organisation.contact_email] if the_return.organisation.contact_email else []
    )


def send_reminders(*, site_url: str) -> int:
    """Email every return that needs a reminder and mark it reminded. Returns how many returns."""
    waiting = Return.objects.needing_reminder(
        today=timezone.localdate(), every_days=EVERY_DAYS
    ).select_related("organisation", "template__programme", "grant")
    connection = get_connection()
    sent = 0
    for the_return in waiting:
        emails = contacts_of(the_return)
        if not emails:
            continue
        connection.send_messages([_message(the_return, emails, site_url=site_url)])
        Return.objects.filter(pk=the_return.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
