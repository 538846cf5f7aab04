"""Insight: what communities said, kept with its consent and where it came from.

An insight is a story, quote, case study or case for action that a coordinator records, or a comment
brought in from elsewhere in Ostrom (survey free text, Open Space highlights and actions, opinion-map
statements, meeting minutes), keeping a link back to its source. Nothing is published without consent
to publish; withdrawing consent unpublishes at once. Themes group insights (see the themes section)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.places.models import Place

NOT_RECORDED = "not_recorded"


class InsightQuerySet(models.QuerySet):
    def in_places(self, places):
        inside = Q(pk__in=[])
        for place in places:
            inside |= Q(place__in=Place.objects.within(place))
        return self.filter(inside)

    def published(self):
        """The one rule for what anyone may see: consent to use and to publish, not withdrawn."""
        return self.filter(consent_to_use=True, consent_withdrawn_at__isnull=True).exclude(
            publication=Insight.Publication.NOT_PUBLISHED
        )

    def visible_to(self, user):
        """Published insight, plus the unpublished insight of the places the person coordinates
        (`permissions.places_with_unpublished_insight`): the one rule every list, search and export uses."""
        from ostrom.accounts import permissions

        places = permissions.places_with_unpublished_insight(user)
        if places is None:
            return self
        published = Q(pk__in=self.published().values("pk"))
        if not places:
            return self.filter(published)
        return self.filter(published | Q(pk__in=self.in_places(places).values("pk")))

    def by_speaker_group(self, group: str):
        """The group someone told us, recorded with this insight; "not_recorded" for none. An account
        holder's own equality answers never pick out what they said: those count only in suppressed
        totals (accounts.selectors.breakdown_people)."""
        if group == NOT_RECORDED:
            return self.filter(speaker_group="")
        return self.filter(speaker_group=group)


class Insight(models.Model):
    class Kind(models.TextChoices):
        STORY = "story", gettext_lazy("Story")
        QUOTE = "quote", gettext_lazy("Quote")
        CASE_STUDY = "case_study", gettext_lazy("Case study")
        CASE_FOR_ACTION = "case_for_action", gettext_lazy("Case for action")
        COMMENT = "comment", gettext_lazy("Comment")  # free text brought in from elsewhere in Ostrom

    class Source(models.TextChoices):
        EVENT = "event", gettext_lazy("Open Space event")
        SURVEY = "survey", gettext_lazy("Survey")
        CONVERSATION = "conversation", gettext_lazy("Conversation")
        MEETING = "meeting", gettext_lazy("Meeting")
        INTERVIEW = "interview", gettext_lazy("Interview")
        OTHER = "other", gettext_lazy("Other")

    class Publication(models.TextChoices):
        NOT_PUBLISHED = "not_published", gettext_lazy("Not to be published")
        ANONYMISED = "anonymised", gettext_lazy("Published without their name")
        NAMED = "named", gettext_lazy("Published with their name")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    source = models.CharField(max_length=20, choices=Source.choices)
    # Where text brought in from elsewhere came from: the decision-input style key of the source
    # ("surveys.answer", "events.highlight", "events.action", "conversations.statement",
    # "network.meeting") and its id. Bringing the same thing in twice changes nothing.
    origin_kind = models.CharField(max_length=40, blank=True)
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin_url = models.CharField(max_length=300, blank=True, help_text="The page it was brought in from")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="insights")
    subgroup = models.ForeignKey(
        "network.Subgroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    said_on = models.DateField()
    # The person who said it when they have an account (their group then comes from their own
    # consented equality answers, through accounts.selectors.breakdown_people), else nobody.
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    speaker_name = models.CharField(max_length=120, blank=True, help_text="Shown only when published named")
    # For someone without an account: the group they told us, with their consent; blank = not recorded.
    speaker_group = models.CharField(max_length=120, blank=True)
    consent_to_use = models.BooleanField(default=False)
    publication = models.CharField(
        max_length=20, choices=Publication.choices, default=Publication.NOT_PUBLISHED
    )
    consent_wording = models.TextField(blank=True, help_text="The words the person agreed to")
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False, help_text="Made up for the demo; shown marked as demo")

    objects = InsightQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_kind", "origin_id"],
                condition=~Q(origin_kind=""),
                name="brought_in_once",
            ),
        ]
        indexes = [models.Index(fields=["place", "-said_on"])]

    def __str__(self):
        return self.title or self.text[:60]

    def get_absolute_url(self):
        return reverse("insight:insight-detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return (
            self.consent_to_use
            and self.consent_withdrawn_at is None
            and self.publication != self.Publication.NOT_PUBLISHED
        )


class CaseForAction(models.Model):
    """The problem, who is affected, the proposed action, and its cost or saving to the NHS with the
    working shown: each line a unit cost with its source times a quantity; the total is computed."""

    insight = models.OneToOneField(Insight, on_delete=models.CASCADE, related_name="case")
    problem = models.TextField()
    who_is_affected = models.TextField()
    proposed_action = models.TextField()

    def __str__(self):
        return f"Case for action: {self.insight}"


class CostLine(models.Model):
    class Effect(models.TextChoices):
        COST = "cost", gettext_lazy("Cost to the NHS")
        SAVING = "saving", gettext_lazy("Saving to the NHS")

    case = models.ForeignKey(CaseForAction, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(default=1)
    effect = models.CharField(max_length=10, choices=Effect.choices)
    description = models.CharField(max_length=200)
    unit_cost = models.DecimalField(max_digits=12, decimal_places=2)
    unit_cost_source = models.CharField(max_length=300, help_text="Where the unit cost comes from")
    quantity = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="unit_cost_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="quantity_not_negative"),
        ]

    def __str__(self):
        return f"{self.description}: {self.unit_cost} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return self.unit_cost * self.quantity


# --- Themes -------------------------------------------------------------------------------------
# Theme runs, themes, each insight's theme and stored embeddings. Themes are aggregate: a run themes
# every insight with consent to use in its place (published or not); what a page shows of the insights
# themselves still follows `Insight.objects.published()`.


class ThemeRunQuerySet(models.QuerySet):
    def for_place(self, place):
        return self.filter(place=place)

    def unfinished(self):
        return self.filter(status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING])


class ThemeRun(models.Model):
    """One run of the themes engine over the insights in a place (and the places inside it). Who started
    it is its progress record's `started_by` (core.Progress), so no person is held here."""

    class Engine(models.TextChoices):
        DEFAULT = "default", gettext_lazy("Shared words (quick, works on any computer)")
        EMBEDDINGS = "embeddings", gettext_lazy("Shared meaning (sentence embeddings, slower the first time)")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Waiting to start")
        RUNNING = "running", gettext_lazy("Running")
        FINISHED = "finished", gettext_lazy("Finished")
        FAILED = "failed", gettext_lazy("Failed")

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="theme_runs")
    engine = models.CharField(max_length=20, choices=Engine.choices, default=Engine.DEFAULT)
    requested_themes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many themes were asked for; blank lets the engine choose"
    )
    seed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.OneToOneField(
        "core.Progress", null=True, blank=True, on_delete=models.SET_NULL, related_name="theme_run"
    )
    task_id = models.CharField(max_length=64, blank=True)
    insight_count = models.PositiveIntegerField(default=0)
    embedded_count = models.PositiveIntegerField(default=0, help_text="Embeddings computed by this run")
    theme_count = models.PositiveIntegerField(default=0)
    unthemed_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ThemeRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_themes__isnull=True) | Q(requested_themes__gte=2),
                name="theme_run_asks_for_two_or_more",
            ),
        ]

    def __str__(self):
        return f"Themes for {self.place} ({self.created_at:%-d %B %Y})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("insight:theme-run", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.FINISHED, self.Status.FAILED}

    @property
    def status_text(self) -> str:
        """ "Stopped" for a run whose worker stopped (its progress has not moved for longer than a worker
        ever leaves it), as the run's own page says; otherwise its status."""
        if not self.is_finished and self.progress is not None and self.progress.has_stopped:
            return self.progress.status_text
        return self.get_status_display()


