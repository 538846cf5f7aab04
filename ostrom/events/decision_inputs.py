"""What Open Space events give a decision to cite: an action from a session, with its kind and topic."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Action, Participant


def _published():
    # Only what a published report shows may be cited on the public record.
    return Action.objects.filter(event__report_published_at__isnull=False).select_related("event", "topic")


def _item(action: Action) -> InputItem:
    event = action.event
    day = date_format(timezone.localtime(event.starts_at), "j F Y")
    owner = " " + gettext("(taken forward by %(owner)s)") % {"owner": action.owner} if action.owner else ""
    if action.topic:
        source = gettext("Open Space “%(event)s”, %(day)s, from the session “%(session)s”") % {
            "event": event.title,
            "day": day,
            "session": action.topic.title,
        }
    else:
        source = gettext("Open Space “%(event)s”, %(day)s, from the closing circle") % {
            "event": event.title,
            "day": day,
        }
    return InputItem(
        object_id=action.pk,
        title=f"{action.get_kind_display()}: {action.text}",
        quote=f"{action.text}{owner}",
        url=action.get_absolute_url(),
        source=source,
    )


def candidates(places: Sequence[Place]):
    inside = Q(pk__in=[])
    for place in places:
        inside |= Q(event__place__in=Place.objects.within(place))
    return [_item(action) for action in _published().filter(inside).order_by("-event__starts_at", "pk")]


def item(object_id: int) -> InputItem | None:
    action = _published().filter(pk=object_id).first()
    return _item(action) if action else None


def participation(object_ids: Sequence[int]) -> Participation:
    """Everyone checked in at the events the actions came from: an Open Space's actions are the whole
    room's work. Account holders by id; the others as a number."""
    events = Action.objects.filter(pk__in=object_ids).values_list("event_id", flat=True)
    came = Participant.objects.checked_in().filter(event__in=events)
    return Participation(
        user_ids=frozenset(came.exclude(user=None).values_list("user_id", flat=True)),
        anonymous=came.filter(user=None).count(),
    )


OPEN_SPACE_ACTION = InputKind(
    key="events.action",
    label=gettext_lazy("Open Space action"),
    candidates=candidates,
    item=item,
    participation=participation,
)
