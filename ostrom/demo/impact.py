"""Demo impact: Flourish's theory of change, as the WMCA's write-up of its evaluation states it (inputs,
activities, outputs and short-term outcomes from its first year; the medium and long-term outcomes it
aims for), with 12 indicators measured each quarter over two years. Seven are typed in by the
coordinators (the figures are made up for the demo, rising towards their targets with some noise); one,
the social prescriptions member organisations received, adds up their quarterly returns; four
are worked out by Ostrom from the demo's own records: member organisations, grants paid, Open Space
actions done and the community panel survey's mean wellbeing score (SWEMWBS).

Safe to run again: once the programme exists nothing is added or changed."""

import random
from datetime import date, timedelta
from decimal import Decimal

from ostrom.demo.clock import Clock
from ostrom.demo.surveys import panel_survey
from ostrom.impact import measuring, services
from ostrom.impact.models import Programme

SLUG = "flourish"
# An indicator the member organisations' quarterly returns feed (see ostrom/demo/returns.py): never typed.
FROM_RETURNS = "Member organisations' quarterly returns"

# (stage, text, [indicators]); an indicator: (name, unit, minimum, maximum, baseline, target, source,
# computed_from). Arrows: LEADS_TO below, by (stage, index) within the stage.
STEPS = [
    (
        "input",
        "Funding from Birmingham Community Healthcare NHS Foundation Trust and the West Midlands Combined Authority",
        [],
    ),
    ("input", "Member organisations' time, trust and knowledge of their communities", []),
    ("input", "A seat at the Ladywood and Perry Barr Locality Partnership", []),
    ("activity", "Bring micro and hyper-local groups together, in five issue-based subgroups", []),
    ("activity", "Navigate decision-making spaces with the NHS and the council", []),
    ("activity", "Fund, facilitate and support member organisations", []),
    (
        "activity",
        "Support local people directly, such as parents of children with special educational needs (the Roadmap Project)",
        [],
    ),
    (
        "output",
        "Community organisations have a place at the decision-making table",
        [
            (
                "Member organisations of the collective",
                "organisations",
                0,
                None,
                0,
                40,
                "Ostrom's membership records",
                "member_organisations",
            ),
            ("Subgroup meetings held", "meetings", 0, None, 0, 60, "Subgroup minutes", ""),
        ],
    ),
    (
        "output",
        "Money and support reach small local groups",
        [
            (
                "Grants paid to member organisations",
                "£",
                0,
                None,
                0,
                150000,
                "Ostrom's grant payments",
                "grants_paid",
            )
        ],
    ),
    (
        "output",
        "Time and space for people to come together, and to move from listening to action",
        [
            (
                "Open Space actions done",
                "actions",
                0,
                None,
                0,
                20,
                "Open Space action updates in Ostrom",
                "actions_done",
            )
        ],
    ),
    (
        "short_term",
        "Service users feel listened to and understand how the health system works",
        [
            ("Service users who feel listened to", "%", 0, 100, 38, 70, "Flourish's service user survey", ""),
            (
                "Service users confident to get help from the health system",
                "%",
                0,
                100,
                41,
                65,
                "Flourish's service user survey",
                "",
            ),
        ],
    ),
    (
        "short_term",
        "Capacity and trusted pathways built within member organisations",
        [("Member organisations reporting more capacity", "%", 0, 100, 20, 60, "Annual member survey", "")],
    ),
    (
        "medium_term",
        "Services are co-produced with communities and respond to local needs",
        [
            (
                "Services changed after community input",
                "services",
                0,
                None,
                0,
                12,
                "Locality Partnership decisions",
                "",
            ),
            (
                "Social prescriptions received by member organisations",
                "referrals",
                0,
                None,
                50,
                150,
                FROM_RETURNS,
                "",
            ),
        ],
    ),
    (
        "long_term",
        "Better health and wellbeing for local residents, and smaller racial inequalities in health",
        [
            (
                "Community panel's mean wellbeing score (SWEMWBS)",
                "score",
                7,
                35,
                20.5,
                23.5,
                "Community panel survey",
                "survey_swemwbs",
            ),
            (
                "Residents reporting good or very good health",
                "%",
                0,
                100,
                61,
                68,
                "Community panel survey",
                "",
            ),
        ],
    ),
    (
        "long_term",
        "A sustainable alternative for investment in the community",
        [
            (
                "NHS and council money invested through community organisations",
                "£",
                0,
                None,
                50000,
                500000,
                "Locality Partnership budgets",
                "",
            )
        ],
    ),
]

