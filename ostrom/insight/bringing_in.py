"""Bringing the free text already in Ostrom into insight without retyping: survey free-text answers,
Open Space highlights and actions, opinion-map statements and meeting minutes, each keeping a link back
to where it came from. The task runs this (`tasks.bring_in_task`); the service only starts it.

Each comment was said under the part of Ostrom's terms that lets coordinators use it as insight, so it
is kept with consent to use, but it is never published on its own unless a coordinator records the
person's consent to that. Bringing the same thing in twice changes nothing (the `brought_in_once`
constraint)."""

from collections.abc import Callable, Iterator, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.conversations.models import Statement
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.events.models import Action, Highlight
from ostrom.network.models import Meeting
from ostrom.places.models import Place
from ostrom.surveys.models import Answer, Question
from ostrom.translations.selectors import text_in

from .models import Insight

BROUGHT_IN_WORDING = (
    "Said in Ostrom under its terms of use, which let the collective's coordinators use what people say "
    "as insight. Not published on its own unless the person agrees."
)
BATCH = 1000


def _inside(place: Place, field: str) -> Q:
    """In the place or a place inside it; things with no place count as the whole area's."""
    inside = Q(**{f"{field}__in": Place.objects.within(place)})
    return inside | Q(**{f"{field}__isnull": True}) if place.parent_id is None else inside


def _day(moment):
    return timezone.localtime(moment).date()


def _conversation_statements(place) -> Iterator[dict]:
    """Statements shown on the map: moderated out or waiting ones stay out."""
    statements = (
        Statement.objects.shown()
        .filter(_inside(place, "conversation__place"))
        .select_related("conversation", "author")
        .order_by("pk")
    )
    for statement in statements.iterator(chunk_size=2000):
        conversation = statement.conversation
        # Themes are found in the site's language: a statement written in another is brought in by its
        # translation when a coordinator has made one, so it joins the theme it belongs to.
        text = statement.text
        if statement.language:
            text = text_in(statement, "text", settings.LANGUAGE_CODE) or statement.text
        yield {
            "origin_kind": "conversations.statement",
            "origin_id": statement.pk,
            "origin_url": conversation.get_absolute_url(),
            "source": Insight.Source.CONVERSATION,
            # A starting statement was written by the organisers, as Polis's "seed" comments are; people
            # voted on it like any other, so it is part of what the conversation said.
            "title": f"Opinion map{' (a starting statement)' if statement.is_seed else ''}: "
            f"{conversation.question}",
            "text": text,
            "place_id": conversation.place_id,
            "said_on": _day(statement.created_at),
            "speaker_id": statement.author.user_id if statement.author else None,
        }


def _survey_answers(place) -> Iterator[dict]:
    answers = (
        Answer.objects.filter(
            _inside(place, "response__survey__place"),
            question__kind=Question.Kind.TEXT,
            response__submitted_at__isnull=False,
        )
        .select_related("question", "response__survey")
        .order_by("pk")
    )
    for answer in answers.iterator(chunk_size=2000):
        if not isinstance(answer.value, str) or not answer.value.strip():
            continue
        survey = answer.response.survey
        yield {
            "origin_kind": "surveys.answer",
            "origin_id": answer.pk,
            "origin_url": survey.get_absolute_url(),
            "source": Insight.Source.SURVEY,
            "title": f"{survey.title}: {answer.question.text}",
            "text": answer.value.strip(),
            "place_id": survey.place_id,
            "subgroup_id": survey.subgroup_id,
            "said_on": _day(answer.response.submitted_at),
            "speaker_id": answer.response.user_id,
        }


