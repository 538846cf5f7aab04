"""Reminding organisations of their returns: an email to each contact for every return due within
7 days or overdue, once per return per 7 days (`Return.reminded_at`). Run by the
`send_return_reminders` command or the `returns_tasks.send_return_reminders` task; sent the way
surveys send theirs (ostrom/surveys/mailing.py), one connection for the lot. Each contact reads it in
the language they chose: one email per language, to all the contacts who read it."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, override

from ostrom.accounts.languages import language_of
from ostrom.accounts.models import User

from .models import Return

EVERY_DAYS = 7


def _message(the_return: Return, emails: list[str], *, site_url: str) -> EmailMessage:
    """The reminder in the active language."""
    link = site_url.rstrip("/") + the_return.get_absolute_url()
    due = date_format(the_return.due_on, "j F Y")
    names = {
        "programme": the_return.template.programme.name,
        "organisation": the_return.organisation.name,
        "return": the_return.kind_label.lower(),
        "due": due,
    }
    if the_return.is_overdue:
        subject = gettext("Your return for %(programme)s is overdue") % names
        opening = gettext("%(organisation)s's %(return)s was due on %(due)s.") % names
    else:
        subject = gettext("Your return for %(programme)s is due on %(due)s") % names
        opening = gettext("%(organisation)s's %(return)s is due on %(due)s.") % names
    paragraphs = [
        gettext("Hello,"),
        opening,
        gettext(
            "It is a handful of questions and takes a few minutes, on your phone if you like. We have filled "
            "in what we already know."
        ),
        gettext("Fill it in here: %(link)s") % {"link": link},
        gettext("You can save it and come back to it before you submit."),
    ]
    return EmailMessage(subject, "\n\n".join(paragraphs) + "\n", settings.DEFAULT_FROM_EMAIL, emails)


def contacts_by_language(the_return: Return) -> dict[str, list[str]]:
    """The organisation's contacts' addresses by the language to write to them in (accounts.languages); its
    contact email, in the site's language, if it has no contact with an address."""
    contacts = User.objects.filter(
        memberships__organisation=the_return.organisation, memberships__is_contact=True
    ).exclude(email="")
    by_language: dict[str, set[str]] = {}
    for contact in contacts:
        by_language.setdefault(language_of(contact), set()).add(contact.email)
    if not by_language and the_return.organisation.contact_email:
        by_language[settings.LANGUAGE_CODE] = {the_return.organisation.contact_email}
    return {language: sorted(emails) for language, emails in sorted(by_language.items())}


def send_reminders(*, site_url: str) -> int:
    """Email every return that needs a reminder and mark it reminded. Returns how many returns."""
    waiting = Return.objects.needing_reminder(
        today=timezone.localdate(), every_days=EVERY_DAYS
    ).select_related("organisation", "template__programme", "grant")
    connection = get_connection()
    sent = 0
    for the_return in waiting:
        by_language = contacts_by_language(the_return)
        if not by_language:
            continue
        reminders = []
        for language, emails in by_language.items():
            with override(language):
                reminders.append(_message(the_return, emails, site_url=site_url))
        connection.send_messages(reminders)
        Return.objects.filter(pk=the_return.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
