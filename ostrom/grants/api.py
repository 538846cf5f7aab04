from datetime import datetime
from decimal import Decimal
from typing import Annotated

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Path, Router, Schema, Status

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.budgeting import rules as counting_rules
from ostrom.core.ratelimits import check
from ostrom.core.validation import LARGEST_ID, Text
from ostrom.core.windows import WindowOut
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from . import presenters
from .models import Application, Ballot, Fund, Grant, Priority, Result, Round
from .services import applications, voting

Id = Annotated[int, Field(ge=1, le=LARGEST_ID)]
# A round's slug as the URL gives it: 50 characters of a slug at most, so nothing else reaches the database.
Slug = Annotated[Text(50), Path()]
SmallNumber = Annotated[int, Field(ge=0, le=32767)]


def _person(request):
    """The signed-in caller, or None for an anonymous one."""
    return request.auth if request.auth is not True else None


router = Router(tags=["grants"])


class FundOut(Schema):
    slug: str
    name: str
    description: str
    funder_name: str
    amount: Decimal
    places_served: list[str]
    rounds: list[str]

    @staticmethod
    def resolve_places_served(fund):
        return [place.code for place in fund.places_served.all()]

    @staticmethod
    def resolve_rounds(fund):
        return [funding_round.slug for funding_round in fund.rounds.all()]


class PriorityOut(Schema):
    id: int
    title: str
    support: int


class RoundOut(Schema):
    slug: str
    name: str
    fund: str
    phase: str
    budget: Decimal
    largest_grant: Decimal
    slim_limit: Decimal
    ballot_type: str
    rule: str = Field(
        description="The counting rule: " + ", ".join(f"{r.name} ({r.title})" for r in counting_rules.RULES)
    )
    rule_title: str
    rule_in_plain_english: str = Field(description="How the rule turns this round's ballots into grants")
    rules_in_plain_english: list[str]
    priorities_open_at: datetime
    applications_open_at: datetime
    applications_close_at: datetime
    voting_opens_at: datetime
    voting_closes_at: datetime
    published_at: datetime | None
    priorities_window: WindowOut
    applications_window: WindowOut
    voting_window: WindowOut
    criteria: list[PriorityOut]

    @staticmethod
    def resolve_priorities_window(funding_round):
        return WindowOut(**funding_round.priorities_window.as_dict())

    @staticmethod
    def resolve_applications_window(funding_round):
        return WindowOut(**funding_round.applications_window.as_dict())

    @staticmethod
    def resolve_voting_window(funding_round):
        return WindowOut(**funding_round.voting_window.as_dict())

    @staticmethod
    def resolve_fund(funding_round):
        return funding_round.fund.slug

    @staticmethod
    def resolve_rule_in_plain_english(funding_round):
        return presenters.rule_in_plain_english(funding_round)

    @staticmethod
    def resolve_rules_in_plain_english(funding_round):
        return presenters.voting_rules(funding_round)

    @staticmethod
    def resolve_criteria(funding_round):
        return [{"id": p.pk, "title": p.title, "support": p.support} for p in funding_round.criteria()]


class ApplicationOut(Schema):
    id: int
    round: str
    organisation: str
    title: str
    summary: str
    who_benefits: str
    amount_requested: Decimal
    priority: int | None
    places: list[str]
    status: str

    @staticmethod
    def resolve_status(application, context):
        """Funded or not funded only for the round's coordinators until the result is published."""
        user = _person(context["request"])
        if permissions.can_run_round(user, application.funding_round):
            return application.status
        return application.public_status

    @staticmethod
    def resolve_round(application):
        return application.funding_round.slug

    @staticmethod
    def resolve_organisation(application):
        return application.organisation.name

    @staticmethod
    def resolve_priority(application):
        return application.priority_id

    @staticmethod
    def resolve_places(application):
        return [place.code for place in application.places.all()]


class ApplicationIn(Schema):
    organisation_id: Id
    title: Text(120)
    summary: Text(3000)
    who_benefits: Text(2000)
    places: Annotated[list[Text(20)], Field(max_length=200)]
    amount_requested: Annotated[Decimal, Field(gt=0, max_digits=10, decimal_places=2)]
    priority_id: Id | None = None
    budget_breakdown: Text(3000) = ""
    outcomes: Text(3000) = ""
    submit: bool = False


class BallotIn(Schema):
    choices: Annotated[dict[Id, SmallNumber], Field(max_length=500)]
    postcode: Text(10)
    is_old_enough: bool
    access_code: Text(20) = ""


class BallotOut(Schema):
    round: str
    choices: dict[int, int]
    changed_at: datetime


class ResultProjectOut(Schema):
    application_id: int
    title: str
    cost: Decimal
    is_funded: bool
    supporters: int
    reason: str


