"""Demo citizens' panel: waiting lists and access to primary care in Birmingham. 6,000 letters to
households picked at random (deprived areas oversampled), 450 volunteers, quotas from the population,
a 30-seat fair lottery, four sessions, twelve recommendations and the ICB's response to each.

Registration opened 200 days before the day the demo is loaded; the sessions ran from about five months
to four months ago and the ICB answered about three months ago, so the decisions that act on the
recommendations (ostrom/demo/decisions.py) come after both."""

import csv
import io
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from ostrom.accounts import equality
from ostrom.demo.clock import Clock
from ostrom.panels import drawing, selectors, services, tasks
from ostrom.panels import letters as letter_service
from ostrom.panels.models import (
    Assembly,
    Letter,
    Lottery,
    Recommendation,
    Response,
    Session,
    SessionAttendance,
    Volunteer,
)

REGISTRATION_OPENED_DAYS_AGO = 200
QUESTION = "How can we shorten waiting lists and make it easier to get primary care in Birmingham?"
STREETS = [
    "Ladywood Middleway",
    "Monument Road",
    "Soho Road",
    "Lozells Road",
    "Villa Road",
    "Nechells Park Road",
    "Wheeler Street",
    "Hamstead Road",
    "Rookery Road",
    "Church Lane",
    "Wellington Road",
    "Icknield Street",
]
RECOMMENDATIONS = [
    (
        "Call-backs instead of the 8am queue",
        "Every practice should offer a call-back slot instead of holding patients in a phone queue.",
        27,
        2,
        1,
        "accepted",
    ),
    (
        "Same-day help for children",
        "Children under 5 should always be seen or called back the same day.",
        29,
        0,
        1,
        "accepted",
    ),
    (
        "Interpreters on site",
        "Practices with many patients who speak community languages should have interpreters on site on set days.",
        24,
        3,
        3,
        "accepted_in_part",
    ),
    (
        "Show waiting times",
        "Waiting rooms and websites should show how long the wait is, and why.",
        26,
        2,
        2,
        "accepted",
    ),
    (
        "A phone route for online triage",
        "Online triage must always have a phone or face-to-face option for people without internet.",
        28,
        1,
        1,
        "accepted",
    ),
    (
        "Evening and weekend clinics",
        "Each primary care network should run evening and weekend clinics for working people.",
        21,
        6,
        3,
        "accepted_in_part",
    ),
    (
        "Pharmacy First, explained",
        "The NHS should explain which minor illnesses pharmacists can treat, in community languages.",
        25,
        2,
        3,
        "accepted",
    ),
    (
        "Health checks in faith settings",
        "Blood pressure and diabetes checks should be offered in mosques, gurdwaras, temples and churches.",
        23,
        4,
        3,
        "accepted",
    ),
    (
        "A named contact for complex needs",
        "People with several long-term conditions should have a named person at the practice.",
        22,
        4,
        4,
        "accepted_in_part",
    ),
    (
        "Respectful reception",
        "Receptionists should be trained in treating everyone with respect and in cultural awareness.",
        28,
        1,
        1,
        "accepted",
    ),
    (
        "Free travel to appointments",
        "People on low incomes should get free bus travel to hospital appointments.",
        18,
        8,
        4,
        "not_accepted",
    ),
    (
        "Ask before changing booking",
        "Practices should ask patients, through their patient groups, before changing how booking works.",
        26,
        1,
        3,
        "accepted",
    ),
]
RESPONSE_REASONS = {
    "accepted": "We agree. This will be in the primary care access plan for next year.",
    "accepted_in_part": "We agree with the aim. We will start in the practices where the need is greatest and review it.",
    "not_accepted": "Travel support is set nationally and we cannot fund it locally, but we will press for the Healthy "
    "Start and travel schemes to be better known.",
}


