"""A community panel survey in Chromium: a coordinator builds one at a desktop (a skip-logic question and
the SWEMWBS block) and sends it; a resident answers on a 390 × 844 phone, leaves half-way, comes back
to where they stopped and sends their answers; the results show the SWEMWBS metric score."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.places.models import Place
from ostrom.surveys import services, swemwbs
from ostrom.surveys.models import Question, Response, Survey
from tests.factories import PASSWORD, PlaceFactory, UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(transactional_db):
    ladywood = PlaceFactory(name="Ladywood", code="E-LADYWOOD")
    coordinator = UserFactory(email="coordinator@example.org", full_name="Lee Ladywood")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    resident = UserFactory(email="rae@example.org", full_name="Rae Resident")
    others = [UserFactory() for _ in range(4)]
    for person in others:
        services.join_panel(person=person)
    return {"ladywood": ladywood, "coordinator": coordinator, "resident": resident, "others": others}


def build_and_send(coordinator_visitor) -> Survey:
    page = coordinator_visitor.visit("/surveys/new/")
    page.get_by_label("Title").fill("Community panel survey – winter 2026")
    page.get_by_label("Place the survey is about").select_option(
        value=str(Place.objects.get(name="Ladywood").pk)
    )
    page.get_by_label("The community panel").check()
    coordinator_visitor.click_and_check("Save and add questions")
    survey = Survey.objects.get()

    page.get_by_role("link", name="one answer from a list to Your answers").click()
    coordinator_visitor.check_accessibility()
    page.get_by_label("Question", exact=True).fill(
        "Have you contacted your GP practice in the last 3 months?"
    )
    page.get_by_label("Answers to choose from, one per line").fill("Yes\nNo")
    coordinator_visitor.click_and_check("Save question")

    for title in ["Getting help", "How you have been feeling"]:
        coordinator_visitor.click_and_check("Add a section")
        page.get_by_label("Section title").fill(title)
        coordinator_visitor.click_and_check("Save")
    page.get_by_role("link", name="free text to Getting help").click()
    page.get_by_label("Question", exact=True).fill("What would have made it easier?")
    coordinator_visitor.click_and_check("Save question")
    coordinator_visitor.click_and_check("Add the SWEMWBS wellbeing block to How you have been feeling")
    assert "The SWEMWBS wellbeing block is added" in page.content()

    page.get_by_role("link", name="Change Have you contacted your GP practice in the last 3 months?").click()
    coordinator_visitor.check_accessibility()
    page.get_by_label("If they answer “No”").select_option(label="Skip to “How you have been feeling”")
    coordinator_visitor.click_and_check("Save question")
    assert "“No” skips to How you have been feeling" in page.content()

    preview = coordinator_visitor.visit(f"/surveys/{survey.slug}/preview/")
    assert swemwbs.ITEMS[0] in preview.content()
    page = coordinator_visitor.visit(f"/surveys/{survey.slug}/build/")
    coordinator_visitor.click_and_check("Send the survey")
    page.get_by_label("Closing date").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    coordinator_visitor.click_and_check("Send the survey")
    assert (
        "Emailing Community panel survey" in page.content()
    )  # the progress page: emails go in the background
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 5
    survey.refresh_from_db()
    return survey


def others_answer(survey, people):
    """Four other panel members have already answered (every statement "Often" or "Some of the time")."""
    block = Question.objects.get(section__survey=survey, kind="swemwbs")
    used = Question.objects.get(section__survey=survey, kind="single")
    for n, person in enumerate(people["others"]):
        response = services.response_for(survey=survey, user=person)
        services.save_answers(
            response=response,
            raw={used.field_name: used.options.get(label="No").pk, block.field_name: [4 if n % 2 else 3] * 7},
        )
        services.submit_response(response=response)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_the_survey_journey(visitor, people, viewport, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resident = visitor(viewport=viewport)
    resident.sign_in("rae@example.org", PASSWORD)
    resident.visit("/surveys/panel/")
    resident.click_and_check("Join the community panel")
    assert "Thank you for joining the community panel" in resident.page.content()

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    survey = build_and_send(coordinator)
    others_answer(survey, people)
    block = Question.objects.get(section__survey=survey, kind="swemwbs")

    page = resident.visit(survey.get_absolute_url())
    resident.click_and_check("Start now")
    page.get_by_label("Yes").check()
    resident.click_and_check("Continue")
    page.get_by_label("What would have made it easier?").fill("A call back instead of waiting on hold")
    resident.click_and_check("Continue")
    assert "How you have been feeling" in page.content()

    # They leave half-way, and come back later to where they stopped.
    resident.visit("/")
    page = resident.visit(survey.get_absolute_url())
    resident.click_and_check("Continue where you left off")
    assert page.locator("h1").inner_text() == "How you have been feeling"

    # Three statements only: refused, naming the question, keeping what was chosen.
    for item in (1, 2, 3):
        page.locator(f"#{block.field_name}-{item}-4").check()
    resident.click_and_check("Continue")
    assert "answer all 7 statements" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.locator(f"#{block.field_name}-2-4").is_checked()
    for item in range(4, 8):
        page.locator(f"#{block.field_name}-{item}-5").check()
    resident.click_and_check("Continue")

    assert "Check your answers" in page.locator("h1").inner_text()
    assert "A call back instead of waiting on hold" in page.content()
    resident.click_and_check("Send my answers")
    assert "Thank you. Your answers have been sent." in page.content()
    response = Response.objects.get(user=people["resident"])
    assert response.is_submitted and response.answers.get(question=block).value == [4, 4, 4, 5, 5, 5, 5]

    # Items 4,4,4,5,5,5,5 = raw 32 → 29.31; the others 3×7 → 19.25 (twice) and 4×7 → 25.03 (twice).
    mean = (29.31 + 2 * 19.25 + 2 * 25.03) / 5
    page = coordinator.visit(f"/surveys/{survey.slug}/results/")
    assert "5 responses sent" in page.content()
    metric = page.locator(".nhsuk-summary-list__row", has_text="Mean metric score")
    assert metric.locator(".nhsuk-summary-list__value").inner_text().strip() == f"{mean:.1f}"
    with page.expect_navigation():
        page.locator(f"a[href$='/results/{block.pk}/by/age_band/']").click()
    coordinator.check_accessibility()
    assert "Fewer than 20 people" in page.content()
