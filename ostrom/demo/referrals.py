"""Demo social prescribing: three link workers and 400 referrals over the past year.

Two link workers cover Ladywood and one Perry Barr (demo logins with the demo password). Each referral
has one to three needs (loneliness and mental wellbeing most often) and goes to one or two of the demo
assets whose categories match them, near the person where there are any. About 70% of people are
accepted by a service and 55–60% go at least once; some are declined with a reason and the newest
still wait. Most people chose to be known by a reference number only; some are named, with consent
(made-up names marked "demo"). Most agreed to give equality answers and the small area they live in.
Most answered the wellbeing statements (SWEMWBS) at referral, and about half of those who went
answered again at follow-up, with a modest average gain. Referrals are followed up 8 to 12 weeks on and
then closed; a few of the latest follow-ups are still due.

Idempotent: when demo referrals exist nothing is added. Its own random numbers, so the rest of the
demo draws the same as without it.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import make_password

from ostrom.accounts import equality
from ostrom.accounts.models import Role, User
from ostrom.assets.models import Service
from ostrom.insight import services as insight_services
from ostrom.insight.models import Insight
from ostrom.network.models import Membership
from ostrom.places.models import Place
from ostrom.referrals.models import (
    REFERENCE_ALPHABET,
    Need,
    Referral,
    ReferralNeed,
    ReferralTo,
    ReferralWellbeing,
)

from . import collective
from .clock import Clock
from .places import ethnic_weights_for

REFERRALS = 400
# (handle, name, locality, share of the referrals)
LINK_WORKERS = [
    ("linkworker-ladywood", "Bushra Rahman", "Ladywood", 0.32),
    ("linkworker-soho", "Daniel Osei", "Ladywood", 0.28),
    ("linkworker-perry-barr", "Gurpreet Sandhu", "Perry Barr", 0.40),
]
NEED_WEIGHTS = {
    Need.LONELINESS: 30,
    Need.MENTAL_WELLBEING: 28,
    Need.ACTIVITY: 12,
    Need.MONEY: 12,
    Need.LONG_TERM_CONDITION: 8,
    Need.FOOD: 7,
    Need.WORK_AND_LEARNING: 6,
    Need.HOUSING: 5,
    Need.CARING: 5,
    Need.OTHER: 2,
}
CATEGORIES_FOR_NEED = {
    Need.LONELINESS: ["meeting-people", "later-life"],
    Need.MENTAL_WELLBEING: ["mental-wellbeing", "arts-and-creativity", "nature"],
    Need.ACTIVITY: ["physical-activity"],
    Need.MONEY: ["money-advice"],
    Need.FOOD: ["food"],
    Need.HOUSING: ["housing"],
    Need.CARING: ["carers"],
    Need.LONG_TERM_CONDITION: ["health-conditions"],
    Need.WORK_AND_LEARNING: ["learning-and-work"],
    Need.OTHER: ["faith-and-culture", "children-and-families"],
}
AGE_WEIGHTS = {"16-24": 8, "25-34": 14, "35-44": 16, "45-54": 18, "55-64": 17, "65-74": 15, "75+": 12}
DECLINE_REASONS = [
    "The group is full until the spring; we have put them on the waiting list",
    "Not the right group for what they need; we suggested the wellbeing hub instead",
    "They live outside the area we can serve",
    "The sessions clash with their work; we suggested an evening group",
]
CONSENT_WORDING = (
    "I agree that my link worker keeps a record of this referral, shares what is needed with the "
    "services I am referred to, and counts my answers in reports that never name me."
)
NAMED_SHARE = 0.2
CONSENT_SHARE = 0.85
BASELINE_SHARE = 0.85
FOLLOW_UP_SHARE = 0.5
# What a few people said at their follow-up, kept as insight because they agreed (made up for the demo).
OWN_WORDS = [
    "Before the walking group I hadn't left the house for weeks. Now Tuesdays are the best day of my week.",
    "The debt advice man sat with me and rang the energy company himself. I can sleep again.",
    "At the café nobody rushes you. I go for the tea and stay for the people.",
    "I didn't think a garden would help my nerves, but getting my hands in the soil does something.",
    "My GP listened, then the link worker actually got me somewhere. That never happened before.",
    "The carers' group is the only hour that is mine. They understand without me explaining.",
    "Speaking Urdu with the ladies at the sewing circle, I feel like myself again.",
    "I was told to exercise for my diabetes. The walking group made it something I look forward to.",
]
OWN_WORDS_CONSENT = (
    "I agree that what I said can be used, without my name, to help the NHS and the collective "
    "understand what makes a difference."
)


def load(geography: dict, assets: list[Service], *, today: date | None = None) -> int:
    """Make the link workers and the referrals; returns how many referrals were made (0 on later runs)."""
    clock = Clock.of(today)
    rng = random.Random("ostrom-demo-referrals")
    localities = {place.name: place for place in Place.objects.filter(is_demo=True, kind=Place.Kind.LOCALITY)}
    workers = [
        (_link_worker(handle, name, localities.get(locality), clock), localities.get(locality), share)
        for handle, name, locality, share in LINK_WORKERS
        if locality in localities
    ]
    if not workers or not assets or Referral.objects.filter(is_demo=True).exists():
        return 0
    today = clock.today
    lsoas_of = {
        place.pk: list(Place.objects.within(place).lsoas().prefetch_related("statistics"))
        for _, place, _ in workers
    }
    ethnic_weights = {lsoa.pk: ethnic_weights_for(lsoa) for lsoas in lsoas_of.values() for lsoa in lsoas}
    services_near = _services_by_category(assets, [place for _, place, _ in workers])
    contact_of = _contacts_of(assets)

    referrals, plans = [], []
    references = set()
    for _ in range(REFERRALS):
        worker, place, _ = rng.choices(workers, weights=[share for _, _, share in workers])[0]
        referred_on = today - timedelta(days=int(rng.triangular(0, 364, 200)))
        named = rng.random() < NAMED_SHARE
        consents = named or rng.random() < CONSENT_SHARE
        fields = {}
        if consents:
            lsoa = rng.choice(lsoas_of[place.pk])
            weights = ethnic_weights[lsoa.pk] or {"white_british": 1}
            fields = {
                "consent_recorded_at": _moment(referred_on, 10),
                "consent_wording": CONSENT_WORDING,
                "lsoa": lsoa,
                "ethnic_group": equality.PREFER_NOT_TO_SAY
                if rng.random() < 0.05
                else rng.choices(list(weights), weights=list(weights.values()))[0],
                "age_band": rng.choices(list(AGE_WEIGHTS), weights=list(AGE_WEIGHTS.values()))[0],
            }
        if named:
            fields |= {
                "identity": Referral.Identity.NAMED,
                "person_name": f"{rng.choice(collective.FIRST_NAMES)} {rng.choice(collective.LAST_NAMES)} (demo)",
                "person_contact": f"07700 900{rng.randint(0, 999):03d}",
            }
        reference = _reference(rng, references)
        referrals.append(
            Referral(
                reference=reference,
                place=place,
                made_by=worker,
                referred_on=referred_on,
                follow_up_on=referred_on + timedelta(weeks=8),
                is_demo=True,
                **fields,
            )
        )
        needs = _needs(rng)
        plans.append((needs, _services_for(rng, needs, services_near[place.pk])))
    Referral.objects.bulk_create(referrals)

    needs_rows, sent_rows, wellbeing_rows = [], [], []
    for referral, (needs, services) in zip(referrals, plans, strict=True):
        needs_rows += [ReferralNeed(referral=referral, need=need) for need in needs]
        went, waiting = False, False
        for service in services:
            row = _referral_to(rng, referral, service, contact_of.get(service.organisation_id), today)
            went = went or row.status == ReferralTo.Status.ATTENDED
            waiting = waiting or row.status == ReferralTo.Status.SENT
            sent_rows.append(row)
        # Followed up 8 to 12 weeks on: those past it a week ago were; some of the latest are still due.
        followed_up_on = referral.referred_on + timedelta(weeks=rng.randint(8, 12))
        done = not waiting and (
            followed_up_on <= today - timedelta(days=7) or (followed_up_on <= today and rng.random() < 0.5)
        )
        if rng.random() < BASELINE_SHARE:
            before = _baseline(rng)
            wellbeing_rows.append(
                ReferralWellbeing(
                    referral=referral,
                    stage=ReferralWellbeing.Stage.AT_REFERRAL,
                    items=before,
                    taken_on=referral.referred_on,
                )
            )
            if went and done and rng.random() < FOLLOW_UP_SHARE:
                wellbeing_rows.append(
                    ReferralWellbeing(
                        referral=referral,
                        stage=ReferralWellbeing.Stage.FOLLOW_UP,
                        items=_follow_up(rng, before),
                        taken_on=followed_up_on,
                    )
                )
        if done:
            referral.followed_up_on = followed_up_on
            referral.closed_on = followed_up_on
    ReferralNeed.objects.bulk_create(needs_rows)
    ReferralTo.objects.bulk_create(sent_rows)
    ReferralWellbeing.objects.bulk_create(wellbeing_rows)
    Referral.objects.bulk_update(
        [referral for referral in referrals if referral.followed_up_on], ["followed_up_on", "closed_on"]
    )
    _own_words(referrals, sent_rows)
    return len(referrals)


def _own_words(referrals: list[Referral], sent_rows: list[ReferralTo]) -> None:
    """A few people who went and were followed up agreed that their words are kept as insight."""
    went = {row.referral_id for row in sent_rows if row.status == ReferralTo.Status.ATTENDED}
    chosen = [r for r in referrals if r.followed_up_on and r.pk in went][: len(OWN_WORDS)]
    for referral, text in zip(chosen, OWN_WORDS, strict=False):
        insight_services.record_words_from_referral(
            link_worker=referral.made_by,
            place=referral.place,
            referral_id=referral.pk,
            text=text,
            said_on=referral.followed_up_on,
            publication=Insight.Publication.ANONYMISED,
            consent_wording=OWN_WORDS_CONSENT,
        )


def link_worker_emails() -> list[str]:
    return [f"{handle}@{collective.DEMO_DOMAIN}" for handle, *_ in LINK_WORKERS]


def _link_worker(handle: str, name: str, place: Place | None, clock: Clock) -> User:
    email = f"{handle}@{collective.DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        # The demo password, hashed once by the collective's staff: copy a hash rather than make another.
        staff = User.objects.filter(email=f"coordinator@{collective.DEMO_DOMAIN}").first()
        user = User.objects.create(
            email=email,
            full_name=name,
            password=staff.password if staff else make_password(collective.DEMO_PASSWORD),
            # A year and a half in post: before their first referral in the story.
            date_joined=clock.at(-540, hour=9),
            record_key=random.Random(handle).randrange(256),
            email_confirmed_at=clock.at(-540, hour=9),
        )
    if place is not None:
        Role.objects.get_or_create(user=user, kind=Role.Kind.LINK_WORKER, place=place)
    return user


def _reference(rng: random.Random, taken: set) -> str:
    while True:
        reference = "SP-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(6))
        if reference not in taken:
            taken.add(reference)
            return reference


def _moment(day, hour: int) -> datetime:
    return Clock(day).at(0, hour=hour)


def _needs(rng: random.Random) -> list[str]:
    count = rng.choices([1, 2, 3], weights=[50, 38, 12])[0]
    needs: list[str] = []
    while len(needs) < count:
        need = rng.choices(list(NEED_WEIGHTS), weights=list(NEED_WEIGHTS.values()))[0]
        if need not in needs:
            needs.append(need)
    return needs


def _services_by_category(assets: list[Service], places: list[Place]) -> dict[int, dict[str, list[Service]]]:
    """For each link worker's place, the public demo services by category: those inside the place,
    and the others after them (used when nothing near fits)."""
    public = {service.pk for service in Service.objects.public().filter(pk__in=[s.pk for s in assets])}
    categories_of = defaultdict(list)
    for service_id, code in (
        Service.categories.through.objects.filter(service_id__in=public)
        .order_by("pk")
        .values_list("service_id", "taxonomyterm__code")
    ):
        categories_of[service_id].append(code)
    by_place = {}
    for place in places:
        inside = set(
            Service.objects.filter(pk__in=public)
            .filter(service_at_locations__location__place__in=Place.objects.within(place).values("pk"))
            .values_list("pk", flat=True)
        )
        found = defaultdict(lambda: {"near": [], "far": []})
        for service in assets:
            if service.pk not in public:
                continue
            for code in categories_of[service.pk]:
                found[code]["near" if service.pk in inside else "far"].append(service)
        by_place[place.pk] = found
    return by_place


def _services_for(rng: random.Random, needs: list[str], services: dict) -> list[Service]:
    chosen: list[Service] = []
    wanted = 1 if rng.random() < 0.7 else 2
    for need in needs:
        codes = CATEGORIES_FOR_NEED[need]
        near = [service for code in codes for service in services[code]["near"] if service not in chosen]
        far = [service for code in codes for service in services[code]["far"] if service not in chosen]
        pool = near or far
        if pool and len(chosen) < wanted:
            chosen.append(rng.choice(pool))
    if not chosen:  # nothing fits: the wellbeing hub's welcome, or anything near
        everything = [service for lists in services.values() for service in lists["near"]]
        chosen.append(
            rng.choice(everything or [service for lists in services.values() for service in lists["far"]])
        )
    return chosen


def _contacts_of(assets: list[Service]) -> dict[int, User]:
    contacts = {}
    for organisation_id, user in (
        Membership.objects.filter(
            organisation_id__in={service.organisation_id for service in assets}, is_contact=True
        )
        .order_by("pk")
        .values_list("organisation_id", "user")
    ):
        contacts.setdefault(organisation_id, user)
    return contacts


def _referral_to(rng: random.Random, referral: Referral, service: Service, contact_id, today) -> ReferralTo:
    age = (today - referral.referred_on).days
    row = ReferralTo(referral=referral, service=service)
    waiting_chance = 0.9 if age < 5 else 0.3 if age < 21 else 0.04
    if rng.random() < waiting_chance:
        return row  # still waiting for the service
    decided_on = min(referral.referred_on + timedelta(days=rng.randint(1, 6)), today)
    row.decided_by_id = contact_id
    row.decided_at = _moment(decided_on, 14)
    if rng.random() < 0.24:
        row.status = ReferralTo.Status.DECLINED
        row.decline_reason = rng.choice(DECLINE_REASONS)
        return row
    row.status = ReferralTo.Status.ACCEPTED
    first = referral.referred_on + timedelta(days=rng.randint(3, 35))
    if first <= today:
        outcome = rng.random()
        if outcome < 0.78:
            row.status = ReferralTo.Status.ATTENDED
            row.first_attended_on = first
            row.sessions_attended = rng.randint(1, min(12, 1 + (today - first).days // 7))
        elif outcome < 0.92:
            row.status = ReferralTo.Status.DID_NOT_ATTEND
    return row


def _baseline(rng: random.Random) -> list[int]:
    """Seven answers 1–5, lower than the population's on average (people come to a link worker when
    things are hard)."""
    level = rng.uniform(1.6, 3.4)
    return [max(1, min(5, round(rng.gauss(level, 0.7)))) for _ in range(7)]


def _follow_up(rng: random.Random, before: list[int]) -> list[int]:
    """A modest average gain, varied: some a lot better, most a little, some worse."""
    shift = rng.gauss(0.35, 0.5)
    return [max(1, min(5, round(item + shift + rng.gauss(0, 0.45)))) for item in before]
