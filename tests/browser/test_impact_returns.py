"""Slim returns in Chromium at a phone's size: an organisation's contact opens the return Ostrom asked
for, sees what Ostrom already knows, saves a draft, submits it, sees their own figures back, and the
indicator the question feeds moves to the sum of the returns for the period."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ostrom.impact import returns
from ostrom.impact.models import Indicator, Measurement, Programme, Step, WellbeingScore
from ostrom.network.models import Membership
from tests.factories import PASSWORD, CoordinatorFactory, OrganisationFactory, PlaceFactory, UserFactory

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def setup(transactional_db):
    place = PlaceFactory(name="Ladywood", code="E-LADYWOOD")
    programme = Programme.objects.create(name="Flourish", slug="flourish", kind="programme", place=place)
    step = Step.objects.create(programme=programme, stage=Step.Stage.OUTPUT, text="People take part")
    indicator = Indicator.objects.create(step=step, name="People taking part", unit="people")
    coordinator = CoordinatorFactory()
    template = returns.create_template(
        coordinator=coordinator,
        programme=programme,
        name="Quarterly return",
        questions=[
            {"kind": "count", "wording": "How many people took part?", "indicator": indicator},
            {"kind": "people_by_group", "wording": "How many of them were in each group?"},
            {"kind": "story", "wording": "Tell us one thing that changed for someone"},
            {"kind": "swemwbs", "wording": "Participants' wellbeing"},
        ],
    )
    ours, theirs = OrganisationFactory(name="Ladywood Walkers"), OrganisationFactory(name="Soho Allotments")
    end = date.today() - timedelta(days=2)
    the_return, other = returns.issue_returns(
        coordinator=coordinator,
        template=template,
        organisations=[ours, theirs],
        period_start=end - timedelta(days=90),
        period_end=end,
        due_on=end + timedelta(days=14),
    )
    other_contact = UserFactory()
    Membership.objects.create(user=other_contact, organisation=theirs, is_contact=True)
    count, _, story, wellbeing = template.questions.all()
    returns.submit_return(
        person=other_contact, the_return=other, answers={count.pk: 30, story.pk: "A busy quarter."}
    )
    contact = UserFactory(email="contact@example.org")
    Membership.objects.create(user=contact, organisation=ours, is_contact=True)
    return {"return": the_return, "indicator": indicator, "end": end, "wellbeing": f"#id_q{wellbeing.pk}_p1"}


def test_a_contact_fills_in_a_return_on_a_phone_and_the_indicator_moves(setup, visitor):
    indicator, end = setup["indicator"], setup["end"]
    assert Measurement.objects.get(indicator=indicator, measured_on=end).value == Decimal(30)

    contact = visitor(viewport=PHONE)
    contact.sign_in("contact@example.org", PASSWORD)
    page = contact.visit("/impact/returns/")
    with page.expect_navigation():
        page.get_by_role("link", name="Quarterly return, Ladywood Walkers").click()
    contact.check_accessibility()
    # What Ostrom knows is shown, not asked.
    assert "Ladywood Walkers" in page.content() and "Flourish" in page.content()
    count = page.get_by_label("How many people took part?")
    assert count.get_attribute("inputmode") == "numeric"

    count.fill("12")
    contact.click_and_check("Save as draft")
    assert "Your answers have been saved" in page.content()
    assert page.get_by_label("How many people took part?").input_value() == "12"
    assert Measurement.objects.get(indicator=indicator, measured_on=end).value == Decimal(30)

    page.get_by_label("White").fill("7")
    page.get_by_label("Not known").fill("5")
    page.get_by_label("Tell us one thing that changed for someone").fill("Two neighbours now walk together.")
    page.get_by_label("The people in this story agreed that we may share it").check()
    # One participant's wellbeing at the start; one answer they did not give stays missing.
    row = setup["wellbeing"]
    page.locator(f"{row}_code").fill("W1")
    page.locator(f"{row}_stage").select_option("baseline")
    for item in range(1, 7):
        page.locator(f"{row}_i{item}").select_option("4")
    contact.click_and_check("Submit return")

    assert "Thank you. Your return has been submitted." in page.content()
    assert "Your figures over time" in page.content()
    assert page.get_by_role("table").first.is_visible()
    assert "Flourish: How many people took part?" in page.content()
    assert Measurement.objects.get(indicator=indicator, measured_on=end).value == Decimal(42)
    assert WellbeingScore.objects.get(participant="W1").items == [4, 4, 4, 4, 4, 4, None]

    # The submitted return shows what was told, and cannot be sent again.
    page = contact.visit(setup["return"].get_absolute_url())
    assert "This return was submitted on" in page.content()
    assert page.get_by_role("button", name="Submit return").count() == 0