# (from, to) as indexes into STEPS.
LEADS_TO = [
    (0, 5),
    (1, 3),
    (2, 4),
    (3, 7),
    (3, 9),
    (4, 7),
    (5, 8),
    (6, 10),
    (7, 10),
    (8, 11),
    (9, 10),
    (9, 11),
    (10, 12),
    (11, 12),
    (12, 13),
    (12, 14),
    (11, 14),
]


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _quarter_ends(start: date, today: date) -> list[date]:
    """The last day of each quarter from `start`'s to the last one finished before today."""
    ends = []
    first = start
    while True:
        following = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
        end = following - timedelta(days=1)
        if end >= today:
            return ends
        ends.append(end)
        first = following


def load(geography: dict, people: dict, *, today: date | None = None) -> Programme:
    existing = Programme.objects.filter(slug=SLUG).first()
    if existing:
        return existing
    rng = random.Random(17)
    coordinator = people["staff"]["coordinator"]
    today = Clock.of(today).today
    baseline_on = _quarter_start(today - timedelta(days=730))
    programme = services.create_programme(
        runner=coordinator,
        place=geography["place"],
        name="Flourish",
        kind=Programme.Kind.COLLECTIVE,
        description=(
            "A collective of micro and hyper-local community organisations in West Birmingham (Ladywood and "
            "Perry Barr): a viable, sustainable alternative for investment in the community. Demo figures."
        ),
        starts_on=baseline_on,
    )
    survey = panel_survey()
    steps = []
    typed = []
    for stage, text, indicators in STEPS:
        step = services.add_step(runner=coordinator, programme=programme, stage=stage, text=text)
        steps.append(step)
        for name, unit, minimum, maximum, baseline, target, source, computed_from in indicators:
            if computed_from == "survey_swemwbs" and survey is None:
                computed_from = ""
            indicator = services.add_indicator(
                runner=coordinator,
                step=step,
                name=name,
                unit=unit,
                minimum=Decimal(minimum),
                maximum=None if maximum is None else Decimal(maximum),
                baseline=Decimal(str(baseline)),
                baseline_on=baseline_on,
                target=Decimal(str(target)),
                target_on=baseline_on + timedelta(days=365 * 3),
                source=source,
                frequency="quarterly",
                computed_from=computed_from,
                survey=survey if computed_from == "survey_swemwbs" else None,
            )
            if not computed_from and source != FROM_RETURNS:
                typed.append(indicator)
    for source_index, target_index in LEADS_TO:
        services.draw_arrow(runner=coordinator, source=steps[source_index], target=steps[target_index])
    quarter_ends = _quarter_ends(baseline_on, today)
    for indicator in typed:
        # Two-thirds to four-fifths of the way to the target by the last quarter; a percentage wobbles a
        # little from quarter to quarter, a running count never goes down.
        reached = Decimal(str(rng.uniform(0.65, 0.8)))
        for number, measured_on in enumerate(quarter_ends, start=1):
            share = Decimal(number) / Decimal(len(quarter_ends)) * reached
            value = indicator.baseline + (indicator.target - indicator.baseline) * share
            if indicator.unit in ("%", "score"):
                value = (value + Decimal(str(rng.uniform(-1.5, 1.5)))).quantize(Decimal("0.1"))
            else:
                value = value.quantize(Decimal("1"))
            services.record_measurement(
                runner=coordinator,
                indicator=indicator,
                measured_on=measured_on,
                value=value,
                unit=indicator.unit,
            )
    measuring.refresh_programme(programme, actor=coordinator)
    return programme
