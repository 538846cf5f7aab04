"""Every write to the collective: joining, approving, subgroups, meetings and organisation imports."""

import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.accounts.services import grant_role
from ostrom.core import audit
from ostrom.core.models import Progress, Upload
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.places.models import Place

from .models import (
    Attendance,
    Meeting,
    Membership,
    Organisation,
    Subgroup,
    SubgroupMembership,
)


class NotAllowed(Exception):
    """The person acting does not hold the role this needs."""


@transaction.atomic
def apply_to_join(
    *,
    applicant,
    name: str,
    kind: str,
    contact_name: str,
    contact_email: str,
    places_served: Sequence[Place],
    description: str = "",
    charity_number: str = "",
    company_number: str = "",
    contact_phone: str = "",
    website: str = "",
    subgroups: Sequence[Subgroup] = (),
    role_title: str = "",
) -> Organisation:
    """An organisation asks to join. Membership is free; a coordinator approves it."""
    organisation = Organisation.objects.create(
        name=name,
        kind=kind,
        contact_name=contact_name,
        contact_email=contact_email,
        description=description,
        charity_number=charity_number,
        company_number=company_number,
        contact_phone=contact_phone,
        website=website,
    )
    organisation.places_served.set(places_served)
    organisation.subgroups.set(subgroups)
    if applicant is not None:
        Membership.objects.create(
            user=applicant, organisation=organisation, is_contact=True, role_title=role_title
        )
    audit.record(actor=applicant, action="organisation.created", target=organisation)
    return organisation


@transaction.atomic
def add_member_organisation(
    *, coordinator, places_served: Sequence[Place], subgroups: Sequence[Subgroup] = (), **details
) -> Organisation:
    """A coordinator adds an organisation straight in as a member (for example through the API)."""
    _ensure_coordinator(coordinator)
    organisation = apply_to_join(applicant=None, places_served=places_served, subgroups=subgroups, **details)
    return approve_organisation(
        organisation=organisation, coordinator=coordinator, note="Added by a coordinator"
    )


@transaction.atomic
def approve_organisation(*, organisation: Organisation, coordinator, note: str = "") -> Organisation:
    _ensure_coordinator(coordinator)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.MEMBER:
        return organisation
    before = organisation.status
    organisation.status = Organisation.Status.MEMBER
    organisation.joined_on = timezone.localdate()
    organisation.decided_by = coordinator
    organisation.decision_note = note
    organisation.save()
    for membership in organisation.memberships.filter(is_contact=True).select_related("user"):
        grant_role(user=membership.user, kind=Role.Kind.ORGANISATION_CONTACT, granted_by=coordinator)
    audit.record(
        actor=coordinator,
        action="organisation.approved",
        target=organisation,
        changes={"status": (before, organisation.status)},
        note=note,
    )
    return organisation


@transaction.atomic
def decline_organisation(*, organisation: Organisation, coordinator, note: str) -> Organisation:
    _ensure_coordinator(coordinator)
    if not note.strip():
        raise ValidationError({"note": "Say why the organisation cannot join, so they can be told"})
    before = organisation.status
    organisation.status = Organisation.Status.DECLINED
    organisation.decided_by = coordinator
    organisation.decision_note = note
    organisation.save()
    audit.record(
        actor=coordinator,
        action="organisation.declined",
        target=organisation,
        changes={"status": (before, organisation.status)},
        note=note,
    )
    return organisation


@transaction.atomic
def create_subgroup(*, coordinator, name: str, description: str, slug: str) -> Subgroup:
    _ensure_coordinator(coordinator)
    if Subgroup.objects.filter(slug=slug).exists() or Subgroup.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "A subgroup with this name already exists"})
    subgroup = Subgroup.objects.create(name=name, slug=slug, description=description)
    audit.record(actor=coordinator, action="subgroup.created", target=subgroup)
    return subgroup


@transaction.atomic
def join_subgroup(*, user, subgroup: Subgroup) -> SubgroupMembership:
    try:
        with transaction.atomic():
            membership = SubgroupMembership.objects.create(user=user, subgroup=subgroup)
    except IntegrityError:
        return SubgroupMembership.objects.get(user=user, subgroup=subgroup)
    audit.record(actor=user, action="subgroup.joined", target=subgroup)
    return membership


