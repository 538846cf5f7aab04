"""Funds and their rounds, the priorities residents set, and the applications communities send."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.budgeting import VoteType
from ostrom.budgeting import rules as counting_rules
from ostrom.core.windows import Window
from ostrom.network.models import Organisation
from ostrom.places.models import Place

from . import explaining


class Fund(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField()
    funder_name = models.CharField(max_length=200, help_text="Who the money comes from, e.g. the ICB")
    funder_org_id = models.CharField(max_length=60, help_text="org-id.guide identifier, e.g. GB-CHC-1164883")
    source = models.CharField(
        max_length=200, help_text="Where the money comes from, e.g. health inequalities budget"
    )
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    places_served = models.ManyToManyField(Place, related_name="funds")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:fund-detail", args=[self.slug])


class RoundQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(priorities_open_at__gt=timezone.now() + timezone.timedelta(days=60))


class Round(models.Model):
    """One round of a fund, moving through its phases by date."""

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", gettext_lazy("Not started yet")
        PRIORITIES = "priorities", gettext_lazy("Setting priorities")
        APPLICATIONS = "applications", gettext_lazy("Open for applications")
        ASSESSMENT = "assessment", gettext_lazy("Panel assessment")
        VOTING = "voting", gettext_lazy("Public vote")
        DECISION = "decision", gettext_lazy("Deciding")
        PUBLISHED = "published", gettext_lazy("Results published")

    class BallotType(models.TextChoices):
        APPROVAL = "approval", gettext_lazy("Approval: tick every project you support")
        CUMULATIVE = "cumulative", gettext_lazy("Points: share out your points between projects")
        RANKED = "ranked", gettext_lazy("Ranked: put projects in order of preference")

    # The counting rules, from the budgeting engine's registry: Round.Rule.MES, GREEDY, PHRAGMEN, POINTS.
    Rule = models.TextChoices(
        "Rule",
        [(rule.name.upper(), (rule.name, explaining.TITLES[rule.name])) for rule in counting_rules.RULES],
    )

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    budget = models.DecimalField(max_digits=12, decimal_places=2)
    slim_limit = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="Applications up to this amount use the one-page form"
    )
    largest_grant = models.DecimalField(max_digits=10, decimal_places=2)
    priority_count = models.PositiveSmallIntegerField(
        default=3, help_text="How many priorities become criteria"
    )
    priorities_open_at = models.DateTimeField()
    applications_open_at = models.DateTimeField()
    applications_close_at = models.DateTimeField()
    voting_opens_at = models.DateTimeField()
    voting_closes_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    ballot_type = models.CharField(max_length=12, choices=BallotType.choices, default=BallotType.APPROVAL)
    points_per_voter = models.PositiveSmallIntegerField(default=10)
    rule = models.CharField(max_length=10, choices=Rule.choices, default=Rule.MES)
    minimum_voting_age = models.PositiveSmallIntegerField(default=16)
    requires_access_code = models.BooleanField(
        default=False, help_text="Voters also enter a one-time code posted to their household"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-priorities_open_at"]
        constraints = [
            models.CheckConstraint(
                name="round_phases_in_order",
                condition=(
                    Q(priorities_open_at__lte=F("applications_open_at"))
                    & Q(applications_open_at__lt=F("applications_close_at"))
                    & Q(applications_close_at__lte=F("voting_opens_at"))
                    & Q(voting_opens_at__lt=F("voting_closes_at"))
                ),
            ),
            models.CheckConstraint(
                name="largest_grant_within_budget", condition=Q(largest_grant__lte=F("budget"))
            ),
            models.CheckConstraint(
                name="slim_limit_within_largest_grant", condition=Q(slim_limit__lte=F("largest_grant"))
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("grants:round-detail", args=[self.slug])

    def phase_at(self, moment) -> "Round.Phase":
        if self.published_at and moment >= self.published_at:
            return self.Phase.PUBLISHED
        for phase, starts in [
            (self.Phase.DECISION, self.voting_closes_at),
            (self.Phase.VOTING, self.voting_opens_at),
            (self.Phase.ASSESSMENT, self.applications_close_at),
            (self.Phase.APPLICATIONS, self.applications_open_at),
            (self.Phase.PRIORITIES, self.priorities_open_at),
        ]:
            if moment >= starts:
                return phase
        return self.Phase.UPCOMING

    @property
    def phase(self) -> "Round.Phase":
        return self.phase_at(timezone.now())

    # The round's windows: the one place that says whether each is not open yet, open or closed, and
    # when. Pages (core/_window.html), forms, services' messages and the API all use these.
    @property
    def priorities_window(self) -> Window:
        return Window("Setting priorities", self.priorities_open_at, self.applications_open_at, plural=False)

    @property
    def applications_window(self) -> Window:
        return Window("Applications", self.applications_open_at, self.applications_close_at)

    @property
    def voting_window(self) -> Window:
        return Window("Voting", self.voting_opens_at, self.voting_closes_at, plural=False)

    @property
    def windows(self) -> list[Window]:
        return [self.priorities_window, self.applications_window, self.voting_window]

    @property
    def is_open_for_priorities(self) -> bool:
        return self.priorities_window.is_open

    @property
    def is_open_for_applications(self) -> bool:
        return self.applications_window.is_open

    @property
    def is_open_for_voting(self) -> bool:
        return self.voting_window.is_open

    @property
    def is_result_public(self) -> bool:
        """The one rule for what the public may see of the count: which projects were funded, the
        result, the ballots file and the grants. Until the result is published only the round's
        coordinators see any of it; everyone else sees the ballot's projects as shortlisted."""
        return self.published_at is not None and self.published_at <= timezone.now()

    @property
    def vote_type(self) -> VoteType:
        """The engine's name for the round's kind of ballot."""
        return VOTE_TYPE_OF_BALLOT[self.ballot_type]

    @property
    def counting_rule(self) -> counting_rules.Rule:
        return counting_rules.rule_named(self.rule)

    @property
    def is_on_points(self) -> bool:
        """Points or ranked ballots, which some rules count differently from ticks."""
        return self.vote_type is not VoteType.APPROVAL

    @property
    def rule_title(self) -> str:
        """The rule's title for this round's ballots ("Most points first")."""
        return explaining.rule_title(self.rule, on_points=self.is_on_points)

    def criteria(self):
        """The priorities residents chose: the most supported, earlier proposals first on a tie."""
        return list(
            self.priorities.filter(is_accepted=True)
            .annotate(support=Count("votes"))
            .order_by("-support", "proposed_at", "pk")[: self.priority_count]
        )


