"""Tables of a place's population and the deprivation of the areas inside it."""

from dataclasses import dataclass
from decimal import Decimal

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
    return PopulationTable(DIMENSIONS.get(dimension, "Sex"), rows, int(total))


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
            label = measure.label + (f": {statistic.category}" if statistic.category else "")
            figures.append(
                Figure(label, f"{statistic.value.normalize():,f}", statistic.year, statistic.source)
            )
    return Indicators([table for table in tables if table.rows], figures)


def children_with_deprivation(place: Place, children):
    """Each child place with its IMD decile (LSOAs) or the share of its people in the most deprived 20%."""
    rows = []
    for child in children:
        if child.kind == Place.Kind.LSOA:
            rows.append((child, child.imd_decile, None))
        else:
            by_decile = selectors.population_by(child, "imd_decile")
            total = sum(by_decile.values(), Decimal(0))
            core20 = by_decile.get("1", 0) + by_decile.get("2", 0)
            rows.append((child, None, f"{core20 / total:.0%}" if total else "No figures"))
    return rows


_CHOICES = {
    "ethnic_group": equality.ETHNIC_GROUP_CHOICES,
    "age_band": equality.AGE_BAND_CHOICES,
    "sex": equality.SEX_CHOICES,
}


def _labels(dimension: str) -> dict[str, str]:
    if dimension == "imd_decile":
        return {str(d): f"Decile {d}" for d in range(1, 11)}
    return dict(_CHOICES[dimension])


def _order(dimension: str, code: str):
    if dimension == "imd_decile":
        return int(code)
    codes = [c for c, _ in _CHOICES[dimension]]
    return codes.index(code) if code in codes else len(codes)
