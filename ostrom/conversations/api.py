from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.accounts.languages import reading_languages
from ostrom.core import ratelimits
from ostrom.core.windows import WindowOut
from ostrom.translations.reading import reading_for, reading_in

from . import services, translations
from .models import Conversation, OpinionMapResult

router = Router(tags=["conversations"])


class ConversationOut(Schema):
    slug: str
    question: str
    description: str
    place: str | None = Field(None, description="The place's code, if the conversation is about one place")
    window: WindowOut = Field(description="Whether people can take part now: not yet open, open or closed")

    @staticmethod
    def resolve_place(conversation):
        return conversation.place.code if conversation.place else None

    @staticmethod
    def resolve_window(conversation):
        return WindowOut(**conversation.window.as_dict())


class StatementOut(Schema):
    id: int
    text: str = Field(
        description="In the language asked for where a coordinator has translated it, else as written"
    )
    language: str = Field(description="The language of `text`")
    original_text: str = Field(description="As its author wrote it")
    original_language: str = Field(description="The language its author wrote it in")
    is_seed: bool


class VoteIn(Schema):
    statement_id: int = Field(ge=1, le=2**63 - 1)
    value: int = Field(ge=-1, le=1, description="1 agree, -1 disagree, 0 pass")


class VoteOut(Schema):
    statement_id: int
    value: int
    changed_at: datetime


class MapOut(Schema):
    computed_at: datetime
    participant_count: int
    vote_count: int
    groups: dict[str, int]
    representative: dict
    consensus: dict


@router.get("/conversations", response=list[ConversationOut], auth=anyone, summary="Every conversation")
def list_conversations(request):
    return Conversation.objects.select_related("place")


@router.get(
    "/conversations/{slug:slug}",
    response=ConversationOut,
    auth=anyone,
    summary="One conversation, with whether it is open",
)
def get_conversation(request, slug: str):
    return get_object_or_404(Conversation.objects.select_related("place"), slug=slug)


@router.get(
    "/conversations/{slug:slug}/statements",
    response=list[StatementOut],
    auth=anyone,
    summary="Statements shown in a conversation",
)
def list_statements(request, slug: str, language: str | None = Query(None, max_length=15)):
    """`language` (a code such as "ur") gives each statement in that language where it has been
    translated; without it, the language the page would use for this request."""
    if language is not None and language not in dict(reading_languages()):
        raise HttpError(422, "Ostrom does not offer this language")
    conversation = get_object_or_404(Conversation, slug=slug)
    statements = list(conversation.statements.shown())
    items = [translations.statement_item(statement) for statement in statements]
    reading = reading_in(language, items) if language else reading_for(request, items)
    rows = []
    for statement in statements:
        shown = reading.show(statement, "text", language=statement.language)
        rows.append(
            {
                "id": statement.pk,
                "text": shown.text,
                "language": shown.language,
                "original_text": statement.text,
                "original_language": shown.original_language,
                "is_seed": statement.is_seed,
            }
        )
    return rows


@router.get("/conversations/{slug:slug}/votes", response=list[VoteOut], auth=signed_in, summary="Your votes")
def my_votes(request, slug: str):
    conversation = get_object_or_404(Conversation, slug=slug)
    participant = conversation.participants.filter(user=request.auth).first()
    if participant is None:
        return []
    return [
        {"statement_id": v.statement_id, "value": v.value, "changed_at": v.changed_at}
        for v in participant.votes.all()
    ]


@router.put(
    "/conversations/{slug:slug}/votes",
    response=VoteOut,
    auth=signed_in,
    summary="Agree (1), disagree (-1) or pass (0); voting again replaces your vote",
)
def put_vote(request, slug: str, payload: VoteIn):
    ratelimits.check(request, "opinion-vote")
    conversation = get_object_or_404(Conversation, slug=slug)
    statement = get_object_or_404(conversation.statements.shown(), pk=payload.statement_id)
    participant = services.join(conversation=conversation, user=request.auth)
    vote = services.cast_vote(participant=participant, statement=statement, value=payload.value)
    return {"statement_id": vote.statement_id, "value": vote.value, "changed_at": vote.changed_at}


@router.get(
    "/conversations/{slug:slug}/map",
    response=MapOut,
    auth=anyone,
    summary="The opinion map: groups, representative and consensus statements",
)
def get_map(request, slug: str):
    return get_object_or_404(OpinionMapResult, conversation__slug=slug)