def load(rng: random.Random, geography: dict, people: dict, *, today: date | None = None) -> None:
    if Assembly.objects.filter(question=QUESTION).exists():
        return
    clock = Clock.of(today)
    coordinator, partner = people["staff"]["coordinator"], people["staff"]["partner"]
    birmingham = geography["place"]
    start = clock.day(-REGISTRATION_OPENED_DAYS_AGO)
    assembly = services.create_assembly(
        coordinator=coordinator,
        question=QUESTION,
        commissioning_body="NHS Birmingham and Solihull ICB (demo)",
        place=birmingham,
        panel_size=30,
        registration_opens_on=start,
        registration_closes_on=start + timedelta(days=21),
        first_session_on=start + timedelta(days=35),
        last_session_on=start + timedelta(days=77),
        payment_offered="£300 for the four sessions",
        support_offered="Childcare, travel, interpreters, and a tablet with data for anyone who needs one",
        delete_personal_data_on=clock.day(180),
    )
    postcodes = list(geography["postcodes"].items())
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["address", "postcode"])
    for number in range(12000):
        postcode, _ = postcodes[number % len(postcodes)]
        writer.writerow([f"{number // len(postcodes) + 1} {rng.choice(STREETS)}", postcode])
    letters = letter_service.sample_households(
        coordinator=coordinator,
        assembly=assembly,
        content=out.getvalue().encode(),
        filename="addresses.csv",
        count=6000,
        seed="demo-letters-2026",
        oversampling=2.0,
    )
    # The letters went out the week before registration opened. Their one-time codes come from numbers of
    # the demo's own (the service draws them from the system's randomness), so two loads give the same.
    codes = random.Random("ostrom-demo-letter-codes")
    taken: set[str] = set()
    for letter in sorted(letters, key=lambda letter: letter.pk):
        while (code := "".join(codes.choice(letter_service.CODE_ALPHABET) for _ in range(8))) in taken:
            pass
        taken.add(code)
        letter.code = code
    Letter.objects.bulk_update(letters, ["code"], batch_size=1000)
    Letter.objects.filter(assembly=assembly).update(created_at=_at(start - timedelta(days=7), hour=9))
    _volunteers(rng, assembly, letters, geography)
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=_quotas(assembly))
    request = selectors.panel_request(assembly)
    lottery = Lottery.objects.create(
        assembly=assembly,
        seed="National Lottery draw, Saturday: 04 17 22 31 38 45",
        drawn_by=coordinator,
        quotas=[[q.feature, q.value, q.minimum, q.maximum] for q in request.quotas],
        pool=[[v.id, dict(v.features), v.household] for v in request.volunteers],
    )
    drawing.draw_lottery(lottery=lottery)
    # Drawn in public four days after registration closed, ten days before the first session.
    lottery.drawn_at = _at(assembly.registration_closes_on + timedelta(days=4), hour=11)
    Lottery.objects.filter(pk=lottery.pk).update(drawn_at=lottery.drawn_at)
    tasks.queue_check(lottery=lottery)
    Assembly.objects.filter(pk=assembly.pk).update(status=Assembly.Status.FINISHED)
    _sessions(rng, assembly, lottery)
    # The ICB answered four weeks after the last session; its actions are due eight months after that.
    responded_at = _at(assembly.last_session_on + timedelta(days=28), hour=14)
    for number, (title, text, support, against, unsure, outcome) in enumerate(RECOMMENDATIONS, start=1):
        recommendation = Recommendation.objects.create(
            assembly=assembly,
            number=number,
            title=title,
            text=text,
            support_for=support,
            support_against=against,
            support_unsure=unsure,
        )
        services.respond(
            responder=partner,
            recommendation=recommendation,
            outcome=outcome,
            reasons=RESPONSE_REASONS[outcome],
            action="" if outcome == "not_accepted" else f"Put “{title.lower()}” into practice",
            action_owner="" if outcome == "not_accepted" else "Director of Primary Care, BSol ICB",
            action_due_on=None if outcome == "not_accepted" else responded_at.date() + timedelta(days=240),
        )
    Response.objects.filter(recommendation__assembly=assembly).update(responded_at=responded_at)


def _at(day: date, *, hour: int) -> datetime:
    return Clock(day).at(0, hour=hour)