@transaction.atomic
def leave_subgroup(*, user, subgroup: Subgroup) -> None:
    deleted, _ = SubgroupMembership.objects.filter(user=user, subgroup=subgroup).delete()
    if deleted:
        audit.record(actor=user, action="subgroup.left", target=subgroup)


@transaction.atomic
def schedule_meeting(
    *,
    coordinator,
    subgroup: Subgroup,
    title: str,
    starts_at,
    place: Place | None = None,
    venue: str = "",
    agenda: str = "",
) -> Meeting:
    _ensure_coordinator(coordinator, subgroup=subgroup)
    meeting = Meeting.objects.create(
        subgroup=subgroup,
        title=title,
        starts_at=starts_at,
        place=place,
        venue=venue,
        agenda=agenda,
        created_by=coordinator,
    )
    audit.record(actor=coordinator, action="meeting.created", target=meeting)
    return meeting


@transaction.atomic
def record_meeting(*, coordinator, meeting: Meeting, minutes: str, attendees: Sequence) -> Meeting:
    """Minutes and who came. Attendance is replaced by the list given."""
    _ensure_coordinator(coordinator, subgroup=meeting.subgroup)
    before = {"minutes": meeting.minutes, "attendance": meeting.attendances.count()}
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    meeting.attendances.exclude(user__in=attendees).delete()
    present = set(meeting.attendances.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=person) for person in attendees if person.pk not in present]
    )
    audit.record(
        actor=coordinator,
        action="meeting.recorded",
        target=meeting,
        changes={
            "minutes": (bool(before["minutes"]), bool(minutes)),
            "attendance": (before["attendance"], len(attendees)),
        },
    )
    return meeting


def _ensure_coordinator(user, *, place=None, subgroup=None) -> None:
    if user is None or not user.can_coordinate(place=place, subgroup=subgroup):
        raise NotAllowed("Only a coordinator can do this")


# Organisation imports ------------------------------------------------------------------------

IMPORT_COLUMNS = {"name", "kind", "contact_name", "contact_email", "places_served"}
OPTIONAL_COLUMNS = {
    "description",
    "charity_number",
    "company_number",
    "contact_phone",
    "website",
    "subgroups",
}


def start_organisation_import(*, coordinator, content: bytes, filename: str) -> Progress:
    """Queue an import of organisations (CSV or XLSX) and return the progress record to show."""
    _ensure_coordinator(coordinator)
    from .tasks import import_organisations_task

    with transaction.atomic():
        progress = Progress.objects.create(
            title=f"Importing organisations from {filename}", started_by=coordinator
        )
        upload = Upload.objects.create(progress=progress, filename=filename, content=content)
        transaction.on_commit(lambda: import_organisations_task.enqueue(upload_id=upload.pk))
    return progress


def import_organisations(
    *, coordinator, content: bytes, filename: str, progress: Progress | None = None
) -> int:
    """Validate every row, then create every organisation as an approved member, or none at all."""
    report = progress.advance if progress else (lambda percent, message: None)
    report(5, "Reading the file")
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), IMPORT_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, "The file has no organisations in it"))
    if problems:
        raise ImportRejected(problems)
    places = {place.code.upper(): place for place in Place.objects.all()}
    places_by_name = {place.name.lower(): place for place in places.values()}
    subgroups = {s.slug: s for s in Subgroup.objects.all()} | {
        s.name.lower(): s for s in Subgroup.objects.all()
    }
    kinds = {value: value for value, _ in Organisation.Kind.choices} | {
        label.lower(): value for value, label in Organisation.Kind.choices
    }
    existing = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    seen: set[str] = set()
    valid = []
    for index, (number, row) in enumerate(rows):
        if index % 50 == 0:
            report(5 + int(60 * index / len(rows)), f"Checking row {number} of {len(rows) + 1}")
        row_problems, parsed = _check_organisation_row(row, places, places_by_name, subgroups, kinds)
        name = row.get("name", "").lower()
        if name and (name in existing or name in seen):
            row_problems.append(f"An organisation called {row['name']} is already a member or appears twice")
        seen.add(name)
        problems.extend(RowProblem(number, problem) for problem in row_problems)
        if not row_problems:
            valid.append(parsed)
    if problems:
        raise ImportRejected(problems)
    report(70, f"All {len(valid)} rows are fine. Saving them")
    with transaction.atomic():
        for parsed in valid:
            served, groups = parsed.pop("places_served"), parsed.pop("subgroups")
            organisation = Organisation.objects.create(
                **parsed,
                status=Organisation.Status.MEMBER,
                joined_on=timezone.localdate(),
                decided_by=coordinator,
                decision_note=f"Imported from {filename}",
            )
            organisation.places_served.set(served)
            organisation.subgroups.set(groups)
            audit.record(
                actor=coordinator,
                action="organisation.created",
                target=organisation,
                note=f"Imported from {filename}",
            )
    return len(valid)


