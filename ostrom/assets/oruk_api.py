"""The Open Referral UK API (the v3 UK profile's `openapi.json`), under /api/oruk/: anonymous reads of
the public directory (`Service.objects.public()`, THE rule), in the profile's shapes and paging keys.

Ids are the records' Open Referral ids (UUIDs); a malformed id is "not found", like a missing one.
`postcode` finds the postcode's small area (LSOA) from Ostrom's postcode lookup; `proximity` (metres,
as the profile says) is measured from the middle of the directory's located venues in that area, since
the lookup holds no position for a postcode; with no located venue there, the small area rule applies.
"""

import math
import uuid
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema

from ostrom.accounts.api_auth import anyone
from ostrom.network.models import Organisation
from ostrom.places.models import Postcode

from . import oruk, selectors
from .models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .validation import day_code, parse_time

router = Router(tags=["open referral uk"])

PER_PAGE = 50
MOST_PER_PAGE = 200


def _uuid(value: str | None):
    """The UUID, or None for anything malformed (which then matches nothing)."""
    try:
        return uuid.UUID(str(value)[:40])
    except ValueError:
        return None


def _one(queryset: QuerySet, value: str):
    oruk_id = _uuid(value)
    found = queryset.filter(oruk_id=oruk_id).first() if oruk_id else None
    if found is None:
        raise Http404("Not found")
    return found


def _time(value: str, name: str) -> time:
    if (moment := parse_time(value[:40])) is None:
        raise ValidationError({name: gettext("Give a time as HH:MM")})
    return moment


def filter_services(
    *,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    day: str | None = None,
    start_time: str | None = None,
    end_time: str | None = None,
    postcode: str | None = None,
    proximity: float | None = None,
    modified_after: str | None = None,
) -> QuerySet:
    """The profile's filters, read into the directory's one search (`selectors.search`)."""
    search, day, start_time, end_time, postcode, modified_after = (
        (value or "").replace("\x00", "")
        for value in (search, day, start_time, end_time, postcode, modified_after)
    )
    ids = {}
    for name, value in (
        ("term_id", taxonomy_term_id),
        ("taxonomy_id", taxonomy_id),
        ("organisation_id", organization_id),
    ):
        if value:
            ids[name] = _uuid(value)
    code = ""
    if day:
        code = day_code(day[:20])
        if code is None:
            raise ValidationError({"day": gettext("Give a day such as MO or Monday")})
    moment = None
    if modified_after:
        moment = parse_datetime(modified_after[:40]) if len(modified_after) > 10 else None
        if moment is None and (
            day_only := parse_date(modified_after[:10]) if len(modified_after) == 10 else None
        ):
            moment = datetime.combine(day_only, time())
        if moment is None:
            raise ValidationError(
                {"modified_after": gettext("Give a date and time such as 2026-01-31T09:00:00Z")}
            )
        moment = moment if moment.tzinfo else timezone.make_aware(moment)
    found_postcode = None
    if postcode:
        found_postcode = (
            Postcode.objects.filter(postcode=Postcode.normalise(postcode)[:8]).select_related("lsoa").first()
        )
    wanted = selectors.Search(
        text=search[:200],
        day=code,
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        opens_from=_time(start_time, "start_time") if start_time else None,
        closes_by=_time(end_time, "end_time") if end_time else None,
        modified_after=moment,
        postcode=found_postcode,
        within_metres=proximity,
        matches_nothing=any(value is None for value in ids.values()) or bool(postcode and not found_postcode),
        **{name: value for name, value in ids.items() if value is not None},
    )
    return selectors.search(wanted)


def _page(request, items: QuerySet, shape, page: int, per_page: int) -> dict:
    per_page = max(1, min(per_page, MOST_PER_PAGE))
    total = items.count()
    total_pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, 10**6))
    contents = [shape(item) for item in items[(page - 1) * per_page : page * per_page]]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


