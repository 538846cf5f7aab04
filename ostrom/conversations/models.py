"""Opinion-map conversations: statements, the people taking part, their votes, and the latest map."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.windows import Window
from ostrom.places.models import Place


class ConversationQuerySet(models.QuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now).filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))

    def not_closed(self):
        """Open now or still to open."""
        return self.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=timezone.now()))


class Conversation(models.Model):
    class Moderation(models.TextChoices):
        REVIEW_FIRST = (
            "review_first",
            gettext_lazy("A coordinator reviews each new statement before others see it"),
        )
        SHOW_AT_ONCE = (
            "show_at_once",
            gettext_lazy("New statements are shown at once; coordinators can take them out"),
        )

    question = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField(blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="conversations"
    )
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(null=True, blank=True)
    allows_anonymous = models.BooleanField(default=True, help_text="People can take part without an account")
    moderation = models.CharField(max_length=20, choices=Moderation.choices, default=Moderation.REVIEW_FIRST)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Debounced recomputation of the map: set when new votes arrive, cleared by the task that redraws it.
    map_requested_at = models.DateTimeField(null=True, blank=True)
    map_task_queued = models.BooleanField(default=False)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="conversation_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("conversations:conversation-detail", args=[self.slug])

    @property
    def window(self) -> Window:
        """When people can answer and add statements: "The conversation opens on …", "… is open until …",
        "… closed on …". `open_now()` and `is_open` follow the same moments."""
        return Window("The conversation", self.opens_at, self.closes_at, plural=False)

    @property
    def is_open(self) -> bool:
        return self.window.is_open


class Participant(models.Model):
    """Someone taking part: a signed-in person, or an anonymous visitor known only by a random cookie key."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversation_participations",
    )
    # NULL, not "", for signed-in people: the unique constraint must not treat every "" as the same browser.
    anonymous_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    polis_id = models.CharField(
        max_length=40, blank=True, help_text="The voter id in an imported Polis export"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=Q(user__isnull=False),
                name="take_part_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["conversation", "anonymous_key"],
                condition=Q(anonymous_key__isnull=False),
                name="take_part_once_per_browser",
            ),
        ]

    def __str__(self):
        return f"Participant {self.pk} in {self.conversation}"


class StatementQuerySet(models.QuerySet):
    def shown(self):
        """The statements anyone may read: pages, the API, the public export and the map use only these.
        Waiting, rejected and merged statements are for the conversation's moderators alone."""
        return self.filter(status=Statement.Status.ACCEPTED)

    def waiting(self):
        return self.filter(status=Statement.Status.WAITING)


class Statement(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting for review")
        ACCEPTED = "accepted", gettext_lazy("Shown")
        REJECTED = "rejected", gettext_lazy("Not shown")
        MERGED = "merged", gettext_lazy("Merged into another statement")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(max_length=280)
    # The language it was written in, when not the site's ("" for English): kept as written, labelled with
    # its language, and translated by a coordinator like any other text (ostrom.translations).
    language = models.CharField(max_length=15, blank=True)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    is_seed = models.BooleanField(
        default=False, help_text="Written by the organisers to start the conversation"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    rejection_reason = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    polis_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="merged_statements_say_where",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="rejected_statements_say_why"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_shown(self) -> bool:
        """The same rule as `Statement.objects.shown()`, for one statement already loaded."""
        return self.status == Statement.Status.ACCEPTED

    @property
    def reason_not_shown(self) -> str:
        """What its author is told about a statement not shown: the moderator's reason, or that it repeats
        another statement (`merged_into`). Empty while it waits or once it is shown."""
        if self.status == Statement.Status.REJECTED:
            return self.rejection_reason
        if self.status == Statement.Status.MERGED:
            return gettext("It repeats another statement")
        return ""


class Vote(models.Model):
    """One participant's answer to one statement. Changing it replaces it: the database keeps one."""

    AGREE, DISAGREE, PASS = 1, -1, 0
    CHOICES = [
        (AGREE, gettext_lazy("Agree")),
        (DISAGREE, gettext_lazy("Disagree")),
        (PASS, gettext_lazy("Pass / unsure")),
    ]

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=CHOICES)
    cast_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_per_statement"),
            models.CheckConstraint(condition=Q(value__in=[-1, 0, 1]), name="vote_is_agree_disagree_or_pass"),
        ]

    def __str__(self):
        return f"{self.get_value_display()} on {self.statement_id}"


class OpinionMapResult(models.Model):
    """The latest map: stored so pages read it without recomputing, and so the next run starts from it."""

    conversation = models.OneToOneField(Conversation, on_delete=models.CASCADE, related_name="map")
    computed_at = models.DateTimeField(default=timezone.now)
    participant_count = models.PositiveIntegerField()
    vote_count = models.PositiveIntegerField()
    groups = models.JSONField(help_text="Participant id -> group number (clustered participants only)")
    positions = models.JSONField(help_text="Participant id -> [x, y]")
    representative = models.JSONField(
        help_text="Group -> list of representative statements with their figures"
    )
    consensus = models.JSONField(help_text="{'agree': [...], 'disagree': [...]}")
    group_votes = models.JSONField(help_text="Group -> statement id -> [agree, disagree, seen]")
    warm_start = models.JSONField(help_text="The engine's state, so the next run does not reshuffle groups")

    def __str__(self):
        return f"Opinion map of {self.conversation}"
