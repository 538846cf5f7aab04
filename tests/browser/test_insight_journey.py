"""Insight in Chromium: a coordinator records a story with consent and it shows on its public page; a
story without consent to publish never shows publicly (list, page, search); withdrawing consent makes the
first one disappear. A case for action shows its working, on a phone too."""

from datetime import date

import pytest

from ostrom.accounts.models import Role
from ostrom.insight import services
from ostrom.insight.models import Insight
from ostrom.places.models import Place
from tests.factories import PASSWORD, PlaceFactory, UserFactory

PHONE = {"width": 390, "height": 844}
PUBLIC_WORDS = "The walking group on Saturdays got me out of the house again"
PRIVATE_WORDS = "I have been sofa surfing for a year and cannot register with a GP"


@pytest.fixture
def people(transactional_db):
    ladywood = PlaceFactory(name="Ladywood", code="E-LADYWOOD", kind=Place.Kind.LOCALITY)
    coordinator = UserFactory(email="coordinator@example.org", full_name="Lee Ladywood")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    return {"ladywood": ladywood, "coordinator": coordinator}


def record(visitor, place, words, publication_label, consent_wording):
    page = visitor.visit("/insight/new/")
    page.get_by_label("Place it is about").select_option(value=str(place.pk))
    page.get_by_label("Story", exact=True).check()
    page.get_by_label("What they said", exact=True).fill(words)
    page.get_by_label("Where was it said?").select_option(label="Interview")
    page.get_by_label("Date it was said").fill("2026-11-02")
    page.get_by_label("They agreed to us using what they said").check()
    page.get_by_label(publication_label).check()
    page.get_by_label("The words they agreed to").fill(consent_wording)
    visitor.click_and_check("Record it")
    return page


def test_a_story_with_consent_is_public_one_without_never_is_and_withdrawing_hides_it(people, visitor):
    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)

    # A form sent without consent keeps what was typed and says why.
    page = coordinator.visit("/insight/new/")
    page.get_by_label("What they said", exact=True).fill(PUBLIC_WORDS)
    coordinator.click_and_check("Record it")
    assert "There is a problem" in page.content()
    assert page.get_by_label("What they said", exact=True).input_value() == PUBLIC_WORDS

    page = record(
        coordinator,
        people["ladywood"],
        PUBLIC_WORDS,
        "Published without their name",
        "Publish it without my name.",
    )
    assert "The insight has been recorded" in page.content()
    public = Insight.objects.get(text=PUBLIC_WORDS)
    record(
        coordinator,
        people["ladywood"],
        PRIVATE_WORDS,
        "Not to be published",
        "Use it, but do not publish it.",
    )
    private = Insight.objects.get(text=PRIVATE_WORDS)

    resident = visitor(viewport=PHONE)
    page = resident.visit(public.get_absolute_url())
    assert PUBLIC_WORDS in page.content() and "Anonymous" in page.content()
    page = resident.visit("/insight/")
    assert PUBLIC_WORDS in page.content() and PRIVATE_WORDS not in page.content()
    page.get_by_label("Search what people said").fill("sofa surfing")
    resident.click_and_check("Search")
    assert "0 insights found" in page.content() and PRIVATE_WORDS not in page.content()
    response = resident.page.goto(private.get_absolute_url())
    assert response.status == 404
    resident.check_accessibility()

    page = coordinator.visit(public.get_absolute_url())
    page.get_by_role("link", name="Record that the person withdrew their consent").click()
    coordinator.check_accessibility()
    coordinator.click_and_check("Withdraw consent")
    assert "Consent has been withdrawn" in page.content()

    response = resident.page.goto(public.get_absolute_url())
    assert response.status == 404
    page = resident.visit("/insight/")
    assert PUBLIC_WORDS not in page.content()


def test_a_case_for_action_shows_its_working_and_its_board_paper(people, visitor):
    place = people["ladywood"]
    services.record_case_for_action(
        coordinator=people["coordinator"],
        place=place,
        title="Respite for carers of people with dementia",
        text="A day a week of respite keeps carers well.",
        source="other",
        said_on=date(2026, 11, 1),
        problem="Carers are exhausted.",
        who_is_affected="Unpaid carers.",
        proposed_action="A weekly respite day.",
        lines=[
            {
                "effect": "cost",
                "description": "Respite day places",
                "unit_cost": "65",
                "unit_cost_source": "Our costs",
                "quantity": "1920",
            },
            {
                "effect": "saving",
                "description": "Care-home weeks delayed",
                "unit_cost": "1078",
                "unit_cost_source": "PSSRU Unit Costs of Health and Social Care 2023",
                "quantity": "80",
            },
        ],
        consent_wording="We agree.",
        publication="named",
        speaker_name="Handsworth Memory Café",
    )
    case = Insight.objects.get(kind="case_for_action")

    resident = visitor(viewport=PHONE)
    page = resident.visit(case.get_absolute_url())
    assert "Handsworth Memory Café" in page.content() and "a net cost to the NHS of £38,560" in page.content()
    page = resident.visit(f"/insight/{case.pk}/paper/")
    assert "Case for action: Respite for carers of people with dementia" in page.content()

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    page = coordinator.visit("/insight/cases/new/")
    page.get_by_label("What it is").first.fill("Group places")
    coordinator.click_and_check("Add another line")
    assert page.get_by_label("What it is").count() == 5
    assert page.get_by_label("What it is").first.input_value() == "Group places"
