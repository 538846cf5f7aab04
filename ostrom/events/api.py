"""Open Space events: topics proposed on the day, the agenda wall, sessions, actions and the report.

Reads are public. Writes need an account and go through the same services and rules as the pages:
taking part needs checking in on the day; placing topics is for the facilitator and the coordinators."""

from datetime import date, datetime
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema, Status

from ostrom.accounts.api_auth import anyone, signed_in
from ostrom.core import ratelimits
from ostrom.core.validation import LARGEST_ID, Text

from . import presenters, services
from .models import Action, Event

router = Router(tags=["events"])
ON_THE_DAY = "opinion-vote"  # as the pages: everyone in the hall shares one network address
Id = Annotated[int, Path(ge=1, le=LARGEST_ID)]


class EventOut(Schema):
    slug: str
    title: str
    description: str
    place: str = Field(description="The place's code")
    venue_name: str
    venue_address: str
    access_notes: str
    starts_at: datetime
    ends_at: datetime
    host_name: str
    facilitator_name: str
    capacity: int | None
    report_published: bool

    @staticmethod
    def resolve_place(event):
        return event.place.code

    @staticmethod
    def resolve_report_published(event):
        return event.report_is_published


class TopicOut(Schema):
    id: int
    title: str
    proposer_name: str
    leaning: str = Field(description="ourselves, together or for_us: the kind of action it leans to")
    space: str | None
    slot_starts_at: datetime | None

    @staticmethod
    def resolve_space(topic):
        return topic.space.name if topic.space_id else None

    @staticmethod
    def resolve_slot_starts_at(topic):
        return topic.slot.starts_at if topic.slot_id else None


class SpaceOut(Schema):
    id: int
    name: str


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime


class AgendaRowOut(Schema):
    slot: SlotOut
    topics: list[TopicOut | None] = Field(
        description="One per space, in the order of `spaces`; null is empty"
    )


class AgendaOut(Schema):
    spaces: list[SpaceOut]
    rows: list[AgendaRowOut]
    unplaced: list[TopicOut]


class ActionUpdateOut(Schema):
    on: date
    status: str
    text: str


class EventActionOut(Schema):
    id: int
    topic_id: int | None
    text: str
    kind: str = Field(description="ourselves, together or for_us")
    kind_label: str
    owner: str
    status: str
    done_on: date | None
    updates: list[ActionUpdateOut]

    @staticmethod
    def resolve_kind_label(action):
        return str(action.get_kind_display())

    @staticmethod
    def resolve_updates(action):
        return list(action.updates.all())


class HighlightOut(Schema):
    id: int
    text: str


class EventSessionOut(Schema):
    topic: TopicOut
    going: int
    highlights: list[HighlightOut]
    actions: list[EventActionOut]


class TopicIn(Schema):
    title: Text(120)
    proposer_name: Text(80)
    leaning: Text(12)


class TopicPlaceIn(Schema):
    space_id: int | None = Field(
        None, ge=1, le=LARGEST_ID, description="null (with slot_id) takes it off the wall"
    )
    slot_id: int | None = Field(None, ge=1, le=LARGEST_ID)


class HighlightIn(Schema):
    text: Text(500)


class EventActionIn(Schema):
    text: Text(300)
    kind: Text(12) = Field(description="ourselves, together or for_us")
    owner: Text(120) = ""


class ActionUpdateIn(Schema):
    text: Text(500)
    status: Text(12) = Field(description="open, under_way or done")
    on: date | None = None


def _event(slug) -> Event:
    return get_object_or_404(Event.objects.select_related("place"), slug=slug)


def _participant(request, event):
    return event.participants.filter(user=request.auth).first()


@router.get("/events", response=list[EventOut], auth=anyone, summary="Every Open Space event")
def list_events(request):
    return Event.objects.select_related("place")


@router.get("/events/{slug:slug}", response=EventOut, auth=anyone, summary="One Open Space event")
def get_event(request, slug: str):
    return _event(slug)


@router.get("/events/{slug:slug}/topics", response=list[TopicOut], auth=anyone, summary="The topics proposed")
def list_topics(request, slug: str):
    return _event(slug).topics.select_related("space", "slot")


