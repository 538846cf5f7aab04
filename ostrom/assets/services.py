"""Every write to the community assets directory: organisations propose new entries and changes,
coordinators approve or reject them, and entries are marked checked. Each checks permission first,
works in one transaction and keeps an audit entry.

What shows in the directory is only what a coordinator approved: a proposal waits as a
`ServiceChange` holding the whole entry as it would be, checked by `validation.checked_entry` when it
is proposed and again when it is applied."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.validation import check_text, raise_problems
from ostrom.network.models import Organisation
from ostrom.places.models import Postcode

from .models import (
    WELLBEING_TAXONOMY,
    Accessibility,
    Contact,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    TaxonomyTerm,
)
from .validation import checked_entry

ONLY_EDITORS = gettext_lazy(
    "Only the organisation's contacts and the coordinators who help them can change its entries"
)
ONLY_REVIEWERS = gettext_lazy(
    "Only the coordinators of the places this organisation serves can review its entries"
)
ONLY_CHECKERS = gettext_lazy(
    "Only the organisation's contacts and its coordinators can say an entry is still right"
)
ALREADY_REVIEWED = gettext_lazy("This change has already been reviewed")
SERVICE_FIELDS = [
    "name",
    "description",
    "url",
    "email",
    "status",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "fees_description",
    "alert",
]


@transaction.atomic
def propose_entry(
    *, actor, organisation: Organisation, data: dict, service: Service | None = None
) -> ServiceChange:
    """A new entry (no `service`) or a change to one, waiting for a coordinator. An entry has at most one
    waiting change: a second edit replaces the waiting one (the audit log keeps both)."""
    permissions.ensure(permissions.can_edit_entries_of(actor, organisation), ONLY_EDITORS)
    if service is not None and service.organisation_id != organisation.pk:
        raise ValidationError(gettext("This entry belongs to another organisation"))
    entry = checked_entry(data)
    waiting = None
    if service is not None:
        waiting = ServiceChange.objects.select_for_update().filter(service=service, status="waiting").first()
    if waiting is None:
        try:
            # The one-waiting-change-per-entry constraint is the guard when two edits arrive at once.
            with transaction.atomic():
                change = ServiceChange.objects.create(
                    organisation=organisation, service=service, proposed=entry, proposed_by=actor
                )
        except IntegrityError:
            raise ValidationError(
                gettext(
                    "Someone else has just suggested a change to this entry. Reload the page and try again"
                )
            ) from None
        audit.record(actor=actor, action="service_change.proposed", target=change, note=entry["name"])
        return change
    waiting.proposed, waiting.proposed_by, waiting.proposed_at = entry, actor, timezone.now()
    waiting.save(update_fields=["proposed", "proposed_by", "proposed_at"])
    audit.record(actor=actor, action="service_change.replaced", target=waiting, note=entry["name"])
    return waiting


def _waiting(change: ServiceChange) -> ServiceChange:
    change = (
        ServiceChange.objects.select_for_update(of=("self",))
        .select_related("organisation", "service")
        .get(pk=change.pk)
    )
    if change.status != ServiceChange.Status.WAITING:
        raise ValidationError(ALREADY_REVIEWED)
    return change


@transaction.atomic
def approve_change(*, actor, change: ServiceChange) -> Service:
    """Apply the proposed entry – the service with its place, opening times, costs, languages,
    accessibility, contact and categories – and mark it checked today."""
    permissions.ensure(permissions.can_review_entries_of(actor, change.organisation), ONLY_REVIEWERS)
    change = _waiting(change)
    entry = checked_entry(change.proposed)
    service, changes = _apply(entry, organisation=change.organisation, service=change.service)
    change.service = service
    change.status = ServiceChange.Status.APPROVED
    change.reviewed_by, change.reviewed_at = actor, timezone.now()
    change.save(update_fields=["service", "status", "reviewed_by", "reviewed_at"])
    audit.record(actor=actor, action="service_change.approved", target=change, note=service.name)
    audit.record(
        actor=actor,
        action="service.created" if changes is None else "service.updated",
        target=service,
        changes=changes,
        note=f"Approved change {change.pk}",
    )
    return service


@transaction.atomic
def reject_change(*, actor, change: ServiceChange, note: str) -> ServiceChange:
    permissions.ensure(permissions.can_review_entries_of(actor, change.organisation), ONLY_REVIEWERS)
    problems: dict = {}
    check_text(
        problems,
        "note",
        note,
        max_length=2000,
        required=gettext("Say why the change was not approved, for the organisation"),
    )
    raise_problems(problems)
    change = _waiting(change)
    change.status = ServiceChange.Status.REJECTED
    change.reviewed_by, change.reviewed_at, change.review_note = actor, timezone.now(), note.strip()
    change.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(actor=actor, action="service_change.rejected", target=change, note=note.strip())
    return change


@transaction.atomic
def mark_checked(*, actor, service: Service) -> Service:
    """The entry is still right as it is: it was checked today."""
    permissions.ensure(permissions.can_mark_checked(actor, service.organisation), ONLY_CHECKERS)
    service = Service.objects.select_for_update().get(pk=service.pk)
    today = timezone.localdate()
    before = service.assured_date
    service.assured_date = today
    service.save(update_fields=["assured_date"])
    audit.record(
        actor=actor, action="service.checked", target=service, changes={"assured_date": (before, today)}
    )
    return service


def _apply(entry: dict, *, organisation: Organisation, service: Service | None):
    """Create or update the service and everything that hangs off it from a checked entry. Returns the
    service and the changed fields (None for a new one)."""
    before = {field: getattr(service, field) for field in SERVICE_FIELDS} if service else None
    if service is None:
        service = Service(organisation=organisation)
    for field in SERVICE_FIELDS:
        setattr(service, field, entry[field])
    service.assured_date = timezone.localdate()
    service.last_modified = timezone.now()
    service.save()
    changes = audit.changed_fields(service, before, SERVICE_FIELDS) if before is not None else None

    others = list(service.categories.exclude(taxonomy__name=WELLBEING_TAXONOMY))
    service.categories.set(
        others + list(TaxonomyTerm.objects.wellbeing().filter(code__in=entry["categories"]))
    )
    _apply_location(service, organisation, entry["location"], entry["accessibility"])

    Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service)).delete()
    Schedule.objects.bulk_create(
        Schedule(service=service, byday=row["byday"], opens_at=row["opens_at"], closes_at=row["closes_at"])
        for row in entry["schedules"]
    )
    service.cost_options.all().delete()
    CostOption.objects.bulk_create(
        CostOption(service=service, option=row["option"], amount=Decimal(row["amount"]))
        for row in entry["costs"]
    )
    service.languages.all().delete()
    Language.objects.bulk_create(
        Language(service=service, code=row["code"], name=row["name"]) for row in entry["languages"]
    )
    _apply_contact(service, entry["contact"])
    return service, changes


def _apply_location(service: Service, organisation: Organisation, wanted: dict | None, features: list[str]):
    at = service.service_at_locations.select_related("location").order_by("pk").first()
    if wanted is None:
        if at is not None:
            at.delete()
        return
    location = at.location if at else Location(organisation=organisation)
    for field in ("name", "address_1", "city", "postal_code"):
        setattr(location, field, wanted[field])
    location.latitude = Decimal(wanted["latitude"]) if wanted["latitude"] is not None else None
    location.longitude = Decimal(wanted["longitude"]) if wanted["longitude"] is not None else None
    found = Postcode.objects.filter(postcode=wanted["postal_code"]).first() if wanted["postal_code"] else None
    location.place = found.lsoa if found else None
    location.save()
    if at is None:
        ServiceAtLocation.objects.create(service=service, location=location)
    location.accessibility.all().delete()
    Accessibility.objects.bulk_create(
        Accessibility(location=location, feature=feature) for feature in features
    )


def _apply_contact(service: Service, wanted: dict) -> None:
    contact = service.contacts.order_by("pk").first()
    if not any(wanted.values()):
        if contact is not None:
            contact.delete()
        return
    if contact is None:
        contact = Contact(service=service)
    contact.name, contact.email = wanted["name"], wanted["email"]
    contact.save()
    contact.phones.all().delete()
    if wanted["phone"]:
        Phone.objects.create(contact=contact, number=wanted["phone"])