VOTE_TYPE_OF_BALLOT = {
    Round.BallotType.APPROVAL: VoteType.APPROVAL,
    Round.BallotType.CUMULATIVE: VoteType.CUMULATIVE,
    Round.BallotType.RANKED: VoteType.ORDINAL,
}


class Priority(models.Model):
    """Something residents want the fund to back, proposed and voted on before applications open."""

    funding_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    is_accepted = models.BooleanField(
        default=True, help_text="A coordinator can hide a duplicate or abusive one"
    )

    class Meta:
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["funding_round", "title"], name="priority_titles_unique")
        ]

    def __str__(self):
        return self.title


class PriorityVote(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="priority_votes",
        help_text="Empty once the person has asked for their data to be erased: their support still counts",
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["priority", "voter"], name="support_a_priority_once")]

    def __str__(self):
        return f"Vote for {self.priority}"


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])

    def of(self, user):
        return self.filter(applicant=user)

    def on_ballot(self):
        """Every application that went to the public vote, whatever the count decided."""
        return self.filter(
            status__in=[
                Application.Status.SHORTLISTED,
                Application.Status.FUNDED,
                Application.Status.NOT_FUNDED,
            ]
        )


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SUBMITTED = "submitted", gettext_lazy("Sent")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
        SHORTLISTED = "shortlisted", gettext_lazy("Shortlisted for the public vote")
        NOT_SHORTLISTED = "not_shortlisted", gettext_lazy("Not shortlisted")
        FUNDED = "funded", gettext_lazy("Funded")
        NOT_FUNDED = "not_funded", gettext_lazy("Not funded")

    funding_round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="applications",
        help_text="Empty once the person who wrote it has asked for their data to be erased",
    )
    title = models.CharField(max_length=120)
    summary = models.TextField(help_text="What you will do")
    who_benefits = models.TextField(help_text="Who it is for")
    places = models.ManyToManyField(Place, related_name="applications")
    amount_requested = models.DecimalField(max_digits=10, decimal_places=2)
    priority = models.ForeignKey(Priority, null=True, on_delete=models.PROTECT, related_name="applications")
    budget_breakdown = models.TextField(blank=True, help_text="Needed above the slim limit")
    outcomes = models.TextField(blank=True, help_text="Needed above the slim limit")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="amount_requested_positive")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("grants:application-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return (
            self.status in {self.Status.DRAFT, self.Status.SUBMITTED}
            and self.funding_round.is_open_for_applications
        )

    @property
    def public_status(self) -> str:
        """The status anyone may see: funded or not funded only once the round's result is public."""
        if (
            self.status in {self.Status.FUNDED, self.Status.NOT_FUNDED}
            and not self.funding_round.is_result_public
        ):
            return self.Status.SHORTLISTED
        return self.status

    @property
    def tag_colour(self) -> str:
        return self.colour_of(self.status)

    @staticmethod
    def colour_of(status: str) -> str:
        return {
            "draft": "grey",
            "submitted": "blue",
            "shortlisted": "purple",
            "funded": "green",
            "not_funded": "red",
            "not_shortlisted": "red",
            "withdrawn": "grey",
        }[status]


