"""Social prescribing referrals in the API: link workers and receiving services only (helper C);
aggregate reports (helper D).

Link workers list their places' referrals (no names in a list), make one, get one (every get is in
the audit log) and record its follow-up. The contacts of a receiving organisation list the referrals
to their services, get one (audited), accept or decline it and record attendance. Nobody else: 401
signed out, 403 without the role, 404 for a referral outside one's places or services. The same
services and rules as the pages; a problem is named on its field (422)."""

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import register_converter
from django.utils.translation import gettext
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import signed_in
from ostrom.assets.models import Service
from ostrom.core.pagination import Pages
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.decisions.models import Body
from ostrom.places.models import Place
from ostrom.surveys import swemwbs

from . import selectors, services, validation
from .models import Referral, ReferralTo, ReferralWellbeing

router = Router(tags=["referrals"])


class ReferenceConverter:
    """A referral reference in a path ("SP-" and six letters or digits), so that other paths under
    /referrals/ (the reports) are never taken for one."""

    regex = "SP-[A-Z0-9]{6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReferenceConverter, "referral")

Id = Annotated[int, Path(ge=1, le=LARGEST_ID)]
ServiceId = Annotated[int, Field(ge=1, le=LARGEST_ID)]
Item = Annotated[int, Field(ge=swemwbs.LOWEST, le=swemwbs.HIGHEST)]


class ServiceStatusOut(Schema):
    id: int
    service_id: int
    service: str
    organisation: str
    status: str
    decline_reason: str
    first_attended_on: date | None
    sessions_attended: int

    @staticmethod
    def resolve_service(sent):
        return sent.service.name

    @staticmethod
    def resolve_organisation(sent):
        return sent.service.organisation.name


class ReferralSummaryOut(Schema):
    reference: str
    place: str
    referred_on: date
    needs: list[str]
    services: list[ServiceStatusOut]
    follow_up_on: date | None
    followed_up_on: date | None
    closed_on: date | None
    url: str

    @staticmethod
    def resolve_place(referral):
        return referral.place.code

    @staticmethod
    def resolve_needs(referral):
        return [need.need for need in referral.needs.all()]

    @staticmethod
    def resolve_services(referral):
        return list(referral.sent_to.all())

    @staticmethod
    def resolve_url(referral):
        return referral.get_absolute_url()


class ReferralWellbeingOut(Schema):
    stage: str
    taken_on: date
    items: list[int | None]
    score: float | None

    @staticmethod
    def resolve_score(row):
        return swemwbs.metric_score(row.items)


class ReferralOut(ReferralSummaryOut):
    identity: str
    person_name: str
    person_contact: str
    consent_wording: str
    consent_recorded_at: datetime | None
    ethnic_group: str
    age_band: str
    lsoa: str | None
    notes: str
    wellbeing: list[ReferralWellbeingOut]
    erased_on: date | None

    @staticmethod
    def resolve_lsoa(referral):
        return referral.lsoa.code if referral.lsoa_id else None

    @staticmethod
    def resolve_wellbeing(referral):
        return list(referral.wellbeing.order_by("stage"))


class ReferralIn(Schema):
    place: Text(20)
    identity: Text(20)
    needs: Annotated[list[Text(30)], Field(max_length=20)]
    services: Annotated[list[ServiceId], Field(max_length=50)]
    follow_up_on: date
    pcn: Annotated[int, Field(ge=1, le=LARGEST_ID)] | None = None
    person_name: Text(validation.NAME_LIMIT) = ""
    person_contact: Text(validation.CONTACT_LIMIT) = ""
    consent_given: bool = False
    consent_wording: Text(validation.WORDING_LIMIT) = ""
    ethnic_group: Text(40) = ""
    age_band: Text(20) = ""
    postcode: Text(10) = ""
    wellbeing_items: Annotated[list[Item | None], Field(min_length=7, max_length=7)] | None = None
    notes: Text(validation.NOTES_LIMIT) = ""


class FollowUpIn(Schema):
    wellbeing_items: Annotated[list[Item | None], Field(min_length=7, max_length=7)]
    taken_on: date
    own_words: Text(validation.WORDS_LIMIT) = ""
    own_words_consent: bool = False
    consent_wording: Text(validation.WORDING_LIMIT) = ""
    publication: Text(20) = "not_published"


class InboxSummaryOut(Schema):
    id: int
    reference: str
    service_id: int
    service: str
    referred_on: date
    needs: list[str]
    status: str

    @staticmethod
    def resolve_reference(sent):
        return sent.referral.reference

    @staticmethod
    def resolve_service(sent):
        return sent.service.name

    @staticmethod
    def resolve_referred_on(sent):
        return sent.referral.referred_on

    @staticmethod
    def resolve_needs(sent):
        return [need.need for need in sent.referral.needs.all()]


class InboxItemOut(InboxSummaryOut):
    """What the receiving service sees: the name and contact only when the person chose to be named;
    never the team's notes, equality answers or wellbeing."""

    person_name: str
    person_contact: str
    decline_reason: str
    first_attended_on: date | None
    sessions_attended: int

    @staticmethod
    def resolve_person_name(sent):
        return sent.referral.person_name

    @staticmethod
    def resolve_person_contact(sent):
        return sent.referral.person_contact


class ReferralDecisionIn(Schema):
    accept: bool
    reason: Text(validation.REASON_LIMIT) = ""


