"""The demo's one "today". Every date and time the story writes hangs from it, so what is past is past and
what is open is open on the day the demo is loaded, and two loads as of the same day write the same
story. `seed_demo --today 2029-01-03` loads it as of another day."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

SEASONS = (
    {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}
    | {month: "summer" for month in (6, 7, 8)}
    | {month: "autumn" for month in (9, 10, 11)}
)


@dataclass(frozen=True)
class Clock:
    today: date

    @classmethod
    def of(cls, today: date | None = None) -> "Clock":
        """The clock of the given day, or of today's local date."""
        return cls(today or timezone.localdate())

    @property
    def now(self) -> datetime:
        """The story's "now": the first moment of its day, so nothing the story writes "now" is later
        than the moment it is loaded."""
        return self.at(0, hour=0)

    def day(self, days: int) -> date:
        """The day `days` from today (negative: in the past)."""
        return self.today + timedelta(days=days)

    def at(self, days: int | date, *, hour: int, minute: int = 0) -> datetime:
        """A moment, in the local time zone, on the day `days` from today (or on that date)."""
        day = days if isinstance(days, date) else self.day(days)
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def season_of(day: date) -> str:
    """How a survey round is named, like "winter 2026": the season of the day, and its year."""
    return f"{SEASONS[day.month]} {day.year}"
