"""Community assets in the API: public reads of the directory – the same search and the same words as
the pages (`Service.objects.public()`) – and the writes of its pages: organisations propose entries and
changes, coordinators approve or reject them, and entries are marked checked. Problems come back on
their fields, named as in the entry (`schedules[0].closes_at`)."""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BaseModel, ConfigDict

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.pagination import Pages
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from . import presenters, selectors, services
from .models import Accessibility, Service, ServiceChange, TaxonomyTerm
from .validation import DAYS, parse_time

router = Router(tags=["assets"])
# Parts of an entry are plain objects with only the keys they name: anything else is refused, not ignored.
STRICT_OBJECT = ConfigDict(extra="forbid")


def _id(value: int) -> int:
    if not 0 < value <= LARGEST_ID:
        raise Http404
    return value


class CategoryOut(Schema):
    code: str
    name: str
    description: str


class OrganisationRef(Schema):
    id: int
    name: str


class LocationOut(Schema):
    name: str
    address: str = Field(description="The address in one line, as the page shows it")
    postal_code: str
    latitude: Decimal | None
    longitude: Decimal | None
    accessibility: list[str] = Field(description="Accessibility features, in words")


class AssetOut(Schema):
    id: int
    url: str = Field(description="The entry's page")
    name: str
    description: str
    status: str
    alert: str
    organisation: OrganisationRef
    categories: list[CategoryOut]
    who_it_is_for: str
    ages: str
    locations: list[LocationOut]
    opening_times: list[str] = Field(description='In words, such as "Tuesdays 10am to 12pm"')
    cost: str = Field(description='"Free", or each amount and what it is for')
    fees_description: str
    languages: list[str]
    website: str
    email: str
    contact: list[str] = Field(description="Names, email addresses and phone numbers, as the page shows them")
    last_checked: date | None
    is_stale: bool = Field(description="Not checked for six months")


def _asset_out(service: Service) -> dict:
    page = presenters.entry_page(service)
    categories = getattr(service, "wellbeing_categories", None) or list(service.categories.all())
    return {
        "id": service.pk,
        "url": service.get_absolute_url(),
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "alert": service.alert,
        "organisation": {"id": service.organisation_id, "name": service.organisation.name},
        "categories": categories,
        "who_it_is_for": service.eligibility_description,
        "ages": presenters.ages_in_words(service),
        "locations": [
            {
                "name": at.location.name,
                "address": presenters.address_of(at.location),
                "postal_code": at.location.postal_code,
                "latitude": at.location.latitude,
                "longitude": at.location.longitude,
                "accessibility": [
                    feature.get_feature_display() for feature in at.location.accessibility.all()
                ],
            }
            for at in service.service_at_locations.all()
        ],
        "opening_times": presenters.opening_times(service),
        "cost": presenters.cost_in_words(service),
        "fees_description": service.fees_description,
        "languages": [language.name for language in service.languages.all()],
        "website": service.url,
        "email": service.email,
        "contact": dict(page.sections).get("Contact", []),
        "last_checked": service.assured_date,
        "is_stale": service.is_stale(),
    }


class _Shown:
    """The search's results as the API shows them, worked out only for the page asked for."""

    def __init__(self, found):
        self.found = found

    def __len__(self):
        return self.found.count()

    def __getitem__(self, index):
        return [_asset_out(service) for service in self.found[index]]


class SearchQuery(Schema):
    q: Text(200) = Field("", description="Words in the name, the description or the organisation's name")
    category: Text(100) = Field("", description="A wellbeing category's code (see /api/assets/categories)")
    place: Text(20) = Field("", description="A place's code: entries at a location inside it or serving it")
    day: Text(2) = Field("", description="Open on this day: MO, TU, WE, TH, FR, SA or SU")
    time: Text(5) = Field("", description="Open at this time of day, such as 18:00")
    free: bool = Field(False, description="Free only")
    language: Text(100) = Field("", description="A language's code or name, such as ur or Urdu")
    feature: Text(30) = Field("", description="An accessibility feature, such as step_free")


def _search(query: SearchQuery) -> selectors.Search:
    place = Place.objects.filter(code=query.place).first() if query.place else None
    impossible = (
        (query.place and place is None)
        or (query.day and query.day.upper() not in DAYS)
        or (query.time and parse_time(query.time) is None)
        or (query.feature and query.feature not in Accessibility.Feature.values)
    )
    if impossible:
        return None
    return selectors.Search(
        text=query.q,
        category=query.category,
        place=place,
        day=query.day.upper(),
        at=parse_time(query.time) if query.time else None,
        free_only=query.free,
        language=query.language,
        feature=query.feature,
    )


@router.get(
    "/assets",
    response=list[AssetOut],
    auth=anyone,
    summary="Search the directory: the same filters and results as the directory page, by name",
)
@paginate(Pages, page_size=50)
def list_assets(request, query: Query[SearchQuery]):
    wanted = _search(query)
    if wanted is None:  # a filter nothing can match, such as a place we do not know
        return []
    return _Shown(selectors.search(wanted))


