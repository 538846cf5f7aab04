"""Community panel surveys: the panel residents join, surveys built from sections and questions, who
was invited, and each person's one response with its answers."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.core.windows import Window
from ostrom.network.models import Subgroup
from ostrom.places.models import Place


class PanelMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_at=None)


class PanelMembership(models.Model):
    """A resident's time on the collective's community panel: the people who agreed to be surveyed.
    Leaving keeps the row (when they joined and left); joining again starts a new one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = PanelMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(left_at__isnull=True), name="on_the_panel_once_at_a_time"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=models.F("joined_at")),
                name="panel_left_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.user} on the community panel"


class SurveyQuerySet(models.QuerySet):
    def sent(self):
        return self.exclude(status=Survey.Status.DRAFT)

    def in_place(self, place):
        return self.filter(place__in=Place.objects.within(place))


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SENT = "sent", gettext_lazy("Sent")
        CLOSED = "closed", gettext_lazy("Closed")

    class Audience(models.TextChoices):
        # Each kind names who is asked: `services.audience_of` finds them (one function per kind), so a
        # new kind (the attendees of an Open Space event) is one more choice, its link and its function.
        PANEL = "panel", gettext_lazy("The community panel (residents who agreed to be surveyed)")
        SUBGROUP = "subgroup", gettext_lazy("The members of a subgroup")
        OPEN_LINK = "open_link", gettext_lazy("Anyone with the link (no account needed)")
        EVENT = "event", gettext_lazy("The people who came to an Open Space event")

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    introduction = models.TextField(blank=True)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="surveys")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.PANEL)
    subgroup = models.ForeignKey(
        Subgroup, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience="subgroup", subgroup__isnull=False)
                | (~Q(audience="subgroup") & Q(subgroup__isnull=True)),
                name="survey_subgroup_only_for_subgroup_audience",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(opens_at__isnull=False) & Q(closes_at__isnull=False)),
                name="sent_surveys_have_a_window",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:survey-detail", args=[self.slug])

    @property
    def window(self) -> Window:
        return Window(gettext("The survey"), self.opens_at, self.closes_at, plural=False)

    @property
    def is_draft(self) -> bool:
        return self.status == Survey.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == Survey.Status.SENT and self.window.is_open

    @property
    def is_open_link(self) -> bool:
        return self.audience == Survey.Audience.OPEN_LINK

    @property
    def audience_text(self) -> str:
        if self.audience == Survey.Audience.SUBGROUP and self.subgroup:
            return gettext("The members of %(subgroup)s") % {"subgroup": self.subgroup.name}
        return self.get_audience_display()


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", gettext_lazy("One answer from a list")
        MULTIPLE = "multiple", gettext_lazy("Any answers from a list")
        SCALE = "scale", gettext_lazy("A scale (for example 1 to 5)")
        TEXT = "text", gettext_lazy("Free text")
        NUMBER = "number", gettext_lazy("A number")
        DATE = "date", gettext_lazy("A date")
        SWEMWBS = "swemwbs", gettext_lazy("Wellbeing: the 7 SWEMWBS statements")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    required = models.BooleanField(default=True)
    min_value = models.IntegerField(null=True, blank=True)
    max_value = models.IntegerField(null=True, blank=True)
    min_label = models.CharField(max_length=60, blank=True)
    max_label = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gt=models.F("min_value")),
                name="question_max_above_min",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def field_name(self) -> str:
        """The name of its field on the answer page and the key of its answer in the API."""
        return f"q{self.pk}"

    @property
    def has_options(self) -> bool:
        return self.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


class Option(models.Model):
    """One answer of a choice question. On a single-choice question it may send the person on to a
    later section ("if no, skip to …")."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=200)
    skip_to = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="skipped_to_from"
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Invitation(models.Model):
    """Someone in the survey's audience when it was sent: emailed, and reminded once if they had not finished."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="invited_once_per_survey")]

    def __str__(self):
        return f"{self.user} invited to {self.survey}"


def new_reference() -> str:
    return secrets.token_hex(8)


class ResponseQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(submitted_at=None)


class Response(models.Model):
    """One person's (or, for an open link, one browser's) answers to a survey: one per person, kept
    while half-finished, updated rather than duplicated if they answer again."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    # The SHA-256 of the signed cookie key of an open-link respondent without an account; NULL otherwise.
    key_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # The sections saved so far (ids), so coming back resumes at the first one not yet saved.
    saved_sections = models.JSONField(default=list, blank=True)
    # The language the person read the survey in when they started it ("ur"): their written answers are
    # shown as answered in it. Blank for the site's language.
    language = models.CharField(max_length=15, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"], condition=Q(user__isnull=False), name="one_response_per_person"
            ),
            models.UniqueConstraint(
                fields=["survey", "key_hash"],
                condition=Q(key_hash__isnull=False),
                name="one_response_per_key",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(key_hash__isnull=False), name="response_has_a_respondent"
            ),
        ]

    def __str__(self):
        return f"Response {self.pk} to {self.survey}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Answer(models.Model):
    """One answer, stored as JSON of its type: an option id, a list of option ids, a number, text, an
    ISO date, or the 7 SWEMWBS item values in order."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_survey_answer_per_question")
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"