def _volunteers(rng, assembly, letters, geography) -> None:
    """About 8% of letters get a reply: fewer from the most deprived areas, which is why they were oversampled.
    Each reply came while registration was open."""
    days_open = (assembly.registration_closes_on - assembly.registration_opens_on).days
    lsoa_of = geography["postcodes"]
    wording = services.consent_wording(assembly)
    from ostrom.demo.places import ethnic_weights_for

    weights_cache = {}
    volunteers = []
    for letter in letters:
        reply_rate = 0.07 if (letter.imd_decile or 5) <= 2 else 0.12
        if rng.random() > reply_rate or len(volunteers) >= 450:
            continue
        lsoa = lsoa_of[letter.postcode]
        weights = weights_cache.setdefault(lsoa.pk, ethnic_weights_for(lsoa))
        detailed = rng.choices(list(weights), weights=list(weights.values()))[0]
        volunteers.append(
            Volunteer(
                assembly=assembly,
                full_name=f"Volunteer {len(volunteers) + 1}",
                email=f"volunteer{len(volunteers) + 1}@demo.ostrom.invalid",
                postcode=letter.postcode,
                lsoa=lsoa,
                household=letter.code,
                consent_wording=wording,
                features={
                    "Age band": rng.choices(
                        [label for code, label in equality.AGE_BAND_CHOICES[:-1]],
                        weights=[12, 18, 18, 17, 15, 12, 8],
                    )[0],
                    "Sex": rng.choices(["Female", "Male", "Prefer not to say"], weights=[54, 45, 1])[0],
                    "Ethnic group": equality.HIGH_LEVEL_GROUP.get(detailed, "Prefer not to say"),
                    "Deprivation of home area": f"{['Most deprived', 'Second', 'Middle', 'Fourth', 'Least deprived'][((letter.imd_decile or 5) - 1) // 2]} fifth",
                    "Disability": rng.choices(["Yes", "No"], weights=[22, 78])[0],
                    "Lived experience of the topic": rng.choices(["Yes", "No"], weights=[40, 60])[0],
                },
            )
        )
    # Replies spread over the weeks registration was open, in the order the volunteers are listed (so the
    # pool, ordered by registration, is the same as ever).
    replied = sorted(
        _at(
            assembly.registration_opens_on + timedelta(days=rng.randint(0, days_open)),
            hour=rng.randint(8, 21),
        )
        for _ in volunteers
    )
    for volunteer, registered_at in zip(volunteers, replied, strict=True):
        volunteer.registered_at = volunteer.consented_at = registered_at
    Volunteer.objects.bulk_create(volunteers)


def _quotas(assembly) -> list[dict]:
    quotas = []
    for proposal in services.propose_quotas(assembly):
        if proposal["feature"] == "Lived experience of the topic" and proposal["value"] == "Yes":
            proposal.update(minimum=8, maximum=18)
        if proposal["feature"] == "Disability" and proposal["value"] == "Yes":
            proposal.update(minimum=4, maximum=10)
        quotas.append(proposal)
    return quotas


def _sessions(rng, assembly, lottery) -> None:
    members = list(Volunteer.objects.filter(pk__in=[int(v) for v in lottery.selected]))
    titles = [
        "Why waiting lists grow: the evidence",
        "What patients and staff told us",
        "Options: what other places have tried",
        "Deciding our recommendations",
    ]
    for week, title in enumerate(titles):
        when = _at(assembly.first_session_on + timedelta(days=14 * week), hour=10)
        session = Session.objects.create(
            assembly=assembly,
            title=title,
            starts_at=when,
            venue="Council House, Victoria Square",
            speakers="Director of Primary Care\nA GP partner from Ladywood\nHealthwatch Birmingham",
        )
        SessionAttendance.objects.bulk_create(
            [
                SessionAttendance(
                    session=session,
                    volunteer=member,
                    payment=Decimal("75"),
                    paid_on=when.date() + timedelta(days=7),
                )
                for member in members
                if rng.random() < 0.93
            ]
        )
