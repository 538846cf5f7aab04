"""Every write to an Open Space event: setting it up, signing up and checking in, topics and the agenda
wall, sessions, highlights, actions and their updates, the closing circle and publishing the report."""

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.slugs import unique_slug
from ostrom.core.validation import check_text, raise_problems

from .models import (
    Action,
    ActionKind,
    ActionUpdate,
    Event,
    Going,
    Highlight,
    Impression,
    Participant,
    Slot,
    Space,
    Topic,
    hash_key,
    new_check_in_token,
)

ONLY_RUNNERS = gettext_lazy("Only the event's coordinators can do this")
ONLY_PLACERS = gettext_lazy("Only the facilitator and the event's coordinators can put topics on the wall")
CHECK_IN_FIRST = gettext_lazy(
    "Check in first: scan the QR code on the wall, or ask someone at the welcome desk"
)
CHOOSE_KIND = gettext_lazy("Choose which of the three kinds of action this is")
WRONG_CHECK_IN_LINK = gettext_lazy("This check-in link is not right. Scan the QR code on the wall again")


def _text(problems, field, value, limit, required=None):
    check_text(problems, field, value, max_length=limit, required=required)
    return value.strip() if isinstance(value, str) else value


def _limit(model, field):
    return model._meta.get_field(field).max_length or 2000


# Setting up -----------------------------------------------------------------------------------


@transaction.atomic
def create_event(
    *,
    coordinator,
    title: str,
    place,
    venue_name: str,
    starts_at: datetime,
    ends_at: datetime,
    spaces: Sequence[str],
    slots: Sequence[tuple[datetime, datetime]],
    description: str = "",
    venue_address: str = "",
    access_notes: str = "",
    host_name: str = "",
    facilitator_name: str = "",
    host=None,
    facilitator=None,
    capacity: int | None = None,
) -> Event:
    permissions.ensure(
        place is not None and permissions.can_coordinate(coordinator, places=[place]),
        gettext("You can only set up an event for a place you coordinate"),
    )
    problems: dict = {}
    title = _text(problems, "title", title, _limit(Event, "title"), gettext("Enter the theme of the event"))
    venue_name = _text(
        problems, "venue_name", venue_name, _limit(Event, "venue_name"), gettext("Enter where it is held")
    )
    venue_address = _text(problems, "venue_address", venue_address, _limit(Event, "venue_address"))
    description = _text(problems, "description", description, 4000)
    access_notes = _text(problems, "access_notes", access_notes, 4000)
    host_name = _text(problems, "host_name", host_name, _limit(Event, "host_name"))
    facilitator_name = _text(
        problems, "facilitator_name", facilitator_name, _limit(Event, "facilitator_name")
    )
    if capacity is not None and (type(capacity) is not int or not 1 <= capacity <= 100_000):
        problems["capacity"] = gettext("Enter how many people the venue holds, like 80")
    if not isinstance(starts_at, datetime) or not isinstance(ends_at, datetime) or ends_at <= starts_at:
        problems["ends_at"] = gettext("The event must end after it starts")
    names = [name.strip() for name in spaces if isinstance(name, str) and name.strip()]
    if not names or len(names) != len(list(spaces)):
        problems["spaces"] = gettext("Name each space (a room or a corner of the hall), one per line")
    elif len({name.lower() for name in names}) != len(names):
        problems["spaces"] = gettext("Give each space a different name")
    elif any(len(name) > _limit(Space, "name") for name in names) or len(names) > 30:
        problems["spaces"] = gettext("Use at most 30 spaces, each named in 80 characters or fewer")
    if not slots or len(slots) > 30:
        problems["slots"] = gettext("Give the time slots, one per line, like 11:00-11:45")
    elif any(end <= start for start, end in slots):
        problems["slots"] = gettext("Each time slot must end after it starts")
    elif len({start for start, _ in slots}) != len(slots):
        problems["slots"] = gettext("Each time slot must start at a different time")
    raise_problems(problems)
    event = Event.objects.create(
        title=title,
        slug=unique_slug(Event, title, fallback="open-space"),
        description=description,
        venue_name=venue_name,
        venue_address=venue_address,
        access_notes=access_notes,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        host=host,
        facilitator=facilitator,
        host_name=host_name or (host.display_name if host else ""),
        facilitator_name=facilitator_name or (facilitator.display_name if facilitator else ""),
        capacity=capacity,
        created_by=coordinator,
    )
    Space.objects.bulk_create(Space(event=event, name=name, order=n) for n, name in enumerate(names))
    Slot.objects.bulk_create(
        Slot(event=event, starts_at=start, ends_at=end, order=n)
        for n, (start, end) in enumerate(sorted(slots))
    )
    audit.record(actor=coordinator, action="event.created", target=event)
    return event


