"""Open Space factories, and a ready-made event: Ladywood, 3 spaces × 3 slots, a coordinator and a facilitator."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.events import services
from ostrom.events.models import Event
from tests.factories import PlaceFactory, UserFactory


@dataclass
class OpenSpace:
    event: Event
    coordinator: object
    facilitator: object
    place: object

    def space(self, name):
        return self.event.spaces.get(name=name)

    def slot(self, hhmm):
        return next(slot for slot in self.event.slots.all() if str(slot) == hhmm)

    def check_in(self, name="Amira", *, user=None, key=None):
        return services.check_in(
            event=self.event, token=self.event.check_in_token, user=user, key=key or f"key-{name}", name=name
        )


def day_at(hour, minute=0, days=1) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def open_space(*, capacity=None, days=1) -> OpenSpace:
    place = PlaceFactory(code="E-LADYWOOD", name="Ladywood", kind="locality")
    coordinator = UserFactory(full_name="Lee Ladywood")
    Role.objects.create(user=coordinator, kind=Role.Kind.COORDINATOR, place=place)
    facilitator = UserFactory(full_name="Fola Facilitator")
    event = services.create_event(
        coordinator=coordinator,
        title="What matters to me for my wellbeing living in Ladywood",
        place=place,
        venue_name="Ladywood Community Centre",
        venue_address="Ledsam Street, Birmingham B16 8DN",
        access_notes="Step-free entrance; hearing loop in the main hall",
        starts_at=day_at(10, days=days),
        ends_at=day_at(15, days=days),
        spaces=["Main hall", "Room 2", "Garden room"],
        slots=[(day_at(h, days=days), day_at(h, 45, days=days)) for h in (11, 12, 13)],
        facilitator=facilitator,
        capacity=capacity,
    )
    return OpenSpace(event, coordinator, facilitator, place)
