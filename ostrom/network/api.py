from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.pagination import Pages
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.places.models import Place

from . import services
from .models import Meeting, Organisation, Subgroup

router = Router(tags=["collective"])


Slug = Annotated[Text(50), Path()]
Code = Text(20)
Id = Annotated[int, Path(ge=1, le=LARGEST_ID)]


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    org_id: str | None
    website: str
    show_contact_details: bool
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    places_served: list[str]
    subgroups: list[str]
    joined_on: str | None

    @staticmethod
    def resolve_contact_name(organisation, context):
        return organisation.contact_name if _may_see_contact(organisation, context) else None

    @staticmethod
    def resolve_contact_email(organisation, context):
        return organisation.contact_email if _may_see_contact(organisation, context) else None

    @staticmethod
    def resolve_contact_phone(organisation, context):
        return organisation.contact_phone if _may_see_contact(organisation, context) else None

    @staticmethod
    def resolve_places_served(organisation):
        return [place.code for place in organisation.places_served.all()]

    @staticmethod
    def resolve_subgroups(organisation):
        return [subgroup.slug for subgroup in organisation.subgroups.all()]

    @staticmethod
    def resolve_joined_on(organisation):
        return organisation.joined_on.isoformat() if organisation.joined_on else None


def _may_see_contact(organisation, context) -> bool:
    """The same rule as the organisation's page: public only if the organisation chose so."""
    if organisation.show_contact_details:
        return True
    caller = context["request"].auth
    return permissions.can_manage_organisations(caller, places=organisation.places_served.all())


class OrganisationIn(Schema):
    name: Text(200)
    kind: Organisation.Kind
    contact_name: Text(150)
    contact_email: Text(254)
    places_served: list[Code]
    description: Text(2000) = ""
    subgroups: list[Text(50)] = []
    charity_number: Text(20) = ""
    company_number: Text(8) = ""
    contact_phone: Text(30) = ""
    website: Text(200) = ""
    show_contact_details: bool = False


class SubgroupOut(Schema):
    slug: str
    name: str
    description: str
    member_count: int

    @staticmethod
    def resolve_member_count(subgroup):
        return subgroup.memberships.filter(user__is_active=True).count()


class SubgroupIn(Schema):
    name: Text(100)
    description: Text(2000)


class MeetingOut(Schema):
    id: int
    title: str
    subgroup: str
    starts_at: datetime
    place: str | None
    venue: str
    agenda: str
    minutes: str
    attendance_count: int
    signed_up_count: int
    online_url: str | None = None

    @staticmethod
    def resolve_subgroup(meeting):
        return meeting.subgroup.slug

    @staticmethod
    def resolve_place(meeting):
        return meeting.place.code if meeting.place_id else None

    @staticmethod
    def resolve_attendance_count(meeting):
        return meeting.attendances.came().count()

    @staticmethod
    def resolve_signed_up_count(meeting):
        return meeting.attendances.signed_up().count()

    @staticmethod
    def resolve_online_url(meeting, context):
        """The same rule as the meeting's page: for people signed up and those who run the subgroup."""
        caller = context["request"].auth
        if not meeting.online_url:
            return None
        # `anyone` authenticates a visitor without an account as True, not as a person.
        caller = caller if getattr(caller, "is_authenticated", False) else None
        is_signed_up = caller is not None and meeting.attendances.signed_up().filter(user=caller).exists()
        return (
            meeting.online_url
            if permissions.can_join_online(caller, meeting, is_signed_up=is_signed_up)
            else None
        )


class MeetingIn(Schema):
    subgroup: Text(50)
    title: Text(200)
    starts_at: datetime
    place: Code | None = None
    venue: Text(200) = ""
    agenda: Text(5000) = ""
    online_url: Text(500) = ""


class AttendanceIn(Schema):
    minutes: Text(20000)
    attendee_emails: list[Text(254)]


@router.get("/organisations", response=list[OrganisationOut], auth=anyone, summary="Member organisations")
@paginate(Pages, page_size=50)
def list_organisations(request, place: Query[Code | None] = None, subgroup: Query[Text(50) | None] = None):
    organisations = Organisation.objects.members().prefetch_related("places_served", "subgroups")
    if place:
        organisations = organisations.serving(get_object_or_404(Place, code=place))
    if subgroup:
        organisations = organisations.in_subgroup(get_object_or_404(Subgroup, slug=subgroup))
    return organisations.order_by("name")