class Panel(models.Model):
    """The decision panel of a round, with targets for who sits on it."""

    funding_round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="panel")
    seat_count = models.PositiveSmallIntegerField(default=9)
    lived_experience_target = models.PositiveSmallIntegerField(
        default=40,
        validators=[MaxValueValidator(100)],
        help_text="Percentage of seats for people with lived experience",
    )
    localities_target = models.PositiveSmallIntegerField(
        default=2, help_text="Localities that must be represented"
    )
    ethnic_groups_target = models.PositiveSmallIntegerField(
        default=3, help_text="High-level ethnic groups that must be represented (from consented answers)"
    )
    hourly_rate = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal("12.60"),
        help_text="Paid per hour, at least the Real Living Wage",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(lived_experience_target__lte=100), name="lived_experience_target_a_percentage"
            )
        ]

    def __str__(self):
        return f"Panel for {self.funding_round}"


class PanelSeat(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="panel_seats",
        help_text="Empty once the member has asked for their data to be erased: scores and hours stay",
    )
    has_lived_experience = models.BooleanField()
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+", help_text="Where they live")
    paid_hours = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(0))
    training_completed_on = models.DateField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["member__full_name"]
        constraints = [models.UniqueConstraint(fields=["panel", "member"], name="one_seat_per_person")]

    def __str__(self):
        return f"{self.member} on {self.panel}"

    @property
    def amount_paid(self) -> Decimal:
        return (self.paid_hours * self.panel.hourly_rate).quantize(Decimal("0.01"))


class ConflictOfInterest(models.Model):
    """A panel member's declared interest in an application: they cannot score or discuss it."""

    seat = models.ForeignKey(PanelSeat, on_delete=models.CASCADE, related_name="conflicts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=300)
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seat", "application"], name="declare_a_conflict_once")
        ]

    def __str__(self):
        return f"{self.seat.member} and {self.application}"


class Assessment(models.Model):
    """A panel member's score of an application against the residents' priorities, with a comment."""

    seat = models.ForeignKey(PanelSeat, on_delete=models.PROTECT, related_name="assessments")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seat", "application"], name="assess_an_application_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_from_1_to_5"),
        ]

    def __str__(self):
        return f"{self.seat.member} on {self.application}: {self.score}"


class AccessCode(models.Model):
    """A one-time code sent by post to a household, for rounds that ask for one. Only a hash is kept."""

    funding_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="access_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Access code for {self.funding_round}"


