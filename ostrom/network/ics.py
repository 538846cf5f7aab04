"""A meeting as an iCalendar (RFC 5545) entry, to add to any calendar application."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting


def meeting_calendar(meeting: Meeting, *, page_url: str, online_url: str, domain: str) -> bytes:
    """One event: times in UTC (calendar applications show them in the reader's own time zone), a UID
    that stays the same on every download so a second import updates the entry instead of adding
    another, and the online link only when the person asking may have it (`online_url`, else "")."""
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("summary", meeting.title)
    location = meeting.location or ("Online" if online_url else "")
    if location:
        event.add("location", location)
    event.add("url", page_url)
    description = [f"A meeting of the {meeting.subgroup.name} subgroup.", f"Details: {page_url}"]
    if online_url:
        description.insert(1, f"Join online: {online_url}")
    if meeting.agenda:
        description.append(f"Agenda:\n{meeting.agenda}")
    event.add("description", "\n\n".join(description))

    calendar = Calendar()
    calendar.add("prodid", "-//Ostrom//Meetings of the collective//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