class ReferralAttendanceIn(Schema):
    attended: bool
    first_attended_on: date | None = None
    sessions: Annotated[int, Field(ge=0, le=validation.MOST_SESSIONS)] = 0


def _ensure_link_worker(user) -> None:
    permissions.ensure(
        permissions.is_any_link_worker(user), gettext("Only social prescribing link workers can do this")
    )


def _team_referral(user, reference: str) -> Referral:
    _ensure_link_worker(user)
    referral = selectors.team_referral(user, reference)
    if referral is None:
        raise Http404("No referral with this reference in your places")
    return referral


def _inbox_item(user, referral_to_id: int) -> ReferralTo:
    permissions.ensure(
        permissions.can_use_referral_inbox(user),
        gettext("Only the contacts of an organisation that receives referrals can do this"),
    )
    sent = selectors.inbox(user).filter(pk=referral_to_id).first()
    if sent is None:
        raise Http404("No referral to your services has this number")
    return sent


@router.get(
    "/referrals",
    response=list[ReferralSummaryOut],
    auth=signed_in,
    summary="Your places' referrals, without names (link workers)",
)
@paginate(Pages, page_size=50)
def list_referrals(
    request,
    show: Query[Text(20) | None] = None,
    reference: Query[Text(12) | None] = None,
):
    """`show`: open (the default), waiting (for a service), follow_up_due or closed."""
    _ensure_link_worker(request.auth)
    return selectors.team_referrals(request.auth, show=show or "", reference=reference or "")


def _service_objects(ids: list[int]) -> list[Service]:
    found = list(Service.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise ValidationError({"services": gettext("No service has one of these ids")})
    return found


@router.post(
    "/referrals",
    response={201: ReferralOut},
    auth=signed_in,
    summary="Refer a person to services (link workers)",
)
def create_referral(request, payload: ReferralIn):
    _ensure_link_worker(request.auth)
    data = payload.dict()
    place = Place.objects.filter(code=data.pop("place")).first()
    if place is None:
        raise ValidationError({"place": gettext("No place has this code")})
    pcn_id = data.pop("pcn")
    pcn = None
    if pcn_id is not None:
        pcn = Body.objects.filter(pk=pcn_id, kind=Body.Kind.PCN).first()
        if pcn is None:
            raise ValidationError({"pcn": gettext("No primary care network has this id")})
    data["services"] = _service_objects(data["services"])
    referral = services.make_referral(actor=request.auth, place=place, pcn=pcn, **data)
    found = selectors.team_referral(request.auth, referral.reference)
    return Status(201, found)


@router.get(
    "/referrals/{referral:reference}",
    response=ReferralOut,
    auth=signed_in,
    summary="One person's referral, everything the team holds (link workers; audited)",
)
def get_referral(request, reference: str):
    referral = _team_referral(request.auth, reference)
    services.note_viewed(viewer=request.auth, referral=referral, by="The API")
    return referral


@router.post(
    "/referrals/{referral:reference}/follow-up",
    response={201: ReferralWellbeingOut},
    auth=signed_in,
    summary="Record the follow-up: wellbeing and, with consent, their own words (link workers)",
)
def record_follow_up(request, reference: str, payload: FollowUpIn):
    referral = _team_referral(request.auth, reference)
    row: ReferralWellbeing = services.record_follow_up(
        actor=request.auth, referral=referral, **payload.dict()
    )
    return Status(201, row)


@router.get(
    "/referral-inbox",
    response=list[InboxSummaryOut],
    auth=signed_in,
    summary="Referrals to your organisations' services, without names (their contacts)",
)
@paginate(Pages, page_size=50)
def list_inbox(request, status: Query[Text(20) | None] = None):
    permissions.ensure(
        permissions.can_use_referral_inbox(request.auth),
        gettext("Only the contacts of an organisation that receives referrals can do this"),
    )
    return selectors.inbox(request.auth, status=status or "")


@router.get(
    "/referral-inbox/{referral_to_id}",
    response=InboxItemOut,
    auth=signed_in,
    summary="One referral to your service, with the name if the person chose that (audited)",
)
def get_inbox_item(request, referral_to_id: Id):
    sent = _inbox_item(request.auth, referral_to_id)
    services.note_viewed(viewer=request.auth, referral=sent.referral, by=f"The API, for {sent.service.name}")
    return sent


@router.post(
    "/referral-inbox/{referral_to_id}/decision",
    response=InboxItemOut,
    auth=signed_in,
    summary="Accept or decline a referral to your service (a reason is needed to decline)",
)
def decide(request, referral_to_id: Id, payload: ReferralDecisionIn):
    sent = _inbox_item(request.auth, referral_to_id)
    services.decide_referral(
        actor=request.auth, referral_to=sent, accept=payload.accept, reason=payload.reason
    )
    return selectors.inbox(request.auth).get(pk=sent.pk)


@router.post(
    "/referral-inbox/{referral_to_id}/attendance",
    response=InboxItemOut,
    auth=signed_in,
    summary="Record whether the person came to an accepted referral",
)
def record_attendance(request, referral_to_id: Id, payload: ReferralAttendanceIn):
    sent = _inbox_item(request.auth, referral_to_id)
    services.record_attendance(actor=request.auth, referral_to=sent, **payload.dict())
    return selectors.inbox(request.auth).get(pk=sent.pk)
