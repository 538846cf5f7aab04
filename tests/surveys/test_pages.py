"""The survey pages as people use them, through the test client: building, answering on pages that keep
what was typed, resuming, a closed survey's message, results and downloads."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.surveys.models import Question, Response, Survey
from tests.factories import PlaceFactory, UserFactory
from tests.surveys.factories import coordinator_of, option, sent_survey

pytestmark = pytest.mark.django_db


def test_a_coordinator_builds_a_survey_on_pages(client):
    place = PlaceFactory(name="Ladywood")
    coordinator = coordinator_of(place)
    client.force_login(coordinator)
    page = client.post(
        reverse("surveys:survey-create"),
        {"title": "Winter survey", "introduction": "Ten minutes", "place": place.pk, "audience": "panel"},
    )
    survey = Survey.objects.get()
    assert page["Location"] == reverse("surveys:manage", args=[survey.slug])
    section = survey.sections.get()
    client.post(reverse("surveys:question-add", args=[section.pk]), {"kind": "swemwbs"})
    page = client.post(
        reverse("surveys:question-add", args=[section.pk]) + "?kind=number",
        {
            "kind": "number",
            "text": "How many visits?",
            "min_value": "0",
            "max_value": "abc",
            "required": "on",
        },
    )
    assert page.status_code == 400
    assert (
        b"Enter the highest value as a whole number" in page.content and b"How many visits?" in page.content
    )
    client.post(reverse("surveys:section-add", args=[survey.slug]), {"title": "Services"})
    client.post(
        reverse("surveys:question-add", args=[section.pk]),
        {"kind": "single", "text": "Used a GP?", "options": "Yes\nNo", "required": "on"},
    )
    used = Question.objects.get(kind="single")
    later = survey.sections.get(title="Services")
    page = client.get(reverse("surveys:question-edit", args=[used.pk]))
    assert "Skip to “Services”" in page.content.decode()
    no = used.options.get(label="No")
    client.post(
        reverse("surveys:question-edit", args=[used.pk]),
        {"text": "Used a GP?", "options": "Yes\nNo", "required": "on", f"skip_{no.pk}": str(later.pk)},
    )
    no.refresh_from_db()
    assert no.skip_to == later
    page = client.get(reverse("surveys:manage", args=[survey.slug]))
    assert "“No” skips to Services" in page.content.decode()
    assert (
        "I&#39;ve been feeling relaxed"
        in client.get(reverse("surveys:preview", args=[survey.slug])).content.decode()
    )


def test_sending_starts_background_work_and_shows_its_progress(client):
    place = PlaceFactory(name="Ladywood")
    from ostrom.surveys import services
    from tests.surveys.factories import built_survey

    survey, parts = built_survey(place=place)
    services.join_panel(person=UserFactory())
    client.force_login(parts["coordinator"])
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    page = client.post(reverse("surveys:send", args=[survey.slug]), {"closes_on": day})
    assert page["Location"].startswith("/progress/") or "progress" in page["Location"]
    survey.refresh_from_db()
    assert survey.status == "sent" and survey.invitations.count() == 1


@pytest.fixture
def resident():
    return UserFactory()


@pytest.fixture
def survey_and_parts(resident):
    return sent_survey(members=[resident])


def test_answering_keeps_what_was_typed_and_names_the_question(client, resident, survey_and_parts):
    survey, parts = survey_and_parts
    client.force_login(resident)
    first = parts["sections"][0]
    url = reverse("surveys:answer-section", args=[survey.slug, first.pk])
    page = client.post(
        url, {parts["used"].field_name: str(option(parts["used"], "Yes")), parts["visits"].field_name: "lots"}
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "“How many visits?”: enter a whole number from 0 to 50" in text
    assert 'value="lots"' in text
    assert re.search(rf'value="{option(parts["used"], "Yes")}"\s+checked', text)


def test_leaving_half_way_and_coming_back_resumes_at_the_first_unanswered_section(
    client, resident, survey_and_parts
):
    survey, parts = survey_and_parts
    client.force_login(resident)
    about, used_services, wellbeing = parts["sections"]
    page = client.post(
        reverse("surveys:answer-section", args=[survey.slug, about.pk]),
        {parts["used"].field_name: str(option(parts["used"], "Yes"))},
    )
    assert page["Location"] == reverse("surveys:answer-section", args=[survey.slug, used_services.pk])
    assert "Continue where you left off" in client.get(survey.get_absolute_url()).content.decode()
    page = client.get(reverse("surveys:resume", args=[survey.slug]))
    assert page["Location"] == reverse("surveys:answer-section", args=[survey.slug, used_services.pk])
    # Back keeps the answer given.
    back = client.get(reverse("surveys:answer-section", args=[survey.slug, about.pk])).content.decode()
    assert re.search(rf'value="{option(parts["used"], "Yes")}"\s+checked', back)
    client.post(
        reverse("surveys:answer-section", args=[survey.slug, used_services.pk]),
        {parts["which"].field_name: [str(option(parts["which"], "GP"))]},
    )
    item = {f"{parts['block'].field_name}-{n}": "4" for n in range(1, 8)}
    item[f"{parts['block'].field_name}-3"] = "6"
    page = client.post(reverse("surveys:answer-section", args=[survey.slug, wellbeing.pk]), item)
    assert page.status_code == 400 and "statement 3" in page.content.decode()
    item[f"{parts['block'].field_name}-3"] = "2"
    page = client.post(reverse("surveys:answer-section", args=[survey.slug, wellbeing.pk]), item)
    assert page["Location"] == reverse("surveys:check-answers", args=[survey.slug])
    check = client.get(page["Location"]).content.decode()
    assert "Check your answers" in check and "7 of 7 statements answered" in check
    client.post(reverse("surveys:check-answers", args=[survey.slug]))
    response = Response.objects.get()
    assert response.is_submitted
    assert "You sent your answers on" in client.get(survey.get_absolute_url()).content.decode()


def test_a_closed_survey_refuses_with_the_date_it_closed(client, resident, survey_and_parts):
    survey, parts = survey_and_parts
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=2)
    )
    client.force_login(resident)
    page = client.post(
        reverse("surveys:answer-section", args=[survey.slug, parts["sections"][0].pk]),
        {parts["used"].field_name: str(option(parts["used"], "No"))},
    )
    assert page.status_code == 409
    closed_on = timezone.localtime(timezone.now() - timedelta(days=2)).strftime("%-d %B %Y")
    assert "The survey closed at" in page.content.decode() and closed_on in page.content.decode()
    assert not Response.objects.exists()


def test_an_open_link_visitor_answers_with_a_cookie(client):
    survey, parts = sent_survey(audience="open_link")
    client.get(survey.get_absolute_url())
    page = client.post(
        reverse("surveys:answer-section", args=[survey.slug, parts["sections"][0].pk]),
        {parts["used"].field_name: str(option(parts["used"], "No"))},
    )
    assert page.status_code == 302
    assert Response.objects.get().user is None


def test_results_and_downloads_for_the_place_coordinators(client, run_tasks):
    from ostrom.surveys import services
    from tests.surveys.test_answering import answer_everything

    people = [UserFactory() for _ in range(5)]
    survey, parts = sent_survey(members=people)
    for person in people:
        answer_everything(services.response_for(survey=survey, user=person), parts)
    client.force_login(parts["coordinator"])
    page = client.get(reverse("surveys:results", args=[survey.slug])).content.decode()
    # Everyone answered 4, 4, 3, 4, 4, 3, 4: raw 26, metric 23.21.
    assert "Mean metric score" in page and "23.2" in page
    download = client.get(reverse("surveys:export", args=[survey.slug, "responses.csv"]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    client.force_login(UserFactory())
    assert client.get(reverse("surveys:results", args=[survey.slug])).status_code == 403


def test_answers_by_group_are_rounded_to_5_and_small_sets_are_not_broken_down(client, settings):
    from ostrom.surveys import services
    from tests.factories import EqualityAnswerFactory
    from tests.surveys.test_answering import answer_everything

    settings.BREAKDOWN_MINIMUM_PEOPLE = 5
    people = [EqualityAnswerFactory(age_band="25-34" if n % 2 else "65-74").user for n in range(9)]
    survey, parts = sent_survey(members=people)
    for n, person in enumerate(people):
        answer_everything(
            services.response_for(survey=survey, user=person), parts, used="Yes" if n < 7 else "No"
        )
    client.force_login(parts["coordinator"])
    page = client.get(reverse("surveys:results", args=[survey.slug])).content.decode()
    url = reverse("surveys:results-by-group", args=[survey.slug, parts["used"].pk, "age_band"])
    assert url in page
    page = client.get(url).content.decode()
    # 7 said "Yes" (4 aged 25 to 34, 3 aged 65 to 74): each shown as a multiple of 5 or "fewer than 5";
    # 2 said "No": too few to break down.
    # The figure ends each cell (a responsive table puts its column's heading before it).
    texts = [re.sub(r"<[^>]+>", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    figures = [re.search(r"(fewer than 5|\d+)$", text).group(1) for text in texts if not text.endswith("–")]
    figures = [figure for figure in figures if figure]
    assert figures and all(figure == "fewer than 5" or int(figure) % 5 == 0 for figure in figures)
    assert "Too few people gave these answers to break them down without identifying someone: No." in page
    assert (
        client.get(
            reverse("surveys:results-by-group", args=[survey.slug, parts["comments"].pk, "age_band"])
        ).status_code
        == 404
    )


def test_the_account_page_says_whether_you_are_on_the_panel_and_lists_open_surveys(
    client, resident, survey_and_parts
):
    survey, _ = survey_and_parts
    client.force_login(resident)
    page = client.get(reverse("accounts:my-account")).content.decode()
    assert "You are on the community panel" in page
    assert survey.title in page and "not started" in page
    client.force_login(UserFactory())
    assert "Join the community panel" in client.get(reverse("accounts:my-account")).content.decode()