class ResultOut(Schema):
    round: str
    rule: str = Field(description="The engine's name for the rule it ran, e.g. greedy-total-points")
    rule_title: str
    rule_in_plain_english: str
    ballot_count: int
    cost: Decimal
    selected: list[int]
    projects: list[ResultProjectOut]


class GrantOut(Schema):
    identifier: str
    application_id: int
    title: str
    organisation: str
    amount_awarded: Decimal
    award_date: str

    @staticmethod
    def resolve_application_id(grant):
        return grant.application_id

    @staticmethod
    def resolve_title(grant):
        return grant.application.title

    @staticmethod
    def resolve_organisation(grant):
        return grant.application.organisation.name

    @staticmethod
    def resolve_award_date(grant):
        return grant.award_date.isoformat()


def _round(slug: str) -> Round:
    return get_object_or_404(Round.objects.select_related("fund"), slug=slug)


@router.get("/funds", response=list[FundOut], auth=anyone)
def list_funds(request):
    return Fund.objects.prefetch_related("places_served", "rounds")


@router.get(
    "/rounds/{slug}", response=RoundOut, auth=anyone, summary="A round: its phase, dates, rules and criteria"
)
def get_round(request, slug: Slug):
    return _round(slug)


@router.get(
    "/rounds/{slug}/shortlist", response=list[ApplicationOut], auth=anyone, summary="Projects on the ballot"
)
def get_shortlist(request, slug: Slug):
    return _round(slug).applications.on_ballot().select_related("organisation", "funding_round__fund")


@router.get("/applications", response=list[ApplicationOut], auth=signed_in, summary="Your applications")
def my_applications(request):
    return Application.objects.of(request.auth).select_related("organisation", "funding_round__fund")


@router.post(
    "/rounds/{slug}/applications",
    response={201: ApplicationOut},
    auth=signed_in,
    summary="Save a draft application, or send it with submit=true",
)
def create_application(request, slug: Slug, payload: ApplicationIn):
    check(request, "application")
    funding_round = _round(slug)
    data = payload.dict()
    application = applications.save_application(
        funding_round=funding_round,
        applicant=request.auth,
        organisation=get_object_or_404(Organisation, pk=data.pop("organisation_id")),
        places=list(Place.objects.filter(code__in=data.pop("places"))),
        priority=get_object_or_404(Priority, pk=data["priority_id"]) if data["priority_id"] else None,
        **{key: value for key, value in data.items() if key != "priority_id"},
    )
    return Status(201, application)


@router.get("/rounds/{slug}/ballot", response=BallotOut, auth=signed_in, summary="Your ballot")
def my_ballot(request, slug: Slug):
    ballot = get_object_or_404(Ballot, funding_round__slug=slug, voter=request.auth)
    return {
        "round": slug,
        "choices": {c.application_id: c.value for c in ballot.choices.all()},
        "changed_at": ballot.changed_at,
    }


@router.put(
    "/rounds/{slug}/ballot",
    response=BallotOut,
    auth=signed_in,
    summary="Cast or change your ballot: choices map an application id to 1, points or a rank",
)
def cast_ballot(request, slug: Slug, payload: BallotIn):
    check(request, "ballot")
    ballot = voting.cast_ballot(
        funding_round=_round(slug),
        voter=request.auth,
        choices=payload.choices,
        postcode=payload.postcode,
        is_old_enough=payload.is_old_enough,
        access_code=payload.access_code,
    )
    return {
        "round": slug,
        "choices": {c.application_id: c.value for c in ballot.choices.all()},
        "changed_at": ballot.changed_at,
    }


@router.get(
    "/rounds/{slug}/result", response=ResultOut, auth=anyone, summary="The published result, explained"
)
def get_result(request, slug: Slug):
    funding_round = _round(slug)
    permissions.ensure(
        funding_round.is_result_public or permissions.can_run_round(_person(request), funding_round),
        gettext("The result is not published yet"),
    )
    outcome = get_object_or_404(Result, funding_round=funding_round)
    return {
        "round": slug,
        "rule": outcome.rule,
        "rule_title": funding_round.rule_title,
        "rule_in_plain_english": presenters.rule_in_plain_english(funding_round),
        "ballot_count": outcome.ballot_count,
        "cost": outcome.cost,
        "selected": outcome.selected,
        "projects": [
            {
                "application_id": row.application.pk,
                "title": row.application.title,
                "cost": row.application.amount_requested,
                "is_funded": row.is_funded,
                "supporters": row.supporters,
                "reason": row.reason,
            }
            for row in presenters.result_rows(outcome)
        ],
    }


@router.get(
    "/grants",
    response=list[GrantOut],
    auth=anyone,
    summary="Grants awarded (also as 360Giving JSON at /grants/360giving.json)",
)
def list_grants(request):
    return Grant.objects.public().select_related("application__organisation")
