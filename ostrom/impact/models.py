"""Impact: what a programme is for and whether it is getting there.

A programme (the collective's own work, a fund, or a programme such as social prescribing) has one
theory of change – inputs → activities → outputs → short, medium and long-term outcomes – whose
outputs and outcomes carry indicators. Measurements of an indicator are typed in, imported, computed
from Ostrom's own records, or come from organisations' returns. A return template asks a handful of
questions; organisations answer it on a phone, and each answer can feed an indicator. SWEMWBS scores
taken before and after (from a survey or a return) give the programme's wellbeing pairs; only their
aggregate ever leaves the app."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.grants.models import Fund, Grant
from ostrom.network.models import Organisation
from ostrom.places.models import Place


class Programme(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVE = "collective", gettext_lazy("The collective's own work")
        FUND = "fund", gettext_lazy("A fund")
        PROGRAMME = "programme", gettext_lazy("A programme")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    # Who runs it is decided by place: the coordinators of this place (see permissions.can_run_programme).
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="programmes")
    fund = models.OneToOneField(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="programme"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        help_text="The organisation that delivers it, if one does",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="fund") | Q(fund__isnull=True), name="programme_fund_only_for_funds"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("impact:programme-detail", args=[self.slug])


# --- Theory of change ---------------------------------------------------------------------------


class Step(models.Model):
    """One box of the theory of change, in one of its six stages; `leads_to` draws the arrows."""

    class Stage(models.TextChoices):
        INPUT = "input", gettext_lazy("Inputs")
        ACTIVITY = "activity", gettext_lazy("Activities")
        OUTPUT = "output", gettext_lazy("Outputs")
        SHORT_TERM = "short_term", gettext_lazy("Short-term outcomes")
        MEDIUM_TERM = "medium_term", gettext_lazy("Medium-term outcomes")
        LONG_TERM = "long_term", gettext_lazy("Long-term outcomes")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="steps")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)
    leads_to = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="comes_from")

    class Meta:
        ordering = ["programme", "position", "pk"]

    def __str__(self):
        return self.text


class Indicator(models.Model):
    """How an output or outcome is measured: its unit, the range a measurement may take, the baseline
    and target, where the figure comes from and how often. A computed indicator is kept up to date from
    Ostrom's own records (`computed_from` names the computation); the others are typed, imported or
    come from returns."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", gettext_lazy("Monthly")
        QUARTERLY = "quarterly", gettext_lazy("Quarterly")
        YEARLY = "yearly", gettext_lazy("Yearly")

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text="What is counted, e.g. people, organisations, %, £")
    minimum = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    maximum = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_on = models.DateField(null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_on = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    computed_from = models.CharField(max_length=40, blank=True)
    # The survey whose submitted SWEMWBS answers the "survey_swemwbs" computation averages.
    survey = models.ForeignKey(
        "surveys.Survey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["step", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=models.F("minimum")),
                name="indicator_range_in_order",
            ),
        ]

    def __str__(self):
        return self.name


class Measurement(models.Model):
    class Source(models.TextChoices):
        TYPED = "typed", gettext_lazy("Typed in")
        IMPORTED = "imported", gettext_lazy("Imported")
        COMPUTED = "computed", gettext_lazy("Computed from Ostrom's records")
        RETURNS = "returns", gettext_lazy("From returns")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=10, choices=Source.choices)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "measured_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on", "source"], name="one_measurement_per_day_and_source"
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} on {self.measured_on}"


# --- Slim returns -------------------------------------------------------------------------------


