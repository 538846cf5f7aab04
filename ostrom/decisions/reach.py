"""Who took part in the input behind decisions, against the population of the places they serve.

Everyone is counted once across every piece of input (a voter who also sat on the panel and came to a
meeting is one person); people who took part without an account are a number beside it, never guessed.
The breakdowns go through `accounts.selectors.breakdown_people`, so every figure is protected the same way
as everywhere else (sets under 20 not broken down, counts rounded to 5, small counts hidden). The gaps are
worked out from those protected figures."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from ostrom.accounts.selectors import DIMENSIONS, Breakdown, breakdown_people
from ostrom.core import suppression
from ostrom.places import selectors as place_selectors

from .selectors import participation_behind

CORE20 = {"1", "2"}  # IMD deciles 1 and 2: the most deprived 20% of areas in England
GAP_WORTH_NAMING = 0.05  # five percentage points
NOT_A_GROUP = {"not_answered", "prefer_not_to_say"}


@dataclass(frozen=True)
class Reach:
    places_name: str
    breakdowns: list[Breakdown]
    account_holders_text: str
    without_account_text: str
    gaps: list[str]  # plain sentences naming the biggest gaps
    core20_text: str


def _people_text(count: int, breakdowns: list[Breakdown]) -> str:
    """How many account holders took part, protected like the breakdowns' totals (rounded by the same
    cell key), so the exact number cannot be set beside the rounded figures."""
    if count < suppression.minimum_people():
        return gettext("fewer than %(count)s") % {"count": suppression.minimum_people()}
    return gettext("about %(count)s") % {"count": breakdowns[0].total_text}


def _count_text(count: int) -> str:
    return gettext("fewer than %(count)s") % {"count": 5} if 0 < count < 5 else f"{count:,}"


def _gaps(breakdowns: list[Breakdown], places_name: str) -> list[str]:
    found = []
    for breakdown in breakdowns:
        for row in breakdown.rows:
            if row.code in NOT_A_GROUP or row.population_share is None:
                continue
            # A hidden count (fewer than 5) is taken as none for the size of the gap, and said as it is.
            gap = row.population_share - (row.cell.share or 0)
            if gap >= GAP_WORTH_NAMING:
                found.append((gap, breakdown, row))
    found.sort(key=lambda item: -item[0])
    sentences = []
    for _, breakdown, row in found[:3]:
        who = {
            "age_band": gettext("People aged %(group)s") % {"group": row.label},
            "imd_decile": gettext("People living in areas in IMD %(group)s") % {"group": row.label.lower()},
        }.get(breakdown.dimension, gettext("People who are %(group)s") % {"group": row.label})
        took_part = (
            gettext("fewer than %(count)s") % {"count": 5}
            if row.cell.share is None
            else f"{row.cell.share:.0%}"
        )
        sentences.append(
            gettext("%(who)s are %(share)s of %(places)s but %(took_part)s of those who took part.")
            % {
                "who": who,
                "share": f"{row.population_share:.0%}",
                "places": places_name,
                "took_part": took_part,
            }
        )
    return sentences


def _core20(breakdowns: list[Breakdown]) -> str:
    deciles = next((b for b in breakdowns if b.dimension == "imd_decile" and b.rows), None)
    if deciles is None:
        return ""
    rows = [row for row in deciles.rows if row.code in CORE20]
    if any(row.cell.share is None for row in rows):
        return gettext("Core20PLUS (the most deprived 20%% of areas in England): too few people to say.") % {}
    took_part = sum(row.cell.share for row in rows)
    population = sum(row.population_share or 0 for row in rows)
    return gettext(
        "Core20PLUS (the most deprived 20%% of areas in England, IMD deciles 1 and 2): %(took_part)s of those "
        "who took part, against %(population)s of the population."
    ) % {"took_part": f"{took_part:.0%}", "population": f"{population:.0%}"}


def reach_of(links, places) -> Reach:
    taking_part = participation_behind(links)
    users = get_user_model().objects.filter(pk__in=taking_part.user_ids)
    places = list(places)
    breakdowns = [breakdown_people(users, by=dimension, places=places) for dimension in DIMENSIONS]
    places_name = place_selectors.names_of(places) or gettext("the population")
    return Reach(
        places_name=places_name,
        breakdowns=breakdowns,
        account_holders_text=_people_text(len(taking_part.user_ids), breakdowns),
        without_account_text=_count_text(taking_part.anonymous),
        gaps=_gaps(breakdowns, places_name),
        core20_text=_core20(breakdowns),
    )
