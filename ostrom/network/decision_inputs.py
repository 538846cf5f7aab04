"""What the collective gives a decision to cite: the minutes of a subgroup's meeting."""

from collections.abc import Sequence

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from ostrom.decisions.inputs import InputItem, InputKind, Participation
from ostrom.places.models import Place

from .models import Attendance, Meeting

LONGEST_QUOTE = 1500


def _minuted():
    return Meeting.objects.exclude(minutes="").filter(starts_at__lt=timezone.now()).select_related("subgroup")


def _item(meeting: Meeting) -> InputItem:
    minutes = meeting.minutes.strip()
    if len(minutes) > LONGEST_QUOTE:
        minutes = minutes[:LONGEST_QUOTE].rsplit(" ", 1)[0] + " …"
    day = date_format(timezone.localtime(meeting.starts_at), "j F Y")
    return InputItem(
        object_id=meeting.pk,
        title=f"{meeting.subgroup.name}: {meeting.title}, {day}",
        quote=minutes,
        url=meeting.get_absolute_url(),
        source=gettext("Minutes of the %(subgroup)s subgroup's meeting “%(meeting)s”, %(day)s")
        % {"subgroup": meeting.subgroup.name, "meeting": meeting.title, "day": day},
    )


def candidates(places: Sequence[Place]):
    inside = Q(place=None)
    for place in places:
        inside |= Q(place__in=Place.objects.within(place))
    return [_item(meeting) for meeting in _minuted().filter(inside).order_by("-starts_at")]


def item(object_id: int) -> InputItem | None:
    meeting = _minuted().filter(pk=object_id).first()
    return _item(meeting) if meeting else None


def participation(object_ids: Sequence[int]) -> Participation:
    user_ids = Attendance.objects.filter(meeting__in=object_ids).values_list("user_id", flat=True)
    return Participation(user_ids=frozenset(user_ids))


MEETING_MINUTES = InputKind(
    key="network.meeting",
    label=gettext_lazy("Minutes of a subgroup meeting"),
    candidates=candidates,
    item=item,
    participation=participation,
)