class BallotQuerySet(models.QuerySet):
    def counted(self):
        """Online ballots, and paper ballots once a second person has confirmed them."""
        return self.filter(Q(is_paper=False) | Q(confirmed_by__isnull=False))


class Ballot(models.Model):
    """One person's vote in a round. The database allows one per person (or access code, or paper slip)."""

    funding_round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="ballots"
    )
    access_code = models.OneToOneField(
        AccessCode, null=True, blank=True, on_delete=models.PROTECT, related_name="ballot"
    )
    lsoa = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_paper = models.BooleanField(default=False)
    paper_reference = models.CharField(max_length=30, blank=True, help_text="The number on the paper ballot")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(auto_now=True)
    voter_erased_at = models.DateTimeField(
        null=True, blank=True, help_text="When the voter's data was erased: the ballot still counts, unlinked"
    )

    objects = BallotQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "voter"],
                condition=Q(voter__isnull=False),
                name="one_ballot_per_voter",
            ),
            models.UniqueConstraint(
                fields=["funding_round", "paper_reference"],
                condition=Q(is_paper=True),
                name="one_ballot_per_paper_slip",
            ),
            models.CheckConstraint(
                name="paper_ballots_are_entered_and_confirmed_by_two_people",
                condition=(
                    Q(is_paper=False) | (Q(entered_by__isnull=False) & ~Q(confirmed_by=F("entered_by")))
                ),
            ),
            models.CheckConstraint(
                name="online_ballots_have_a_voter_or_code",
                condition=(
                    Q(is_paper=True)
                    | Q(voter__isnull=False)
                    | Q(access_code__isnull=False)
                    | Q(voter_erased_at__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return f"A ballot in {self.funding_round}"


class BallotChoice(models.Model):
    """An approval (value 1), a number of points, or a rank (1 = first choice), by the round's ballot type."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="ballot_choices")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "application"], name="choose_a_project_once_per_ballot"
            ),
            models.CheckConstraint(condition=Q(value__gte=1), name="choice_value_positive"),
        ]

    def __str__(self):
        return f"{self.application}: {self.value}"


class Result(models.Model):
    """What the round's rule decided from the counted ballots, with an explanation for every project."""

    funding_round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="result")
    rule = models.CharField(max_length=60, help_text="The engine's name for the rule it ran")
    ballot_count = models.PositiveIntegerField()
    selected = models.JSONField(help_text="Funded application ids, in the order the rule chose them")
    cost = models.DecimalField(max_digits=12, decimal_places=2)
    explanations = models.JSONField(help_text="Application id -> the engine's explanation")
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self):
        return f"Result of {self.funding_round}"

    def get_absolute_url(self):
        return reverse("grants:result", args=[self.funding_round.slug])


class GrantQuerySet(models.QuerySet):
    def public(self):
        """Grants of rounds whose result is published: the only ones open data and lists show."""
        return self.filter(
            application__funding_round__published_at__isnull=False,
            application__funding_round__published_at__lte=timezone.now(),
        )


class Grant(models.Model):
    """Money awarded to a funded application: published as 360Giving open data."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    identifier = models.CharField(
        max_length=100, unique=True, help_text="360Giving grant id, e.g. 360G-ostrom-…"
    )
    amount_awarded = models.DecimalField(max_digits=10, decimal_places=2)
    award_date = models.DateField()
    planned_start_on = models.DateField(null=True, blank=True)
    planned_end_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-award_date", "identifier"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_awarded__gt=0), name="grant_amount_positive")
        ]

    def __str__(self):
        return f"{self.identifier}: {self.application}"

    def get_absolute_url(self):
        return reverse("grants:grant-detail", args=[self.pk])

    @property
    def amount_paid(self) -> Decimal:
        return self.payments.aggregate(total=models.Sum("amount"))["total"] or Decimal(0)


class Payment(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    paid_on = models.DateField()
    reference = models.CharField(max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self):
        return f"£{self.amount} on {self.paid_on}"
