"""A respondent's download holds their panel membership, invitations and answers; erasing them removes
their responses (and so their answers) from the results."""

import pytest

from ostrom.accounts.services import erase_person, export_personal_data
from ostrom.surveys import results, services
from ostrom.surveys.models import Answer, PanelMembership, Response
from tests.factories import UserFactory
from tests.surveys.factories import sent_survey
from tests.surveys.test_answering import answer_everything

pytestmark = pytest.mark.django_db


def test_download_and_erasure():
    person = UserFactory()
    survey, parts = sent_survey(members=[person])
    answer_everything(services.response_for(survey=survey, user=person), parts)
    download = export_personal_data(user=person)
    assert download["community_panel"] and download["survey_invitations"][0]["survey"] == survey.title
    assert download["survey_responses"][0]["answers"]["Anything else?"] == "Kind staff"
    erase_person(user=person, requested_by=person)
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not PanelMembership.objects.filter(user=person).exists()
    assert results.survey_results(survey)["submitted"] == 0