@transaction.atomic
def renew_check_in_link(*, by, event: Event) -> Event:
    """A new secret for the check-in link and QR code, if the old one got out (a photo of the wall posted
    online): the old link stops working; people already checked in stay checked in."""
    permissions.ensure(permissions.can_run_event(by, event), str(ONLY_RUNNERS))
    event.check_in_token = new_check_in_token()
    event.save(update_fields=["check_in_token"])
    audit.record(actor=by, action="event.check_in_link_renewed", target=event)
    return event


# Taking part ----------------------------------------------------------------------------------


def new_browser_key() -> str:
    return secrets.token_urlsafe(24)


def _person_details(problems, name, access_needs, interpreting):
    name = _text(
        problems, "name", name, _limit(Participant, "name"), gettext("Enter your first name or initials")
    )
    access_needs = _text(problems, "access_needs", access_needs, 1000)
    interpreting = _text(problems, "interpreting", interpreting, _limit(Participant, "interpreting"))
    return name, access_needs, interpreting


def _find_or_make(event, lookup, defaults) -> tuple[Participant, bool]:
    try:
        with transaction.atomic():
            return Participant.objects.get_or_create(event=event, **lookup, defaults=defaults)
    except IntegrityError:  # the same person in two tabs at once: the other request made it
        return Participant.objects.get(event=event, **lookup), False


def _lookup(user, key):
    if user is not None and user.is_authenticated:
        return {"user": user}
    if key:
        return {"key_hash": hash_key(key)}
    raise permissions.NotAllowed(
        gettext("Your browser did not keep our cookie. Allow cookies for this site and try again")
    )


@transaction.atomic
def sign_up(
    *,
    event: Event,
    user=None,
    key: str | None = None,
    name: str,
    access_needs: str = "",
    interpreting: str = "",
) -> Participant:
    """Say you are coming, with what you need to take part. Signing up again changes the details."""
    problems: dict = {}
    name, access_needs, interpreting = _person_details(problems, name, access_needs, interpreting)
    raise_problems(problems)
    if event.has_finished:
        raise ValidationError(gettext("This event has finished"))
    # Lock the event so two sign-ups for the last place cannot both get it.
    Event.objects.select_for_update().filter(pk=event.pk).first()
    participant, _ = _find_or_make(event, _lookup(user, key), {"name": name})
    if participant.signed_up_at is None:
        if event.capacity is not None and event.participants.signed_up().count() >= event.capacity:
            raise ValidationError(
                gettext("The event is full. You can still come on the day if there is room")
            )
        participant.signed_up_at = timezone.now()
    participant.name, participant.access_needs, participant.interpreting = name, access_needs, interpreting
    participant.save()
    audit.record(actor=user, action="event.signed_up", target=event)
    return participant


def token_is_right(event: Event, token) -> bool:
    return (
        isinstance(token, str)
        and bool(event.check_in_token)
        and secrets.compare_digest(token.encode(), event.check_in_token.encode())
    )


@transaction.atomic
def check_in(
    *,
    event: Event,
    token: str,
    user=None,
    key: str | None = None,
    name: str = "",
    access_needs: str = "",
    interpreting: str = "",
) -> Participant:
    """Check in from the QR code on the wall: with an account, or with a name (the browser remembers)."""
    permissions.ensure(token_is_right(event, token), str(WRONG_CHECK_IN_LINK))
    signed_in = user is not None and user.is_authenticated
    if signed_in and not name:
        name = user.display_name.split(" ")[0]
    problems: dict = {}
    name, access_needs, interpreting = _person_details(problems, name, access_needs, interpreting)
    raise_problems(problems)
    participant, made = _find_or_make(event, _lookup(user, key), {"name": name})
    if not made:
        participant.name = name
    participant.access_needs = access_needs or participant.access_needs
    participant.interpreting = interpreting or participant.interpreting
    participant.checked_in_at = participant.checked_in_at or timezone.now()
    participant.save()
    audit.record(actor=user, action="event.checked_in", target=event)
    return participant


@transaction.atomic
def tick_in(*, by, participant: Participant, present: bool = True) -> Participant:
    """A coordinator ticks someone who signed up in (or out, if ticked by mistake)."""
    permissions.ensure(permissions.can_run_event(by, participant.event), str(ONLY_RUNNERS))
    participant.checked_in_at = (participant.checked_in_at or timezone.now()) if present else None
    participant.save(update_fields=["checked_in_at"])
    audit.record(
        actor=by, action="event.ticked_in" if present else "event.ticked_out", target=participant.event
    )
    return participant


