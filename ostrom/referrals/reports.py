"""Social prescribing reports for a place: the figures the Life Rooms publish, for any place and period.

One selector, `report_for(place, period)`, behind the page, its CSV download and the API, so they
always give the same numbers. Referrals are counted for the place and every place inside it (the
place a referral belongs to is the link worker's area).

Every count of people is protected, and so is the count of social prescriptions:

- The headline counts (people referred = referrals, each one person; social prescriptions = referrals
  to a service), every breakdown of the people referred (by need, by asset, by category, by ethnic
  group, IMD decile and age band) and the conversion counts (accepted, attended) go through the one
  method Ostrom protects counts of people with (`ostrom.core.suppression`, the ONS cell-key method):
  each count is rounded to a multiple of 5, a rounded 0 (nobody, or a few people) shows as "fewer than
  5", and no count from 1 to 4 ever appears. So nothing hidden can be worked out by subtraction: not a
  cell from a total, and not a small place from a larger one (Ladywood's total minus the totals of the
  wards inside it is a multiple of 5, up to ±4 from each rounding, never the exact remainder). A
  referral stands for one person: its record key (0–255) is a keyed hash of the referral, fixed for
  ever, as a person's `User.record_key` is; a social prescription carries its referral's record key,
  so where each person has exactly one, the two headline counts hold the same keys and round alike.
- The headline counts are given for any place and period, however few referrals, and rounded all the
  same: 3 referrals show as "fewer than 5" or, three times in five, as 5. No referrals at all also
  show as "fewer than 5", not 0, as in every breakdown: a period can be a single day, and "none"
  beside "fewer than 5" would tell whether anyone in a ward was referred that day.
- Shares (accepted, went) are of the rounded people referred, as in every breakdown: a share of the
  exact number would give that number back (15 of 17 is 88%, 15 of 18 is 83%).
- A set of fewer referrals than the minimum (`BREAKDOWN_MINIMUM_PEOPLE`) is not broken down at all:
  no breakdown, no conversion, no time to first attendance.
- Wellbeing change uses the one SWEMWBS scoring function and the impact summary
  (`ostrom.impact.wellbeing.summarise`), withheld under the suppression threshold as everywhere else.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import equality, permissions
from ostrom.accounts.selectors import NOT_ANSWERED, Breakdown, BreakdownRow
from ostrom.assets.models import Service, TaxonomyTerm
from ostrom.core import suppression
from ostrom.core.suppression import Cell
from ostrom.impact import wellbeing as wellbeing_change
from ostrom.places import selectors as place_selectors
from ostrom.places.models import Place

from .models import Need, Referral, ReferralNeed, ReferralTo, ReferralWellbeing

OTHER_SERVICES = "other"
PERIOD_TOO_LONG = gettext_lazy("Choose a period of 5 years or less")
PERIOD_BACKWARDS = gettext_lazy("The start of the period must be on or before its end")
LONGEST_PERIOD = timedelta(days=5 * 366)
ACCEPTED = (ReferralTo.Status.ACCEPTED, ReferralTo.Status.ATTENDED, ReferralTo.Status.DID_NOT_ATTEND)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @property
    def is_last_12_months(self) -> bool:
        return self == last_12_months(self.end) and self.end == timezone.localdate()


def last_12_months(today: date | None = None) -> Period:
    today = today or timezone.localdate()
    try:
        a_year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        a_year_ago = today.replace(year=today.year - 1, day=28)
    return Period(a_year_ago + timedelta(days=1), today)


def period_of(start: date | None, end: date | None) -> Period:
    """The period asked for (the last 12 months where neither end is given; a missing end is today, a
    missing start a year before the end), or a ValidationError on the field to change."""
    if start is None and end is None:
        return last_12_months()
    end = end or timezone.localdate()
    start = start or last_12_months(end).start
    if start > end:
        raise ValidationError({"start": PERIOD_BACKWARDS})
    if end - start > LONGEST_PERIOD:
        raise ValidationError({"start": PERIOD_TOO_LONG})
    return Period(start, end)


@dataclass(frozen=True)
class CountRow:
    code: str
    label: str
    cell: Cell  # rounded to 5; suppressed (None) when it rounds to 0

    @property
    def bar_percent(self) -> int:
        return 0 if self.cell.share is None else round(self.cell.share * 100)


@dataclass(frozen=True)
class CountTable:
    """People referred, counted by one thing (need, asset, category); a person can be in several rows,
    so the rows need not add up to the total. Shares are of the people referred (rounded)."""

    key: str
    title: str
    rows: list[CountRow]
    too_few_text: str = ""
    note: str = ""


@dataclass(frozen=True)
class Conversion:
    """Of the people referred (`Report.people`), how many a service accepted and how many went."""

    accepted: Cell
    attended: Cell


@dataclass(frozen=True)
class Report:
    """A place's figures for a period, every count already protected: nothing exact leaves this module."""

    place: Place
    period: Period
    people: Cell  # people referred (a referral is one person), rounded to 5; suppressed under 5
    prescriptions: Cell  # referrals to a service, rounded the same way
    minimum: int
    too_few_text: str  # set when the referrals are too few to break down
    conversion: Conversion | None = None
    median_days_to_attend: float | None = None
    tables: list[CountTable] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    wellbeing: wellbeing_change.Summary | None = None

    @property
    def attended_share(self) -> float | None:
        return self._share_of_people(None if self.conversion is None else self.conversion.attended)

    @property
    def accepted_share(self) -> float | None:
        return self._share_of_people(None if self.conversion is None else self.conversion.accepted)

    def _share_of_people(self, cell: Cell | None) -> float | None:
        return None if cell is None or cell.is_suppressed else _share_of(cell.count, self.people)


