"""Citizens' panels for tests: an assembly in Ladywood in the phase asked for, a pool of volunteers who
registered through the service, and a lottery drawn by the engine, each built one way for every test."""

import random
from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ostrom.panels import drawing, selectors, services
from ostrom.panels.models import Assembly, Lottery
from tests.factories import (
    AreaStatisticFactory,
    CoordinatorFactory,
    LsoaFactory,
    PlaceFactory,
    PostcodeFactory,
)

AGES = ["16 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over"]
DAY = timedelta(days=1)
SEXES_HALF_AND_HALF = [
    {"feature": "Sex", "value": "Female", "minimum": 2, "maximum": 4},
    {"feature": "Sex", "value": "Male", "minimum": 2, "maximum": 4},
]

# Offsets, in days from today, of the day registration opens in each phase: registration lasts 20 days,
# the sessions follow 10 and 40 days after it closes.
PHASE_OPENS = {"not_yet_open": 5, "recruiting": -10, "meeting": -35, "finished": -100}
STATUS = {
    "not_yet_open": Assembly.Status.RECRUITING,
    "recruiting": Assembly.Status.RECRUITING,
    "meeting": Assembly.Status.MEETING,
    "finished": Assembly.Status.FINISHED,
}


def ladywood():
    """Ladywood with two areas (one among the most deprived) and a known postcode in each: B16 8AA
    in the deprived one, B17 0AA in the other. Each has 500 women and 500 men."""
    place = PlaceFactory(code="DEMO-L01", name="Ladywood", kind="locality")
    if not place.children.exists():
        deprived, better_off = LsoaFactory(parent=place), LsoaFactory(parent=place)
        for lsoa, decile in [(deprived, 1), (better_off, 7)]:
            AreaStatisticFactory(place=lsoa, measure="imd_decile", value=decile, year=2019)
            AreaStatisticFactory(place=lsoa, measure="population_total", value=1000)
            for sex in ("female", "male"):
                AreaStatisticFactory(place=lsoa, measure="population_sex", category=sex, value=500)
        PostcodeFactory(postcode="B16 8AA", lsoa=deprived)
        PostcodeFactory(postcode="B17 0AA", lsoa=better_off)
    return place


class AssemblyFactory(DjangoModelFactory):
    """An assembly for Ladywood in the phase named by `phase` (recruiting by default)."""

    class Meta:
        model = Assembly
        exclude = ["phase", "opens"]

    phase = "recruiting"
    opens = factory.LazyAttribute(lambda o: date.today() + PHASE_OPENS[o.phase] * DAY)
    question = "How should we cut waiting lists?"
    slug = "waiting-lists"
    commissioning_body = "BSol ICB"
    place = factory.LazyFunction(ladywood)
    panel_size = 10
    status = factory.LazyAttribute(lambda o: STATUS[o.phase])
    registration_opens_on = factory.LazyAttribute(lambda o: o.opens)
    registration_closes_on = factory.LazyAttribute(lambda o: o.opens + 20 * DAY)
    first_session_on = factory.LazyAttribute(lambda o: o.opens + 30 * DAY)
    last_session_on = factory.LazyAttribute(lambda o: o.opens + 60 * DAY)
    payment_offered = "£300"
    support_offered = "Childcare and travel"
    delete_personal_data_on = factory.LazyAttribute(lambda o: max(o.opens, date.today()) + 130 * DAY)


def register_pool(assembly: Assembly, count: int, rng: random.Random | None = None) -> None:
    """`count` volunteers register through the service, with answers drawn by `rng`."""
    rng = rng or random.Random(5)
    for n in range(count):
        services.register_interest(
            assembly=assembly,
            full_name=f"Volunteer {n}",
            email=f"v{n}@example.org",
            phone="",
            postcode=rng.choice(["B16 8AA", "B17 0AA"]),
            answers={
                "Age band": rng.choice(AGES),
                "Sex": rng.choice(["Female", "Male"]),
                "Ethnic group": "White",
                "Disability": "No",
                "Lived experience of the topic": "Yes",
            },
            has_consented=True,
        )


def drawn_lottery(
    assembly: Assembly | None = None,
    *,
    size: int = 6,
    volunteers: int = 24,
    quotas: list[dict] | None = None,
    seed: str = "public seed",
    rng: random.Random | None = None,
    coordinator=None,
) -> Lottery:
    """A lottery drawn by the engine, as the draw task does it: a recruiting assembly of `size` seats
    (unless one is given) with `volunteers` registered, quotas saved (half women, half men by default),
    then the draw."""
    if assembly is None:
        assembly = AssemblyFactory(panel_size=size)
        register_pool(assembly, volunteers, rng or random.Random(5))
    coordinator = coordinator or CoordinatorFactory()
    services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=quotas or SEXES_HALF_AND_HALF)
    request = selectors.panel_request(assembly)
    lottery = Lottery.objects.create(
        assembly=assembly,
        seed=seed,
        drawn_by=coordinator,
        quotas=[[q.feature, q.value, q.minimum, q.maximum] for q in request.quotas],
        pool=[[v.id, dict(v.features), v.household] for v in request.volunteers],
    )
    return drawing.draw_lottery(lottery=lottery)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))
