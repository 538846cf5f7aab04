from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from ostrom.accounts.selectors import DIMENSIONS

from . import selectors
from .models import Place

router = Router(tags=["places"])


class PlaceOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    is_demo: bool

    @staticmethod
    def resolve_parent_code(place):
        return place.parent.code if place.parent_id else None


class PopulationOut(Schema):
    dimension: str
    category: str
    people: float


@router.get("/", response=list[PlaceOut], summary="All places above LSOA level")
def list_places(request, kind: str | None = None):
    places = Place.objects.select_related("parent")
    return places.filter(kind=kind) if kind else places.for_choice()


@router.get("/{code}", response=PlaceOut)
def get_place(request, code: str):
    return get_object_or_404(Place.objects.select_related("parent"), code=code)


@router.get(
    "/{code}/population",
    response=list[PopulationOut],
    summary="Population by ethnic group, IMD decile and age",
)
def get_population(request, code: str):
    place = get_object_or_404(Place, code=code)
    return [
        {"dimension": dimension, "category": category, "people": float(value)}
        for dimension in DIMENSIONS
        for category, value in selectors.population_by(place, dimension).items()
    ]
