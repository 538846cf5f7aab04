"""Money in the API: budget lines by body and year, the prevention share over time, devolved budgets and
their flow (the same selector as the page, so the same numbers), and cost-benefits. Writes call the
same services as the pages."""

import re
from datetime import date
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.decisions.models import Body
from ostrom.impact.models import Programme

from . import selectors, services
from .models import FIRST_YEAR, LAST_YEAR, BudgetLine, CostBenefit

router = Router(tags=["money"])
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _slug(slug: str) -> str:
    if not SLUG.fullmatch(slug):
        raise Http404
    return slug


def _id(value: int) -> int:
    if not 0 < value <= LARGEST_ID:
        raise Http404
    return value


class BudgetLineOut(Schema):
    id: int
    body: str = Field(description="The body's slug")
    year: int = Field(description="The financial year it starts in: 2024 = 2024/25")
    category: str = Field(description="acute, prevention or other")
    prevention_kind: str
    amount: Decimal
    source_note: str

    @staticmethod
    def resolve_body(line):
        return line.body.slug


class BudgetLineIn(Schema):
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    category: Text(20)
    prevention_kind: Text(30) = ""
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    source_note: Text(300)


class BudgetYearOut(Schema):
    year: int
    label: str
    acute: Decimal
    prevention: Decimal
    other: Decimal
    total: Decimal
    prevention_share: Decimal | None = Field(description="Community-led prevention as a % of the total")
    commitment: Decimal | None = Field(description="The % the body committed to, if it set one")
    prevention_by_kind: dict[str, Decimal]


class PreventionShareOut(Schema):
    body: str
    name: str
    years: list[BudgetYearOut]


class StepOut(Schema):
    kind: str = Field(description="budget, round, agreement or grant")
    name: str
    url: str
    organisation: str | None
    passed_on: Decimal
    committed: Decimal
    paid: Decimal
    returned_on: Decimal
    children: list["StepOut"]

    @staticmethod
    def resolve_organisation(step):
        return step.organisation.name if step.organisation else None


class DevolvedOut(Schema):
    id: int
    from_body: str
    anchor: str
    amount: Decimal
    committed: Decimal
    devolved_on: date
    purpose: str

    @staticmethod
    def resolve_from_body(budget):
        return budget.from_body.slug

    @staticmethod
    def resolve_anchor(budget):
        return budget.anchor.slug


class ShareOut(Schema):
    label: str
    amount: Decimal
    share: Decimal


class FlowOut(Schema):
    budget: DevolvedOut
    flow: StepOut
    shares: dict[str, list[ShareOut]] = Field(description="By organisation, place, size and kind")


class CostLineIO(Schema):
    item: Text(200)
    amount: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    source: Text(300)


class OutcomeIO(Schema):
    outcome: Text(200)
    quantity: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    unit_value_low: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    unit_value_central: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    unit_value_high: Decimal = Field(ge=0, max_digits=14, decimal_places=2)
    source: Text(300)


class CostBenefitIn(Schema):
    assumptions: Text(5000) = ""
    costs: list[CostLineIO]
    outcomes: list[OutcomeIO]


class CostBenefitOut(Schema):
    programme: str
    assumptions: str
    costs: list[CostLineIO]
    outcomes: list[OutcomeIO]
    total_costs: Decimal
    value: dict[str, Decimal] = Field(description="Total value at low, central and high unit values")
    ratio: dict[str, Decimal | None] = Field(description="Value for every £1 spent: low, central, high")


def _cost_benefit_out(cost_benefit: CostBenefit) -> dict:
    summary = cost_benefit.summary()
    return {
        "programme": cost_benefit.programme.slug,
        "assumptions": cost_benefit.assumptions,
        "costs": list(cost_benefit.costs.all()),
        "outcomes": list(cost_benefit.outcomes.all()),
        "total_costs": summary.total_costs,
        "value": summary.value,
        "ratio": summary.ratio,
    }


@router.get(
    "/money/budget-lines",
    response=list[BudgetLineOut],
    auth=anyone,
    summary="Budget lines, by body (its slug) and financial year if given",
)
def list_budget_lines(request, body: str | None = None, year: int | None = None):
    lines = BudgetLine.objects.select_related("body")
    if body is not None:
        lines = lines.filter(body__slug=_slug(body))
    if year is not None:
        lines = lines.filter(year=year) if FIRST_YEAR <= year <= LAST_YEAR else lines.none()
    return lines


@router.post(
    "/money/bodies/{slug}/budget-lines",
    response={201: BudgetLineOut},
    auth=signed_in,
    summary="Add a budget line",
)
def add_budget_line(request, slug: str, payload: BudgetLineIn):
    body = get_object_or_404(Body, slug=_slug(slug))
    return Status(201, services.add_budget_line(actor=request.auth, body=body, **payload.dict()))


@router.get(
    "/money/bodies/{slug}/prevention-share",
    response=PreventionShareOut,
    auth=anyone,
    summary="A body's spend by year and the share on community-led prevention, against its commitment",
)
def prevention_share(request, slug: str):
    body = get_object_or_404(Body, slug=_slug(slug))
    years = selectors.budget_years(body)
    return {
        "body": body.slug,
        "name": body.name,
        "years": [
            {
                "year": y.year,
                "label": y.label,
                "acute": y.acute,
                "prevention": y.prevention,
                "other": y.other,
                "total": y.total,
                "prevention_share": y.prevention_share,
                "commitment": y.commitment,
                "prevention_by_kind": y.prevention_by_kind,
            }
            for y in years
        ],
    }


@router.get("/money/devolved", response=list[DevolvedOut], auth=anyone, summary="Devolved budgets")
def list_devolved(request):
    return selectors.devolved_budgets()


@router.get(
    "/money/devolved/{budget_id}",
    response=FlowOut,
    auth=anyone,
    summary="Follow the money: a devolved budget's flow to each organisation, with its shares",
)
def get_flow(request, budget_id: int):
    budget = get_object_or_404(selectors.devolved_budgets(), pk=_id(budget_id))
    flow = selectors.flow_of(budget)
    return {"budget": budget, "flow": flow.top, "shares": selectors.shares_of(flow)}


@router.get(
    "/money/cost-benefits", response=list[CostBenefitOut], auth=anyone, summary="Programmes' cost-benefits"
)
def list_cost_benefits(request):
    found = CostBenefit.objects.select_related("programme").prefetch_related("costs", "outcomes")
    return [_cost_benefit_out(item) for item in found]


@router.get("/money/cost-benefits/{slug}", response=CostBenefitOut, auth=anyone)
def get_cost_benefit(request, slug: str):
    found = get_object_or_404(CostBenefit.objects.select_related("programme"), programme__slug=_slug(slug))
    return _cost_benefit_out(found)


@router.put(
    "/money/cost-benefits/{slug}",
    response=CostBenefitOut,
    auth=signed_in,
    summary="Set out a programme's costs, valued outcomes and assumptions (replacing what was there)",
)
def put_cost_benefit(request, slug: str, payload: CostBenefitIn):
    programme = get_object_or_404(Programme, slug=_slug(slug))
    cost_benefit = services.save_cost_benefit(
        actor=request.auth,
        programme=programme,
        assumptions=payload.assumptions,
        costs=[line.dict() for line in payload.costs],
        outcomes=[line.dict() for line in payload.outcomes],
    )
    return _cost_benefit_out(cost_benefit)