@router.get("/assets/categories", response=list[CategoryOut], auth=anyone, summary="The wellbeing categories")
def list_categories(request):
    return TaxonomyTerm.objects.wellbeing().order_by("name")


@router.get("/assets/{service_id}", response=AssetOut, auth=anyone, summary="One entry, as its page shows it")
def get_asset(request, service_id: int):
    service = selectors.entry(_id(service_id))
    if service is None:
        raise Http404
    return _asset_out(service)


# Writes ---------------------------------------------------------------------------------------------


class LocationIn(BaseModel):
    model_config = STRICT_OBJECT

    name: Text(200) = ""
    address_1: Text(200) = ""
    city: Text(100) = ""
    postal_code: Text(10) = ""
    latitude: Decimal | None = Field(None, description="From -90 to 90")
    longitude: Decimal | None = Field(None, description="From -180 to 180")


class ScheduleIn(BaseModel):
    model_config = STRICT_OBJECT

    byday: Text(40) = Field(description="Days as MO,TU,WE,TH,FR,SA,SU")
    opens_at: Text(5) = Field(description="Such as 10:00")
    closes_at: Text(5) = Field(description="Such as 12:00, after the opening time")


class CostIn(BaseModel):
    model_config = STRICT_OBJECT

    amount: Decimal = Field(description="In pounds; 0 or more")
    option: Text(200) = Field("", description="What it is for, such as per session")


class ContactIn(BaseModel):
    model_config = STRICT_OBJECT

    name: Text(150) = ""
    email: Text(254) = ""
    phone: Text(30) = ""


class EntryIn(Schema):
    service: int | None = Field(None, description="The entry to change; leave out for a new entry")
    name: Text(200)
    description: Text(5000) = ""
    url: Text(500) = ""
    email: Text(254) = ""
    status: Text(20) = Service.Status.ACTIVE
    eligibility_description: Text(2000) = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    fees_description: Text(1000) = ""
    alert: Text(500) = ""
    categories: list[Text(100)] = Field([], description="Wellbeing category codes")
    location: LocationIn | None = None
    accessibility: list[Text(30)] = Field([], description="Features of the location, such as step_free")
    schedules: list[ScheduleIn] = []
    costs: list[CostIn] = []
    languages: list[Text(100)] = Field([], description="Codes or names, such as ur or Urdu")
    contact: ContactIn = ContactIn()


class ChangeOut(Schema):
    id: int
    organisation: int
    service: int | None = Field(description="The entry it changes; empty for a new entry until approved")
    status: str
    proposed: dict = Field(description="The whole entry as it would be")
    proposed_at: datetime
    review_note: str

    @staticmethod
    def resolve_organisation(change):
        return change.organisation_id

    @staticmethod
    def resolve_service(change):
        return change.service_id


class RejectIn(Schema):
    note: Text(2000)


@router.post(
    "/assets/organisations/{organisation_id}/changes",
    response={201: ChangeOut},
    auth=signed_in,
    summary="Propose a new entry, or a change to one of the organisation's entries, for a coordinator",
)
def propose_entry(request, organisation_id: int, payload: EntryIn):
    organisation = get_object_or_404(Organisation, pk=_id(organisation_id))
    data = payload.dict()
    service_id = data.pop("service")
    service = None
    if service_id is not None:
        service = get_object_or_404(Service.objects.public(), pk=_id(service_id))
    if data["location"] is not None:
        for key in ("latitude", "longitude"):
            data["location"][key] = None if data["location"][key] is None else str(data["location"][key])
    data["costs"] = [{**cost, "amount": str(cost["amount"])} for cost in data["costs"]]
    change = services.propose_entry(actor=request.auth, organisation=organisation, data=data, service=service)
    return Status(201, change)


def _change(change_id: int) -> ServiceChange:
    return get_object_or_404(ServiceChange.objects.select_related("organisation"), pk=_id(change_id))


@router.post(
    "/assets/changes/{change_id}/approve",
    response=AssetOut,
    auth=signed_in,
    summary="Approve a waiting change: the entry shows as proposed, checked today",
)
def approve_change(request, change_id: int):
    service = services.approve_change(actor=request.auth, change=_change(change_id))
    return _asset_out(selectors.entry(service.pk))


@router.post(
    "/assets/changes/{change_id}/reject",
    response=ChangeOut,
    auth=signed_in,
    summary="Send a waiting change back to the organisation with a note",
)
def reject_change(request, change_id: int, payload: RejectIn):
    return services.reject_change(actor=request.auth, change=_change(change_id), note=payload.note)


@router.post(
    "/assets/{service_id}/checked",
    response=AssetOut,
    auth=signed_in,
    summary="Say the entry is still right: it was checked today",
)
def mark_checked(request, service_id: int):
    service = get_object_or_404(Service.objects.public().select_related("organisation"), pk=_id(service_id))
    services.mark_checked(actor=request.auth, service=service)
    return _asset_out(selectors.entry(service.pk))
