from decimal import Decimal

import pytest
from django.urls import reverse

from ostrom.core import audit
from ostrom.grants.models import Fund, Round
from tests.factories import CoordinatorFactory, PlaceFactory, UserFactory
from tests.grants.factories import FundFactory, RoundFactory

ROUND = {
    "name": "Flourish Small Grants 2025",
    "budget": "60000",
    "largest_grant": "5000",
    "slim_limit": "2500",
    "priority_count": "3",
    "priorities_open_at": "2026-01-05 09:00",
    "applications_open_at": "2026-02-01 09:00",
    "applications_close_at": "2026-03-01 17:00",
    "voting_opens_at": "2026-03-20 09:00",
    "voting_closes_at": "2026-04-03 17:00",
    "ballot_type": "approval",
    "points_per_voter": "10",
    "rule": "mes",
    "minimum_voting_age": "16",
}


@pytest.mark.django_db
def test_a_coordinator_creates_a_fund_and_its_round(client):
    ladywood = PlaceFactory(kind="locality", name="Ladywood")
    client.force_login(CoordinatorFactory())
    client.post(
        reverse("grants:fund-create"),
        {
            "name": "Flourish Fund",
            "description": "Community health",
            "funder_name": "BSol ICB",
            "funder_org_id": "GB-CHC-1164883",
            "source": "Health inequalities",
            "amount": "100000",
            "places_served": [ladywood.pk],
        },
    )
    fund = Fund.objects.get()

    response = client.post(reverse("grants:round-create", args=[fund.slug]), ROUND)

    funding_round = Round.objects.get()
    assert response.url == funding_round.get_absolute_url()
    assert funding_round.budget == Decimal("60000") and funding_round.rule == "mes"
    assert [audit.action_of(e) for e in audit.entries_for(funding_round)] == ["round.created"]


@pytest.mark.django_db
def test_round_dates_must_run_in_order_and_the_budget_fit_the_fund(client):
    fund = FundFactory(amount=Decimal("50000"))
    client.force_login(CoordinatorFactory())

    page = client.post(
        reverse("grants:round-create", args=[fund.slug]), ROUND | {"voting_opens_at": "2026-02-15 09:00"}
    ).content.decode()

    assert "This date must be after the one before it" in page
    assert "The budget must be £50,000.00 or less" in page
    assert 'value="Flourish Small Grants 2025"' in page
    assert not Round.objects.exists()


@pytest.mark.django_db
def test_changing_a_round_is_audited_with_what_changed(client):
    funding_round = RoundFactory()
    client.force_login(CoordinatorFactory())
    data = ROUND | {"name": funding_round.name, "budget": "55000"}

    client.post(reverse("grants:round-edit", args=[funding_round.fund.slug, funding_round.slug]), data)

    entry = audit.entries_for(funding_round).first()
    assert audit.action_of(entry) == "round.changed"
    assert [Decimal(value) for value in entry.changes["budget"]] == [60000, 55000]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("in_phase", "label", "action"),
    [
        ("priorities", "Setting priorities", "Suggest and choose the priorities for this fund"),
        ("applications", "Open for applications", "Apply for a grant"),
        ("assessment", "Panel assessment", None),
    ],
)
def test_the_round_page_shows_the_phase_and_what_a_visitor_can_do_now(client, in_phase, label, action):
    funding_round = RoundFactory(in_phase=in_phase)
    client.force_login(UserFactory())
    page = client.get(funding_round.get_absolute_url()).content.decode()

    assert f"Now: <strong>{label}</strong>" in page
    if action:
        assert action in page


@pytest.mark.django_db
def test_residents_cannot_create_funds(client):
    client.force_login(UserFactory())
    assert client.get(reverse("grants:fund-create")).status_code == 403
