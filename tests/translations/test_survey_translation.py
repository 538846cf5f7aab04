"""A survey translated by a coordinator: a resident who chose Urdu reads it in Urdu, with the original one
click away; everyone else reads the original; a changed original is not hidden behind an old translation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ostrom.accounts.models import Role, User
from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.surveys import services as survey_services
from ostrom.surveys.translations import SURVEY, items
from ostrom.translations import services
from ostrom.translations.models import Translation
from tests.factories import UserFactory
from tests.surveys.factories import sent_survey

pytestmark = pytest.mark.django_db

URDU_TITLE = "کمیونٹی پینل سروے"
URDU_QUESTION = "کیا آپ نے اس سال کسی جی پی کو دیکھا ہے؟"
URDU_YES = "جی ہاں"


@pytest.fixture
def resident():
    return UserFactory(full_name="Rae Resident")


@pytest.fixture
def survey_and_parts(resident):
    return sent_survey(members=[resident])


def _key(survey, instance, field):
    return next(item.key for item in items(survey) if item.instance == instance and item.field == field)


def _translate(survey, parts, texts, *, actor=None, language="ur"):
    return services.save_translations(
        actor=actor or parts["coordinator"], kind=SURVEY, document=survey, language=language, texts=texts
    )


def _urdu_survey(survey, parts):
    used = parts["used"]
    _translate(
        survey,
        parts,
        {
            _key(survey, survey, "title"): URDU_TITLE,
            _key(survey, used, "text"): URDU_QUESTION,
            _key(survey, used.options.get(label="Yes"), "label"): URDU_YES,
        },
    )


def test_a_resident_who_chose_urdu_answers_the_survey_in_urdu_with_the_original_one_click_away(
    client, resident, survey_and_parts, settings
):
    survey, parts = survey_and_parts
    _urdu_survey(survey, parts)
    client.force_login(resident)
    client.post(reverse("accounts:language"), {"language": "ur", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"

    page = client.get(reverse("surveys:answer-section", args=[survey.slug, parts["sections"][0].pk]))
    html = page.content.decode()

    assert page.status_code == 200
    # The pages stay in English (no reviewed Urdu catalogue); the translated texts are marked as Urdu.
    assert '<html lang="en-gb"' in html
    assert f'<span lang="ur" dir="rtl">{URDU_QUESTION}</span>' in html
    assert f'<span lang="ur" dir="rtl">{URDU_YES}</span>' in html
    assert f'<span lang="ur" dir="rtl">{URDU_TITLE}</span>' in html
    assert "Have you used a GP this year?" not in html
    # Untranslated texts are shown as written, without a language mark.
    assert ">No<" in html or "No\n" in html
    assert "Show the original" in html

    original = client.get(
        reverse("surveys:answer-section", args=[survey.slug, parts["sections"][0].pk]), {"original": "1"}
    ).content.decode()
    assert "Have you used a GP this year?" in original and URDU_QUESTION not in original
    assert "Show the translation into Urdu" in original


def test_someone_reading_english_sees_the_original_and_no_notice(client, resident, survey_and_parts):
    survey, parts = survey_and_parts
    _urdu_survey(survey, parts)
    client.force_login(resident)

    html = client.get(survey.get_absolute_url()).content.decode()

    assert "Community panel survey" in html and URDU_TITLE not in html
    assert "Show the original" not in html


def test_a_browser_asking_for_urdu_first_gets_the_urdu_texts(client, survey_and_parts):
    survey, parts = survey_and_parts
    _urdu_survey(survey, parts)

    html = client.get(survey.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ur, en;q=0.5").content.decode()

    assert URDU_TITLE in html


def test_a_translation_of_an_original_that_changed_since_is_not_shown(
    client, resident, survey_and_parts, settings
):
    survey, parts = survey_and_parts
    _urdu_survey(survey, parts)
    survey.title = "Community panel survey, winter"
    survey.save(update_fields=["title"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"

    html = client.get(survey.get_absolute_url()).content.decode()
    assert "Community panel survey, winter" in html and URDU_TITLE not in html

    page = client.get(reverse("translations:translate", args=[SURVEY.key, survey.pk, "ur"]))
    assert page.status_code == 302  # signed out: sign in first
    client.force_login(survey_and_parts[1]["coordinator"])
    html = client.get(reverse("translations:translate", args=[SURVEY.key, survey.pk, "ur"])).content.decode()
    assert "Out of date" in html and URDU_TITLE in html


def test_every_change_is_audited_with_who_and_when_and_an_empty_text_removes_a_translation(survey_and_parts):
    survey, parts = survey_and_parts
    _urdu_survey(survey, parts)
    title = Translation.objects.get(field="title", language="ur")
    assert title.translated_by == parts["coordinator"] and title.source_text == "Community panel survey"

    assert _translate(survey, parts, {_key(survey, survey, "title"): URDU_TITLE}) == 0  # unchanged
    assert _translate(survey, parts, {_key(survey, survey, "title"): ""}) == 1

    assert not Translation.objects.filter(field="title").exists()
    actions = [entry.additional_data["action"] for entry in audit.entries()]
    assert actions.count("translation.created") == 3 and actions.count("translation.deleted") == 1


def test_a_resident_cannot_translate_but_a_volunteer_named_for_the_place_can(survey_and_parts, resident):
    survey, parts = survey_and_parts
    key = _key(survey, survey, "title")
    with pytest.raises(NotAllowed):
        _translate(survey, parts, {key: URDU_TITLE}, actor=resident)

    services.name_translator(actor=parts["coordinator"], email=resident.email, place=survey.place)
    resident = User.objects.get(pk=resident.pk)  # roles are cached on the object
    assert resident.has_role(Role.Kind.TRANSLATOR, place=survey.place)
    assert _translate(survey, parts, {key: URDU_TITLE}, actor=resident) == 1


def test_bad_translations_are_refused_whole_naming_the_text(survey_and_parts):
    survey, parts = survey_and_parts
    title = _key(survey, survey, "title")
    with pytest.raises(ValidationError) as refused:
        _translate(survey, parts, {title: URDU_TITLE, "surveys-survey-999-title": "x"})
    assert "surveys-survey-999-title" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _translate(survey, parts, {title: "ا" * 401})
    assert "Title" in refused.value.message_dict[title][0]
    with pytest.raises(ValidationError):
        _translate(survey, parts, {title: URDU_TITLE}, language="de")
    assert not Translation.objects.exists()


def test_the_seven_swemwbs_statements_are_not_offered_for_translation(survey_and_parts):
    survey, _ = survey_and_parts
    texts = [item.original for item in items(survey)]
    assert "I've been feeling relaxed" not in texts
    assert "Have you used a GP this year?" in texts


def test_translations_go_with_the_question_they_translate(survey_and_parts):
    survey, parts = survey_and_parts
    _urdu_survey(survey, parts)
    survey.status = "draft"
    survey.save(update_fields=["status"])
    survey_services.arrange(
        coordinator=parts["coordinator"],
        survey=survey,
        what="question",
        item_id=parts["used"].pk,
        action="remove",
    )

    assert list(Translation.objects.values_list("field", flat=True)) == ["title"]
