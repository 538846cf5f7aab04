from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from ostrom.api.auth import anyone

from . import presenters, services
from .models import Assembly, Lottery

router = Router(tags=["citizens' panels"])


class AssemblyOut(Schema):
    slug: str
    question: str
    commissioning_body: str
    place: str
    panel_size: int
    status: str
    registration_closes_on: date
    first_session_on: date
    last_session_on: date
    payment_offered: str
    support_offered: str

    @staticmethod
    def resolve_place(assembly):
        return assembly.place.code


class RegistrationIn(Schema):
    full_name: str
    email: str = ""
    phone: str = ""
    postcode: str
    letter_code: str = ""
    answers: dict[str, str]
    consent: bool


class QuotaRowOut(Schema):
    feature: str
    value: str
    minimum: int
    maximum: int
    on_panel: str
    is_met: bool


class LotteryOut(Schema):
    id: int
    algorithm: str
    seed: str
    drawn_at: datetime | None
    panel_size: int
    pool_size: int
    lowest_chance: float
    highest_chance: float
    quotas: list[QuotaRowOut]


class ResponseOut(Schema):
    outcome: str
    reasons: str
    action: str
    action_owner: str
    action_due_on: date | None


class RecommendationOut(Schema):
    number: int
    title: str
    text: str
    support_for: int
    support_against: int
    support_unsure: int
    response: ResponseOut | None

    @staticmethod
    def resolve_response(recommendation):
        return getattr(recommendation, "response", None)


@router.get("/panels", response=list[AssemblyOut], auth=anyone)
def list_assemblies(request):
    return Assembly.objects.select_related("place")


@router.get("/panels/{slug}", response=AssemblyOut, auth=anyone)
def get_assembly(request, slug: str):
    return get_object_or_404(Assembly.objects.select_related("place"), slug=slug)


@router.post(
    "/panels/{slug}/registrations",
    response={201: None},
    auth=anyone,
    summary="Register interest (public). answers maps each question, as on the form, to an answer",
)
def register(request, slug: str, payload: RegistrationIn):
    from django.core.exceptions import ValidationError

    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    if not payload.consent:
        raise ValidationError({"consent": "Agree to us keeping your answers"})
    if not payload.email and not payload.phone:
        raise ValidationError({"email": "Give an email address or a phone number"})
    services.register_interest(
        assembly=assembly,
        full_name=payload.full_name,
        email=payload.email,
        phone=payload.phone,
        postcode=payload.postcode,
        answers=payload.answers,
        letter_code=payload.letter_code,
    )
    return Status(201, None)


@router.get(
    "/panels/{slug}/lottery",
    response=LotteryOut,
    auth=anyone,
    summary="The current lottery: method, seed, chances and quotas met (no names, counts under 5 hidden)",
)
def get_lottery(request, slug: str):
    draw = get_object_or_404(Lottery.objects.select_related("assembly"), assembly__slug=slug, is_current=True)
    chances = presenters.chances(draw)
    return {
        "id": draw.pk,
        "algorithm": draw.algorithm,
        "seed": draw.seed,
        "drawn_at": draw.drawn_at,
        "panel_size": len(draw.selected),
        "pool_size": chances.pool_size,
        "lowest_chance": chances.lowest,
        "highest_chance": chances.highest,
        "quotas": [
            {
                "feature": r.feature,
                "value": r.value,
                "minimum": r.minimum,
                "maximum": r.maximum,
                "on_panel": r.panel_text,
                "is_met": r.is_met,
            }
            for r in presenters.quota_rows(draw, exact=False)
        ],
    }


@router.get(
    "/panels/{slug}/recommendations",
    response=list[RecommendationOut],
    auth=anyone,
    summary="Recommendations with the panel's support and the formal response to each",
)
def list_recommendations(request, slug: str):
    return get_object_or_404(Assembly, slug=slug).recommendations.select_related("response")
