"""Population of a place by ethnic group, age band, sex or deprivation decile, summed from its LSOAs."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.functions import Left, Length
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_lazy

from .models import AreaStatistic, Place, Postcode

MEASURE_BY_DIMENSION = {
    "ethnic_group": AreaStatistic.Measure.POPULATION_ETHNIC_GROUP,
    "age_band": AreaStatistic.Measure.POPULATION_AGE_BAND,
    "sex": AreaStatistic.Measure.POPULATION_SEX,
}


def population_by(place: Place, dimension: str) -> dict[str, Decimal]:
    """People living in the place, by category of the dimension ("imd_decile" categories are "1".."10").

    Uses the LSOAs inside the place where they have figures, else the place's own figures."""
    if dimension == "imd_decile":
        return _population_by_imd_decile(place)
    measure = MEASURE_BY_DIMENSION[dimension]
    lsoas = Place.objects.within(place).lsoas()
    for figures in (
        AreaStatistic.objects.filter(place__in=lsoas).latest_for(measure),
        AreaStatistic.objects.filter(place=place).latest_for(measure),
    ):
        totals = {
            row["category"]: row["total"] for row in figures.values("category").annotate(total=Sum("value"))
        }
        if totals:
            return totals
    return {}


def population_of(places: Iterable[Place], dimension: str) -> dict[str, Decimal]:
    """People living in all the places together, by category of the dimension: each place's figures
    summed (population counts, never shares). A place inside another of them is counted once, with it."""
    total: dict[str, Decimal] = defaultdict(Decimal)
    for place in outermost(places):
        for category, people in population_by(place, dimension).items():
            total[category] += people
    return dict(total)


def outermost(places: Iterable[Place]) -> list[Place]:
    """The places that are not inside another of them, by name."""
    chosen = {place.pk: place for place in places if place is not None}
    return sorted(
        (
            place
            for place in chosen.values()
            if not any(ancestor.pk in chosen for ancestor in place.ancestors())
        ),
        key=lambda place: place.name,
    )


def names_of(places: Iterable[Place]) -> str:
    """ "Ladywood", "Ladywood and Perry Barr", "Aston, Ladywood and Perry Barr": the outermost places."""
    names = [place.name for place in outermost(places)]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _population_by_imd_decile(place: Place) -> dict[str, Decimal]:
    lsoas = Place.objects.within(place).lsoas()
    decile_of = dict(
        AreaStatistic.objects.filter(place__in=lsoas)
        .latest_for(AreaStatistic.Measure.IMD_DECILE)
        .values_list("place_id", "value")
    )
    totals = AreaStatistic.objects.filter(place__in=lsoas).latest_for(AreaStatistic.Measure.POPULATION_TOTAL)
    population: dict[str, Decimal] = defaultdict(Decimal)
    for place_id, value in totals.values_list("place_id", "value"):
        if place_id in decile_of:
            population[str(int(decile_of[place_id]))] += value
    return dict(population)


def population_total_by_lsoa(lsoa_ids) -> dict[int, Decimal]:
    figures = AreaStatistic.objects.filter(place_id__in=lsoa_ids).latest_for(
        AreaStatistic.Measure.POPULATION_TOTAL
    )
    return dict(figures.values_list("place_id", "value"))


def imd_decile_by_lsoa(lsoa_ids) -> dict[int, int]:
    figures = AreaStatistic.objects.filter(place_id__in=lsoa_ids).latest_for(AreaStatistic.Measure.IMD_DECILE)
    return {place_id: int(value) for place_id, value in figures.values_list("place_id", "value")}


UNKNOWN_POSTCODE = gettext_lazy(
    "We do not recognise this postcode. Check it and try again. If it is right, your home may be "
    "outside the area this site covers: ask the people who run it"
)
# The example our forms give ("For example, B16 8AA"): the demo knows it, and so does the ONS list.
EXAMPLE_POSTCODE = "B16 8AA"


def find_postcode(text: str) -> Postcode:
    """The one postcode lookup every form uses: the postcode (with its LSOA), or a ValidationError on
    the "postcode" field with the same message everywhere, saying what to do."""
    normalised = Postcode.normalise(text or "")
    match = (
        Postcode.objects.select_related("lsoa").filter(postcode=normalised).first() if normalised else None
    )
    if match is None:
        raise ValidationError({"postcode": unknown_postcode_message()})
    return match


def unknown_postcode_message() -> str:
    """What to do about a postcode we do not know. The demo knows only the postcodes of its own
    wards, so it says which: a visitor elsewhere is not left wondering whether they typed it wrong."""
    demo = Postcode.objects.filter(is_demo=True)
    if not demo.exists():
        return str(UNKNOWN_POSTCODE)
    outward_codes = sorted(
        {
            code
            for code in demo.annotate(outward=Left("postcode", Length("postcode") - 4)).values_list(
                "outward", flat=True
            )
        },
        key=lambda code: (code[:1], int(code[1:]) if code[1:].isdecimal() else 0, code),
    )
    localities = list(
        Place.objects.filter(is_demo=True, kind=Place.Kind.LOCALITY)
        .order_by("name")
        .values_list("name", flat=True)
    )
    example = EXAMPLE_POSTCODE if demo.filter(postcode=EXAMPLE_POSTCODE).exists() else demo.first().postcode
    words = {"codes": get_text_list(outward_codes, gettext("and")), "example": example}
    if not localities:
        return (
            gettext(
                "We do not recognise this postcode. This demo knows only postcodes starting %(codes)s, "
                "like %(example)s. Check yours, or use one of those"
            )
            % words
        )
    return gettext(
        "We do not recognise this postcode. This demo knows only postcodes in %(places)s, starting %(codes)s, "
        "like %(example)s. Check yours, or use one of those"
    ) % (words | {"places": get_text_list(localities, gettext("and"))})