@router.post(
    "/events/{slug:slug}/topics",
    response={201: TopicOut},
    auth=signed_in,
    summary="Propose a topic (checked in on the day, the facilitator or a coordinator)",
)
def propose_topic(request, slug: str, payload: TopicIn):
    ratelimits.check(request, ON_THE_DAY)
    event = _event(slug)
    topic = services.propose_topic(
        event=event, user=request.auth, participant=_participant(request, event), **payload.dict()
    )
    return Status(201, topic)


@router.get("/events/{slug:slug}/agenda", response=AgendaOut, auth=anyone, summary="The agenda wall")
def get_agenda(request, slug: str):
    wall = presenters.wall(_event(slug))
    return {
        "spaces": wall.spaces,
        "rows": [{"slot": row.slot, "topics": row.cells} for row in wall.rows],
        "unplaced": wall.unplaced,
    }


@router.put(
    "/events/{slug:slug}/topics/{topic_id}/place",
    response=TopicOut,
    auth=signed_in,
    summary="Put a topic on the wall, move it, or take it off (the facilitator and coordinators)",
)
def place_topic(request, slug: str, topic_id: Id, payload: TopicPlaceIn):
    event = _event(slug)
    topic = get_object_or_404(event.topics, pk=topic_id)
    space = get_object_or_404(event.spaces, pk=payload.space_id) if payload.space_id else None
    slot = get_object_or_404(event.slots, pk=payload.slot_id) if payload.slot_id else None
    return services.place_topic(by=request.auth, topic=topic, space=space, slot=slot)


@router.get(
    "/events/{slug:slug}/sessions/{topic_id}",
    response=EventSessionOut,
    auth=anyone,
    summary="A session: its topic, how many are going, highlights and actions",
)
def get_session(request, slug: str, topic_id: Id):
    topic = get_object_or_404(_event(slug).topics.select_related("space", "slot"), pk=topic_id)
    return {
        "topic": topic,
        "going": topic.goings.count(),
        "highlights": list(topic.highlights.all()),
        "actions": list(topic.actions.prefetch_related("updates")),
    }


@router.post(
    "/events/{slug:slug}/sessions/{topic_id}/highlights",
    response={201: HighlightOut},
    auth=signed_in,
    summary="Record a highlight of a session",
)
def add_highlight(request, slug: str, payload: HighlightIn, topic_id: Id):
    ratelimits.check(request, ON_THE_DAY)
    event = _event(slug)
    topic = get_object_or_404(event.topics, pk=topic_id)
    highlight = services.record_highlight(
        topic=topic, user=request.auth, participant=_participant(request, event), text=payload.text
    )
    return Status(201, highlight)


@router.post(
    "/events/{slug:slug}/sessions/{topic_id}/actions",
    response={201: EventActionOut},
    auth=signed_in,
    summary="Record an action of a session, as one of the three kinds",
)
def add_action(request, slug: str, payload: EventActionIn, topic_id: Id):
    ratelimits.check(request, ON_THE_DAY)
    event = _event(slug)
    topic = get_object_or_404(event.topics, pk=topic_id)
    action = services.record_action(
        event=event,
        topic=topic,
        user=request.auth,
        participant=_participant(request, event),
        **payload.dict(),
    )
    return Status(201, action)


@router.get(
    "/events/{slug:slug}/actions",
    response=list[EventActionOut],
    auth=anyone,
    summary="Every action, with updates",
)
def list_actions(request, slug: str):
    return _event(slug).actions.prefetch_related("updates")


@router.post(
    "/events/{slug:slug}/actions/{action_id}/updates",
    response={201: EventActionOut},
    auth=signed_in,
    summary="A dated update on an action (the event's coordinators)",
)
def update_action(request, slug: str, payload: ActionUpdateIn, action_id: Id):
    event = _event(slug)
    action = get_object_or_404(Action.objects.filter(event=event), pk=action_id)
    services.update_action(by=request.auth, action=action, **payload.dict())
    action.refresh_from_db()
    return Status(201, action)
