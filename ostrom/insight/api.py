"""Insight: published stories and evidence for anyone; coordinators also see their places' unpublished
insight, record it and record a withdrawal of consent. The same services and the same rule
(`Insight.objects.visible_to`) as the pages."""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.pagination import Pages
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.network.models import Subgroup
from ostrom.places.models import Place

from . import services
from .models import CostLine, Insight
from .presenters import attribution
from .selectors import Filters, find_insight

router = Router(tags=["insight"])

Id = Annotated[int, Path(ge=1, le=LARGEST_ID)]
Code = Text(20)


class InsightCostLineOut(Schema):
    effect: str
    description: str
    unit_cost: Decimal
    unit_cost_source: str
    quantity: Decimal
    amount: Decimal


class InsightCaseOut(Schema):
    problem: str
    who_is_affected: str
    proposed_action: str
    lines: list[InsightCostLineOut]
    costs: Decimal
    savings: Decimal
    net_saving: Decimal

    @staticmethod
    def resolve_lines(case):
        return list(case.lines.all())

    @staticmethod
    def resolve_costs(case):
        return case.totals.costs

    @staticmethod
    def resolve_savings(case):
        return case.totals.savings

    @staticmethod
    def resolve_net_saving(case):
        return case.totals.net_saving


class InsightOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    source: str
    place: str
    subgroup: str | None
    said_on: date
    said_by: str
    publication: str
    is_published: bool
    is_demo: bool
    url: str
    origin_url: str
    case: InsightCaseOut | None = None

    @staticmethod
    def resolve_place(insight):
        return insight.place.code

    @staticmethod
    def resolve_subgroup(insight):
        return insight.subgroup.slug if insight.subgroup_id else None

    @staticmethod
    def resolve_said_by(insight):
        return attribution(insight)

    @staticmethod
    def resolve_url(insight):
        return insight.get_absolute_url()

    @staticmethod
    def resolve_case(insight):
        if insight.kind != Insight.Kind.CASE_FOR_ACTION:
            return None
        from .money import totals_of

        case = insight.case
        case.totals = totals_of(case.lines.all())
        return case


class InsightIn(Schema):
    place: Code
    kind: Text(20)
    text: Text(10_000)
    source: Text(20)
    said_on: date
    consent_to_use: bool
    publication: Text(20)
    consent_wording: Text(2000)
    title: Text(200) = ""
    subgroup: Text(50) | None = None
    speaker_name: Text(120) = ""
    speaker_group: Text(40) = ""


class InsightCostLineIn(Schema):
    effect: CostLine.Effect
    description: Text(200)
    unit_cost: Decimal
    unit_cost_source: Text(300)
    quantity: Decimal


class InsightCaseIn(Schema):
    place: Code
    title: Text(200)
    text: Text(10_000)
    source: Text(20)
    said_on: date
    problem: Text(5000)
    who_is_affected: Text(5000)
    proposed_action: Text(5000)
    lines: list[InsightCostLineIn]
    consent_wording: Text(2000)
    publication: Text(20) = Insight.Publication.ANONYMISED
    speaker_name: Text(120) = ""
    subgroup: Text(50) | None = None
    net_saving: Decimal | None = None


def _place(code: str) -> Place:
    place = Place.objects.filter(code=code).first()
    if place is None:
        raise ValidationError({"place": gettext("No place has this code")})
    return place


def _subgroup(slug: str | None):
    if not slug:
        return None
    subgroup = Subgroup.objects.filter(slug=slug).first()
    if subgroup is None:
        raise ValidationError({"subgroup": gettext("No subgroup has this name")})
    return subgroup


def _caller(request):
    # `anyone` authenticates a visitor without an account as True, not as a person.
    return request.auth if getattr(request.auth, "is_authenticated", False) else None


def _insights():
    return Insight.objects.select_related("place", "subgroup", "case")


@router.get(
    "/insights", response=list[InsightOut], auth=anyone, summary="Insight: published stories and evidence"
)
@paginate(Pages, page_size=50)
def list_insights(
    request,
    q: Query[Text(200) | None] = None,
    place: Query[Code | None] = None,
    kind: Query[Text(20) | None] = None,
    source: Query[Text(20) | None] = None,
):
    """Published insight for anyone; a coordinator also gets the unpublished insight of their places."""
    found_place = get_object_or_404(Place, code=place) if place else None
    filters = Filters(query=q or "", place=found_place, kind=kind or "", source=source or "")
    return find_insight(_caller(request), filters).select_related("case")


@router.get("/insights/{insight_id}", response=InsightOut, auth=anyone)
def get_insight(request, insight_id: Id):
    return get_object_or_404(
        Insight.objects.visible_to(_caller(request)).select_related("place", "subgroup"), pk=insight_id
    )


@router.post(
    "/insights",
    response={201: InsightOut},
    auth=signed_in,
    summary="Record insight with consent (coordinators)",
)
def create_insight(request, payload: InsightIn):
    data = payload.dict()
    data["place"] = _place(data["place"])
    data["subgroup"] = _subgroup(data["subgroup"])
    insight = services.record_insight(coordinator=request.auth, **data)
    return Status(201, _insights().get(pk=insight.pk))


@router.post(
    "/insights/{insight_id}/withdrawal",
    response=InsightOut,
    auth=signed_in,
    summary="Record that the person withdrew their consent (coordinators)",
)
def withdraw_consent(request, insight_id: Id):
    insight = get_object_or_404(Insight.objects.visible_to(request.auth), pk=insight_id)
    services.withdraw_consent(coordinator=request.auth, insight=insight)
    return _insights().get(pk=insight.pk)


@router.post(
    "/cases-for-action",
    response={201: InsightOut},
    auth=signed_in,
    summary="Record a case for action; its total is worked out from the lines (coordinators)",
)
def create_case_for_action(request, payload: InsightCaseIn):
    data = payload.dict()
    data["place"] = _place(data["place"])
    data["subgroup"] = _subgroup(data["subgroup"])
    data["stated_net_saving"] = data.pop("net_saving")
    insight = services.record_case_for_action(coordinator=request.auth, **data)
    return Status(201, _insights().get(pk=insight.pk))
