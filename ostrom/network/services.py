"""Every write to the collective: joining, approving, subgroups, meetings and organisation imports."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.accounts.models import Role
from ostrom.accounts.services import grant_role
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress, Upload
from ostrom.core.validation import check_text, raise_problems
from ostrom.places.models import Place

from . import tasks
from .models import (
    Attendance,
    Meeting,
    Membership,
    Organisation,
    Subgroup,
    SubgroupMembership,
)
from .validation import check_organisation_details

ONLY_COORDINATORS = gettext_lazy("Only a coordinator for these places can do this")
ONLY_SUBGROUP_COORDINATORS = gettext_lazy("Only a coordinator of this subgroup can do this")

_SECURE_WEB_ADDRESS = URLValidator(schemes=["https"])


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
        problems["show_contact_details"] = gettext("Select whether to show your contact details")
    raise_problems(problems)
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
        raise ValidationError({"note": gettext("Say why the organisation cannot join, so they can be told")})
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
    permissions.ensure(
        permissions.can_start_subgroup(coordinator), gettext("Only a coordinator can start a subgroup")
    )
    problems: dict = {}
    check_text(problems, "name", name, max_length=100, required=gettext("Enter a name for the subgroup"))
    check_text(
        problems,
        "description",
        description,
        max_length=2000,
        required=gettext("Say what the subgroup is for"),
    )
    raise_problems(problems)
    slug = slug[: Subgroup._meta.get_field("slug").max_length].strip("-")
    if not slug:
        raise ValidationError({"name": gettext("Enter a name with at least one letter or number")})
    if Subgroup.objects.filter(slug=slug).exists() or Subgroup.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": gettext("A subgroup with this name already exists")})
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
    online_url: str = "",
) -> Meeting:
    permissions.ensure(permissions.can_run_subgroup(coordinator, subgroup), ONLY_SUBGROUP_COORDINATORS)
    problems: dict = {}
    check_text(problems, "title", title, max_length=200, required=gettext("Enter a title for the meeting"))
    check_text(problems, "venue", venue, max_length=200)
    check_text(problems, "agenda", agenda, max_length=5000)
    check_text(problems, "online_url", online_url, max_length=500)
    if "online_url" not in problems and online_url:
        try:
            _SECURE_WEB_ADDRESS(online_url)
        except ValidationError:
            problems["online_url"] = gettext(
                "Enter a full web address starting with https://, like https://meet.example.org/our-meeting"
            )
    raise_problems(problems)
    meeting = Meeting.objects.create(
        subgroup=subgroup,
        title=title,
        starts_at=starts_at,
        place=place,
        venue=venue,
        agenda=agenda,
        online_url=online_url,
        created_by=coordinator,
    )
    audit.record(actor=coordinator, action="meeting.created", target=meeting)
    return meeting


class MeetingHasHappened(ValidationError):
    """Signing up or cancelling after the meeting started: the message is fit for the page."""

    def __init__(self):
        super().__init__("This meeting has already taken place, so signing up to it has closed")


@transaction.atomic
def sign_up_for_meeting(*, user, meeting: Meeting) -> Attendance:
    """The person will attend. Signing up twice (a second tab) keeps the first sign-up."""
    permissions.ensure(
        permissions.can_attend_meeting(user), gettext("Sign in to sign up to attend a meeting")
    )
    if meeting.has_happened:
        raise MeetingHasHappened
    try:
        # The (meeting, user) unique constraint is the guard against two tabs posting at once.
        with transaction.atomic():
            attendance = Attendance.objects.create(
                meeting=meeting, user=user, signed_up_at=timezone.now(), came=False
            )
    except IntegrityError:
        attendance = Attendance.objects.select_for_update().get(meeting=meeting, user=user)
        if attendance.signed_up_at is not None:
            return attendance
        attendance.signed_up_at = timezone.now()
        attendance.save(update_fields=["signed_up_at"])
    audit.record(actor=user, action="meeting.signed_up", target=meeting)
    return attendance


@transaction.atomic
def cancel_sign_up(*, user, meeting: Meeting) -> None:
    permissions.ensure(
        permissions.can_attend_meeting(user), gettext("Sign in to change whether you will attend")
    )
    if meeting.has_happened:
        raise MeetingHasHappened
    # Before the meeting nobody has been recorded as having come, so the row is only the sign-up.
    deleted, _ = Attendance.objects.filter(meeting=meeting, user=user, came=False).delete()
    if deleted:
        audit.record(actor=user, action="meeting.sign_up_cancelled", target=meeting)


@transaction.atomic
def record_meeting(*, coordinator, meeting: Meeting, minutes: str, attendees: Sequence) -> Meeting:
    """Minutes and who came: exactly the people given came. People who signed up and are not among
    them stay signed up (they did not come); nobody else is kept."""
    permissions.ensure(
        permissions.can_run_subgroup(coordinator, meeting.subgroup), ONLY_SUBGROUP_COORDINATORS
    )
    problems: dict = {}
    check_text(
        problems, "minutes", minutes, max_length=20000, required=gettext("Enter the minutes of the meeting")
    )
    raise_problems(problems)
    before = {"minutes": meeting.minutes, "attendance": meeting.attendances.came().count()}
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    absent = meeting.attendances.exclude(user__in=attendees)
    absent.filter(signed_up_at__isnull=True).delete()
    absent.update(came=False)
    meeting.attendances.filter(user__in=attendees).update(came=True)
    present = set(meeting.attendances.values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, user=person, came=True)
            for person in attendees
            if person.pk not in present
        ]
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


def start_organisation_import(*, coordinator, content: bytes, filename: str) -> Progress:
    """Queue an import of organisations (CSV or XLSX; see `importing.import_organisations`) and return
    the progress record to show. The file waits in the database for the worker."""
    permissions.ensure(permissions.can_manage_organisations(coordinator), ONLY_COORDINATORS)
    filename = filename.replace("\x00", "")[-200:]
    with transaction.atomic():
        progress = start_task(
            tasks.import_organisations_task,
            title=(gettext("Importing organisations from %(file)s") % {"file": filename})[:200],
            retry_url=reverse("network:import"),
            started_by=coordinator,
        )
        Upload.objects.create(progress=progress, filename=filename, content=content)
    return progress


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
            for a in user.attendances.came().select_related("meeting")
        ],
        "meetings_signed_up": [
            {
                "meeting": a.meeting.title,
                "date": a.meeting.starts_at.date().isoformat(),
                "signed_up_at": a.signed_up_at.isoformat(),
            }
            for a in user.attendances.signed_up().select_related("meeting")
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
    """Memberships and sign-ups go; attendance stays, attached to the anonymised account, so meeting counts hold.
    Where the person is an organisation's contact (matched by email) the contact details are blanked
    and hidden, and records naming them as the one who acted no longer point at them."""
    user.memberships.all().delete()
    user.subgroup_memberships.all().delete()
    # Sign-ups say what the person planned; only who came counts for a meeting.
    user.attendances.filter(came=False).delete()
    user.attendances.update(signed_up_at=None)
    Organisation.objects.filter(contact_email__iexact=user.email).update(
        contact_name="", contact_email="", contact_phone="", show_contact_details=False
    )
    Organisation.objects.filter(decided_by=user).update(decided_by=None)
    Meeting.objects.filter(created_by=user).update(created_by=None)
