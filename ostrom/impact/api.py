"""Impact: programmes, their theory of change (steps with arrows), indicators and measurements are
public aggregate figures; the coordinators of a programme's place add measurements and start a refresh of
the computed indicators, through the same services as the pages."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema, Status

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.schemas import ProgressOut
from ostrom.core.validation import LARGEST_ID, Text

from . import services
from .models import Indicator, Measurement, Programme

router = Router(tags=["impact"])

Id = Annotated[int, Path(ge=1, le=LARGEST_ID)]
Slug = Annotated[str, Path(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]


class ProgrammeOut(Schema):
    slug: str
    name: str
    kind: str
    description: str
    place: str
    starts_on: date | None
    ends_on: date | None
    url: str

    @staticmethod
    def resolve_place(programme):
        return programme.place.code

    @staticmethod
    def resolve_url(programme):
        return programme.get_absolute_url()


class TheoryStepOut(Schema):
    id: int
    stage: str
    text: str
    position: int
    leads_to: list[int]
    indicators: list[int]

    @staticmethod
    def resolve_leads_to(step):
        return sorted(target.pk for target in step.leads_to.all())

    @staticmethod
    def resolve_indicators(step):
        return [indicator.pk for indicator in step.indicators.all()]


class TheoryOfChangeOut(ProgrammeOut):
    steps: list[TheoryStepOut]

    @staticmethod
    def resolve_steps(programme):
        return list(programme.steps.prefetch_related("leads_to", "indicators").order_by("position", "pk"))


class IndicatorOut(Schema):
    id: int
    step: int
    name: str
    unit: str
    minimum: Decimal
    maximum: Decimal | None
    baseline: Decimal | None
    baseline_on: date | None
    target: Decimal | None
    target_on: date | None
    source: str
    frequency: str
    computed_from: str

    @staticmethod
    def resolve_step(indicator):
        return indicator.step_id


class MeasurementOut(Schema):
    id: int
    indicator: int
    measured_on: date
    value: Decimal
    source: str
    note: str

    @staticmethod
    def resolve_indicator(measurement):
        return measurement.indicator_id


class MeasurementIn(Schema):
    measured_on: date
    value: Decimal
    unit: Text(40)
    note: Text(300) = ""


def _programme(slug: str) -> Programme:
    return get_object_or_404(Programme.objects.select_related("place"), slug=slug)


def _indicator(indicator_id: int) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("step__programme__place"), pk=indicator_id)


@router.get("/impact/programmes", response=list[ProgrammeOut], auth=anyone, summary="Programmes")
def list_programmes(request):
    return Programme.objects.select_related("place").order_by("name")


@router.get(
    "/impact/programmes/{slug}",
    response=TheoryOfChangeOut,
    auth=anyone,
    summary="A programme with its theory of change: steps by stage, and the steps each leads to",
)
def get_programme(request, slug: Slug):
    return _programme(slug)


@router.get(
    "/impact/programmes/{slug}/indicators", response=list[IndicatorOut], auth=anyone, summary="Its indicators"
)
def list_indicators(request, slug: Slug):
    return Indicator.objects.filter(step__programme=_programme(slug)).order_by(
        "step__position", "position", "pk"
    )


@router.get(
    "/impact/indicators/{indicator_id}/measurements",
    response=list[MeasurementOut],
    auth=anyone,
    summary="An indicator's measurements, oldest first",
)
def list_measurements(request, indicator_id: Id):
    return Measurement.objects.filter(indicator=_indicator(indicator_id)).order_by("measured_on", "pk")


@router.post(
    "/impact/indicators/{indicator_id}/measurements",
    response={201: MeasurementOut},
    auth=signed_in,
    summary="Record a measurement in the indicator's unit and range (coordinators of the programme's place)",
)
def create_measurement(request, indicator_id: Id, payload: MeasurementIn):
    measurement = services.record_measurement(
        runner=request.auth, indicator=_indicator(indicator_id), **payload.dict()
    )
    return Status(201, measurement)


@router.post(
    "/impact/programmes/{slug}/refresh",
    response={202: ProgressOut},
    auth=signed_in,
    summary="Work out the computed indicators again; follow the progress at its url (coordinators)",
)
def refresh(request, slug: Slug):
    return Status(202, services.start_refresh(runner=request.auth, programme=_programme(slug)))