class ReturnTemplate(models.Model):
    """The handful of questions a programme's (or fund's) organisations answer, and when returns fall
    due: `due_after_months` (e.g. [6, 12] for a grant's progress and final returns)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="return_templates")
    name = models.CharField(max_length=200)
    due_after_months = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = gettext_lazy("return template")
        verbose_name_plural = gettext_lazy("return templates")

    def __str__(self):
        return self.name


class ReturnQuestion(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", gettext_lazy("A number (activity count)")
        PEOPLE_BY_GROUP = "people_by_group", gettext_lazy("People reached, by group")
        REFERRALS = "referrals", gettext_lazy("Social prescriptions received")
        SWEMWBS = "swemwbs", gettext_lazy("Participants' wellbeing (SWEMWBS, before and after)")
        STORY = "story", gettext_lazy("A short story")

    template = models.ForeignKey(ReturnTemplate, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wording = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    # The answer is added to this indicator's measurement for the return's period.
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="return_questions"
    )

    class Meta:
        ordering = ["template", "position", "pk"]

    def __str__(self):
        return self.wording


class ReturnQuerySet(models.QuerySet):
    def due(self):
        return self.filter(submitted_at__isnull=True).order_by("due_on")

    def submitted(self):
        return self.exclude(submitted_at=None)

    def overdue(self):
        return self.due().filter(due_on__lt=timezone.localdate())

    def needing_reminder(self, *, today, every_days: int = 7):
        """Due within `every_days` days or overdue, and not reminded in the last `every_days` days."""
        last = timezone.now() - timedelta(days=every_days)
        return (
            self.due()
            .filter(due_on__lte=today + timedelta(days=every_days))
            .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=last))
        )


class Return(models.Model):
    """One organisation's return for one period. A grant's progress and final returns are Returns of
    the fund's programme's template, with `grant` set."""

    template = models.ForeignKey(ReturnTemplate, on_delete=models.PROTECT, related_name="returns")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="returns")
    grant = models.ForeignKey(Grant, null=True, blank=True, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    is_final = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The story may become insight only with the teller's consent, recorded with its wording.
    story_consent = models.BooleanField(default=False)
    story_consent_wording = models.TextField(blank=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = gettext_lazy("return")
        verbose_name_plural = gettext_lazy("returns")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="return_period_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.template} from {self.organisation}, due {self.due_on}"

    def get_absolute_url(self):
        return reverse("impact:return-fill-in", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return self.submitted_at is None and self.due_on < timezone.localdate()

    @property
    def kind_label(self) -> str:
        """What the return is called on a page: a grant's progress or final return, else its template."""
        if self.grant_id:
            return gettext("Final return") if self.is_final else gettext("Progress return")
        return self.template.name

    @property
    def status(self) -> tuple[str, str]:
        """The tag: its text and NHS.UK colour."""
        if self.submitted_at:
            return gettext("Submitted"), "green"
        if self.is_overdue:
            return gettext("Overdue"), "red"
        return (gettext("Draft saved"), "yellow") if self._has_draft else (gettext("Due"), "blue")

    @property
    def _has_draft(self) -> bool:
        return self.answers.exists()


class ReturnAnswer(models.Model):
    """An answer as JSON of its kind: a number; {group: number}; the story's text."""

    answered_return = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ReturnQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answered_return", "question"], name="one_answer_per_return_question"
            )
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"


# --- Wellbeing ----------------------------------------------------------------------------------


class WellbeingScore(models.Model):
    """One person's SWEMWBS answers at the start or at follow-up of a programme: from a survey
    response (a panel member) or a return (an organisation's participant, known only by the code the
    organisation gives). Health data: only aggregates leave the app; `items` keeps the 7 answers as
    given (None where missing), scored with the one scoring function, ostrom.surveys.swemwbs."""

    class Stage(models.TextChoices):
        BASELINE = "baseline", gettext_lazy("Baseline")
        FOLLOW_UP = "follow_up", gettext_lazy("Follow-up")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="wellbeing_scores")
    participant = models.CharField(
        max_length=60, help_text="A code for the person, the same at baseline and follow-up; never a name"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    stage = models.CharField(max_length=10, choices=Stage.choices)
    items = models.JSONField()
    taken_on = models.DateField()
    survey_response = models.ForeignKey(
        "surveys.Response", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    from_return = models.ForeignKey(
        Return, null=True, blank=True, on_delete=models.CASCADE, related_name="wellbeing_scores"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "participant", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant", "stage"], name="one_wellbeing_score_per_stage"
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} wellbeing of {self.participant}"


class WellbeingSurveys(models.Model):
    """The community panel surveys a programme takes its wellbeing pairs from: a person's SWEMWBS
    answers in the baseline survey and in the follow-up survey make one pair
    (impact/wellbeing_services.py copies them into WellbeingScore)."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="wellbeing_surveys")
    baseline_survey = models.ForeignKey("surveys.Survey", on_delete=models.PROTECT, related_name="+")
    follow_up_survey = models.ForeignKey("surveys.Survey", on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField(default=timezone.now)
    copied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "wellbeing surveys"
        constraints = [
            models.CheckConstraint(
                condition=~Q(baseline_survey=models.F("follow_up_survey")),
                name="wellbeing_baseline_and_follow_up_differ",
            ),
        ]

    def __str__(self):
        return f"Wellbeing surveys of {self.programme}"
