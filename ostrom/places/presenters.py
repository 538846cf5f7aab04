"""Tables of a place's population and the deprivation of the areas inside it."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import equality
from ostrom.accounts.selectors import DIMENSIONS

from . import selectors
from .models import AreaStatistic, Place


@dataclass(frozen=True)
class PopulationRow:
    label: str
    people: int
    share: float

    @property
    def bar_percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class PopulationTable:
    title: str
    rows: list[PopulationRow]
    total: int


def population_table(place: Place, dimension: str) -> PopulationTable:
    figures = selectors.population_by(place, dimension)
    total = sum(figures.values(), Decimal(0))
    labels = _labels(dimension)
    rows = [
        PopulationRow(labels.get(code, code), int(value), float(value / total) if total else 0.0)
        for code, value in sorted(figures.items(), key=lambda item: _order(dimension, item[0]))
    ]
    return PopulationTable(DIMENSIONS.get(dimension, gettext_lazy("Sex")), rows, int(total))


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    year: int
    source: str


# Population shown as tables, in this order; measures of the place itself that are not a breakdown of
# its population are listed as figures beneath.
INDICATOR_DIMENSIONS = [*DIMENSIONS, "sex"]
BREAKDOWN_MEASURES = {
    AreaStatistic.Measure.POPULATION_ETHNIC_GROUP,
    AreaStatistic.Measure.POPULATION_AGE_BAND,
    AreaStatistic.Measure.POPULATION_SEX,
    AreaStatistic.Measure.IMD_DECILE,
}


@dataclass(frozen=True)
class Indicators:
    tables: list[PopulationTable]
    figures: list[Figure]


def indicators(place: Place) -> Indicators:
    """The area's numbers: its population by ethnic group, deprivation decile, age band and sex (charts
    inside tables), and every other measure held for the place itself (population, IMD rank …)."""
    tables = [population_table(place, dimension) for dimension in INDICATOR_DIMENSIONS]
    figures = []
    for measure in AreaStatistic.Measure:
        if measure in BREAKDOWN_MEASURES:
            continue
        for statistic in AreaStatistic.objects.filter(place=place).latest_for(measure).order_by("category"):
            label = (
                gettext("%(measure)s: %(category)s")
                % {"measure": measure.label, "category": statistic.category}
                if statistic.category
                else measure.label
            )
            figures.append(
                Figure(label, f"{statistic.value.normalize():,f}", statistic.year, statistic.source)
            )
    return Indicators([table for table in tables if table.rows], figures)


def children_with_deprivation(place: Place, children):
    """Each child place with its IMD decile (LSOAs) or the share of its people in the most deprived 20%.

    Three queries whatever the number of children: the tree under the place, then the deciles and the
    populations of all its LSOAs."""
    children = list(children)
    tree = Place.objects.within(place).values_list("pk", "parent_id", "kind")
    parent_of = {pk: parent_id for pk, parent_id, _kind in tree}
    lsoa_ids = {pk for pk, _parent_id, kind in tree if kind == Place.Kind.LSOA}
    decile_of = selectors.imd_decile_by_lsoa(lsoa_ids)
    people_of = selectors.population_total_by_lsoa(lsoa_ids)
    child_ids = {child.pk for child in children}
    core20 = dict.fromkeys(child_ids, Decimal(0))
    total = dict.fromkeys(child_ids, Decimal(0))
    for lsoa_id in lsoa_ids:
        child_id = _ancestor_among(lsoa_id, child_ids, parent_of)
        if child_id is None or lsoa_id not in decile_of or lsoa_id not in people_of:
            continue
        total[child_id] += people_of[lsoa_id]
        if decile_of[lsoa_id] <= 2:
            core20[child_id] += people_of[lsoa_id]
    rows = []
    for child in children:
        if child.kind == Place.Kind.LSOA:
            rows.append((child, decile_of.get(child.pk), None))
        else:
            share = total[child.pk]
            rows.append((child, None, f"{core20[child.pk] / share:.0%}" if share else gettext("No figures")))
    return rows


def _ancestor_among(place_id: int, candidates: set[int], parent_of: dict[int, int | None]) -> int | None:
    while place_id is not None and place_id not in candidates:
        place_id = parent_of.get(place_id)
    return place_id


_CHOICES = {
    "ethnic_group": equality.ETHNIC_GROUP_CHOICES,
    "age_band": equality.AGE_BAND_CHOICES,
    "sex": equality.SEX_CHOICES,
}


def _labels(dimension: str) -> dict[str, str]:
    if dimension == "imd_decile":
        return {str(d): gettext("Decile %(decile)d") % {"decile": d} for d in range(1, 11)}
    return dict(_CHOICES[dimension])


def _order(dimension: str, code: str):
    if dimension == "imd_decile":
        return int(code)
    codes = [c for c, _ in _CHOICES[dimension]]
    return codes.index(code) if code in codes else len(codes)
