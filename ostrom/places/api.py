from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.accounts.selectors import DIMENSIONS
from ostrom.core.validation import Text

from . import selectors, services
from .models import Place

router = Router(tags=["places"])


Code = Annotated[Text(20), Path()]


class PlaceOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    is_demo: bool

    @staticmethod
    def resolve_parent_code(place):
        return place.parent.code if place.parent_id else None


class PlaceIn(Schema):
    name: Text(150)
    kind: Place.Kind
    parent_code: Text(20) | None = None


class PopulationOut(Schema):
    dimension: str
    category: str
    people: float


@router.get("/", response=list[PlaceOut], auth=anyone, summary="All places above LSOA level")
def list_places(request, kind: Query[Place.Kind | None] = None):
    places = Place.objects.select_related("parent")
    return places.filter(kind=kind) if kind else places.for_choice()


@router.get("/{code}", response=PlaceOut, auth=anyone)
def get_place(request, code: Code):
    return get_object_or_404(Place.objects.select_related("parent"), code=code)


@router.get(
    "/{code}/population",
    response=list[PopulationOut],
    summary="Population by ethnic group, IMD decile and age",
)
def get_population(request, code: Code):
    place = get_object_or_404(Place, code=code)
    return [
        {"dimension": dimension, "category": category, "people": float(value)}
        for dimension in DIMENSIONS
        for category, value in selectors.population_by(place, dimension).items()
    ]


@router.put("/{code}", response=PlaceOut, auth=signed_in, summary="Create or change a place (coordinators)")
def put_place(request, code: Code, payload: PlaceIn):
    return services.save_place(
        actor=request.auth, code=code, name=payload.name, kind=payload.kind, parent_code=payload.parent_code
    )
