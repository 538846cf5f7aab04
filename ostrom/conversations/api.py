from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core import ratelimits

from . import services
from .models import Conversation, OpinionMapResult

router = Router(tags=["conversations"])


class StatementOut(Schema):
    id: int
    text: str
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


@router.get(
    "/conversations/{slug:slug}/statements",
    response=list[StatementOut],
    auth=anyone,
    summary="Statements shown in a conversation",
)
def list_statements(request, slug: str):
    return get_object_or_404(Conversation, slug=slug).statements.shown()


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
