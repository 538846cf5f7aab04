"""When something is open to people: not yet open, open, or closed, always with the date that matters.

A round's applications, an assembly's registration and a conversation each have a window. Pages, forms
and the API describe it the same way, so a person is never told "closed" about something that has not
opened yet. Dates (a registration that closes at the end of a day) and datetimes both work.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from ninja import Field, Schema


class State(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


LABEL = {
    State.NOT_YET_OPEN: gettext_lazy("Not open yet"),
    State.OPEN: gettext_lazy("Open"),
    State.CLOSED: gettext_lazy("Closed"),
}
TAG_COLOUR = {State.NOT_YET_OPEN: "blue", State.OPEN: "green", State.CLOSED: "grey"}


@dataclass(frozen=True)
class Window:
    """What is open (`what`, such as "Applications") from `opens` until `closes` (either may be None:
    open from the start, or with no end). A date means the whole day: opens at its start, closes at its end."""

    what: str
    opens: date | datetime | None
    closes: date | datetime | None
    plural: bool = True  # "Applications are open", "Registration is open"

    @property
    def opens_at(self) -> datetime | None:
        return _moment(self.opens, end_of_day=False)

    @property
    def closes_at(self) -> datetime | None:
        return _moment(self.closes, end_of_day=True)

    def state_at(self, moment: datetime) -> State:
        if self.opens_at is not None and moment < self.opens_at:
            return State.NOT_YET_OPEN
        if self.closes_at is not None and moment >= self.closes_at:
            return State.CLOSED
        return State.OPEN

    @property
    def state(self) -> State:
        return self.state_at(timezone.now())

    @property
    def is_open(self) -> bool:
        return self.state == State.OPEN

    @property
    def label(self) -> str:
        return LABEL[self.state]

    @property
    def tag_colour(self) -> str:
        return TAG_COLOUR[self.state]

    @property
    def text(self) -> str:
        """One plain sentence: "Applications open on 1 March 2026.", "… are open until 31 March 2026.",
        "… closed on 31 March 2026." For a window given as datetimes the time is said too: "… opens at
        5:30pm on 9 December 2026."."""
        state = self.state
        if state == State.NOT_YET_OPEN:
            text = gettext("%(what)s open %(when)s.") if self.plural else gettext("%(what)s opens %(when)s.")
            return text % {"what": self.what, "when": _at(self.opens)}
        if state == State.OPEN:
            if self.closes:
                text = (
                    gettext("%(what)s are open until %(when)s.")
                    if self.plural
                    else gettext("%(what)s is open until %(when)s.")
                )
                return text % {"what": self.what, "when": _when(self.closes)}
            text = gettext("%(what)s are open.") if self.plural else gettext("%(what)s is open.")
            return text % {"what": self.what}
        return gettext("%(what)s closed %(when)s.") % {"what": self.what, "when": _at(self.closes)}

    def as_dict(self) -> dict:
        """For the API: the state, the sentence and both moments."""
        return {
            "state": str(self.state),
            "text": self.text,
            "opens_at": self.opens_at,
            "closes_at": self.closes_at,
        }


def _moment(value: date | datetime | None, *, end_of_day: bool) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    day = value + timedelta(days=1) if end_of_day else value
    return timezone.make_aware(datetime.combine(day, time.min))


def _at(value: date | datetime) -> str:
    """ "on 9 December 2026", or "at 5:30pm on 9 December 2026" for a moment within the day."""
    if isinstance(value, datetime) and timezone.localtime(value).time() != time.min:
        return gettext("at %(when)s") % {"when": _when(value)}
    return gettext("on %(date)s") % {"date": _when(value)}


def _when(value: date | datetime) -> str:
    if isinstance(value, datetime):
        moment = timezone.localtime(value)
        if moment.time() == time.min:
            return date_format(moment, "j F Y")
        return gettext("%(time)s on %(date)s") % {
            "time": moment.strftime("%-I:%M%p").lower(),
            "date": date_format(moment, "j F Y"),
        }
    return date_format(value, "j F Y")


class WindowOut(Schema):
    """The API's description of a window: build it with `WindowOut(**window.as_dict())`."""

    state: str = Field(description="not_yet_open, open or closed")
    text: str
    opens_at: datetime | None
    closes_at: datetime | None
