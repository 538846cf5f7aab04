"""A case for action: the working shown, the total computed and never typed, and the Board paper."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ostrom.insight import services
from ostrom.insight.models import Insight
from ostrom.insight.money import totals_of
from tests.factories import PlaceFactory
from tests.insight.factories import coordinator_of

LINES = [
    {
        "effect": "cost",
        "description": "Respite day places",
        "unit_cost": "60.00",
        "unit_cost_source": "Memory Matters' own costs",
        "quantity": "400",
    },
    {
        "effect": "saving",
        "description": "Care-home weeks avoided",
        "unit_cost": "1200",
        "unit_cost_source": "PSSRU Unit Costs of Health and Social Care 2023",
        "quantity": "30",
    },
]


def _case(place, **overrides):
    details = {
        "place": place,
        "title": "Respite for carers",
        "text": "A weekly day of respite keeps carers going.",
        "source": "other",
        "said_on": date(2026, 11, 1),
        "problem": "Carers are exhausted.",
        "who_is_affected": "Unpaid carers of people with dementia.",
        "proposed_action": "A weekly respite day.",
        "lines": LINES,
        "consent_wording": "We agree that this case may be published.",
    }
    return details | overrides


@pytest.fixture
def place():
    return PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")


@pytest.mark.django_db
def test_the_total_is_worked_out_from_the_lines_savings_minus_costs_both_ways(place):
    insight = services.record_case_for_action(coordinator=coordinator_of(place), **_case(place))

    totals = totals_of(insight.case.lines.all())
    assert totals.costs == Decimal("24000.00")
    assert totals.savings == Decimal("36000.00")
    assert totals.net_saving == Decimal("12000.00")
    assert totals.net_cost == Decimal("-12000.00")
    assert totals.net_in_words == "a net saving to the NHS of £12,000"


@pytest.mark.django_db
def test_a_total_that_does_not_add_up_is_refused_and_nothing_is_kept(place):
    with pytest.raises(ValidationError) as refused:
        services.record_case_for_action(
            coordinator=coordinator_of(place), **_case(place, stated_net_saving="15000")
        )

    assert refused.value.message_dict["stated_net_saving"] == [
        "The figures do not add up: the lines come to £12,000 (a net saving to the NHS of £12,000)"
    ]
    assert not Insight.objects.exists()


@pytest.mark.django_db
def test_a_total_that_matches_is_accepted(place):
    services.record_case_for_action(
        coordinator=coordinator_of(place), **_case(place, stated_net_saving="12000.00")
    )
    assert Insight.objects.filter(kind="case_for_action").count() == 1


@pytest.mark.django_db
def test_a_bad_line_is_named(place):
    lines = [LINES[0], {**LINES[1], "unit_cost": "-5", "unit_cost_source": ""}]
    with pytest.raises(ValidationError) as refused:
        services.record_case_for_action(coordinator=coordinator_of(place), **_case(place, lines=lines))

    (message,) = refused.value.message_dict["lines"]
    assert message.startswith("Line 2: ")
    assert "where the unit cost comes from" in message and "the unit cost must be 0 or more" in message


@pytest.mark.django_db
def test_a_case_needs_at_least_one_line(place):
    with pytest.raises(ValidationError) as refused:
        services.record_case_for_action(coordinator=coordinator_of(place), **_case(place, lines=[]))
    assert refused.value.message_dict["lines"] == ["Add at least one cost or saving line"]


def _form_data(place, lines, **extra):
    data = {
        "place": place.pk,
        "title": "Respite for carers",
        "text": "A weekly day of respite.",
        "source": "other",
        "said_on": "2026-11-01",
        "problem": "Carers are exhausted.",
        "who_is_affected": "Carers.",
        "proposed_action": "A respite day.",
        "publication": "anonymised",
        "consent_wording": "We agree.",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "40",
    }
    for index, line in enumerate(lines):
        data.update({f"lines-{index}-{name}": value for name, value in line.items()})
    return data | extra


@pytest.mark.django_db
def test_the_form_adds_another_line_without_javascript_keeping_what_was_typed(client, place):
    client.force_login(coordinator_of(place))
    page = client.get(reverse("insight:case-create")).content.decode()
    assert 'name="lines-3-description"' in page and 'name="lines-4-description"' not in page

    blank = {"effect": "", "description": "", "unit_cost": "", "unit_cost_source": "", "quantity": ""}
    data = _form_data(place, [LINES[0], blank, blank, blank], add_line="1")
    page = client.post(reverse("insight:case-create"), data).content.decode()

    assert 'name="lines-4-description"' in page
    assert 'value="Respite day places"' in page and "Carers are exhausted." in page
    assert "There is a problem" not in page
    assert not Insight.objects.exists()


@pytest.mark.django_db
def test_the_form_saves_the_lines_and_skips_blank_rows(client, place):
    client.force_login(coordinator_of(place))
    blank = {"effect": "", "description": "", "unit_cost": "", "unit_cost_source": "", "quantity": ""}

    response = client.post(
        reverse("insight:case-create"), _form_data(place, [LINES[0], blank, LINES[1], blank])
    )

    insight = Insight.objects.get()
    assert response.status_code == 302 and response["Location"] == insight.get_absolute_url()
    assert insight.case.lines.count() == 2
    page = client.get(insight.get_absolute_url()).content.decode()
    assert "£24,000" in page and "£36,000" in page and "a net saving to the NHS of £12,000" in page


@pytest.mark.django_db
def test_the_form_refuses_a_total_that_does_not_add_up_and_keeps_what_was_typed(client, place):
    client.force_login(coordinator_of(place))

    page = client.post(
        reverse("insight:case-create"), _form_data(place, LINES, stated_net_saving="99")
    ).content.decode()

    assert "The figures do not add up: the lines come to £12,000" in page
    assert 'value="Care-home weeks avoided"' in page and 'value="99"' in page
    assert not Insight.objects.exists()


@pytest.mark.django_db
def test_the_board_paper_prints_on_one_page_and_downloads_as_a_pdf(client, place):
    insight = services.record_case_for_action(coordinator=coordinator_of(place), **_case(place))

    paper = client.get(reverse("insight:case-paper", args=[insight.pk])).content.decode()
    pdf = client.get(reverse("insight:case-paper-pdf", args=[insight.pk]))

    assert "Case for action: Respite for carers" in paper and "paper.css" in paper
    assert "PSSRU Unit Costs of Health and Social Care 2023" in paper
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_an_unpublished_case_has_no_paper_for_the_public(client, place):
    insight = services.record_case_for_action(
        coordinator=coordinator_of(place), **_case(place, publication="not_published")
    )

    assert client.get(reverse("insight:case-paper", args=[insight.pk])).status_code == 404
    assert client.get(reverse("insight:case-paper-pdf", args=[insight.pk])).status_code == 404
