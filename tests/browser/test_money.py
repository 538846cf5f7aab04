"""Money in Chromium: follow the money from the ICB to a group. A resident starts at /money/ (the ICB's
prevention share against its commitment), reaches the PCN's devolved budget, sees each step's
devolved, committed and paid adding up, and reaches one organisation's agreement; then the same on a
phone. axe checks every page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.decisions.models import Body
from ostrom.grants.models import Grant, Payment
from ostrom.money import services
from tests.factories import OrganisationFactory, PlaceFactory, UserFactory
from tests.grants.factories import ApplicationFactory, FundFactory, RoundFactory

PHONE = {"width": 390, "height": 844}


def _body(name, slug, kind, place):
    body = Body.objects.create(name=name, slug=slug, kind=kind)
    body.places.set([place])
    return body


@pytest.fixture
def story(transactional_db):
    ladywood = PlaceFactory(name="Ladywood", kind="locality")
    coordinator = UserFactory(email="coordinator@example.org")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=ladywood)
    icb = _body("Birmingham and Solihull ICB", "bsol-icb", Body.Kind.ICB, ladywood)
    pcn = _body("Ladywood PCN", "ladywood-pcn", Body.Kind.PCN, ladywood)
    collective = _body("Flourish Collective", "flourish", Body.Kind.COLLECTIVE, ladywood)
    for year, prevention in [(2024, "20000000"), (2025, "40000000")]:
        for category, kind, amount in [
            ("acute", "", "2400000000"),
            ("other", "", "1500000000"),
            ("prevention", "social_prescribing", prevention),
        ]:
            services.add_budget_line(
                actor=coordinator,
                body=icb,
                year=year,
                category=category,
                prevention_kind=kind,
                amount=Decimal(amount),
                source_note="Annual accounts",
            )
    services.set_prevention_commitment(actor=coordinator, body=icb, year=2025, share=Decimal("1"))
    budget = services.devolve_budget(
        actor=coordinator,
        from_body=pcn,
        anchor=collective,
        amount=Decimal("250000"),
        devolved_on=date(2026, 4, 1),
        purpose="A quarter of the PCN's prevention budget",
    )
    fund = FundFactory()
    fund.places_served.set([ladywood])
    funding_round = RoundFactory(
        fund=fund, name="Flourish Small Grants", in_phase="decision", published_at=timezone.now()
    )
    services.allocate_to_round(
        actor=coordinator, budget=budget, funding_round=funding_round, allocated_on=date(2026, 4, 2)
    )
    application = ApplicationFactory(
        funding_round=funding_round,
        title="Chair yoga",
        amount_requested=Decimal("5000"),
        organisation=OrganisationFactory(name="Ladywood Yoga", places_served=[ladywood]),
    )
    grant = Grant.objects.create(
        application=application,
        identifier="360G-demo-1",
        amount_awarded=Decimal("5000"),
        award_date=date(2026, 5, 1),
    )
    Payment.objects.create(grant=grant, amount=Decimal("2500"), paid_on=date(2026, 5, 2))
    walkers = OrganisationFactory(name="Ladywood Walkers", places_served=[ladywood], size="micro")
    for organisation, amount, paid in [
        (walkers, "12000", "4000"),
        (OrganisationFactory(places_served=[ladywood]), "8000", "0"),
    ]:
        agreement = services.agree(
            actor=coordinator,
            budget=budget,
            organisation=organisation,
            amount=Decimal(amount),
            purpose=f"Weekly groups ({organisation.name})",
            agreed_on=date(2026, 4, 3),
            starts_on=date(2026, 4, 3),
            ends_on=date(2026, 4, 3) + timedelta(days=364),
        )
        if Decimal(paid):
            services.record_agreement_payment(
                actor=coordinator, agreement=agreement, amount=Decimal(paid), paid_on=date(2026, 5, 1)
            )
    return budget


def _money(text: str) -> Decimal:
    return Decimal(text.replace("£", "").replace(",", "").strip() or "0")


CELLS = """table => [...table.tBodies[0].rows].map(row => [...row.cells].map(cell => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll(".nhsuk-table__heading").forEach(heading => heading.remove());
    return copy.textContent.trim();
}))"""


def _flow_rows(page):
    """The flow table's rows as (step, [passed on, committed, paid, returned on]), as the page shows them
    (without the column headings a responsive table repeats in each cell for phones)."""
    table = page.locator("table", has_text="Devolved, committed, paid and returned on at each step")
    return [(cells[0], [_money(text) for text in cells[1:]]) for cells in table.evaluate(CELLS)]


def test_following_the_money_from_the_icb_to_a_group(story, visitor):
    resident = visitor()
    page = resident.visit("/money/")
    assert page.get_by_role("heading", name="The shift to community-led prevention").is_visible()
    icb_table = page.locator("table", has_text="Birmingham and Solihull ICB: spend by financial year")
    assert "2025/26" in icb_table.inner_text()
    assert "1.02%" in icb_table.inner_text()  # £40m of £3,940m
    assert "the commitment was met" in page.content()

    resident.click_and_check("£250,000 from Ladywood PCN to Flourish Collective", role="link")
    rows = _flow_rows(page)
    anchor, steps, total = rows[0], rows[1:-1], rows[-1]
    assert anchor[1][0] == Decimal("250000")
    assert anchor[1][1] == sum(step[1][0] for step in steps) == total[1][0] == Decimal("80000")
    assert anchor[1][2] == sum(step[1][2] for step in steps) == total[1][2] == Decimal("6500")
    for _, (passed_on, committed, paid, returned_on) in steps:
        assert passed_on >= committed >= paid >= 0 and committed >= returned_on >= 0
    assert page.get_by_text("Micro (under £10,000 a year)").first.is_visible()

    resident.click_and_check("Agreement with Ladywood Walkers: Weekly groups (Ladywood Walkers)", role="link")
    assert page.get_by_role("heading", name="Agreement with Ladywood Walkers").is_visible()
    details = page.locator(".nhsuk-summary-list").inner_text()
    assert "£12,000" in details and "£4,000" in details and "£8,000" in details

    phone = visitor(viewport=PHONE)
    phone.visit(f"/money/devolved/{story.pk}/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the flow fits the phone's width without scrolling sideways"
