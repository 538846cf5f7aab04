from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Router, Schema

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import anyone, signed_in

from . import opendata, wellbeing_presenters, wellbeing_selectors, wellbeing_services
from .models import Programme

router = Router(tags=["impact: wellbeing and open data"])


class WellbeingShareOut(Schema):
    count: int | None = Field(
        description="How many pairs; null when withheld (1 to 4 people, or all but 1 to 4)"
    )
    share: float | None = Field(description="The share of the pairs, 0 to 1; null when withheld")


class WellbeingSummaryOut(Schema):
    programme: str
    pairs: int | None = Field(
        description="Complete pairs of SWEMWBS scores (baseline and follow-up); null when withheld (1 to 4)"
    )
    excluded: int | None = Field(description="Pairs left out because an item was missing; null when 1 to 4")
    minimum: int = Field(description="Fewer complete pairs than this: no figure is given")
    meaningful_change: float = Field(description="The change in metric score counted as meaningful")
    meaningful_change_source: str
    improved: WellbeingShareOut = Field(description="Follow-up metric score above baseline")
    meaningful_improvement: WellbeingShareOut
    meaningful_decline: WellbeingShareOut
    mean_baseline: float | None
    mean_follow_up: float | None
    mean_change: float | None = Field(description="Mean change in metric score (follow-up minus baseline)")
    confidence_low: float | None = Field(
        description="95% confidence interval of the mean change (t distribution)"
    )
    confidence_high: float | None


class OpenDataOut(Schema):
    datapackage: dict[str, Any] = Field(
        description="The Frictionless Data Package descriptor (datapackage.json)"
    )
    data: dict[str, list[dict[str, Any]]] = Field(description="Each table's rows, by table name")


def _programme(slug: str) -> Programme:
    return get_object_or_404(Programme.objects.select_related("place"), slug=slug)


@router.get(
    "/impact/programmes/{slug:slug}/wellbeing",
    response=WellbeingSummaryOut,
    auth=signed_in,
    summary="A programme's wellbeing summary (aggregate only, never anyone's scores)",
)
def get_wellbeing(request, slug: str):
    programme = _programme(slug)
    permissions.ensure(
        permissions.can_see_wellbeing(request.auth, programme), wellbeing_services.NOT_ALLOWED_TO_SEE
    )
    summary = wellbeing_selectors.summary_of(programme)
    return {
        "programme": programme.slug,
        "pairs": summary.pair_count_shown,
        "excluded": summary.excluded_count,
        "minimum": summary.minimum,
        "meaningful_change": summary.meaningful_change,
        "meaningful_change_source": f"{wellbeing_presenters.SOURCE_TITLE} ({wellbeing_presenters.SOURCE_URL})",
        "improved": summary.improved,
        "meaningful_improvement": summary.meaningful_improvement,
        "meaningful_decline": summary.meaningful_decline,
        "mean_baseline": summary.mean_baseline,
        "mean_follow_up": summary.mean_follow_up,
        "mean_change": summary.mean_change,
        "confidence_low": summary.confidence_low,
        "confidence_high": summary.confidence_high,
    }


def _page_url(request, programme) -> str:
    return request.build_absolute_uri(reverse("impact:open-data", args=[programme.slug]))


@router.get(
    "/impact/programmes/{slug:slug}/open-data",
    response=OpenDataOut,
    auth=anyone,
    summary="A programme's open data: the data package descriptor and every table's rows",
)
def get_open_data(request, slug: str):
    programme = _programme(slug)
    return opendata.package_json(programme, page_url=_page_url(request, programme))


@router.get(
    "/impact/programmes/{slug:slug}/open-data/package.zip",
    auth=anyone,
    summary="A programme's open data as a zip file (datapackage.json, CSV and JSON, data dictionary)",
    openapi_extra={"responses": {200: {"description": "The zip file", "content": {"application/zip": {}}}}},
)
def get_open_data_zip(request, slug: str):
    programme = _programme(slug)
    response = HttpResponse(
        opendata.package_zip(programme, page_url=_page_url(request, programme)),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{opendata.file_name(programme)}"'
    return response