_CHARITY_NUMBER = re.compile(r"^\d{6,8}(-\d{1,2})?$")
_COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")


def _check_organisation_row(row, places, places_by_name, subgroups, kinds):
    problems, parsed = [], {}
    for column, message in [
        ("name", "Enter the organisation's name"),
        ("contact_name", "Enter the name of a contact person"),
    ]:
        if not row.get(column):
            problems.append(message)
        parsed[column] = row.get(column, "")
    kind = kinds.get(row.get("kind", "").lower())
    if kind is None:
        problems.append(f"Kind must be one of: {', '.join(v for v, _ in Organisation.Kind.choices)}")
    parsed["kind"] = kind
    email = row.get("contact_email", "")
    try:
        EmailValidator()(email)
    except ValidationError:
        problems.append(f"Contact email '{email}' is not an email address, like name@example.com")
    parsed["contact_email"] = email
    served = []
    for token in filter(None, (part.strip() for part in row.get("places_served", "").split(";"))):
        place = places.get(token.upper()) or places_by_name.get(token.lower())
        if place is None:
            problems.append(f"No place is called or coded '{token}'")
        else:
            served.append(place)
    if not served and not any("No place" in p for p in problems):
        problems.append("Enter at least one place the organisation serves, separated by semicolons")
    parsed["places_served"] = served
    groups = []
    for token in filter(None, (part.strip() for part in row.get("subgroups", "").split(";"))):
        subgroup = subgroups.get(token.lower())
        if subgroup is None:
            problems.append(f"No subgroup is called '{token}'")
        else:
            groups.append(subgroup)
    parsed["subgroups"] = groups
    charity, company = row.get("charity_number", ""), row.get("company_number", "").upper()
    if charity and not _CHARITY_NUMBER.match(charity):
        problems.append(f"Charity number '{charity}' should be 6 to 8 digits, like 1164883")
    if company and not _COMPANY_NUMBER.match(company):
        problems.append(f"Company number '{company}' should be 8 characters, like 01234567")
    website = row.get("website", "")
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            problems.append(f"Website '{website}' should be a full address, like https://example.org")
    parsed.update(
        charity_number=charity,
        company_number=company,
        website=website,
        description=row.get("description", ""),
        contact_phone=row.get("contact_phone", ""),
    )
    return problems, parsed


# Personal data ----------------------------------------------------------------------------------


def personal_data_of(user) -> dict:
    return {
        "organisations": [
            {"organisation": m.organisation.name, "role": m.role_title, "is_contact": m.is_contact}
            for m in user.memberships.select_related("organisation")
        ],
        "subgroups": [m.subgroup.name for m in user.subgroup_memberships.select_related("subgroup")],
        "meetings_attended": [
            {"meeting": a.meeting.title, "date": a.meeting.starts_at.date().isoformat()}
            for a in user.attendances.select_related("meeting")
        ],
    }


def erase_personal_data_of(user) -> None:
    """Memberships go; attendance stays, attached to the anonymised account, so meeting counts hold."""
    user.memberships.all().delete()
    user.subgroup_memberships.all().delete()
