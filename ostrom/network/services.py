"""Every write to the collective: joining, approving, subgroups, meetings and organisation imports."""

import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from ostrom.accounts import permissions
from ostrom.accounts.models import Role
from ostrom.accounts.services import grant_role
from ostrom.core import audit
from ostrom.core.models import Progress, Upload
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.core.validation import check_text
from ostrom.places.models import Place

from .models import (
    Attendance,
    Meeting,
    Membership,
    Organisation,
    Subgroup,
    SubgroupMembership,
)

ONLY_COORDINATORS = "Only a coordinator for these places can do this"
ONLY_SUBGROUP_COORDINATORS = "Only a coordinator of this subgroup can do this"

_CHARITY_NUMBER = re.compile(r"^\d{6,8}(-\d{1,2})?$")
_COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
_WEBSITE = URLValidator(schemes=["http", "https"])


def _raise(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


def check_organisation_details(
    *,
    name,
    kind,
    contact_name,
    contact_email,
    description="",
    charity_number="",
    company_number="",
    contact_phone="",
    website="",
) -> None:
    """The rules for an organisation's details, shared by the join form, the coordinator API and edits."""
    problems: dict = {}
    check_text(problems, "name", name, max_length=200, required="Enter the organisation's name")
    if kind not in Organisation.Kind.values:
        problems["kind"] = "Select what kind of organisation it is"
    check_text(problems, "description", description, max_length=2000)
    check_text(
        problems, "contact_name", contact_name, max_length=150, required="Enter the name of a contact person"
    )
    check_text(
        problems, "contact_email", contact_email, max_length=254, required="Enter the contact's email address"
    )
    if "contact_email" not in problems:
        try:
            EmailValidator()(contact_email)
        except ValidationError:
            problems["contact_email"] = "Enter an email address in the correct format, like name@example.com"
    check_text(problems, "contact_phone", contact_phone, max_length=30)
    check_text(problems, "charity_number", charity_number, max_length=20)
    if "charity_number" not in problems and charity_number and not _CHARITY_NUMBER.match(charity_number):
        problems["charity_number"] = "Charity number should be 6 to 8 digits, like 1164883"
    check_text(problems, "company_number", company_number, max_length=8)
    if "company_number" not in problems and company_number and not _COMPANY_NUMBER.match(company_number):
        problems["company_number"] = "Company number should be 8 characters, like 01234567"
    check_text(problems, "website", website, max_length=200)
    if "website" not in problems and website:
        try:
            _WEBSITE(website)
        except ValidationError:
            problems["website"] = "Enter a full web address starting with https://, like https://example.org"
    _raise(problems)


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
    show_contact_details: bool = False,
    subgroups: Sequence[Subgroup] = (),
    role_title: str = "",
) -> Organisation:
    """An organisation asks to join. Membership is free; a coordinator approves it."""
    company_number = company_number.upper() if isinstance(company_number, str) else company_number
    check_organisation_details(
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
    problems: dict = {}
    check_text(problems, "role_title", role_title, max_length=100)
    if not isinstance(show_contact_details, bool):
        problems["show_contact_details"] = "Select whether to show your contact details"
    _raise(problems)
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
        show_contact_details=show_contact_details,
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
    permissions.ensure(
        permissions.can_manage_organisations(coordinator, places=places_served), ONLY_COORDINATORS
    )
    organisation = apply_to_join(applicant=None, places_served=places_served, subgroups=subgroups, **details)
    return approve_organisation(
        organisation=organisation, coordinator=coordinator, note="Added by a coordinator"
    )


@transaction.atomic
def approve_organisation(*, organisation: Organisation, coordinator, note: str = "") -> Organisation:
    permissions.ensure(
        permissions.can_manage_organisations(coordinator, places=organisation.places_served.all()),
        ONLY_COORDINATORS,
    )
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
    permissions.ensure(
        permissions.can_manage_organisations(coordinator, places=organisation.places_served.all()),
        ONLY_COORDINATORS,
    )
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
    permissions.ensure(permissions.can_start_subgroup(coordinator), "Only a coordinator can start a subgroup")
    problems: dict = {}
    check_text(problems, "name", name, max_length=100, required="Enter a name for the subgroup")
    check_text(problems, "description", description, max_length=2000, required="Say what the subgroup is for")
    _raise(problems)
    slug = slug[: Subgroup._meta.get_field("slug").max_length].strip("-")
    if not slug:
        raise ValidationError({"name": "Enter a name with at least one letter or number"})
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
    permissions.ensure(permissions.can_run_subgroup(coordinator, subgroup), ONLY_SUBGROUP_COORDINATORS)
    problems: dict = {}
    check_text(problems, "title", title, max_length=200, required="Enter a title for the meeting")
    check_text(problems, "venue", venue, max_length=200)
    check_text(problems, "agenda", agenda, max_length=5000)
    _raise(problems)
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
    permissions.ensure(
        permissions.can_run_subgroup(coordinator, meeting.subgroup), ONLY_SUBGROUP_COORDINATORS
    )
    problems: dict = {}
    check_text(problems, "minutes", minutes, max_length=20000, required="Enter the minutes of the meeting")
    _raise(problems)
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
    permissions.ensure(permissions.can_manage_organisations(coordinator), ONLY_COORDINATORS)
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


def _check_organisation_row(row, places, places_by_name, subgroups, kinds):
    problems, parsed = [], {}
    kind = kinds.get(row.get("kind", "").lower())
    parsed.update(
        name=row.get("name", ""),
        kind=kind,
        contact_name=row.get("contact_name", ""),
        contact_email=row.get("contact_email", ""),
        charity_number=row.get("charity_number", ""),
        company_number=row.get("company_number", "").upper(),
        website=row.get("website", ""),
        description=row.get("description", ""),
        contact_phone=row.get("contact_phone", ""),
    )
    try:
        check_organisation_details(**parsed)
    except ValidationError as invalid:
        for column, messages in invalid.message_dict.items():
            problems.extend(_row_problem(column, message, row) for message in messages)
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
    return problems, parsed


def _row_problem(column: str, message: str, row: dict) -> str:
    """The shared rules' message, saying which column it is about where the message alone would not."""
    if column == "kind":
        return f"Kind must be one of: {', '.join(Organisation.Kind.values)}"
    if column == "contact_email" and message.startswith("Enter an email address in the correct format"):
        return (
            f"Contact email '{row.get('contact_email', '')}' is not an email address, like name@example.com"
        )
    if message.startswith(("This must be", "Remove the invisible", "Enter text")):
        return f"{column.replace('_', ' ').capitalize()}: {message[0].lower()}{message[1:]}"
    return message


# Personal data ----------------------------------------------------------------------------------


def personal_data_of(user) -> dict:
    return {
        "organisations": [
            {"organisation": m.organisation.name, "role": m.role_title, "is_contact": m.is_contact}
            for m in user.memberships.select_related("organisation")
        ],
        "organisation_contact_details": [
            {
                "organisation": organisation.name,
                "contact_name": organisation.contact_name,
                "contact_email": organisation.contact_email,
                "contact_phone": organisation.contact_phone,
                "shown_on_public_page": organisation.show_contact_details,
            }
            for organisation in Organisation.objects.filter(contact_email__iexact=user.email)
        ],
        "subgroups": [m.subgroup.name for m in user.subgroup_memberships.select_related("subgroup")],
        "meetings_attended": [
            {"meeting": a.meeting.title, "date": a.meeting.starts_at.date().isoformat()}
            for a in user.attendances.select_related("meeting")
        ],
        "meetings_scheduled": [
            {"meeting": meeting.title, "date": meeting.starts_at.date().isoformat()}
            for meeting in Meeting.objects.filter(created_by=user)
        ],
        "organisations_decided": [
            organisation.name for organisation in Organisation.objects.filter(decided_by=user)
        ],
    }


def erase_personal_data_of(user) -> None:
    """Memberships go; attendance stays, attached to the anonymised account, so meeting counts hold.
    Where the person is an organisation's contact (matched by email) the contact details are blanked
    and hidden, and records naming them as the one who acted no longer point at them."""
    user.memberships.all().delete()
    user.subgroup_memberships.all().delete()
    Organisation.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone="", show_contact_details=False
    )
    Organisation.objects.filter(decided_by=user).update(decided_by=None)
    Meeting.objects.filter(created_by=user).update(created_by=None)
