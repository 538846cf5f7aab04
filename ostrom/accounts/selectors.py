"""Reads that other apps use: the one breakdown of people by ethnic group, deprivation and age.

Every report of who took part (members, applicants, panels, voters, conversations) goes through
`breakdown_people`, so counts under 5 are suppressed the same way everywhere.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ostrom.core.suppression import Cell, suppress, suppress_total
from ostrom.places import selectors as place_selectors

from . import equality
from .models import EqualityAnswer

DIMENSIONS = {
    "ethnic_group": "Ethnic group",
    "imd_decile": "Deprivation (IMD decile, 1 = most deprived 10%)",
    "age_band": "Age band",
}
NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    cell: Cell
    population_share: float | None

    @property
    def population_share_text(self) -> str:
        return "" if self.population_share is None else f"{self.population_share:.0%}"

    @property
    def bar_percent(self) -> int:
        return 0 if self.cell.share is None else round(self.cell.share * 100)

    @property
    def population_bar_percent(self) -> int:
        return 0 if self.population_share is None else round(self.population_share * 100)


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    title: str
    rows: list[BreakdownRow]
    total_text: str
    place_name: str | None


def breakdown_people(users, *, by: str, place=None) -> Breakdown:
    """Break a set of people down by ethnic group, IMD decile or age band, beside the place's population.

    `users` is a User queryset. Only answers given with consent are counted; people without
    answers are counted as "Not answered". Counts under 5 are suppressed (with secondary suppression)."""
    answers = EqualityAnswer.objects.consented().filter(user__in=users)
    total = users.count()
    counts: Counter[str] = Counter()
    if by == "imd_decile":
        lsoa_ids = list(answers.exclude(lsoa=None).values_list("lsoa_id", flat=True))
        decile_of = place_selectors.imd_decile_by_lsoa(lsoa_ids)
        counts.update(str(decile_of[lsoa]) for lsoa in lsoa_ids if lsoa in decile_of)
    else:
        counts.update(value for value in answers.values_list(by, flat=True) if value)
    counts[NOT_ANSWERED] = total - sum(counts.values())
    categories = _categories(by)
    ordered = {code: counts.get(code, 0) for code, _ in categories}
    cells = suppress(ordered)
    population = place_selectors.population_by(place, by) if place is not None else {}
    population_total = sum(population.values(), Decimal(0))
    rows = [
        BreakdownRow(
            label=label,
            cell=cells[code],
            population_share=float(population.get(code, 0) / population_total) if population_total else None,
        )
        for code, label in categories
    ]
    return Breakdown(by, DIMENSIONS[by], rows, suppress_total(total), getattr(place, "name", None))


def _categories(by: str) -> list[tuple[str, str]]:
    if by == "imd_decile":
        deciles = [
            (str(d), f"Decile {d}{' (most deprived)' if d == 1 else ' (least deprived)' if d == 10 else ''}")
            for d in range(1, 11)
        ]
        return deciles + [(NOT_ANSWERED, "Area not known")]
    choices = {"ethnic_group": equality.ETHNIC_GROUP_CHOICES, "age_band": equality.AGE_BAND_CHOICES}[by]
    return [*choices, (NOT_ANSWERED, "Not answered")]
