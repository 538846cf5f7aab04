from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from ostrom.api.auth import anyone, signed_in
from ostrom.places.models import Place

from . import services
from .models import Meeting, Organisation, Subgroup

router = Router(tags=["collective"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    description: str
    org_id: str | None
    website: str
    places_served: list[str]
    subgroups: list[str]
    joined_on: str | None

    @staticmethod
    def resolve_places_served(organisation):
        return [place.code for place in organisation.places_served.all()]

    @staticmethod
    def resolve_subgroups(organisation):
        return [subgroup.slug for subgroup in organisation.subgroups.all()]

    @staticmethod
    def resolve_joined_on(organisation):
        return organisation.joined_on.isoformat() if organisation.joined_on else None


class OrganisationIn(Schema):
    name: str
    kind: Organisation.Kind
    contact_name: str
    contact_email: str
    places_served: list[str]
    description: str = ""
    subgroups: list[str] = []
    charity_number: str = ""
    company_number: str = ""
    website: str = ""


class SubgroupOut(Schema):
    slug: str
    name: str
    description: str
    member_count: int

    @staticmethod
    def resolve_member_count(subgroup):
        return subgroup.memberships.filter(user__is_active=True).count()


class SubgroupIn(Schema):
    name: str
    description: str


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

    @staticmethod
    def resolve_subgroup(meeting):
        return meeting.subgroup.slug

    @staticmethod
    def resolve_place(meeting):
        return meeting.place.code if meeting.place_id else None

    @staticmethod
    def resolve_attendance_count(meeting):
        return meeting.attendances.count()


class MeetingIn(Schema):
    subgroup: str
    title: str
    starts_at: datetime
    place: str | None = None
    venue: str = ""
    agenda: str = ""


class AttendanceIn(Schema):
    minutes: str
    attendee_emails: list[str]


@router.get("/organisations", response=list[OrganisationOut], auth=anyone, summary="Member organisations")
@paginate(PageNumberPagination, page_size=50)
def list_organisations(request, place: str | None = None, subgroup: str | None = None):
    organisations = Organisation.objects.members().prefetch_related("places_served", "subgroups")
    if place:
        organisations = organisations.serving(get_object_or_404(Place, code=place))
    if subgroup:
        organisations = organisations.in_subgroup(get_object_or_404(Subgroup, slug=subgroup))
    return organisations.order_by("name")


@router.get("/organisations/{organisation_id}", response=OrganisationOut, auth=anyone)
def get_organisation(request, organisation_id: int):
    return get_object_or_404(Organisation.objects.members(), pk=organisation_id)


@router.post(
    "/organisations",
    response={201: OrganisationOut},
    auth=signed_in,
    summary="Add a member organisation (coordinators)",
)
def create_organisation(request, payload: OrganisationIn):
    data = payload.dict()
    places = list(Place.objects.filter(code__in=data.pop("places_served")))
    subgroups = list(Subgroup.objects.filter(slug__in=data.pop("subgroups")))
    organisation = services.add_member_organisation(
        coordinator=request.auth, places_served=places, subgroups=subgroups, **data
    )
    return Status(201, organisation)


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
def get_subgroup(request, slug: str):
    return get_object_or_404(Subgroup, slug=slug)


@router.post("/subgroups/{slug}/membership", response={204: None}, auth=signed_in, summary="Join a subgroup")
def join_subgroup(request, slug: str):
    services.join_subgroup(user=request.auth, subgroup=get_object_or_404(Subgroup, slug=slug))
    return Status(204, None)


@router.delete(
    "/subgroups/{slug}/membership", response={204: None}, auth=signed_in, summary="Leave a subgroup"
)
def leave_subgroup(request, slug: str):
    services.leave_subgroup(user=request.auth, subgroup=get_object_or_404(Subgroup, slug=slug))
    return Status(204, None)


@router.get("/meetings", response=list[MeetingOut], auth=anyone)
@paginate(PageNumberPagination, page_size=50)
def list_meetings(request, place: str | None = None, subgroup: str | None = None):
    meetings = Meeting.objects.select_related("subgroup", "place")
    if place:
        meetings = meetings.in_place(get_object_or_404(Place, code=place))
    if subgroup:
        meetings = meetings.filter(subgroup__slug=subgroup)
    return meetings.order_by("-starts_at")


@router.get("/meetings/{meeting_id}", response=MeetingOut, auth=anyone)
def get_meeting(request, meeting_id: int):
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


@router.put(
    "/meetings/{meeting_id}/record",
    response=MeetingOut,
    auth=signed_in,
    summary="Record minutes and attendance (coordinators)",
)
def record_meeting(request, meeting_id: int, payload: AttendanceIn):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    people = list(meeting.subgroup.members.filter(email__in=[e.lower() for e in payload.attendee_emails]))
    return services.record_meeting(
        coordinator=request.auth, meeting=meeting, minutes=payload.minutes, attendees=people
    )
