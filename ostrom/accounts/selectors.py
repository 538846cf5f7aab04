"""Reads that other apps use: the one breakdown of people by ethnic group, deprivation and age.

Every report of who took part (members, applicants, panels, voters, conversations) goes through
`breakdown_people`, so every count of people is protected the same way everywhere: no breakdown of
a set under the minimum size, and every count rounded to 5 by the cell-key method with a key for
the set, so that comparing a set before and after adding one person does not reveal that person's
answers (the method and why: ostrom/core/suppression.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy

from ostrom.core import suppression
from ostrom.core.suppression import Cell
from ostrom.places import selectors as place_selectors

from . import equality
from .models import EqualityAnswer

DIMENSIONS = {
    "ethnic_group": gettext_lazy("Ethnic group"),
    "imd_decile": gettext_lazy("Deprivation (IMD decile, 1 = most deprived 10%)"),
    "age_band": gettext_lazy("Age band"),
}
NOT_ANSWERED = "not_answered"


@dataclass(frozen=True)
class BreakdownRow:
    label: str
    cell: Cell
    population_share: float | None
    code: str = ""  # the category: "16_24", "1" (IMD decile), "not_answered" …

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
    too_few_text: str = ""  # set (and no rows) when the set is under the minimum size


def breakdown_people(
    users, *, by: str, places=(), population: dict | None = None, answers: dict | None = None
) -> Breakdown:
    """Break a set of people down by ethnic group, IMD decile or age band, beside the population of
    the places they are drawn from (all of them: their populations summed, then shares worked out;
    named together, "Ladywood and Perry Barr"; None among them is ignored).

    `users` is a User queryset. Only answers given with consent are counted; people without
    answers are counted as "Not answered". A set under the minimum size gets no rows; otherwise
    every count, and the total, is rounded to 5 by the cell-key method and rounded counts of 0 show
    as "fewer than 5" (core/suppression.py). The population shares are public statistics, shown exactly.
    A page breaking several sets of people down against the same places passes, worked out once,
    `population` (what `places.selectors.population_of(places, by)` gives) and `answers` (what
    `answers_of(everyone, by=by)` gives for a set holding all of them)."""
    record_key_of = dict(users.order_by().values_list("pk", "record_key"))
    title = str(DIMENSIONS[by])  # in the language of the request, as a plain string (the API needs one)
    places = [place for place in places if place is not None]
    place_name = place_selectors.names_of(places) or None
    if len(record_key_of) < suppression.minimum_people():
        return Breakdown(by, title, [], "", place_name, suppression.too_few_text())
    categories = _categories(by)
    category_of = answers_of(users, by=by) if answers is None else answers
    record_keys_by_cell: dict[str, list[int]] = defaultdict(list)
    known = {code for code, _ in categories}
    for person, record_key in record_key_of.items():
        code = category_of.get(person)
        record_keys_by_cell[code if code in known else NOT_ANSWERED].append(record_key)
    protected = suppression.protect(
        {code: record_keys_by_cell[code] for code, _ in categories},
        set_key=suppression.set_key(record_key_of.keys()),
    )
    if population is None:
        population = place_selectors.population_of(places, by)
    population_total = sum(population.values(), Decimal(0))
    rows = [
        BreakdownRow(
            code=code,
            label=label,
            cell=protected.cells[code],
            population_share=float(population.get(code, 0) / population_total) if population_total else None,
        )
        for code, label in categories
    ]
    return Breakdown(by, title, rows, protected.total_text, place_name)


def answers_of(users, *, by: str) -> dict[int, str]:
    """Each consenting person's category in this dimension (IMD deciles come from their LSOA)."""
    answers = EqualityAnswer.objects.consented().filter(user__in=users)
    if by != "imd_decile":
        return {person: value for person, value in answers.values_list("user_id", by) if value}
    lsoa_of = dict(answers.exclude(lsoa=None).values_list("user_id", "lsoa_id"))
    decile_of = place_selectors.imd_decile_by_lsoa(list(lsoa_of.values()))
    return {person: str(decile_of[lsoa]) for person, lsoa in lsoa_of.items() if lsoa in decile_of}


def _categories(by: str) -> list[tuple[str, str]]:
    if by == "imd_decile":
        deciles = [(str(d), _decile_label(d)) for d in range(1, 11)]
        return deciles + [(NOT_ANSWERED, gettext("Area not known"))]
    choices = {"ethnic_group": equality.ETHNIC_GROUP_CHOICES, "age_band": equality.AGE_BAND_CHOICES}[by]
    return [*choices, (NOT_ANSWERED, gettext("Not answered"))]


def _decile_label(decile: int) -> str:
    if decile == 1:
        return gettext("Decile %(decile)s (most deprived)") % {"decile": decile}
    if decile == 10:
        return gettext("Decile %(decile)s (least deprived)") % {"decile": decile}
    return gettext("Decile %(decile)s") % {"decile": decile}
