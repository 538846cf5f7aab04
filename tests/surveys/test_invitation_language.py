"""Survey invitations and the reminder are written in the language each person chose, with the survey's title
as a coordinator translated it into their language."""

import pytest
from django.core import mail

from ostrom.core.pseudo_locale import pseudo_translate
from ostrom.surveys import services
from ostrom.surveys.models import Survey
from ostrom.surveys.translations import SURVEY, items
from ostrom.translations import services as translation_services
from tests.factories import UserFactory
from tests.surveys.factories import sent_survey

pytestmark = pytest.mark.django_db

URDU_TITLE = "کمیونٹی پینل سروے"
CARRY_ON = "You can stop at any point and carry on later: your answers are saved as you go."


def _sent_to(person):
    return next(message for message in mail.outbox if message.to == [person.email])


def test_each_invitation_is_in_the_language_its_reader_chose(pseudo_locales, run_tasks):
    chose, did_not = UserFactory(language="en-xa"), UserFactory(language="")
    survey, _parts = sent_survey(members=[chose, did_not])

    run_tasks()

    pseudo = _sent_to(chose)
    assert pseudo.subject == pseudo_translate("Please answer our survey: %(survey)s") % {
        "survey": survey.title
    }
    assert pseudo_translate(CARRY_ON) in pseudo.body
    assert "http://testserver/surveys/" in pseudo.body
    english = _sent_to(did_not)
    assert english.subject == f"Please answer our survey: {survey.title}"
    assert CARRY_ON in english.body and "[" not in english.body


def test_the_reminder_is_in_the_language_its_reader_chose(pseudo_locales, run_tasks):
    chose, did_not = UserFactory(language="en-xa"), UserFactory(language="")
    survey, parts = sent_survey(members=[chose, did_not])
    run_tasks()
    mail.outbox.clear()

    services.send_reminder(coordinator=parts["coordinator"], survey=survey, site_url="http://testserver")
    run_tasks()

    assert _sent_to(chose).subject == pseudo_translate("Reminder: %(survey)s") % {"survey": survey.title}
    assert _sent_to(did_not).subject == f"Reminder: {survey.title}"


def test_a_reader_of_urdu_gets_the_title_a_coordinator_translated_into_urdu(run_tasks):
    urdu, english = UserFactory(language="ur"), UserFactory(language="")
    survey, parts = sent_survey(members=[urdu, english])
    title_key = next(item.key for item in items(survey) if item.instance == survey and item.field == "title")
    translation_services.save_translations(
        actor=parts["coordinator"], kind=SURVEY, document=survey, language="ur", texts={title_key: URDU_TITLE}
    )

    run_tasks()

    in_urdu = _sent_to(urdu)
    # Urdu has no reviewed catalogue: the wording stays in English, the translated title is in Urdu.
    assert in_urdu.subject == f"Please answer our survey: {URDU_TITLE}"
    assert URDU_TITLE in in_urdu.body and survey.title not in in_urdu.body
    assert _sent_to(english).subject == f"Please answer our survey: {survey.title}"
    assert URDU_TITLE not in _sent_to(english).body


def test_a_translation_of_an_old_title_is_not_used(run_tasks):
    urdu = UserFactory(language="ur")
    survey, parts = sent_survey(members=[urdu])
    title_key = next(item.key for item in items(survey) if item.instance == survey and item.field == "title")
    translation_services.save_translations(
        actor=parts["coordinator"], kind=SURVEY, document=survey, language="ur", texts={title_key: URDU_TITLE}
    )
    Survey.objects.filter(pk=survey.pk).update(title="Community panel survey, autumn")

    run_tasks()

    assert _sent_to(urdu).subject == "Please answer our survey: Community panel survey, autumn"