def _event_notes(place) -> Iterator[dict]:
    highlights = (
        Highlight.objects.filter(_inside(place, "topic__event__place"))
        .select_related("topic__event", "recorded_by")
        .order_by("pk")
    )
    for highlight in highlights.iterator(chunk_size=2000):
        topic = highlight.topic
        yield {
            "origin_kind": "events.highlight",
            "origin_id": highlight.pk,
            "origin_url": topic.get_absolute_url(),
            "source": Insight.Source.EVENT,
            "title": f"{topic.event.title}: {topic.title}",
            "text": highlight.text,
            "place_id": topic.event.place_id,
            "said_on": _day(highlight.created_at),
            "speaker_id": highlight.recorded_by.user_id if highlight.recorded_by else None,
        }
    actions = (
        Action.objects.filter(_inside(place, "event__place"))
        .select_related("event", "topic", "recorded_by")
        .order_by("pk")
    )
    for action in actions.iterator(chunk_size=2000):
        yield {
            "origin_kind": "events.action",
            "origin_id": action.pk,
            "origin_url": action.get_absolute_url(),
            "source": Insight.Source.EVENT,
            "title": f"{action.event.title}: an action ({action.get_kind_display().lower()})",
            "text": action.text,
            "place_id": action.event.place_id,
            "said_on": _day(action.created_at),
            "speaker_id": action.recorded_by.user_id if action.recorded_by else None,
        }


def _meeting_minutes(place) -> Iterator[dict]:
    meetings = (
        Meeting.objects.exclude(minutes="")
        .filter(_inside(place, "place"))
        .select_related("subgroup")
        .order_by("pk")
    )
    for meeting in meetings:
        yield {
            "origin_kind": "network.meeting",
            "origin_id": meeting.pk,
            "origin_url": meeting.get_absolute_url(),
            "source": Insight.Source.MEETING,
            "title": f"Minutes: {meeting.subgroup.name} – {meeting.title}",
            "text": meeting.minutes.strip(),
            "place_id": meeting.place_id or place.pk,
            "subgroup_id": meeting.subgroup_id,
            "said_on": _day(meeting.starts_at),
            "speaker_id": None,
        }


READERS: dict[str, Callable[[Place], Iterator[dict]]] = {
    "conversations": _conversation_statements,
    "surveys": _survey_answers,
    "events": _event_notes,
    "meetings": _meeting_minutes,
}
LABELS = {
    "conversations": gettext_lazy("Opinion-map statements"),
    "surveys": gettext_lazy("Survey free-text answers"),
    "events": gettext_lazy("Open Space highlights and actions"),
    "meetings": gettext_lazy("Meeting minutes"),
}


def bring_in(*, coordinator, place: Place, sources: Sequence[str], progress: Progress | None = None) -> dict:
    """Bring in every comment of the given sources from the place (and the places inside it) that is not
    in yet. Returns how many new comments came from each source."""
    permissions.ensure(
        permissions.can_record_insight(coordinator, place=place),
        gettext("Only a coordinator for this place can bring in comments"),
    )
    report = progress.advance if progress else (lambda percent, message: None)
    counts = {}
    for number, source in enumerate(sources):
        report(
            5 + int(90 * number / len(sources)),
            gettext("Bringing in %(source)s") % {"source": str(LABELS[source]).lower()},
        )
        counts[source] = _bring_in_source(coordinator, place, source)
    return counts


def _bring_in_source(coordinator, place: Place, source: str) -> int:
    now = timezone.now()
    created = 0
    batch: list[dict] = []

    def save(batch):
        kinds = {row["origin_kind"] for row in batch}
        present = set(
            Insight.objects.filter(
                origin_kind__in=kinds, origin_id__in=[row["origin_id"] for row in batch]
            ).values_list("origin_kind", "origin_id")
        )
        new = [
            Insight(
                kind=Insight.Kind.COMMENT,
                consent_to_use=True,
                publication=Insight.Publication.NOT_PUBLISHED,
                consent_wording=BROUGHT_IN_WORDING,
                consent_recorded_at=now,
                consent_recorded_by=coordinator,
                created_by=coordinator,
                **{**row, "title": row["title"][:200], "origin_url": row["origin_url"][:300]},
            )
            for row in batch
            if (row["origin_kind"], row["origin_id"]) not in present
        ]
        Insight.objects.bulk_create(new, ignore_conflicts=True)
        return len(new)

    with transaction.atomic():
        for row in READERS[source](place):
            batch.append(row)
            if len(batch) >= BATCH:
                created += save(batch)
                batch = []
        if batch:
            created += save(batch)
        if created:
            audit.record(
                actor=coordinator,
                action="insight.brought_in",
                target=place,
                note=f"{created} comments: {LABELS[source].lower()}",
            )
    return created
