"""Open Space events: the event and its wall (spaces × time slots), the people taking part, the topics
they propose, who goes to which session, and what each session records: highlights and actions."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.places.models import Place


class ActionKind(models.TextChoices):
    """The three kinds of action an Open Space produces (the Bradford "Open Space" approach)."""

    OURSELVES = "ourselves", gettext_lazy("What we can do for ourselves")
    TOGETHER = "together", gettext_lazy("What we need to do together with services")
    FOR_US = "for_us", gettext_lazy("What we need services to do for us")


def new_check_in_token() -> str:
    return secrets.token_urlsafe(16)


class EventQuerySet(models.QuerySet):
    def in_places(self, places):
        inside = Q(pk__in=[])
        for place in places:
            inside |= Q(place__in=Place.objects.within(place))
        return self.filter(inside)


class Event(models.Model):
    title = models.CharField(
        max_length=200, help_text=gettext_lazy("The theme: “What matters to me for my wellbeing …”")
    )
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    venue_name = models.CharField(max_length=200)
    venue_address = models.CharField(max_length=300, blank=True)
    access_notes = models.TextField(
        blank=True, help_text=gettext_lazy("Step-free access, hearing loop, toilets, parking …")
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="events")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    host_name = models.CharField(max_length=120, blank=True, help_text=gettext_lazy("Who welcomes people"))
    facilitator_name = models.CharField(
        max_length=120, blank=True, help_text=gettext_lazy("Who explains how it works")
    )
    capacity = models.PositiveIntegerField(null=True, blank=True)
    # The secret in the check-in link and the QR code on the wall: without it nobody can check in from
    # home and add topics. Shown to the event's coordinators, who print it.
    check_in_token = models.CharField(max_length=64, default=new_check_in_token)
    report_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_it_starts"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", args=[self.slug])

    @property
    def report_is_published(self) -> bool:
        return self.report_published_at is not None

    @property
    def has_finished(self) -> bool:
        return self.ends_at <= timezone.now()


class Space(models.Model):
    """A room or a corner of the hall: a column of the wall."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="spaces")
    name = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="space_names_differ_in_an_event")
        ]

    def __str__(self):
        return self.name


class Slot(models.Model):
    """A time slot: a row of the wall."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_it_starts"
            ),
            models.UniqueConstraint(fields=["event", "starts_at"], name="slots_start_at_different_times"),
        ]

    def __str__(self):
        return timezone.localtime(self.starts_at).strftime("%H:%M")

    @property
    def label(self) -> str:
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        return gettext("%(start)s to %(end)s") % {"start": f"{start:%H:%M}", "end": f"{end:%H:%M}"}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ParticipantQuerySet(models.QuerySet):
    def checked_in(self):
        return self.filter(checked_in_at__isnull=False)

    def signed_up(self):
        return self.filter(signed_up_at__isnull=False)


class Participant(models.Model):
    """Someone taking part: with an account, or known by a random key in their browser's cookie (only its
    hash is kept), or a walk-in a coordinator added by name."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_participations",
    )
    name = models.CharField(
        max_length=80, help_text=gettext_lazy("First name or initials, as shown to others")
    )
    access_needs = models.TextField(blank=True)
    interpreting = models.CharField(
        max_length=80, blank=True, help_text=gettext_lazy("A language to interpret into")
    )
    signed_up_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    key_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL is "no browser"

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="event_participant_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["event", "key_hash"],
                condition=Q(key_hash__isnull=False),
                name="event_participant_once_per_browser",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None


class Topic(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=120)
    proposer = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )
    proposer_name = models.CharField(max_length=80)
    leaning = models.CharField(max_length=12, choices=ActionKind.choices)
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.PROTECT, related_name="topics")
    slot = models.ForeignKey(Slot, null=True, blank=True, on_delete=models.PROTECT, related_name="topics")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One topic per place on the wall, whoever places it and however many at once.
            models.UniqueConstraint(fields=["event", "space", "slot"], name="one_topic_per_space_and_slot"),
            models.CheckConstraint(
                condition=Q(space__isnull=True, slot__isnull=True)
                | Q(space__isnull=False, slot__isnull=False),
                name="topic_placed_in_a_space_and_a_slot",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:session", args=[self.event.slug, self.pk])

    @property
    def is_placed(self) -> bool:
        return self.space_id is not None


class Going(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="goings")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="goings")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "topic"], name="going_once_to_a_session")
        ]

    def __str__(self):
        return f"{self.participant} goes to {self.topic}"


class Highlight(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="highlights")
    text = models.CharField(max_length=500)
    recorded_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="highlights"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Not started")
        UNDER_WAY = "under_way", gettext_lazy("Under way")
        DONE = "done", gettext_lazy("Done")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actions")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=ActionKind.choices)
    owner = models.CharField(
        max_length=120, blank=True, help_text=gettext_lazy("Who will take it forward, where someone will")
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    recorded_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["ourselves", "together", "for_us"]), name="action_is_one_of_three_kinds"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="done_actions_say_when"
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return reverse("events:action", args=[self.event.slug, self.pk])

    @property
    def tag_classes(self) -> str:
        """The NHS.UK tag colour of its status: green when done, blue under way, grey not started."""
        return {"done": "nhsuk-tag--green", "under_way": "nhsuk-tag--blue"}.get(
            self.status, "nhsuk-tag--grey"
        )


class ActionUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField()
    text = models.CharField(max_length=500)
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "created_at", "pk"]

    def __str__(self):
        return f"{self.on}: {self.text}"


class Impression(models.Model):
    """One thing someone said in the closing circle."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="impressions")
    text = models.CharField(max_length=500)
    name = models.CharField(max_length=80, blank=True)
    recorded_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="impressions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text
