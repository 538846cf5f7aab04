"""Demo money: the demo ICB's five years of budget lines with the share on community-led prevention
rising against its commitment; £250,000 devolved by a Ladywood PCN to the collective (six weeks before
last year's Flourish Small Grants round opened) and passed on through that round and six agreements with member organisations (some paid,
some with a return sent); and the costs and benefits of a social-prescribing programme.

Figures are illustrative, of the right size for an ICB of about 1.7 million people; the unit values
of the cost-benefit name the published sources they are drawn from. Every date is relative to today."""

from datetime import date, timedelta
from decimal import Decimal

from ostrom.decisions import services as decision_services
from ostrom.decisions.models import Body
from ostrom.demo import grants as demo_grants
from ostrom.demo.clock import Clock
from ostrom.impact.models import Programme, Return, ReturnTemplate
from ostrom.money import services
from ostrom.money.models import BudgetLine, DevolvedBudget
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from .decisions import ICB

PCN = "Ladywood Primary Care Network (demo)"
COLLECTIVE = "Flourish Collective (demo)"
MILLION = Decimal("1000000")

# Per year, oldest first: acute, other, and community-led prevention by kind, in £ millions; the share
# on prevention rises from about 1.0% to 3.1%. The commitment is set for the last three years.
YEARS = [
    (
        "2310",
        "1480",
        {"social_prescribing": "9", "vcse_grants": "10", "community_anchors": "3", "health_creating": "1"},
    ),
    (
        "2380",
        "1500",
        {"social_prescribing": "13", "vcse_grants": "14", "community_anchors": "6", "health_creating": "3"},
    ),
    (
        "2440",
        "1520",
        {"social_prescribing": "18", "vcse_grants": "21", "community_anchors": "12", "health_creating": "6"},
    ),
    (
        "2490",
        "1530",
        {"social_prescribing": "25", "vcse_grants": "30", "community_anchors": "20", "health_creating": "12"},
    ),
    (
        "2520",
        "1540",
        {"social_prescribing": "32", "vcse_grants": "40", "community_anchors": "34", "health_creating": "25"},
    ),
]
COMMITMENTS = [Decimal("1.5"), Decimal("2.5"), Decimal("3")]

# Six direct agreements: (organisation's place in the member list, amount, what for, paid so far).
AGREEMENTS = [
    (0, "30000", "Peer support groups for carers", "30000"),
    (3, "25000", "Walking and talking groups in the parks", "12500"),
    (6, "22000", "Community kitchen and cooking on a budget", "11000"),
    (9, "18000", "Befriending calls for people living alone", "0"),
    (12, "12000", "Drop-in advice on money and housing", "6000"),
    (15, "8000", "Gardening sessions for mental health", "8000"),
]
SIZES = ["micro", "small", "small", "medium", "micro", "large", "small", "micro", "medium", "small"]

COSTS = [
    (
        "Two link workers for a year, with on-costs",
        "76000",
        "Network Contract DES additional roles reimbursement for a social prescribing link worker, 2023/24",
    ),
    ("Activities commissioned from member organisations", "20000", "Flourish agreements"),
    ("Supervision, training and management", "8000", "Collective's accounts"),
]
OUTCOMES = [
    (
        "GP appointments avoided",
        "1400",
        "42",
        "49",
        "56",
        "PSSRU Unit Costs of Health and Social Care 2023: GP surgery consultation, about £49 as in the insight "
        "demo's case for action (low and high are an illustrative range around it)",
    ),
    (
        "A&E attendances avoided",
        "120",
        "150",
        "200",
        "280",
        "NHS England National Cost Collection 2021/22: emergency department attendance, not admitted (approximate demo figures: check the current tables before use)",
    ),
    (
        "Short-stay emergency admissions avoided",
        "15",
        "1500",
        "1800",
        "2500",
        "NHS England National Cost Collection 2021/22: non-elective short stay (approximate demo figures: check the current tables before use)",
    ),
]
ASSUMPTIONS = (
    "One year of the service for about 900 people referred by GP practices in Ladywood. "
    "The changes in use of GP, A&E and hospital services are those reported by people at follow-up against the "
    "year before referral; the numbers here count half of that change, because some would have happened anyway. "
    "Low, central and high use the lower, middle and upper published unit costs. Wellbeing gains are not "
    "given a money value here; they are reported on the programme's wellbeing page."
)


def _financial_year(today: date) -> int:
    return today.year if today.month >= 4 else today.year - 1


def _body(coordinator, name: str, kind: str, places) -> Body:
    found = Body.objects.filter(name=name).first()
    return found or decision_services.create_body(actor=coordinator, name=name, kind=kind, places=places)


def load(geography: dict, people: dict, *, today: date | None = None) -> None:
    icb = Body.objects.filter(name=ICB).first()
    if icb is None or BudgetLine.objects.filter(body=icb).exists():
        return
    coordinator = people["staff"]["coordinator"]
    birmingham = geography["place"]
    localities = list(birmingham.children.filter(kind=Place.Kind.LOCALITY).order_by("code"))
    ladywood = next((p for p in localities if p.name == "Ladywood"), localities[0])
    clock = Clock.of(today)
    _budget_lines(coordinator, icb, _financial_year(clock.today))
    pcn = _body(coordinator, PCN, Body.Kind.PCN, [ladywood])
    collective = _body(coordinator, COLLECTIVE, Body.Kind.COLLECTIVE, localities)
    programme = _programme(ladywood)
    _devolved(coordinator, pcn, collective, programme, clock)
    _cost_benefit(coordinator, programme)


