import re
from datetime import date, datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core.ratelimits import check
from ostrom.core.schemas import ProgressOut
from ostrom.core.windows import WindowOut

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
    registration: WindowOut
    registration_opens_on: date | None
    registration_closes_on: date
    first_session_on: date
    last_session_on: date
    payment_offered: str
    support_offered: str

    @staticmethod
    def resolve_place(assembly):
        return assembly.place.code

    @staticmethod
    def resolve_registration(assembly):
        return WindowOut(**assembly.registration_window.as_dict())


class LotteryIn(Schema):
    seed: str = Field("", max_length=200, description="Announced in advance; blank for a random one")
    algorithm: Lottery.Algorithm = Field(
        Lottery.Algorithm.LEXIMIN, description="leximin: most equal chances; nash: higher chances for most"
    )


class RegistrationIn(Schema):
    """The service checks every field (lengths, NUL, known questions and answers); the schema only
    refuses what cannot be text, and very long input before it is read any further."""

    full_name: str = Field(max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30)
    postcode: str = Field(max_length=10)
    letter_code: str = Field("", max_length=20)
    answers: dict[str, str] = Field(max_length=20)
    consent: bool


class QuotaRowOut(Schema):
    """`minimum`, `maximum` and `is_met` are null where the count on the panel is hidden: the lottery
    meets every quota, so a quota beside a hidden count would narrow it down."""

    feature: str
    value: str
    minimum: int | None
    maximum: int | None
    quota: str
    on_panel: str
    is_met: bool | None


class CheckOut(Schema):
    status: str
    checked_at: datetime | None
    matches: bool | None
    explanation: str
    lowest_chance: float | None
    highest_chance: float | None


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
    check: CheckOut


class RecommendationResponseOut(Schema):
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
    response: RecommendationResponseOut | None

    @staticmethod
    def resolve_response(recommendation):
        return getattr(recommendation, "response", None)


@router.get("/panels", response=list[AssemblyOut], auth=anyone)
def list_assemblies(request):
    return Assembly.objects.select_related("place")


SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def _slug(slug: str) -> str:
    """A path that cannot be a slug finds nothing, without asking the database (which refuses NUL)."""
    if not SLUG.fullmatch(slug):
        raise Http404
    return slug


@router.get("/panels/{slug}", response=AssemblyOut, auth=anyone)
def get_assembly(request, slug: str):
    return get_object_or_404(Assembly.objects.select_related("place"), slug=_slug(slug))


@router.post(
    "/panels/{slug}/registrations",
    response={201: None},
    auth=anyone,
    summary="Register interest (public). answers maps each question, as on the form, to an answer",
)
def register(request, slug: str, payload: RegistrationIn):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=_slug(slug))
    check(request, "register-interest")
    services.register_interest(
        assembly=assembly,
        full_name=payload.full_name,
        email=payload.email,
        phone=payload.phone,
        postcode=payload.postcode,
        answers=payload.answers,
        has_consented=payload.consent,
        letter_code=payload.letter_code,
    )
    return Status(201, None)


@router.post(
    "/panels/{slug}/lotteries",
    response={202: ProgressOut},
    auth=signed_in,
    summary="Draw the panel (coordinators): LEXIMIN or Nash welfare; follow the progress at its url",
)
def start_lottery(request, slug: str, payload: LotteryIn):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=_slug(slug))
    progress = services.start_lottery(
        coordinator=request.auth, assembly=assembly, seed=payload.seed, algorithm=payload.algorithm
    )
    return Status(202, progress)


@router.get(
    "/panels/{slug}/lottery",
    response=LotteryOut,
    auth=anyone,
    summary="The current lottery: method, seed, chances and quotas met (no names, counts under 5 hidden)",
)
def get_lottery(request, slug: str):
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly", "check_progress"),
        assembly__slug=_slug(slug),
        is_current=True,
    )
    chances = presenters.chances(draw)
    verification = presenters.check(draw)
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
                "quota": r.quota_text,
                "on_panel": r.panel_text,
                "is_met": r.is_met,
            }
            for r in presenters.quota_rows(draw, exact=False)
        ],
        "check": {
            "status": verification.status,
            "checked_at": draw.checked_at,
            "matches": draw.check_matches,
            "explanation": draw.check_explanation,
            "lowest_chance": draw.check_lowest_chance,
            "highest_chance": draw.check_highest_chance,
        },
    }


@router.post(
    "/panels/{slug}/lottery/checks",
    response={202: CheckOut},
    auth=anyone,
    summary="Ask for the current lottery to be run again and compared (queued; one at a time; rate-limited)",
)
def check_lottery(request, slug: str):
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly"), assembly__slug=_slug(slug), is_current=True
    )
    check(request, "lottery-check")
    services.check_lottery_again(lottery=draw, requested_by=request.user)
    return Status(
        202,
        {
            "status": "checking",
            "checked_at": draw.checked_at,
            "matches": draw.check_matches,
            "explanation": draw.check_explanation,
            "lowest_chance": draw.check_lowest_chance,
            "highest_chance": draw.check_highest_chance,
        },
    )


@router.get(
    "/panels/{slug}/recommendations",
    response=list[RecommendationOut],
    auth=anyone,
    summary="Recommendations with the panel's support and the formal response to each",
)
def list_recommendations(request, slug: str):
    return get_object_or_404(Assembly, slug=_slug(slug)).recommendations.select_related("response")
