"""Decisions in the API: the register (published decisions for everyone, unpublished ones for the people
who record them), the input behind each and how it shaped it, commitments, the Board's checklist (for
the people who record the body's decisions) and "You said, we did" as JSON. Writes call the same
services as the pages."""

import re
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Field, Router, Schema, Status

from ostrom.accounts import permissions
from ostrom.accounts.api_auth import anyone, signed_in

from . import accountability, presenters, reach, selectors, services
from .models import Assurance, Body, Decision, Theme

router = Router(tags=["decisions"])
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def _slug(slug: str) -> str:
    if not SLUG.fullmatch(slug):
        raise Http404
    return slug


class InputOut(Schema):
    kind: str
    object_id: int
    title: str
    source: str
    quote: str
    shaped: str = Field(description="adopted, changed or not_adopted")
    how: str


class UpdateOut(Schema):
    written_on: date
    text: str
    status: str


class CommitmentOut(Schema):
    id: int
    text: str
    owner: str
    due_on: date
    status: str
    is_overdue: bool
    updates: list[UpdateOut]

    @staticmethod
    def resolve_updates(commitment):
        return list(commitment.updates.all())


class DecisionOut(Schema):
    slug: str
    question: str
    body: str
    body_kind: str
    places: list[str]
    decided_on: date | None
    status: str
    options_considered: str
    outcome: str
    money: Decimal | None
    goes_to_board: bool
    themes: list[str]
    implemented_on: date | None
    published_at: datetime | None
    inputs: list[InputOut]
    commitments: list[CommitmentOut]

    @staticmethod
    def resolve_body(decision):
        return decision.body.name

    @staticmethod
    def resolve_body_kind(decision):
        return decision.body.kind

    @staticmethod
    def resolve_places(decision):
        return [place.code for place in decision.body.places.all()]

    @staticmethod
    def resolve_themes(decision):
        return [theme.name for theme in decision.themes.all()]

    @staticmethod
    def resolve_inputs(decision):
        return list(decision.inputs.all())

    @staticmethod
    def resolve_commitments(decision):
        return list(decision.commitments.prefetch_related("updates"))


class DecisionIn(Schema):
    body: str = Field(max_length=60, description="The body's slug")
    question: str = Field(max_length=250)
    decided_on: date | None = None
    options_considered: str = Field("", max_length=5000)
    outcome: str = Field("", max_length=5000)
    money: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    goes_to_board: bool = True
    themes: list[str] = Field([], max_length=20, description="Theme slugs")


class StatusIn(Schema):
    status: str = Field(max_length=20)
    implemented_on: date | None = None
    note: str = Field("", max_length=500)


class InputIn(Schema):
    kind: str = Field(max_length=60)
    object_id: int = Field(ge=1, le=2**53)
    shaped: str = Field(max_length=20)
    how: str = Field(max_length=3000)


class AnswerOut(Schema):
    question: str
    text: str
    evidence: str


class AssuranceOut(Schema):
    verdict: str
    verdict_reason: str
    reviewed_at: datetime | None
    is_complete: bool
    holds_decision_back: bool
    answers: list[AnswerOut]


class AnswerIn(Schema):
    question: str = Field(max_length=30)
    text: str = Field(max_length=5000)
    evidence: str = Field("", max_length=3000)


class ReviewIn(Schema):
    verdict: str = Field(max_length=20)
    reason: str = Field("", max_length=3000)


class CommitmentIn(Schema):
    text: str = Field(max_length=300)
    owner: str = Field(max_length=150)
    due_on: date


class SaidOut(Schema):
    title: str
    source: str
    quote: str
    shaped: str
    how: str


class EntryOut(Schema):
    slug: str
    question: str
    body: str
    decided_on: date | None
    status: str
    you_said: list[SaidOut]
    we_decided: str
    we_did: list[str]
    we_are_doing: list[str]
    not_done: list[str]


def _decisions():
    return Decision.objects.select_related("body").prefetch_related("body__places", "inputs", "themes")


def _visible(request, slug) -> Decision:
    decision = get_object_or_404(_decisions(), slug=_slug(slug))
    if not selectors.can_see(request.auth if request.auth is not True else None, decision):
        raise Http404
    return decision


def _to_record(request, slug) -> Decision:
    decision = get_object_or_404(_decisions(), slug=_slug(slug))
    permissions.ensure(
        permissions.can_record_decisions(request.auth, decision.body), str(services.ONLY_RECORDERS)
    )
    return decision


@router.get(
    "/decisions", response=list[DecisionOut], auth=anyone, summary="Decisions you may see, newest first"
)
def list_decisions(request):
    user = request.auth if request.auth is not True else None
    return (
        _decisions()
        .filter(pk__in=selectors.decisions_visible_to(user).values("pk"))
        .order_by("-decided_on", "-created_at")
    )


@router.get("/decisions/{slug}", response=DecisionOut, auth=anyone)
def get_decision(request, slug: str):
    return _visible(request, slug)


@router.post("/decisions", response={201: DecisionOut}, auth=signed_in, summary="Record a decision")
def record_decision(request, payload: DecisionIn):
    body = get_object_or_404(Body, slug=_slug(payload.body))
    slugs = set(payload.themes)
    themes = list(Theme.objects.filter(slug__in=[slug for slug in slugs if SLUG.fullmatch(slug)]))
    if len(themes) != len(slugs):
        raise ValidationError({"themes": gettext("Choose themes from the list at /api/decision-themes")})
    values = payload.dict(exclude={"body", "themes"})
    return Status(201, services.record_decision(actor=request.auth, body=body, themes=themes, **values))