def _share_of(count: int, people: Cell) -> float | None:
    """A rounded count's share of the rounded people referred: at most 100%, since either can round up.
    None when the people referred show as fewer than 5 (only with a minimum set size of 4 or less)."""
    return None if people.is_suppressed else min(count / people.count, 1.0)


def record_key(referral_id: int) -> int:
    """The referral's fixed record key (0–255), as a person's `User.record_key`: a keyed hash, so it
    cannot be guessed from the referral."""
    return salted_hmac("ostrom.referrals.reports.record_key", str(referral_id)).digest()[0]


def referrals_in(place: Place, period: Period):
    return Referral.objects.in_place(place).filter(referred_on__gte=period.start, referred_on__lte=period.end)


def _rounded_headline(record_keys: list[int], *, set_key: bytes) -> Cell:
    """A headline count rounded as every cell of a breakdown is; a rounded 0 is "fewer than 5"."""
    count = suppression.rounded(len(record_keys), suppression.cell_key(record_keys, set_key=set_key))
    return Cell(None, None) if count == 0 else Cell(count, None)


def report_for(place: Place, period: Period) -> Report:
    referrals = referrals_in(place, period)
    referral_ids = list(referrals.order_by().values_list("pk", flat=True))
    sent = list(
        ReferralTo.objects.filter(referral__in=referral_ids).values_list(
            "referral_id", "service_id", "status", "first_attended_on"
        )
    )
    keys = {referral: record_key(referral) for referral in referral_ids}
    set_key = suppression.set_key(referral_ids)
    people = _rounded_headline(list(keys.values()), set_key=set_key)
    # Each prescription carries its person's record key: see the module docstring.
    prescriptions = _rounded_headline([keys[referral] for referral, *_ in sent], set_key=set_key)
    minimum = suppression.minimum_people()
    summary = wellbeing_change.summarise(
        _wellbeing_pairs(referral_ids),
        meaningful_change=settings.SWEMWBS_MEANINGFUL_CHANGE,
        minimum=settings.SUPPRESSION_THRESHOLD,
    )
    if len(referral_ids) < minimum:
        return Report(
            place, period, people, prescriptions, minimum, suppression.too_few_text(), wellbeing=summary
        )

    def counted(members_by_code: dict[str, Iterable[int]]) -> dict[str, Cell]:
        cells = suppression.protect(
            {code: [keys[member] for member in members] for code, members in members_by_code.items()},
            set_key=set_key,
        ).cells
        # A person can be in several rows: shares are of the people referred, not of the rows' sum.
        return {
            code: cell if cell.is_suppressed else Cell(cell.count, _share_of(cell.count, people))
            for code, cell in cells.items()
        }

    statuses = defaultdict(set)
    first_attended: dict[int, date] = {}
    services_of = defaultdict(set)
    for referral, service, status, attended_on in sent:
        statuses[referral].add(status)
        services_of[service].add(referral)
        if attended_on is not None and (
            referral not in first_attended or attended_on < first_attended[referral]
        ):
            first_attended[referral] = attended_on
    accepted = [referral for referral, found in statuses.items() if found & set(ACCEPTED)]
    attended = list(first_attended)
    cells = counted({"accepted": accepted, "attended": attended})
    conversion = Conversion(cells["accepted"], cells["attended"])

    referred_on = dict(referrals.order_by().values_list("pk", "referred_on"))
    waits = [(first_attended[referral] - referred_on[referral]).days for referral in attended]
    median = statistics.median(waits) if len(waits) >= settings.SUPPRESSION_THRESHOLD else None

    tables = [
        _by_need(referral_ids, counted),
        _by_service(services_of, counted),
        _by_category(services_of, counted),
    ]
    breakdowns = [
        _breakdown(referrals, by, place=place, keys=keys, set_key=set_key)
        for by in ("ethnic_group", "imd_decile", "age_band")
    ]
    return Report(
        place=place,
        period=period,
        people=people,
        prescriptions=prescriptions,
        minimum=minimum,
        too_few_text="",
        conversion=conversion,
        median_days_to_attend=median,
        tables=tables,
        breakdowns=breakdowns,
        wellbeing=summary,
    )


