"""The surveys API: the same services and checks as the pages."""

import pytest
from django.urls import reverse

from ostrom.surveys.models import Response
from tests.factories import UserFactory
from tests.surveys.factories import option, sent_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return UserFactory()


@pytest.fixture
def survey_and_parts(resident):
    return sent_survey(members=[resident])


def put(client, survey, body):
    return client.put(f"/api/surveys/{survey.slug}/response", body, content_type="application/json")


def test_the_survey_and_its_questions(client, survey_and_parts):
    survey, parts = survey_and_parts
    detail = client.get(f"/api/surveys/{survey.slug}").json()
    assert [s["title"] for s in detail["sections"]] == ["About you", "Services", "Wellbeing"]
    used = detail["sections"][0]["questions"][0]
    assert used["options"][1] == {
        "id": option(parts["used"], "No"),
        "label": "No",
        "skip_to_section": parts["sections"][2].pk,
    }
    assert len(detail["sections"][2]["questions"][0]["items"]) == 7


def test_saving_as_you_go_then_submitting_updates_one_response(client, resident, survey_and_parts):
    survey, parts = survey_and_parts
    client.force_login(resident)
    assert client.get(f"/api/surveys/{survey.slug}/response").status_code == 404
    saved = put(client, survey, {"answers": {str(parts["used"].pk): option(parts["used"], "No")}})
    assert saved.status_code == 200
    assert saved.json()["next_section"] == parts["sections"][2].pk and saved.json()["submitted_at"] is None
    refused = put(client, survey, {"answers": {str(parts["block"].pk): [4, 4, 6, 4, 4, 4, 4]}})
    assert refused.status_code == 422
    assert "statement 3" in refused.json()["detail"][parts["block"].field_name][0]
    sent = put(client, survey, {"answers": {str(parts["block"].pk): [4] * 7}, "submit": True})
    assert sent.json()["submitted_at"] is not None
    put(client, survey, {"answers": {str(parts["block"].pk): [5] * 7}, "submit": True})
    assert Response.objects.count() == 1
    assert (
        client.get(f"/api/surveys/{survey.slug}/response").json()["answers"][str(parts["block"].pk)]
        == [5] * 7
    )


def test_text_in_a_number_question_and_unknown_questions_are_refused(client, resident, survey_and_parts):
    survey, parts = survey_and_parts
    client.force_login(resident)
    refused = put(client, survey, {"answers": {str(parts["visits"].pk): "three"}})
    assert refused.status_code == 422
    assert refused.json()["detail"] == {
        parts["visits"].field_name: ["“How many visits?”: enter a whole number from 0 to 50"]
    }
    assert put(client, survey, {"answers": {"999999": 1}}).status_code == 422


def test_a_closed_survey_refuses_through_the_api(client, resident, survey_and_parts):
    survey, parts = survey_and_parts
    client.force_login(parts["coordinator"])
    client.post(reverse("surveys:close", args=[survey.slug]))
    client.force_login(resident)
    refused = put(client, survey, {"answers": {str(parts["used"].pk): option(parts["used"], "No")}})
    assert refused.status_code == 409 and "closed" in refused.json()["detail"]


def test_results_are_aggregate_and_for_the_place_coordinators(client, survey_and_parts):
    survey, parts = survey_and_parts
    client.force_login(parts["coordinator"])
    shown = client.get(f"/api/surveys/{survey.slug}/results").json()
    assert shown == {"submitted": 0, "shown": False, "questions": []}
    client.force_login(UserFactory())
    assert client.get(f"/api/surveys/{survey.slug}/results").status_code == 403
