"""Budget lines and the prevention share against the commitment; a programme's costs and benefits,
worked out from their lines and matching a hand computation."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.money import selectors, services
from ostrom.money.models import BudgetLine, CostBenefit, PreventionCommitment


def _line(coordinator, body, year, category, amount, kind=""):
    return services.add_budget_line(
        actor=coordinator,
        body=body,
        year=year,
        category=category,
        prevention_kind=kind,
        amount=Decimal(amount),
        source_note="ICB annual accounts",
    )


@pytest.mark.django_db
def test_the_prevention_share_is_prevention_over_the_years_total_against_the_commitment(coordinator, icb):
    _line(coordinator, icb, 2024, "acute", "900000")
    _line(coordinator, icb, 2024, "prevention", "30000", "social_prescribing")
    _line(coordinator, icb, 2024, "prevention", "20000", "vcse_grants")
    _line(coordinator, icb, 2024, "other", "50000")
    _line(coordinator, icb, 2025, "acute", "880000")
    _line(coordinator, icb, 2025, "prevention", "70000", "community_anchors")
    _line(coordinator, icb, 2025, "other", "50000")
    services.set_prevention_commitment(actor=coordinator, body=icb, year=2025, share=Decimal("6"))

    first, second = selectors.budget_years(icb)

    assert (first.label, first.total, first.prevention_share, first.commitment) == (
        "2024/25",
        Decimal("1000000"),
        Decimal("5.00"),
        None,
    )
    assert first.prevention_by_kind == {
        "Grants to voluntary and community groups": Decimal("20000"),
        "Social prescribing": Decimal("30000"),
    }
    assert (second.label, second.prevention_share, second.commitment, second.meets_commitment) == (
        "2025/26",
        Decimal("7.00"),
        Decimal("6"),
        True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("-1")}, "amount"),
        ({"year": 1999}, "year"),
        ({"category": "prevention", "prevention_kind": ""}, "prevention_kind"),
        ({"category": "acute", "prevention_kind": "social_prescribing"}, "prevention_kind"),
        ({"source_note": " "}, "source_note"),
        ({"source_note": "x" * 301}, "source_note"),
        ({"amount": Decimal("1.001")}, "amount"),
    ],
)
def test_a_budget_line_that_makes_no_sense_is_refused_on_its_field(coordinator, icb, changes, field):
    given = {
        "year": 2024,
        "category": "acute",
        "prevention_kind": "",
        "amount": Decimal("5"),
        "source_note": "Accounts",
    }
    with pytest.raises(ValidationError) as refused:
        services.add_budget_line(actor=coordinator, body=icb, **(given | changes))
    assert field in refused.value.message_dict
    assert not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_a_commitment_set_again_replaces_the_years_and_both_are_in_the_audit_log(coordinator, icb):
    services.set_prevention_commitment(actor=coordinator, body=icb, year=2026, share=Decimal("5"))
    commitment = services.set_prevention_commitment(
        actor=coordinator, body=icb, year=2026, share=Decimal("7.5")
    )

    assert PreventionCommitment.objects.get().share == Decimal("7.5")
    assert audit.entries_for(commitment).count() == 2
    with pytest.raises(ValidationError):
        services.set_prevention_commitment(actor=coordinator, body=icb, year=2026, share=Decimal("101"))


@pytest.mark.django_db
def test_only_the_bodys_coordinators_keep_its_budget(outsider, icb):
    with pytest.raises(NotAllowed):
        _line(outsider, icb, 2024, "acute", "1")


COSTS = [
    {"item": "Link workers", "amount": Decimal("60000"), "source": "Payroll"},
    {"item": "Venues", "amount": Decimal("4000"), "source": "Invoices"},
]
OUTCOMES = [
    {
        "outcome": "GP appointments avoided",
        "quantity": Decimal("1200"),
        "unit_value_low": Decimal("30"),
        "unit_value_central": Decimal("42"),
        "unit_value_high": Decimal("49"),
        "source": "PSSRU Unit Costs of Health and Social Care 2023: GP consultation",
    },
    {
        "outcome": "A&E attendances avoided",
        "quantity": Decimal("150"),
        "unit_value_low": Decimal("100"),
        "unit_value_central": Decimal("150.50"),
        "unit_value_high": Decimal("250"),
        "source": "NHS National Cost Collection",
    },
]


@pytest.mark.django_db
def test_the_benefit_cost_ratio_matches_a_hand_computation(coordinator, programme):
    cost_benefit = services.save_cost_benefit(
        actor=coordinator,
        programme=programme,
        assumptions="A year of the service",
        costs=COSTS,
        outcomes=OUTCOMES,
    )

    summary = cost_benefit.summary()

    # By hand: costs 60,000 + 4,000 = 64,000.
    # Low: 1,200 × 30 + 150 × 100 = 36,000 + 15,000 = 51,000, ratio 51,000 / 64,000 = 0.796875 → 0.80.
    # Central: 1,200 × 42 + 150 × 150.50 = 50,400 + 22,575 = 72,975, ratio 1.140234… → 1.14.
    # High: 1,200 × 49 + 150 × 250 = 58,800 + 37,500 = 96,300, ratio 1.5046875 → 1.50.
    assert summary.total_costs == Decimal("64000")
    assert summary.value == {"low": Decimal("51000"), "central": Decimal("72975"), "high": Decimal("96300")}
    assert summary.ratio == {"low": Decimal("0.80"), "central": Decimal("1.14"), "high": Decimal("1.50")}
    assert summary.net_value["central"] == Decimal("8975")


@pytest.mark.django_db
def test_a_bad_line_names_its_row_and_changes_nothing(coordinator, programme):
    services.save_cost_benefit(
        actor=coordinator, programme=programme, assumptions="", costs=COSTS, outcomes=OUTCOMES
    )
    backwards = OUTCOMES[0] | {"unit_value_low": Decimal("50")}

    with pytest.raises(ValidationError) as refused:
        services.save_cost_benefit(
            actor=coordinator,
            programme=programme,
            assumptions="",
            costs=COSTS[:1],
            outcomes=[OUTCOMES[1], backwards],
        )

    assert refused.value.message_dict["outcomes-2-unit_value_central"] == [
        "Outcome 2: The values must go up from low to central to high"
    ]
    cost_benefit = CostBenefit.objects.get()
    assert cost_benefit.costs.count() == 2
    assert cost_benefit.outcomes.count() == 2


@pytest.mark.django_db
def test_only_the_programmes_coordinators_build_its_cost_benefit(outsider, programme):
    with pytest.raises(NotAllowed):
        services.save_cost_benefit(actor=outsider, programme=programme, assumptions="", costs=[], outcomes=[])
    assert not CostBenefit.objects.exists()
