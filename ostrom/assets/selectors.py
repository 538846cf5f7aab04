"""Reads of the directory: the one search the page and the API share, and an entry in the shape the
entry form, the API and the review compare (`validation.checked_entry`'s shape)."""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Exists, OuterRef, Prefetch, Q

from ostrom.accounts import permissions
from ostrom.network.models import Organisation
from ostrom.places.models import Place, Postcode

from .models import (
    WELLBEING_TAXONOMY,
    Accessibility,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
)
from .validation import language_for


@dataclass(frozen=True)
class Search:
    """What someone is looking for; every part optional. The directory's page and API use the first
    part; the Open Referral UK API's filters (its ids, ages, opening window, changes since, near a
    postcode) the second."""

    text: str = ""
    category: str = ""  # a wellbeing term's code
    place: Place | None = None
    day: str = ""  # MO … SU
    at: time | None = None
    free_only: bool = False
    language: str = ""  # a code or a name
    feature: str = ""  # an Accessibility.Feature value
    # Open Referral UK filters (ids are the records' Open Referral UUIDs).
    term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organisation_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    opens_from: time | None = None  # open no earlier than
    closes_by: time | None = None  # and closed by
    modified_after: datetime | None = None
    postcode: Postcode | None = None
    within_metres: float | None = None
    matches_nothing: bool = False  # a malformed id: nothing has it


def search(wanted: Search, *, prefetch=None):
    """The public entries that match, ordered by name, with what a result shows prefetched: the one
    search of the directory's page, its API and the Open Referral UK API. The page asks only for what its
    results show (`prefetch=CARD_PREFETCH`); the APIs get everything (RESULT_PREFETCH)."""
    services = Service.objects.public().select_related("organisation")
    if wanted.matches_nothing:
        return services.none()
    if wanted.text.strip():
        words = wanted.text.strip()
        services = services.filter(
            Q(name__icontains=words)
            | Q(description__icontains=words)
            | Q(organisation__name__icontains=words)
        )
    if wanted.category:
        services = services.filter(
            Exists(TaxonomyTerm.objects.wellbeing().filter(code=wanted.category, services=OuterRef("pk")))
        )
    if wanted.place is not None:
        services = services.filter(pk__in=Service.objects.public().in_place(wanted.place).values("pk"))
    if wanted.day or wanted.at is not None or wanted.opens_from is not None or wanted.closes_by is not None:
        schedules = Schedule.objects.filter(
            Q(service=OuterRef("pk")) | Q(service_at_location__service=OuterRef("pk"))
        )
        if wanted.day:
            schedules = schedules.filter(byday__contains=wanted.day)
        if wanted.at is not None:
            schedules = schedules.filter(opens_at__lte=wanted.at, closes_at__gt=wanted.at)
        if wanted.opens_from is not None:
            schedules = schedules.filter(opens_at__gte=wanted.opens_from)
        if wanted.closes_by is not None:
            schedules = schedules.filter(closes_at__lte=wanted.closes_by)
        services = services.filter(Exists(schedules))
    if wanted.term_id is not None:
        services = services.filter(
            Exists(TaxonomyTerm.objects.filter(oruk_id=wanted.term_id, services=OuterRef("pk")))
        )
    if wanted.taxonomy_id is not None:
        services = services.filter(
            Exists(TaxonomyTerm.objects.filter(taxonomy__oruk_id=wanted.taxonomy_id, services=OuterRef("pk")))
        )
    if wanted.organisation_id is not None:
        services = services.filter(organisation__oruk_id=wanted.organisation_id)
    if wanted.minimum_age is not None:
        services = services.filter(minimum_age__gte=wanted.minimum_age)
    if wanted.maximum_age is not None:
        services = services.filter(maximum_age__lte=wanted.maximum_age)
    if wanted.modified_after is not None:
        services = services.filter(last_modified__gte=wanted.modified_after)
    if wanted.postcode is not None:
        services = services.filter(pk__in=_near(wanted.postcode, wanted.within_metres))
    if wanted.free_only:
        services = services.free()
    if wanted.language.strip():
        known = language_for(wanted.language)
        languages = Language.objects.filter(service=OuterRef("pk"))
        languages = (
            languages.filter(code=known[0])
            if known
            else languages.filter(name__iexact=wanted.language.strip())
        )
        services = services.filter(Exists(languages))
    if wanted.feature:
        services = services.filter(
            Exists(
                Accessibility.objects.filter(
                    feature=wanted.feature, location__service_at_locations__service=OuterRef("pk")
                )
            )
        )
    return services.order_by("name", "pk").prefetch_related(
        *(RESULT_PREFETCH if prefetch is None else prefetch)
    )


EARTH_RADIUS_METRES = 6_371_000


def _metres_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(h)))