@router.get("/", auth=anyone, summary="About this API (HSDS version and profile)")
def about(request):
    return {
        "version": oruk.HSDS_VERSION,
        "profile": oruk.PROFILE_URL,
        "openapi_url": request.build_absolute_uri(reverse("api-1.0.0:openapi-json")),
    }


class ServiceFilters(Schema):
    """The profile's filters on services, for /services and /service_at_locations alike."""

    search: str | None = None
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    day: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    postcode: str | None = None
    proximity: float | None = Field(None, description="Metres from the postcode")
    modified_after: str | None = None


@router.get("/services", auth=anyone, summary="Services, a page at a time, with the profile's filters")
def list_services(request, filters: Query[ServiceFilters], page: int = 1, per_page: int = PER_PAGE):
    return _page(request, filter_services(**filters.dict()), oruk.service_list_item, page, per_page)


@router.get("/services/{id}", auth=anyone, summary="One service, fully nested")
def get_service(request, id: str):  # noqa: A002 - the profile's name
    service = _one(oruk.for_export(Service.objects.public()), id)
    return oruk.service_full(service)


@router.get("/service_package", auth=anyone, summary="The whole directory: every service, fully nested")
def service_package(request):
    return oruk.service_package()


@router.get("/service_at_locations", auth=anyone, summary="Services at locations, a page at a time")
def list_service_at_locations(
    request, filters: Query[ServiceFilters], page: int = 1, per_page: int = PER_PAGE
):
    services = filter_services(**filters.dict())
    at_locations = (
        ServiceAtLocation.objects.filter(service__in=services.values("pk"))
        .select_related("service__organisation", "location")
        .prefetch_related("location__accessibility")
        .order_by("service__name", "oruk_id")
    )
    return _page(request, at_locations, oruk.service_at_location_list_item, page, per_page)


@router.get("/service_at_locations/{id}", auth=anyone, summary="A service at one location, fully nested")
def get_service_at_location(request, id: str):  # noqa: A002
    at_location = _one(ServiceAtLocation.objects.filter(service__in=Service.objects.public()), id)
    return oruk.service_at_location_full(at_location)


def _organisations() -> QuerySet:
    """Organisations with at least one public service: the directory's organisations."""
    return Organisation.objects.filter(services__in=Service.objects.public()).distinct()


@router.get("/organizations", auth=anyone, summary="Organisations in the directory, a page at a time")
def list_organizations(request, page: int = 1, per_page: int = PER_PAGE):
    return _page(request, _organisations().order_by("name", "oruk_id"), oruk.organization, page, per_page)


@router.get("/organizations/{id}", auth=anyone, summary="One organisation with its services, fully nested")
def get_organization(request, id: str):  # noqa: A002
    return oruk.organization_full(_one(_organisations(), id))


@router.get("/taxonomies", auth=anyone, summary="Taxonomies, a page at a time")
def list_taxonomies(request, page: int = 1, per_page: int = PER_PAGE):
    return _page(request, Taxonomy.objects.order_by("name", "oruk_id"), oruk.taxonomy, page, per_page)


@router.get("/taxonomies/{id}", auth=anyone, summary="One taxonomy")
def get_taxonomy(request, id: str):  # noqa: A002
    return oruk.taxonomy(_one(Taxonomy.objects.all(), id))


@router.get("/taxonomy_terms", auth=anyone, summary="Taxonomy terms, a page at a time")
def list_taxonomy_terms(request, page: int = 1, per_page: int = PER_PAGE, taxonomy_id: str | None = None):
    terms = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by(
        "taxonomy__name", "name", "oruk_id"
    )
    if taxonomy_id:
        terms = terms.filter(taxonomy__oruk_id=_uuid(taxonomy_id)) if _uuid(taxonomy_id) else terms.none()
    return _page(request, terms, oruk.taxonomy_term, page, per_page)


@router.get("/taxonomy_terms/{id}", auth=anyone, summary="One taxonomy term")
def get_taxonomy_term(request, id: str):  # noqa: A002
    return oruk.taxonomy_term(_one(TaxonomyTerm.objects.select_related("taxonomy", "parent"), id))
