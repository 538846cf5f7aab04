"""Decisions and what shaped them: the bodies that decide, each decision with the community input behind
it, the Board's co-production assurance, and the commitments made ("you said, we did")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.places.models import Place


class Theme(models.Model):
    """What a decision is about, in the collective's words (primary care access, best start in life …):
    "You said, we did" filters by it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Body(models.Model):
    """Who takes decisions: an ICB, ICP, locality partnership, PCN, council or the collective itself."""

    class Kind(models.TextChoices):
        ICB = "icb", gettext_lazy("Integrated care board")
        ICP = "icp", gettext_lazy("Integrated care partnership")
        LOCALITY_PARTNERSHIP = "locality_partnership", gettext_lazy("Locality partnership")
        PCN = "pcn", gettext_lazy("Primary care network")
        COUNCIL = "council", gettext_lazy("Council")
        COLLECTIVE = "collective", gettext_lazy("The collective")

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    places = models.ManyToManyField(Place, related_name="bodies")

    class Meta:
        verbose_name_plural = "bodies"
        ordering = ["name"]

    def __str__(self):
        return self.name


class DecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False, published_at__lte=timezone.now())

    def in_place(self, place):
        return self.filter(body__places__in=Place.objects.within(place)).distinct()


class Decision(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", gettext_lazy("Proposed")
        AT_BOARD = "at_board", gettext_lazy("At the Board")
        APPROVED = "approved", gettext_lazy("Approved to proceed")
        NOT_APPROVED = "not_approved", gettext_lazy("Not approved")
        IMPLEMENTED = "implemented", gettext_lazy("Implemented")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    question = models.CharField(max_length=250)
    slug = models.SlugField(unique=True)
    decided_on = models.DateField(null=True, blank=True, help_text="When the body took (or will take) it")
    options_considered = models.TextField(blank=True)
    outcome = models.TextField(blank=True, help_text="What was decided, in plain words")
    money = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="Pounds involved, if any"
    )
    goes_to_board = models.BooleanField(
        default=True, help_text="A Board takes it, so it needs the co-production assurance checklist"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    themes = models.ManyToManyField(Theme, blank=True, related_name="decisions")
    implemented_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(money__isnull=True) | Q(money__gte=0), name="decision_money_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status="implemented") | Q(implemented_on__isnull=False),
                name="implemented_decisions_have_a_date",
            ),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("decisions:decision-detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def tag_colour(self) -> str:
        return {
            "proposed": "white",
            "at_board": "blue",
            "approved": "green",
            "not_approved": "red",
            "implemented": "green",
            "withdrawn": "grey",
        }[self.status]


class Document(models.Model):
    """A paper behind the decision (Board paper, business case). Kept in the database, like uploads, so
    every web process can serve it."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title


class InputLink(models.Model):
    """One piece of community input behind a decision, and how it shaped it. `kind` names an input kind
    registered in `decisions.inputs` by the app that holds it; the title and quote are kept as they were
    when linked, so the public record does not change under it."""

    class Shaped(models.TextChoices):
        ADOPTED = "adopted", gettext_lazy("Adopted")
        CHANGED = "changed", gettext_lazy("Changed the decision")
        NOT_ADOPTED = "not_adopted", gettext_lazy("Considered but not adopted")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="inputs")
    kind = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    quote = models.TextField()
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it comes from, as the public page says"
    )
    shaped = models.CharField(max_length=20, choices=Shaped.choices)
    how = models.TextField(help_text="In plain words, how this input shaped the decision (or why it did not)")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind", "object_id"], name="input_linked_once"),
            models.CheckConstraint(condition=~Q(how=""), name="input_link_says_how"),
        ]

    def __str__(self):
        return self.title

    @property
    def tag_colour(self) -> str:
        return {"adopted": "green", "changed": "blue", "not_adopted": "grey"}[self.shaped]


class Assurance(models.Model):
    """The Board's co-production assurance checklist for one decision. Until a reviewer marks it
    satisfied the decision may not proceed."""

    QUESTIONS = [
        (
            "before_and_after",
            gettext_lazy("Describe the co-production before the proposal, and after the redesign"),
        ),
        ("who", gettext_lazy("Who was involved?")),
        ("how", gettext_lazy("How were they involved?")),
        ("outcomes", gettext_lazy("What were the outcomes?")),
        ("new_questions", gettext_lazy("What new, unexpected questions are there to explore?")),
        (
            "continuing",
            gettext_lazy("How will co-production continue in implementing and evaluating the change?"),
        ),
        (
            "evaluation",
            gettext_lazy(
                "How was the co-production process evaluated, and how could it be better next time?"
            ),
        ),
    ]

    class Verdict(models.TextChoices):
        SATISFIED = "satisfied", gettext_lazy("Satisfied")
        NOT_SATISFIED = "not_satisfied", gettext_lazy("Not satisfied")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="assurance")
    verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    verdict_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Assurance for {self.decision}"

    @property
    def is_satisfied(self) -> bool:
        return self.verdict == self.Verdict.SATISFIED

    @property
    def is_complete(self) -> bool:
        answered = {answer.question for answer in self.answers.all() if answer.text.strip()}
        return answered >= {key for key, _ in self.QUESTIONS}


class AssuranceAnswer(models.Model):
    assurance = models.ForeignKey(Assurance, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=30, choices=Assurance.QUESTIONS)
    text = models.TextField()
    evidence = models.TextField(blank=True, help_text="Links to evidence, one per line")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assurance", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return self.get_question_display()


class CommitmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Commitment.Status.NOT_STARTED, Commitment.Status.IN_PROGRESS])

    def overdue(self):
        return self.open().filter(due_on__lt=timezone.localdate())


class Commitment(models.Model):
    """ "We will …": what the body promised, who owns it and by when."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", gettext_lazy("Not started")
        IN_PROGRESS = "in_progress", gettext_lazy("In progress")
        DONE = "done", gettext_lazy("Done")
        NOT_DONE = "not_done", gettext_lazy("Not done")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField(max_length=300, help_text="We will …")
    owner = models.CharField(max_length=150)
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.status in (self.Status.NOT_STARTED, self.Status.IN_PROGRESS) and (
            self.due_on < timezone.localdate()
        )

    @property
    def tag_colour(self) -> str:
        if self.is_overdue:
            return "red"
        return {"not_started": "white", "in_progress": "blue", "done": "green", "not_done": "grey"}[
            self.status
        ]


class CommitmentUpdate(models.Model):
    """Dated progress on a commitment, with the status it left."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    written_on = models.DateField()
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Commitment.Status.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self):
        return f"{self.written_on}: {self.text[:40]}"
