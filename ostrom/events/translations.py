"""What of an Open Space event can be translated: its theme (the title), what it is about, and the access
notes, as the event's page shows them to people deciding whether to come."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ostrom.translations.registry import DocumentKind, Item

from .models import Event


def theme_item(event: Event) -> Item:
    return Item(event, "title", _("Theme"))


def list_items(events) -> list[Item]:
    """What the list of events reads: each one's theme."""
    return [theme_item(event) for event in events]


def items(event: Event) -> list[Item]:
    found = [
        theme_item(event),
        Item(event, "description", _("What it is about"), long=True),
        Item(event, "access_notes", _("Access"), long=True),
    ]
    return [item for item in found if item.original]


EVENT = DocumentKind(
    key="events.event",
    label=_("Open Space event"),
    model=Event,
    items=items,
    places=lambda event: [event.place],
    reader_url=lambda event: event.get_absolute_url(),
    current=lambda: (
        Event.objects.filter(ends_at__gt=timezone.now()).select_related("place").order_by("starts_at")
    ),
)
