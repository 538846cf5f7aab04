"""What people see on the money pages and get from the API: the same numbers from one selector."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.money import services
from ostrom.money.models import Agreement, CostBenefit
from tests.factories import OrganisationFactory

START = date(2026, 4, 1)


@pytest.fixture
def organisation(ladywood):
    return OrganisationFactory(name="Ladywood Walkers", places_served=[ladywood], size="micro")


@pytest.fixture
def agreement(coordinator, budget, organisation):
    agreement = services.agree(
        actor=coordinator,
        budget=budget,
        organisation=organisation,
        amount=Decimal("12000"),
        purpose="Weekly walks",
        agreed_on=START,
        starts_on=START,
        ends_on=date(2027, 3, 31),
    )
    services.record_agreement_payment(
        actor=coordinator, agreement=agreement, amount=Decimal("4000"), paid_on=START
    )
    return agreement


@pytest.mark.django_db
def test_the_money_page_shows_each_years_prevention_share_against_the_commitment(client, coordinator, icb):
    for category, kind, amount in [("acute", "", "950000"), ("prevention", "social_prescribing", "50000")]:
        services.add_budget_line(
            actor=coordinator,
            body=icb,
            year=2025,
            category=category,
            prevention_kind=kind,
            amount=Decimal(amount),
            source_note="Accounts",
        )
    services.set_prevention_commitment(actor=coordinator, body=icb, year=2025, share=Decimal("4"))

    page = client.get(reverse("money:index")).content.decode()

    assert "2025/26" in page
    assert "£1m" in page
    assert "5%" in page and "4%" in page
    assert "In 2025/26 the share was 5% against a commitment of 4%: the commitment was met" in page
    assert "<table" in page and "ostrom-bar" in page


@pytest.mark.django_db
def test_following_the_money_shows_each_step_adding_up(client, budget, agreement):
    page = client.get(reverse("money:devolved-detail", args=[budget.pk])).content.decode()

    assert "£250,000 from Ladywood PCN to Ladywood Health Collective" in page
    assert "Agreement with Ladywood Walkers: Weekly walks" in page
    assert "Total of the rounds and agreements" in page
    assert page.count("£12,000") >= 3  # the agreement's row, the total, and its share
    assert "£4,000" in page
    assert "Micro (under £10,000 a year)" in page
    assert reverse("money:agreement-detail", args=[agreement.pk]) in page


@pytest.mark.django_db
def test_an_agreement_over_what_is_left_is_refused_on_the_form_and_what_was_typed_stays(
    client, coordinator, budget, organisation
):
    client.force_login(coordinator)
    response = client.post(
        reverse("money:agree", args=[budget.pk]),
        {
            "organisation": organisation.pk,
            "amount": "262000",
            "purpose": "Walks for all",
            "agreed_on": "2026-04-01",
            "starts_on": "2026-04-01",
            "ends_on": "2027-03-31",
        },
    )

    page = response.content.decode()
    assert "This would commit £12,000 more than the £250,000 devolved" in page
    assert 'value="Walks for all"' in page
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_builds_a_cost_benefit_on_the_form_and_sees_the_ratio(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("money:edit-cost-benefit", args=[programme.slug]),
        {
            "assumptions": "One year of link workers",
            "costs-1-item": "Link workers",
            "costs-1-amount": "50000",
            "costs-1-source": "Payroll",
            "outcomes-1-outcome": "GP appointments avoided",
            "outcomes-1-quantity": "2000",
            "outcomes-1-unit_value_low": "30",
            "outcomes-1-unit_value_central": "42",
            "outcomes-1-unit_value_high": "49",
            "outcomes-1-source": "PSSRU Unit Costs 2023",
        },
        follow=True,
    )

    page = response.content.decode()
    # Central: 2,000 × £42 = £84,000 against £50,000: £1.68 for every £1.
    assert "£1.68 of value for every £1 spent" in page
    assert "£84,000" in page
    assert "PSSRU Unit Costs 2023" in page
    assert "One year of link workers" in page
    assert CostBenefit.objects.get().outcomes.count() == 1


@pytest.mark.django_db
def test_the_api_flow_gives_the_pages_numbers(client, budget, agreement):
    flow = client.get(f"/api/money/devolved/{budget.pk}").json()

    assert Decimal(flow["flow"]["passed_on"]) == Decimal("250000")
    assert Decimal(flow["flow"]["committed"]) == Decimal("12000")
    assert Decimal(flow["flow"]["paid"]) == Decimal("4000")
    [step] = flow["flow"]["children"]
    assert (step["organisation"], Decimal(step["paid"])) == ("Ladywood Walkers", Decimal("4000"))
    assert [row["label"] for row in flow["shares"]["size"]] == ["Micro (under £10,000 a year)"]


@pytest.mark.django_db
def test_the_api_prevention_share_series(client, coordinator, icb):
    services.add_budget_line(
        actor=coordinator, body=icb, year=2024, category="other", amount=Decimal("10"), source_note="Accounts"
    )
    series = client.get(f"/api/money/bodies/{icb.slug}/prevention-share").json()

    assert [(y["label"], Decimal(y["prevention_share"])) for y in series["years"]] == [
        ("2024/25", Decimal(0))
    ]


@pytest.mark.django_db
def test_the_api_refuses_a_cost_benefit_whose_values_go_down(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.put(
        f"/api/money/cost-benefits/{programme.slug}",
        {
            "costs": [],
            "outcomes": [
                {
                    "outcome": "Visits avoided",
                    "quantity": "10",
                    "unit_value_low": "50",
                    "unit_value_central": "40",
                    "unit_value_high": "60",
                    "source": "PSSRU",
                }
            ],
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert not CostBenefit.objects.exists()