def _by_need(referral_ids, counted) -> CountTable:
    members = defaultdict(list)
    for referral, need in ReferralNeed.objects.filter(referral__in=referral_ids).values_list(
        "referral_id", "need"
    ):
        members[need].append(referral)
    cells = counted({code: members[code] for code, _ in Need.choices})
    rows = [CountRow(code, str(label), cells[code]) for code, label in Need.choices]
    return CountTable("need", gettext("People referred, by need"), rows)


def _by_service(services_of, counted) -> CountTable:
    """Every asset with a shown count, most referred first; the rest in one line, each being fewer
    than 5 (a row of its own would say that someone was referred there)."""
    cells = counted(dict(services_of))
    names = dict(Service.objects.filter(pk__in=list(services_of)).values_list("pk", "name"))
    shown = sorted(
        ((service, cell) for service, cell in cells.items() if not cell.is_suppressed),
        key=lambda item: (-item[1].count, names[item[0]]),
    )
    rows = [CountRow(str(service), names[service], cell) for service, cell in shown]
    if len(shown) < len(cells):
        rows.append(
            CountRow(OTHER_SERVICES, gettext("Other assets (each fewer than 5 people)"), Cell(None, None))
        )
    return CountTable("asset", gettext("People referred, by asset"), rows)


def _by_category(services_of, counted) -> CountTable:
    terms = list(TaxonomyTerm.objects.wellbeing().order_by("name"))
    members = defaultdict(set)
    for service, term in Service.categories.through.objects.filter(
        service_id__in=list(services_of), taxonomyterm__in=terms
    ).values_list("service_id", "taxonomyterm_id"):
        members[term] |= services_of[service]
    cells = counted({str(term.pk): members[term.pk] for term in terms})
    rows = [CountRow(term.code, term.name, cells[str(term.pk)]) for term in terms]
    return CountTable(
        "category",
        gettext("People referred, by category of the assets"),
        rows,
        note=gettext("A person referred to assets in more than one category is counted in each."),
    )


ETHNIC_HIGH_LEVEL = [
    (group.split(",")[0].split(" ")[0].lower(), group) for group, _ in equality.ETHNIC_GROUPS
]
GROUP_CODE = {
    code: group.split(",")[0].split(" ")[0].lower() for code, group in equality.HIGH_LEVEL_GROUP.items()
}
TITLES = {
    "ethnic_group": gettext_lazy("People referred, by ethnic group"),
    "imd_decile": gettext_lazy(
        "People referred, by deprivation of the area they live in (IMD decile, 1 = most deprived 10%)"
    ),
    "age_band": gettext_lazy("People referred, by age band"),
}