def _budget_lines(coordinator, icb, this_year: int) -> None:
    first = this_year - len(YEARS) + 1
    for offset, (acute, other, prevention) in enumerate(YEARS):
        year = first + offset
        lines = [("acute", "", acute), ("other", "", other)] + [
            ("prevention", kind, amount) for kind, amount in prevention.items()
        ]
        for category, kind, millions in lines:
            services.add_budget_line(
                actor=coordinator,
                body=icb,
                year=year,
                category=category,
                prevention_kind=kind,
                amount=Decimal(millions) * MILLION,
                source_note=f"Demo ICB annual accounts {year}/{(year + 1) % 100:02d} (illustrative)",
            )
    for offset, share in enumerate(COMMITMENTS):
        services.set_prevention_commitment(
            actor=coordinator,
            body=icb,
            year=this_year - len(COMMITMENTS) + 1 + offset,
            share=share,
            note="Agreed by the Board after the collective's call for a shift to prevention",
        )


def _devolved(coordinator, pcn, collective, programme, clock: Clock) -> None:
    if DevolvedBudget.objects.filter(from_body=pcn).exists():
        return
    today = clock.today
    # Devolved six weeks before last year's round opened, and passed on to it three weeks later.
    funding_round = demo_grants.rounds().first()
    opened = funding_round.priorities_open_at.date() if funding_round else clock.day(-300)
    budget = services.devolve_budget(
        actor=coordinator,
        from_body=pcn,
        anchor=collective,
        amount=Decimal("250000"),
        devolved_on=opened - timedelta(days=42),
        purpose="A quarter of the PCN's prevention budget, for community groups to keep people well (as in Heeley)",
    )
    if funding_round is not None:
        services.allocate_to_round(
            actor=coordinator,
            budget=budget,
            funding_round=funding_round,
            allocated_on=opened - timedelta(days=21),
            purpose="Residents decide which projects are funded",
        )
    members = list(Organisation.objects.members().order_by("name"))
    for number, organisation in enumerate(members):
        if organisation.size == Organisation.Size.NOT_KNOWN:
            Organisation.objects.filter(pk=organisation.pk).update(size=SIZES[number % len(SIZES)])
    agreed = []
    for number, (index, amount, purpose, paid) in enumerate(AGREEMENTS):
        organisation = members[index % len(members)]
        starts_on = today - timedelta(days=270 - 10 * number)
        agreement = services.agree(
            actor=coordinator,
            budget=budget,
            organisation=organisation,
            amount=Decimal(amount),
            purpose=purpose,
            agreed_on=starts_on - timedelta(days=7),
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=364),
        )
        paid = Decimal(paid)
        if paid:
            halves = [paid] if paid == agreement.amount and number % 2 else [paid / 2, paid / 2]
            for part, payment in enumerate(halves):
                services.record_agreement_payment(
                    actor=coordinator,
                    agreement=agreement,
                    amount=payment,
                    paid_on=starts_on + timedelta(days=90 * part),
                    reference=f"FL-{number + 1:02d}-{part + 1}",
                )
        agreed.append(agreement)
    _returns_on(programme, agreed[:3], clock)


def _programme(ladywood) -> Programme:
    programme, _ = Programme.objects.get_or_create(
        slug="social-prescribing",
        defaults={
            "name": "Social prescribing in Ladywood",
            "kind": Programme.Kind.PROGRAMME,
            "place": ladywood,
            "description": "Link workers connect people referred by their GP with community groups. (Demo figures.)",
        },
    )
    return programme


def _returns_on(programme, agreements, clock: Clock) -> None:
    """Three organisations have sent the quarterly return that covers their agreement."""
    template, _ = ReturnTemplate.objects.get_or_create(
        programme=programme, name="Quarterly return for agreements", defaults={"due_after_months": [3]}
    )
    for agreement in agreements:
        period_end = agreement.starts_on + timedelta(days=90)
        Return.objects.get_or_create(
            template=template,
            organisation=agreement.organisation,
            period_start=agreement.starts_on,
            defaults={
                "period_end": period_end,
                "due_on": period_end + timedelta(days=30),
                "submitted_at": clock.at(period_end + timedelta(days=20), hour=10),
            },
        )


def _cost_benefit(coordinator, programme) -> None:
    if hasattr(programme, "cost_benefit"):
        return
    services.save_cost_benefit(
        actor=coordinator,
        programme=programme,
        assumptions=ASSUMPTIONS,
        costs=[{"item": item, "amount": Decimal(amount), "source": source} for item, amount, source in COSTS],
        outcomes=[
            {
                "outcome": outcome,
                "quantity": Decimal(quantity),
                "unit_value_low": Decimal(low),
                "unit_value_central": Decimal(central),
                "unit_value_high": Decimal(high),
                "source": source,
            }
            for outcome, quantity, low, central, high, source in OUTCOMES
        ],
    )
