"""The directory in the shape of Open Referral UK (the v3 UK profile of HSDS): a service fully nested,
the flat list shape, organizations, taxonomies and taxonomy terms, and the whole directory as a
`service_package` (an array of fully nested services).

Only what `Service.objects.public()` gives is ever shaped here for the outside (THE rule). An
organisation's email and phone go out only when it chose to show its contact details.

Records Ostrom keeps without an id of their own (the address kept on a location, the link between a
service and a category or an area, an organisation's charity number) get a stable id derived from their
owner's id, so an export is the same every time and a re-import matches what it exported.
"""

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from ostrom.network.models import Organisation

from .models import Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm

PROFILE_URL = "https://openreferral.org/uk-profile"  # nothing is fetched from it: it names the profile
HSDS_VERSION = "3.0"
ONS_GEOGRAPHY = "https://statistics.data.gov.uk/id/statistical-geography/"
SERVICE_CATEGORY = "service_category"
LISTED_CHARITY = "GB-CHC"
LISTED_COMPANY = "GB-COH"


def derived_id(owner_id, what: str) -> str:
    """A stable UUID for a record Ostrom keeps inside another (`what` says which)."""
    return str(uuid.uuid5(uuid.UUID(str(owner_id)), what))


def _text(value) -> str:
    return value or ""


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _date(value: date | None):
    return value.isoformat() if value else None


def _time(value: time | None):
    return value.isoformat() if value else None


def _datetime(value: datetime | None):
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _drop_empty(record: dict) -> dict:
    """Leave out optional fields with nothing in them (the schemas' required fields are always set)."""
    return {key: value for key, value in record.items() if value is not None and value != ""}


# Prefetching ---------------------------------------------------------------------------------------


def for_export(services: QuerySet) -> QuerySet:
    """`services` with everything a fully nested service reads, in a fixed number of queries."""
    return services.select_related("organisation").prefetch_related(
        "categories__taxonomy",
        "places",
        Prefetch("schedules", queryset=Schedule.objects.order_by("oruk_id")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("oruk_id"),
        ),
        "service_at_locations__location__accessibility",
        Prefetch("service_at_locations__schedules", queryset=Schedule.objects.order_by("oruk_id")),
        "contacts__phones",
        "phones",
        "cost_options",
        "languages",
    )


# Taxonomies ------------------------------------------------------------------------------------------


def taxonomy_term(term: TaxonomyTerm) -> dict:
    parent = term.parent.oruk_id if term.parent_id else None
    return _drop_empty(
        {
            "id": str(term.oruk_id),
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": str(parent) if parent else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.oruk_id),
            "term_uri": term.term_uri,
            "term": term.name,
        }
    ) | {"description": term.description}


def taxonomy(item: Taxonomy) -> dict:
    return _drop_empty(
        {
            "id": str(item.oruk_id),
            "name": item.name,
            "uri": item.uri,
            "version": item.version,
        }
    ) | {"description": item.description}


# Organisations ---------------------------------------------------------------------------------------


def organization(organisation: Organisation) -> dict:
    identifiers = []
    for scheme, kind, value in (
        (LISTED_CHARITY, "Charity number", organisation.charity_number),
        (LISTED_COMPANY, "Company number", organisation.company_number),
    ):
        if value:
            identifiers.append(
                {
                    "id": derived_id(organisation.oruk_id, f"identifier:{scheme}"),
                    "organization_id": str(organisation.oruk_id),
                    "identifier_scheme": scheme,
                    "identifier_type": kind,
                    "identifier": value,
                }
            )
    shown = organisation.show_contact_details
    record = _drop_empty(
        {
            "id": str(organisation.oruk_id),
            "name": organisation.name,
            "email": organisation.contact_email if shown else None,
            "phone": organisation.contact_phone if shown else None,
            "website": organisation.website_link,
        }
    )
    record["description"] = organisation.description
    if identifiers:
        record["organization_identifiers"] = identifiers
    return record


def organization_full(organisation: Organisation) -> dict:
    """An organization with its public services, fully nested."""
    services = for_export(Service.objects.public().filter(organisation=organisation).order_by("oruk_id"))
    return organization(organisation) | {"services": [service_full(service) for service in services]}


# Services ----------------------------------------------------------------------------------------------


def _schedule(schedule: Schedule, *, service_id, at_location_id=None) -> dict:
    return _drop_empty(
        {
            "id": str(schedule.oruk_id),
            "service_id": str(service_id) if service_id else None,
            "service_at_location_id": str(at_location_id) if at_location_id else None,
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "description": schedule.description,
        }
    )


def _location(location) -> dict:
    record = _drop_empty(
        {
            "id": str(location.oruk_id),
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": _number(location.latitude),
            "longitude": _number(location.longitude),
        }
    )
    if location.address_1 or location.postal_code or location.city:
        record["addresses"] = [
            {
                "id": derived_id(location.oruk_id, "address"),
                "location_id": str(location.oruk_id),
                "address_1": location.address_1,
                "city": location.city,
                "state_province": location.state_province,
                "postal_code": location.postal_code,
                "country": location.country,
                "address_type": "postal" if location.location_type == "postal" else "physical",
            }
        ]
    record["accessibility"] = [
        _drop_empty(
            {
                "id": str(feature.oruk_id),
                "location_id": str(location.oruk_id),
                "description": feature.get_feature_display(),
                "accessibility": feature.feature,
                "details": feature.details,
            }
        )
        for feature in sorted(location.accessibility.all(), key=lambda f: str(f.oruk_id))
    ]
    return record


