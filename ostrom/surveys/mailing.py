"""Emailing a survey's invitations (or its one reminder) in batches, reporting progress as it goes.
Run by `tasks.email_survey`; big audiences never go out inside a request."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ostrom.accounts.languages import in_language_of, reading_language_of
from ostrom.core.models import Progress
from ostrom.translations.reading import reading_in
from ostrom.translations.registry import Item

from .models import Invitation, Survey

BATCH = 100


def _waiting(survey: Survey, *, reminder: bool):
    invitations = survey.invitations.select_related("user").order_by("pk")
    if not reminder:
        return invitations.filter(emailed_at=None)
    finished = survey.responses.submitted().exclude(user=None).values("user_id")
    return invitations.filter(reminded_at=None).exclude(user_id__in=finished)


def _titles(survey: Survey, invitations: list[Invitation]) -> dict[str, str]:
    """The survey's title in each language its readers read: a coordinator's translation where there is a
    current one (ostrom/translations), else as written. One query per language, not per email."""
    title = Item(survey, "title", "")
    languages = {reading_language_of(invitation.user) for invitation in invitations}
    return {language: reading_in(language, [title]).show(survey, "title").text for language in languages}


def _message(
    survey: Survey, invitation: Invitation, *, reminder: bool, site_url: str, titles: dict[str, str]
) -> EmailMessage:
    link = site_url.rstrip("/") + survey.get_absolute_url()
    title = titles[reading_language_of(invitation.user)]
    with in_language_of(invitation.user):
        closes = survey.window.text
        if reminder:
            subject = gettext("Reminder: %(survey)s") % {"survey": title}
            opening = gettext("This is a reminder: we would still like to hear from you.")
        else:
            subject = gettext("Please answer our survey: %(survey)s") % {"survey": title}
            opening = gettext(
                "You are on the list of people we ask about this, so we would like to hear from you."
            )
        greeting = gettext("Hello %(name)s,") % {"name": invitation.user.full_name or ""}
        answer = gettext("Answer it here: %(link)s") % {"link": link}
        carry_on = gettext("You can stop at any point and carry on later: your answers are saved as you go.")
    body = f"{greeting}\n\n{opening}\n\n{title}\n{closes}\n\n{answer}\n\n{carry_on}\n"
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.user.email])


def email_survey(*, survey: Survey, progress: Progress, reminder: bool, site_url: str) -> int:
    """Send each waiting invitation its email, marking it sent batch by batch. Returns how many went."""
    waiting = list(_waiting(survey, reminder=reminder).filter(~Q(user__email="")))
    total, sent = len(waiting), 0
    titles = _titles(survey, waiting)
    connection = get_connection()
    for start in range(0, total, BATCH):
        batch = waiting[start : start + BATCH]
        connection.send_messages(
            [_message(survey, i, reminder=reminder, site_url=site_url, titles=titles) for i in batch]
        )
        Invitation.objects.filter(pk__in=[i.pk for i in batch]).update(
            **{"reminded_at" if reminder else "emailed_at": timezone.now()}
        )
        sent += len(batch)
        progress.advance(
            round(sent * 100 / total),
            ngettext("%(sent)s of %(total)s email sent", "%(sent)s of %(total)s emails sent", total)
            % {"sent": f"{sent:,}", "total": f"{total:,}"},
        )
    message = ngettext("%(count)d email sent", "%(count)d emails sent", sent) % {"count": sent}
    progress.finish(message, result_url=reverse("surveys:manage", args=[survey.slug]))
    return sent