def _near(postcode: Postcode, within_metres: float | None) -> list[int]:
    """The services near a postcode. Ostrom's postcode lookup holds no position, so without a distance
    they are those in its small area (LSOA); with one, those at venues within that distance of the
    middle of the located venues in its small area (or the small area rule when none is located)."""
    in_area = list(Service.objects.in_place(postcode.lsoa).values_list("pk", flat=True))
    if within_metres is None:
        return in_area
    located = Location.objects.filter(place=postcode.lsoa, latitude__isnull=False, longitude__isnull=False)
    points = [(float(lat), float(lon)) for lat, lon in located.values_list("latitude", "longitude")]
    if not points:
        return in_area
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    near = [
        pk
        for pk, lat, lon in Location.objects.filter(
            latitude__isnull=False, longitude__isnull=False
        ).values_list("pk", "latitude", "longitude")
        if _metres_between(centre, (float(lat), float(lon))) <= within_metres
    ]
    return list(
        ServiceAtLocation.objects.filter(location__in=near).values_list("service_id", flat=True).distinct()
    )


RESULT_PREFETCH = [
    Prefetch(
        "categories",
        queryset=TaxonomyTerm.objects.filter(taxonomy__name=WELLBEING_TAXONOMY),
        to_attr="wellbeing_categories",
    ),
    Prefetch(
        "service_at_locations",
        queryset=ServiceAtLocation.objects.select_related("location__place")
        .prefetch_related("schedules", "location__accessibility")
        .order_by("pk"),
    ),
    "schedules",
    "cost_options",
    "languages",
]

# What a result on the directory's page shows (presenters.result): its wellbeing categories, its venues
# and their opening times, its own opening times and its costs.
CARD_PREFETCH = [
    RESULT_PREFETCH[0],
    Prefetch(
        "service_at_locations",
        queryset=ServiceAtLocation.objects.select_related("location")
        .prefetch_related("schedules")
        .order_by("pk"),
    ),
    "schedules",
    "cost_options",
]


def entry(service_id: int):
    """One public entry with everything its page shows."""
    return (
        Service.objects.public()
        .select_related("organisation")
        .prefetch_related(*RESULT_PREFETCH, "contacts__phones", "phones")
        .filter(pk=service_id)
        .first()
    )


def entry_of(service: Service) -> dict:
    """The entry as it stands, in the shape a proposed change holds (for the edit form and the review)."""
    at = service.service_at_locations.select_related("location").order_by("pk").first()
    location = at.location if at else None
    contact = service.contacts.order_by("pk").first()
    phone = contact.phones.order_by("pk").first() if contact else None
    schedules = Schedule.objects.filter(
        Q(service=service) | Q(service_at_location__service=service)
    ).order_by("pk")
    return {
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "fees_description": service.fees_description,
        "alert": service.alert,
        "categories": sorted(
            service.categories.filter(taxonomy__name=WELLBEING_TAXONOMY).values_list("code", flat=True)
        ),
        "location": {
            "name": location.name,
            "address_1": location.address_1,
            "city": location.city,
            "postal_code": location.postal_code,
            "latitude": None if location.latitude is None else str(location.latitude.normalize()),
            "longitude": None if location.longitude is None else str(location.longitude.normalize()),
        }
        if location
        else None,
        "accessibility": sorted(location.accessibility.values_list("feature", flat=True)) if location else [],
        "schedules": [
            {
                "byday": schedule.byday,
                "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else "",
                "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else "",
            }
            for schedule in schedules
            if schedule.byday
        ],
        "costs": [
            {"option": cost.option, "amount": f"{cost.amount:.2f}"}
            for cost in service.cost_options.order_by("pk")
            if cost.amount is not None
        ],
        "languages": [
            {"code": language.code, "name": language.name} for language in service.languages.order_by("pk")
        ],
        "contact": {
            "name": contact.name if contact else "",
            "email": contact.email if contact else "",
            "phone": (phone.number if phone else "")
            or (service.phones.values_list("number", flat=True).first() or ""),
        },
    }


def waiting_change_of(service: Service) -> ServiceChange | None:
    return service.changes.filter(status=ServiceChange.Status.WAITING).first()


def changes_to_review(user):
    """The waiting changes this person may review, oldest first."""
    waiting = (
        ServiceChange.objects.filter(status=ServiceChange.Status.WAITING)
        .select_related("organisation", "service", "proposed_by")
        .prefetch_related("organisation__places_served")
        .order_by("proposed_at")
    )
    return [change for change in waiting if permissions.can_review_entries_of(user, change.organisation)]


def stale_to_check(user):
    """Public entries not checked for six months that this person reviews, least recently checked first."""
    stale = (
        Service.objects.public()
        .stale()
        .select_related("organisation")
        .prefetch_related("organisation__places_served")
        .order_by("assured_date", "name")
    )
    return [service for service in stale if permissions.can_review_entries_of(user, service.organisation)]


def organisations_helped_by(user):
    """Member and directory-only organisations whose entries this coordinator may add and change."""
    candidates = (
        Organisation.objects.filter(status__in=[Organisation.Status.MEMBER, Organisation.Status.LISTED])
        .prefetch_related("places_served")
        .order_by("name")
    )
    return [
        organisation for organisation in candidates if permissions.can_review_entries_of(user, organisation)
    ]