def _service_at_location(at_location: ServiceAtLocation, service: Service) -> dict:
    record = _drop_empty(
        {
            "id": str(at_location.oruk_id),
            "service_id": str(service.oruk_id),
            "location_id": str(at_location.location.oruk_id),
            "description": at_location.description,
        }
    )
    record["location"] = _location(at_location.location)
    record["schedules"] = [
        _schedule(s, service_id=service.oruk_id, at_location_id=at_location.oruk_id)
        for s in at_location.schedules.all()
    ]
    return record


def _one_to_one(service: Service) -> dict:
    """The service's own fields (the list shape has only these, and its organization)."""
    return _drop_empty(
        {
            "id": str(service.oruk_id),
            "organization_id": str(service.organisation.oruk_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "fees": service.fees_description,
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": _date(service.assured_date),
            "assurer_email": service.assurer_email,
            "alert": service.alert,
            "last_modified": _datetime(service.last_modified),
        }
    )


def service_list_item(service: Service) -> dict:
    return _one_to_one(service) | {"organization": organization(service.organisation)}


def service_full(service: Service) -> dict:
    """One public service, fully nested (read through `for_export` to keep the queries few)."""
    sid = str(service.oruk_id)
    record = service_list_item(service)
    record["schedules"] = [
        _schedule(s, service_id=sid) for s in service.schedules.all() if s.service_at_location_id is None
    ]
    record["service_areas"] = [
        {
            "id": derived_id(service.oruk_id, f"area:{place.code}"),
            "service_id": sid,
            "name": place.name,
            "extent_type": "ons_code",
            "extent": place.code,
            "uri": ONS_GEOGRAPHY + place.code,
        }
        for place in sorted(service.places.all(), key=lambda p: p.code)
    ]
    record["service_at_locations"] = [
        _service_at_location(sal, service) for sal in service.service_at_locations.all()
    ]
    record["phones"] = [
        _drop_empty(
            {"id": str(p.oruk_id), "service_id": sid, "number": p.number, "description": p.description}
        )
        for p in sorted(service.phones.all(), key=lambda p: str(p.oruk_id))
        if p.contact_id is None
    ]
    record["contacts"] = [
        _drop_empty(
            {
                "id": str(contact.oruk_id),
                "service_id": sid,
                "name": contact.name,
                "title": contact.title,
                "email": contact.email,
            }
        )
        | {
            "phones": [
                _drop_empty(
                    {
                        "id": str(p.oruk_id),
                        "contact_id": str(contact.oruk_id),
                        "number": p.number,
                        "description": p.description,
                    }
                )
                for p in sorted(contact.phones.all(), key=lambda p: str(p.oruk_id))
            ]
        }
        for contact in sorted(service.contacts.all(), key=lambda c: str(c.oruk_id))
    ]
    record["cost_options"] = [
        _drop_empty(
            {
                "id": str(cost.oruk_id),
                "service_id": sid,
                "valid_from": _date(cost.valid_from),
                "valid_to": _date(cost.valid_to),
                "option": cost.option,
                "amount": _number(cost.amount),
                "amount_description": cost.amount_description,
            }
        )
        for cost in sorted(service.cost_options.all(), key=lambda c: str(c.oruk_id))
    ]
    record["languages"] = [
        _drop_empty({"id": str(lang.oruk_id), "service_id": sid, "name": lang.name, "code": lang.code})
        for lang in sorted(service.languages.all(), key=lambda lang: str(lang.oruk_id))
    ]
    record["attributes"] = [
        {
            "id": derived_id(service.oruk_id, f"attribute:{term.oruk_id}"),
            "link_id": sid,
            "link_type": SERVICE_CATEGORY,
            "taxonomy_term_id": str(term.oruk_id),
            "taxonomy_term": taxonomy_term(term),
        }
        for term in sorted(service.categories.all(), key=lambda t: str(t.oruk_id))
    ]
    return record


def service_package(services: QuerySet | None = None) -> list[dict]:
    """The whole public directory (or the public part of `services`) as fully nested services."""
    services = Service.objects.public() if services is None else services & Service.objects.public()
    return [service_full(service) for service in for_export(services.order_by("oruk_id"))]


def service_at_location_list_item(at_location: ServiceAtLocation) -> dict:
    service = at_location.service
    return _drop_empty(
        {
            "id": str(at_location.oruk_id),
            "service_id": str(service.oruk_id),
            "location_id": str(at_location.location.oruk_id),
            "description": at_location.description,
        }
    ) | {"location": _location(at_location.location), "service": _one_to_one(service)}


def service_at_location_full(at_location: ServiceAtLocation) -> dict:
    """A service at one location: the service fully nested, with only that location."""
    service = for_export(Service.objects.public().filter(pk=at_location.service_id)).get()
    record = service_full(service)
    record["service_at_locations"] = [
        item for item in record["service_at_locations"] if item["id"] == str(at_location.oruk_id)
    ]
    return record