@transaction.atomic
def add_walk_in(
    *, by, event: Event, name: str, access_needs: str = "", interpreting: str = ""
) -> Participant:
    """Someone who came without signing up and without a phone: a coordinator adds them by name."""
    permissions.ensure(permissions.can_run_event(by, event), str(ONLY_RUNNERS))
    problems: dict = {}
    name, access_needs, interpreting = _person_details(problems, name, access_needs, interpreting)
    raise_problems(problems)
    participant = Participant.objects.create(
        event=event,
        name=name,
        access_needs=access_needs,
        interpreting=interpreting,
        checked_in_at=timezone.now(),
    )
    audit.record(actor=by, action="event.walk_in_added", target=event)
    return participant


def _ensure_taking_part(user, event, participant):
    permissions.ensure(
        permissions.can_take_part_in_event(user, event, participant=participant), str(CHECK_IN_FIRST)
    )


# Topics and the wall --------------------------------------------------------------------------


@transaction.atomic
def propose_topic(
    *, event: Event, user=None, participant: Participant | None, title: str, proposer_name: str, leaning: str
) -> Topic:
    _ensure_taking_part(user, event, participant)
    problems: dict = {}
    title = _text(problems, "title", title, _limit(Topic, "title"), gettext("Enter your topic"))
    proposer_name = _text(
        problems,
        "proposer_name",
        proposer_name,
        _limit(Topic, "proposer_name"),
        gettext("Enter your first name or initials"),
    )
    if leaning not in ActionKind.values:
        problems["leaning"] = gettext("Choose which of the three kinds your topic leans to")
    raise_problems(problems)
    if event.topics.filter(title__iexact=title).exists():
        raise ValidationError(
            {
                "title": gettext(
                    "“%(title)s” is already a topic. Join that session, or word yours differently"
                )
                % {"title": title}
            }
        )
    topic = Topic.objects.create(
        event=event, title=title, proposer=participant, proposer_name=proposer_name, leaning=leaning
    )
    audit.record(actor=user, action="topic.created", target=topic)
    return topic


class Clash(ValidationError):
    """The place on the wall is taken. The message names the space, the slot and the topic there."""


def _clash_message(space: Space, slot: Slot, holder: Topic | None) -> str:
    if holder:
        return gettext("%(space)s at %(slot)s already has “%(topic)s”") % {
            "space": space.name,
            "slot": slot,
            "topic": holder.title,
        }
    return gettext("%(space)s at %(slot)s already has another topic") % {"space": space.name, "slot": slot}


@transaction.atomic
def place_topic(*, by, topic: Topic, space: Space | None, slot: Slot | None) -> Topic:
    """Put a topic on the wall, move it, or (with neither space nor slot) take it off. A place already
    taken is refused with the clash named; the database's unique constraint decides between two
    facilitators placing at the same moment."""
    event = topic.event
    permissions.ensure(permissions.can_place_topics(by, event), str(ONLY_PLACERS))
    if (space is None) != (slot is None):
        raise ValidationError(
            {"space" if space is None else "slot": gettext("Choose both a space and a time slot")}
        )
    if space is not None and (space.event_id != event.pk or slot.event_id != event.pk):
        raise ValidationError({"space": gettext("Choose a space and a time slot of this event")})
    before = (topic.space_id, topic.slot_id)
    if space is not None:
        holder = event.topics.filter(space=space, slot=slot).exclude(pk=topic.pk).first()
        if holder is not None:
            raise Clash(_clash_message(space, slot, holder))
    topic.space, topic.slot = space, slot
    try:
        with transaction.atomic():
            topic.save(update_fields=["space", "slot"])
    except IntegrityError:
        holder = event.topics.filter(space=space, slot=slot).exclude(pk=topic.pk).first()
        raise Clash(_clash_message(space, slot, holder)) from None
    audit.record(
        actor=by,
        action="topic.placed" if space else "topic.taken_off_the_wall",
        target=topic,
        changes={"place": (before, (topic.space_id, topic.slot_id))},
    )
    return topic


@transaction.atomic
def mark_going(*, participant: Participant, topic: Topic, going: bool = True) -> bool:
    """Say you are going to a session (or no longer). Only people checked in; saying it twice is once."""
    permissions.ensure(participant is not None and participant.is_checked_in, str(CHECK_IN_FIRST))
    if topic.event_id != participant.event_id:
        raise ValidationError({"topic": gettext("Choose a session of this event")})
    if going:
        try:
            with transaction.atomic():
                Going.objects.get_or_create(participant=participant, topic=topic)
        except IntegrityError:
            pass
    else:
        Going.objects.filter(participant=participant, topic=topic).delete()
    return going


# Sessions: highlights, actions, the closing circle ---------------------------------------------


@transaction.atomic
def record_highlight(*, topic: Topic, user=None, participant: Participant | None, text: str) -> Highlight:
    _ensure_taking_part(user, topic.event, participant)
    problems: dict = {}
    text = _text(problems, "text", text, _limit(Highlight, "text"), gettext("Write the highlight"))
    raise_problems(problems)
    highlight = Highlight.objects.create(topic=topic, text=text, recorded_by=participant)
    audit.record(actor=user, action="highlight.created", target=highlight)
    return highlight