class ThemeQuerySet(models.QuerySet):
    def current(self):
        """Themes people see: not merged into another, not retired by a later run."""
        return self.filter(merged_into__isnull=True, retired_at__isnull=True)

    def for_place(self, place):
        return self.filter(place=place)


class Theme(models.Model):
    """A theme found in a place's insights. A re-run maps its new themes onto these (engine
    `match_themes`), so a coordinator's edits survive: a renamed label is kept, a merged theme stays
    merged, a theme with edits is never retired."""

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="themes")
    label = models.CharField(max_length=200)
    label_edited = models.BooleanField(
        default=False, help_text="A coordinator renamed it: runs keep the name"
    )
    keywords = models.JSONField(default=list, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Insight ids that say it best, best first (only published ones are shown to the public).
    representative = models.JSONField(default=list, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_themes"
    )
    # The insights it had when merged: a later run that finds it again lands them in `merged_into`.
    members_when_merged = models.JSONField(default=list, blank=True)
    split_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="split_themes"
    )
    created_by_run = models.ForeignKey(
        ThemeRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="created_themes"
    )
    last_found_by_run = models.ForeignKey(
        ThemeRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="found_themes"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["-size", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="theme_not_merged_into_itself"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("insight:theme-detail", args=[self.pk])

    @property
    def keywords_text(self) -> str:
        return ", ".join(self.keywords)


class ThemeAssignment(models.Model):
    """An insight's theme within a place's theming. A pinned one was put there by a coordinator and stays
    there through every re-run."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="theme_assignments")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    pinned = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "insight"], name="one_theme_per_insight_per_place"),
        ]

    def __str__(self):
        return f"{self.insight_id} in {self.theme_id}"


class InsightEmbedding(models.Model):
    """An insight's sentence embedding for one model: float32 bytes, computed once, so re-theming never
    re-embeds. `text_hash` notices an edited text, whose embedding is then computed again."""

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="embeddings")
    model = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["insight", "model"], name="one_embedding_per_model"),
        ]

    def __str__(self):
        return f"Embedding of {self.insight_id} ({self.model})"