def _categories(by: str) -> list[tuple[str, str]]:
    if by == "ethnic_group":
        return [
            *((code, equality.label(group)) for code, group in ETHNIC_HIGH_LEVEL),
            (equality.PREFER_NOT_TO_SAY, equality.label(equality.PREFER_NOT_TO_SAY_LABEL)),
            (NOT_ANSWERED, gettext("Not answered")),
        ]
    if by == "imd_decile":
        return [*((str(d), _decile(d)) for d in range(1, 11)), (NOT_ANSWERED, gettext("Area not known"))]
    return [*equality.age_band_choices(), (NOT_ANSWERED, gettext("Not answered"))]


def _decile(decile: int) -> str:
    if decile == 1:
        return gettext("Decile %(decile)s (most deprived)") % {"decile": decile}
    if decile == 10:
        return gettext("Decile %(decile)s (least deprived)") % {"decile": decile}
    return gettext("Decile %(decile)s") % {"decile": decile}


def _category_of(referrals, by: str) -> dict[int, str]:
    if by == "ethnic_group":
        return {
            referral: GROUP_CODE.get(answer, answer)
            for referral, answer in referrals.order_by().values_list("pk", "ethnic_group")
            if answer
        }
    if by == "age_band":
        return {
            referral: answer
            for referral, answer in referrals.order_by().values_list("pk", "age_band")
            if answer
        }
    lsoa_of = dict(referrals.order_by().exclude(lsoa=None).values_list("pk", "lsoa_id"))
    decile_of = place_selectors.imd_decile_by_lsoa(list(set(lsoa_of.values())))
    return {referral: str(decile_of[lsoa]) for referral, lsoa in lsoa_of.items() if lsoa in decile_of}


def _population(place: Place, by: str) -> dict[str, Decimal]:
    population = place_selectors.population_of([place], by)
    if by != "ethnic_group":
        return population
    grouped: dict[str, Decimal] = defaultdict(Decimal)
    for code, people in population.items():
        grouped[GROUP_CODE.get(code, code)] += people
    return dict(grouped)


def _breakdown(referrals, by: str, *, place: Place, keys: dict[int, int], set_key: bytes) -> Breakdown:
    """The people referred by ethnic group (the 5 high-level groups), IMD decile or age band, beside
    the place's population: the same shape and protection as `accounts.selectors.breakdown_people`."""
    categories = _categories(by)
    known = {code for code, _ in categories}
    category_of = _category_of(referrals, by)
    keys_by_cell: dict[str, list[int]] = defaultdict(list)
    for referral, key in keys.items():
        code = category_of.get(referral)
        keys_by_cell[code if code in known else NOT_ANSWERED].append(key)
    protected = suppression.protect({code: keys_by_cell[code] for code, _ in categories}, set_key=set_key)
    population = _population(place, by)
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
    return Breakdown(by, str(TITLES[by]), rows, protected.total_text, place.name)


def _wellbeing_pairs(referral_ids) -> list[wellbeing_change.Pair]:
    items_of: dict[int, dict[str, list]] = defaultdict(dict)
    for referral, stage, items in ReferralWellbeing.objects.filter(referral__in=referral_ids).values_list(
        "referral_id", "stage", "items"
    ):
        items_of[referral][stage] = items
    return [
        wellbeing_change.Pair(
            baseline=stages[ReferralWellbeing.Stage.AT_REFERRAL],
            follow_up=stages[ReferralWellbeing.Stage.FOLLOW_UP],
        )
        for referral, stages in sorted(items_of.items())
        if len(stages) == 2
    ]


def place_with_code(code: str) -> Place | None:
    """The place a report is asked for by its code (not a small area), or None: also for a code no place
    could have (too long, or with a NUL character, which PostgreSQL cannot even compare)."""
    if not code or len(code) > Place._meta.get_field("code").max_length or "\x00" in code:
        return None
    return Place.objects.exclude(kind=Place.Kind.LSOA).filter(code=code).first()


def places_for_reports(user) -> list[Place]:
    """The places whose report the person may see (not the small areas), biggest first."""
    candidates = Place.objects.exclude(kind=Place.Kind.LSOA).order_by("depth", "name")
    return [place for place in candidates if permissions.can_see_referral_reports(user, place)]
