"""Written answers are kept as written, with the language their author read the survey in: the results
say which came from someone reading it in Urdu, and let the browser set each one's direction."""

import pytest
from django.conf import settings
from django.urls import reverse

from ostrom.surveys import services
from ostrom.surveys.models import Response
from tests.factories import UserFactory
from tests.surveys.factories import sent_survey
from tests.surveys.test_answering import answer_everything

pytestmark = pytest.mark.django_db

URDU_COMMENT = "عملہ بہت مہربان تھا"


def test_a_resident_reading_in_urdu_starts_a_response_in_urdu(client):
    resident = UserFactory(language="ur")
    survey, parts = sent_survey(members=[resident])
    client.force_login(resident)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"

    client.get(reverse("surveys:resume", args=[survey.slug]))

    assert Response.objects.get(user=resident).language == "ur"


def test_the_results_mark_the_answers_given_in_another_language(client):
    people = [UserFactory() for _ in range(5)]
    survey, parts = sent_survey(members=people)
    for number, person in enumerate(people):
        response = services.response_for(
            survey=survey, user=person, language="ur" if number == 0 else "en-gb"
        )
        answer_everything(response, parts)
    urdu = Response.objects.get(user=people[0])
    urdu.answers.filter(question=parts["comments"]).update(value=URDU_COMMENT)
    client.force_login(parts["coordinator"])

    page = client.get(reverse("surveys:results", args=[survey.slug])).content.decode()

    assert (
        f'<li dir="auto">{URDU_COMMENT} <span class="nhsuk-u-secondary-text-colour">(Answered in Urdu)</span></li>'
        in page
    )
    assert page.count("<li>Kind staff</li>") == 4
    assert Response.objects.filter(language="").count() == 4
