"""Display shaping for Open Space pages: the wall as rows of cells, and the report's sections."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext, ngettext

from ostrom.accounts.selectors import DIMENSIONS, breakdown_people

from .models import Action, ActionKind, Event, Participant, Topic


@dataclass(frozen=True)
class WallRow:
    slot: object
    cells: list  # a Topic, or None for an empty place on the wall


@dataclass(frozen=True)
class Wall:
    spaces: list
    rows: list[WallRow]
    unplaced: list[Topic]
    empty_count: int

    @property
    def empty_text(self) -> str:
        return ngettext(
            "%(count)d place on the wall is empty.",
            "%(count)d places on the wall are empty.",
            self.empty_count,
        ) % {"count": self.empty_count}


def wall(event: Event) -> Wall:
    spaces = list(event.spaces.all())
    slots = list(event.slots.all())
    topics = list(event.topics.all())
    at = {(topic.space_id, topic.slot_id): topic for topic in topics if topic.is_placed}
    rows = [WallRow(slot, [at.get((space.pk, slot.pk)) for space in spaces]) for slot in slots]
    empty = sum(cell is None for row in rows for cell in row.cells)
    return Wall(spaces, rows, [topic for topic in topics if not topic.is_placed], empty)


@dataclass(frozen=True)
class KindGroup:
    kind: str
    label: str
    actions: list[Action]


def actions_by_kind(actions) -> list[KindGroup]:
    actions = list(actions)
    return [
        KindGroup(kind, label, [action for action in actions if action.kind == kind])
        for kind, label in ActionKind.choices
    ]


@dataclass(frozen=True)
class TopicNotes:
    topic: Topic
    highlights: list
    going: int


@dataclass
class Report:
    event: Event
    topics: list[TopicNotes]
    kinds: list[KindGroup]
    impressions: list
    came: int
    came_with_account: int
    action_count: int
    done_count: int
    breakdowns: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        people = ngettext("%(n)d person came", "%(n)d people came", self.came) % {"n": self.came}
        topics = ngettext("%(n)d topic", "%(n)d topics", len(self.topics)) % {"n": len(self.topics)}
        actions = ngettext("%(n)d action", "%(n)d actions", self.action_count) % {"n": self.action_count}
        return gettext("%(people)s, discussed %(topics)s and agreed %(actions)s (%(done)s done so far).") % {
            "people": people,
            "topics": topics,
            "actions": actions,
            "done": self.done_count,
        }


def report(event: Event, *, with_reach: bool) -> Report:
    topics = (
        event.topics.select_related("space", "slot")
        .prefetch_related("highlights", "goings")
        .order_by("slot__starts_at", "space__order", "created_at")
    )
    actions = list(event.actions.select_related("topic").prefetch_related("updates"))
    came = event.participants.checked_in()
    result = Report(
        event=event,
        topics=[TopicNotes(topic, list(topic.highlights.all()), len(topic.goings.all())) for topic in topics],
        kinds=actions_by_kind(actions),
        impressions=list(event.impressions.all()),
        came=came.count(),
        came_with_account=came.exclude(user=None).count(),
        action_count=len(actions),
        done_count=sum(action.status == Action.Status.DONE for action in actions),
    )
    if with_reach:
        result.breakdowns = who_came(event)
    return result


def who_came(event: Event) -> list:
    """Who came with an account, by ethnic group, IMD decile and age band, against the event's place
    (consented answers only; small counts suppressed by the selector)."""
    users = get_user_model().objects.filter(
        event_participations__in=Participant.objects.checked_in().filter(event=event)
    )
    return [breakdown_people(users, by=dimension, places=[event.place]) for dimension in DIMENSIONS]


def own_events_on_account(user) -> dict | None:
    """The account page's section (accounts.services.register_account_section): the Open Space events the
    person signed up for or came to, newest first; None if there are none."""
    participations = list(user.event_participations.select_related("event").order_by("-event__starts_at"))
    if not participations:
        return None
    return {"participations": participations}