class DecisionThemeOut(Schema):
    slug: str
    name: str


@router.get(
    "/decision-themes",
    response=list[DecisionThemeOut],
    auth=anyone,
    summary="The themes decisions are filed under",
)
def list_themes(request):
    return Theme.objects.all()


@router.post(
    "/decisions/{slug}/status",
    response=DecisionOut,
    auth=signed_in,
    summary="Move a decision on (refused while the Board's checklist is not satisfied)",
)
def move_decision(request, slug: str, payload: StatusIn):
    return services.move_decision(actor=request.auth, decision=_to_record(request, slug), **payload.dict())


@router.post("/decisions/{slug}/publish", response=DecisionOut, auth=signed_in)
def publish_decision(request, slug: str):
    return services.publish_decision(actor=request.auth, decision=_to_record(request, slug))


@router.post(
    "/decisions/{slug}/inputs",
    response={201: InputOut},
    auth=signed_in,
    summary="Link community input and say how it shaped the decision",
)
def link_input(request, slug: str, payload: InputIn):
    return Status(
        201, services.link_input(actor=request.auth, decision=_to_record(request, slug), **payload.dict())
    )


@router.get(
    "/decisions/{slug}/assurance",
    response=AssuranceOut,
    auth=signed_in,
    summary="The Board's co-production checklist (people who record the body's decisions)",
)
def get_assurance(request, slug: str):
    decision = _to_record(request, slug)
    checklist = get_object_or_404(Assurance, decision=decision)
    return {
        "verdict": checklist.verdict,
        "verdict_reason": checklist.verdict_reason,
        "reviewed_at": checklist.reviewed_at,
        "is_complete": checklist.is_complete,
        "holds_decision_back": not checklist.is_satisfied,
        "answers": [
            {"question": answer.question, "text": answer.text, "evidence": answer.evidence}
            for answer in checklist.answers.all()
        ],
    }


@router.post("/decisions/{slug}/assurance/answers", response={201: AnswerOut}, auth=signed_in)
def answer_assurance(request, slug: str, payload: AnswerIn):
    answer = services.answer_assurance(
        actor=request.auth, decision=_to_record(request, slug), **payload.dict()
    )
    return Status(201, {"question": answer.question, "text": answer.text, "evidence": answer.evidence})


@router.post("/decisions/{slug}/assurance/review", response=AssuranceOut, auth=signed_in)
def review_assurance(request, slug: str, payload: ReviewIn):
    decision = _to_record(request, slug)
    services.review_assurance(actor=request.auth, decision=decision, **payload.dict())
    return get_assurance(request, slug)


@router.post("/decisions/{slug}/commitments", response={201: CommitmentOut}, auth=signed_in)
def add_commitment(request, slug: str, payload: CommitmentIn):
    return Status(
        201, services.add_commitment(actor=request.auth, decision=_to_record(request, slug), **payload.dict())
    )


@router.get(
    "/you-said-we-did",
    response=list[EntryOut],
    auth=anyone,
    summary="Published decisions with what communities said, what was decided and what was done",
)
def you_said_we_did(request, place: str | None = None, body: str | None = None, theme: str | None = None):
    entries = accountability.public_entries()
    if place:
        entries = entries.filter(
            pk__in=Decision.objects.in_place(accountability.place_by_code(_slug(place))).values("pk")
        )
    if body:
        entries = entries.filter(body__slug=_slug(body))
    if theme:
        entries = entries.filter(themes__slug=_slug(theme))
    return [_entry(presenters.you_said_we_did(decision)) for decision in entries[:200]]


def _entry(entry: presenters.Entry) -> dict:
    decision = entry.decision
    return {
        "slug": decision.slug,
        "question": decision.question,
        "body": decision.body.name,
        "decided_on": decision.decided_on,
        "status": decision.status,
        "you_said": [vars(item) for item in entry.said],
        "we_decided": entry.decided,
        "we_did": entry.done,
        "we_are_doing": entry.underway,
        "not_done": entry.not_done,
    }


class ReachRowOut(Schema):
    group: str
    people: str = Field(description="Rounded to 5; 'fewer than 5' when hidden")
    share: float | None
    population_share: float | None


class ReachBreakdownOut(Schema):
    dimension: str
    title: str
    people: str
    too_few: str
    rows: list[ReachRowOut]


class ReachOut(Schema):
    places: str
    account_holders: str
    without_account: str
    gaps: list[str]
    core20plus: str
    breakdowns: list[ReachBreakdownOut]


@router.get(
    "/decisions/{slug}/reach",
    response=ReachOut,
    auth=signed_in,
    summary="Who took part in the input behind a decision, counted once each, against the population "
    "(aggregate only: sets under 20 not broken down, counts rounded to 5, small counts hidden)",
)
def decision_reach(request, slug: str):
    decision = _visible(request, slug)
    places = list(decision.body.places.all())
    permissions.ensure(permissions.can_see_reach(request.auth, places=places))
    found = reach.reach_of(decision.inputs.all(), places)
    return {
        "places": found.places_name,
        "account_holders": found.account_holders_text,
        "without_account": found.without_account_text,
        "gaps": found.gaps,
        "core20plus": found.core20_text,
        "breakdowns": [
            {
                "dimension": breakdown.dimension,
                "title": breakdown.title,
                "people": breakdown.total_text,
                "too_few": breakdown.too_few_text,
                "rows": [
                    {
                        "group": row.label,
                        "people": row.cell.text,
                        "share": row.cell.share,
                        "population_share": row.population_share,
                    }
                    for row in breakdown.rows
                ],
            }
            for breakdown in found.breakdowns
        ],
    }