@transaction.atomic
def record_action(
    *,
    event: Event,
    topic: Topic | None = None,
    user=None,
    participant: Participant | None,
    text: str,
    kind: str,
    owner: str = "",
) -> Action:
    """An idea for action from a session, typed as one of the three kinds, with an owner where there is one."""
    _ensure_taking_part(user, event, participant)
    if topic is not None and topic.event_id != event.pk:
        raise ValidationError({"topic": gettext("Choose a session of this event")})
    problems: dict = {}
    text = _text(problems, "text", text, _limit(Action, "text"), gettext("Write the action"))
    owner = _text(problems, "owner", owner, _limit(Action, "owner"))
    if kind not in ActionKind.values:
        problems["kind"] = str(CHOOSE_KIND)
    raise_problems(problems)
    action = Action.objects.create(
        event=event, topic=topic, text=text, kind=kind, owner=owner, recorded_by=participant
    )
    audit.record(actor=user, action="event_action.created", target=action)
    return action


@transaction.atomic
def update_action(*, by, action: Action, text: str, status: str, on: date | None = None) -> ActionUpdate:
    """A dated update on an action, moving it on (or to done)."""
    permissions.ensure(permissions.can_run_event(by, action.event), str(ONLY_RUNNERS))
    problems: dict = {}
    text = _text(problems, "text", text, _limit(ActionUpdate, "text"), gettext("Say what has happened"))
    if status not in Action.Status.values:
        problems["status"] = gettext("Choose where the action is now")
    on = on or timezone.localdate()
    if not isinstance(on, date) or on > timezone.localdate():
        problems["on"] = gettext("The date of the update must be today or in the past")
    raise_problems(problems)
    update = ActionUpdate.objects.create(action=action, on=on, text=text, status=status, recorded_by=by)
    before = action.status
    action.status = status
    action.done_on = on if status == Action.Status.DONE else None
    action.save(update_fields=["status", "done_on"])
    audit.record(
        actor=by,
        action="event_action.updated",
        target=action,
        changes={"status": (before, status)},
        note=text,
    )
    return update


@transaction.atomic
def add_impression(
    *, event: Event, user=None, participant: Participant | None, text: str, name: str = ""
) -> Impression:
    _ensure_taking_part(user, event, participant)
    problems: dict = {}
    text = _text(problems, "text", text, _limit(Impression, "text"), gettext("Write what you want to say"))
    name = _text(problems, "name", name, _limit(Impression, "name"))
    raise_problems(problems)
    impression = Impression.objects.create(event=event, text=text, name=name, recorded_by=participant)
    audit.record(actor=user, action="impression.created", target=impression)
    return impression


@transaction.atomic
def publish_report(*, by, event: Event, published: bool = True) -> Event:
    permissions.ensure(permissions.can_run_event(by, event), str(ONLY_RUNNERS))
    before = event.report_published_at
    event.report_published_at = (before or timezone.now()) if published else None
    event.save(update_fields=["report_published_at"])
    audit.record(
        actor=by,
        action="event.report_published" if published else "event.report_withdrawn",
        target=event,
        changes={"report_published_at": (before, event.report_published_at)},
    )
    return event


# Personal data --------------------------------------------------------------------------------


def personal_data_of(user) -> dict:
    participations = user.event_participations.select_related("event")
    return {
        "open_space_events": [
            {
                "event": p.event.title,
                "date": p.event.starts_at.date().isoformat(),
                "name_shown": p.name,
                "access_needs": p.access_needs,
                "interpreting": p.interpreting,
                "signed_up_at": p.signed_up_at.isoformat() if p.signed_up_at else None,
                "checked_in_at": p.checked_in_at.isoformat() if p.checked_in_at else None,
                "topics_proposed": [t.title for t in p.topics.all()],
                "impressions": [i.text for i in p.impressions.all()],
            }
            for p in participations
        ]
    }


def erase_personal_data_of(user) -> None:
    """Their participations stay, attached to the anonymised account (so counts and reach hold), with no
    name or needs; topics they proposed no longer show their name; records of what they did as a host,
    facilitator or coordinator no longer point at them."""
    participations = Participant.objects.filter(user=user)
    Topic.objects.filter(proposer__in=participations).update(proposer_name="Someone")
    Impression.objects.filter(recorded_by__in=participations).update(name="")
    participations.update(name="Someone", access_needs="", interpreting="", key_hash=None)
    ActionUpdate.objects.filter(recorded_by=user).update(recorded_by=None)
    Event.objects.filter(host=user).update(host=None)
    Event.objects.filter(facilitator=user).update(facilitator=None)
    Event.objects.filter(created_by=user).update(created_by=None)