@router.get("/organisations/{organisation_id}", response=OrganisationOut, auth=anyone)
def get_organisation(request, organisation_id: Id):
    return get_object_or_404(Organisation.objects.members(), pk=organisation_id)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    auth=signed_in,
    summary="Add a member organisation (coordinators)",
)
def create_organisation(request, payload: OrganisationIn):
    data = payload.dict()
    places = _all_found(
        Place.objects.filter(code__in=data["places_served"]),
        "code",
        data.pop("places_served"),
        field="places_served",
        message=gettext_lazy("No place has the code %(missing)s"),
    )
    subgroups = _all_found(
        Subgroup.objects.filter(slug__in=data["subgroups"]),
        "slug",
        data.pop("subgroups"),
        field="subgroups",
        message=gettext_lazy("No subgroup has the slug %(missing)s"),
    )
    organisation = services.add_member_organisation(
        coordinator=request.auth, places_served=places, subgroups=subgroups, **data
    )
    return Status(201, organisation)


def _all_found(queryset, key: str, wanted: list[str], *, field: str, message: str) -> list:
    found = {getattr(record, key): record for record in queryset}
    missing = [value for value in wanted if value not in found]
    if missing:
        raise ValidationError({field: str(message) % {"missing": ", ".join(missing)}})
    return list(found.values())


@router.get("/subgroups", response=list[SubgroupOut], auth=anyone)
def list_subgroups(request):
    return Subgroup.objects.all()


@router.post(
    "/subgroups", response={201: SubgroupOut}, auth=signed_in, summary="Start a subgroup (coordinators)"
)
def create_subgroup(request, payload: SubgroupIn):
    subgroup = services.create_subgroup(
        coordinator=request.auth,
        name=payload.name,
        description=payload.description,
        slug=slugify(payload.name),
    )
    return Status(201, subgroup)


@router.get("/subgroups/{slug}", response=SubgroupOut, auth=anyone)
def get_subgroup(request, slug: Slug):
    return get_object_or_404(Subgroup, slug=slug)


@router.post("/subgroups/{slug}/membership", response={204: None}, auth=signed_in, summary="Join a subgroup")
def join_subgroup(request, slug: Slug):
    services.join_subgroup(user=request.auth, subgroup=get_object_or_404(Subgroup, slug=slug))
    return Status(204, None)


@router.delete(
    "/subgroups/{slug}/membership", response={204: None}, auth=signed_in, summary="Leave a subgroup"
)
def leave_subgroup(request, slug: Slug):
    services.leave_subgroup(user=request.auth, subgroup=get_object_or_404(Subgroup, slug=slug))
    return Status(204, None)


@router.get("/meetings", response=list[MeetingOut], auth=anyone)
@paginate(Pages, page_size=50)
def list_meetings(request, place: Query[Code | None] = None, subgroup: Query[Text(50) | None] = None):
    meetings = Meeting.objects.select_related("subgroup", "place")
    if place:
        meetings = meetings.in_place(get_object_or_404(Place, code=place))
    if subgroup:
        meetings = meetings.filter(subgroup__slug=subgroup)
    return meetings.order_by("-starts_at")


@router.get("/meetings/{meeting_id}", response=MeetingOut, auth=anyone)
def get_meeting(request, meeting_id: Id):
    return get_object_or_404(Meeting.objects.select_related("subgroup", "place"), pk=meeting_id)


@router.post(
    "/meetings", response={201: MeetingOut}, auth=signed_in, summary="Schedule a meeting (coordinators)"
)
def create_meeting(request, payload: MeetingIn):
    data = payload.dict()
    subgroup = get_object_or_404(Subgroup, slug=data.pop("subgroup"))
    place_code = data.pop("place")
    place = get_object_or_404(Place, code=place_code) if place_code else None
    meeting = services.schedule_meeting(coordinator=request.auth, subgroup=subgroup, place=place, **data)
    return Status(201, meeting)


@router.post(
    "/meetings/{meeting_id}/attendance", response={204: None}, auth=signed_in, summary="Sign up to attend"
)
def attend_meeting(request, meeting_id: Id):
    services.sign_up_for_meeting(user=request.auth, meeting=get_object_or_404(Meeting, pk=meeting_id))
    return Status(204, None)


@router.delete(
    "/meetings/{meeting_id}/attendance",
    response={204: None},
    auth=signed_in,
    summary="Cancel signing up to attend",
)
def cancel_attendance(request, meeting_id: Id):
    services.cancel_sign_up(user=request.auth, meeting=get_object_or_404(Meeting, pk=meeting_id))
    return Status(204, None)


@router.put(
    "/meetings/{meeting_id}/record",
    response=MeetingOut,
    auth=signed_in,
    summary="Record minutes and attendance (coordinators)",
)
def record_meeting(request, meeting_id: Id, payload: AttendanceIn):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    people = list(meeting.subgroup.members.filter(email__in=[e.lower() for e in payload.attendee_emails]))
    return services.record_meeting(
        coordinator=request.auth, meeting=meeting, minutes=payload.minutes, attendees=people
    )
