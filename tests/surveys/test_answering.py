"""Answering a survey: every rule in the issue's "Bad input and rules" for surveys, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostrom.accounts import permissions
from ostrom.surveys import services
from ostrom.surveys.models import Answer, Response, Survey
from tests.factories import UserFactory
from tests.surveys.factories import option, sent_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return UserFactory(full_name="Rae Resident")


@pytest.fixture
def survey_and_parts(resident):
    return sent_survey(members=[resident])


def test_a_swemwbs_item_of_6_is_refused_naming_the_question_and_nothing_is_saved(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    block = parts["block"]
    with pytest.raises(ValidationError) as refused:
        services.save_section(
            response=response, section=parts["sections"][2], raw={block.field_name: [3, 3, 6, 3, 3, 3, 3]}
        )
    message = refused.value.message_dict[block.field_name][0]
    assert "How have you been feeling over the last 2 weeks?" in message
    assert "statement 3" in message and "I've been feeling relaxed" in message
    assert not Answer.objects.exists()


def test_text_in_a_number_question_is_refused_naming_the_question(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    raw = {parts["used"].field_name: str(option(parts["used"], "Yes")), parts["visits"].field_name: "three"}
    with pytest.raises(ValidationError) as refused:
        services.save_section(response=response, section=parts["sections"][0], raw=raw)
    assert refused.value.message_dict[parts["visits"].field_name] == [
        "“How many visits?”: enter a whole number from 0 to 50"
    ]
    raw[parts["visits"].field_name] = "51"
    with pytest.raises(ValidationError):
        services.save_section(response=response, section=parts["sections"][0], raw=raw)


def test_a_required_question_left_empty_is_named(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    with pytest.raises(ValidationError) as refused:
        services.save_section(response=response, section=parts["sections"][0], raw={})
    assert refused.value.message_dict == {
        parts["used"].field_name: ["Answer “Have you used a GP this year?”"]
    }


def test_a_closed_survey_refuses_responses_and_says_when_it_closed(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    closed = (timezone.localtime() - timedelta(days=5)).replace(hour=12, minute=0)
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() - timedelta(days=30), closes_at=closed)
    survey.refresh_from_db()
    with pytest.raises(services.SurveyClosed) as refused:
        services.save_section(
            response=response,
            section=parts["sections"][0],
            raw={parts["used"].field_name: str(option(parts["used"], "No"))},
        )
    assert f"The survey closed at 12:00pm on {closed.day} {closed:%B %Y}." in str(refused.value)
    with pytest.raises(services.SurveyClosed):
        services.response_for(survey=survey, user=UserFactory())
    assert not Answer.objects.exists()


def test_closing_a_survey_early_stops_responses(resident, survey_and_parts):
    survey, parts = survey_and_parts
    services.close_survey(coordinator=parts["coordinator"], survey=survey)
    with pytest.raises(services.SurveyClosed, match="closed"):
        services.response_for(survey=survey, user=resident)


def answer_everything(response, parts, *, used="Yes", items=(4, 4, 3, 4, 4, 3, 4)):
    about, used_services, wellbeing = parts["sections"]
    services.save_section(
        response=response,
        section=about,
        raw={parts["used"].field_name: str(option(parts["used"], used)), parts["visits"].field_name: "2"},
    )
    if used == "Yes":
        services.save_section(
            response=response,
            section=used_services,
            raw={
                parts["which"].field_name: [str(option(parts["which"], "GP"))],
                parts["comments"].field_name: "Kind staff",
            },
        )
    services.save_section(response=response, section=wellbeing, raw={parts["block"].field_name: list(items)})
    return services.submit_response(response=response)


def test_a_second_response_from_the_same_person_updates_the_first(resident, survey_and_parts):
    survey, parts = survey_and_parts
    first = answer_everything(services.response_for(survey=survey, user=resident), parts)
    again = services.response_for(survey=survey, user=resident)
    assert again.pk == first.pk
    answer_everything(again, parts, items=(5, 5, 5, 5, 5, 5, 5))
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.get(question=parts["block"]).value == [5] * 7
    again.refresh_from_db()
    assert again.submitted_at == first.submitted_at


def test_the_database_refuses_a_second_response_row_for_one_person(resident, survey_and_parts):
    survey, _ = survey_and_parts
    Response.objects.create(survey=survey, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=resident)
    Response.objects.create(survey=survey, key_hash="a" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, key_hash="a" * 64)


def test_skip_logic_jumps_and_answers_on_the_skipped_path_are_removed_on_submit(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    answer_everything(response, parts, used="Yes")
    assert [s.title for s in services.route_of(response, survey)] == ["About you", "Services", "Wellbeing"]
    # They change their mind: "No" skips "Services", whose answers go on submitting.
    answer_everything(response, parts, used="No")
    assert [s.title for s in services.route_of(response, survey)] == ["About you", "Wellbeing"]
    assert not Answer.objects.filter(question=parts["which"]).exists()


def test_submitting_needs_every_required_question_on_the_route(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    services.save_section(
        response=response,
        section=parts["sections"][0],
        raw={parts["used"].field_name: str(option(parts["used"], "No"))},
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_response(response=response)
    assert list(refused.value.message_dict) == [parts["block"].field_name]


def test_a_half_finished_response_is_kept_with_the_sections_saved(resident, survey_and_parts):
    survey, parts = survey_and_parts
    response = services.response_for(survey=survey, user=resident)
    services.save_section(
        response=response,
        section=parts["sections"][0],
        raw={parts["used"].field_name: str(option(parts["used"], "Yes"))},
    )
    kept = Response.objects.get(pk=response.pk)
    assert kept.saved_sections == [parts["sections"][0].pk] and kept.submitted_at is None


def test_a_panel_survey_takes_answers_only_from_those_it_was_sent_to(survey_and_parts):
    survey, _ = survey_and_parts
    with pytest.raises(permissions.NotAllowed):
        services.response_for(survey=survey, user=UserFactory())


def test_an_open_link_survey_takes_a_browser_key_once():
    survey, _ = sent_survey(audience="open_link")
    first = services.response_for(survey=survey, key="browser-key")
    assert services.response_for(survey=survey, key="browser-key").pk == first.pk
    assert first.key_hash != "browser-key" and len(first.key_hash) == 64
    with pytest.raises(permissions.NotAllowed):
        services.response_for(survey=survey)
