"""Assemblies, the volunteers who registered, the quotas a panel must meet and the lotteries drawn."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.core.windows import Window
from ostrom.places.models import Place


class Assembly(models.Model):
    class Status(models.TextChoices):
        RECRUITING = "recruiting", gettext_lazy("Recruiting volunteers")
        SELECTING = "selecting", gettext_lazy("Selecting the panel")
        MEETING = "meeting", "Meeting"
        RESPONDING = "responding", gettext_lazy("Waiting for the formal response")
        FINISHED = "finished", "Finished"

    question = models.CharField(max_length=250)
    slug = models.SlugField(unique=True)
    commissioning_body = models.CharField(max_length=200)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="assemblies")
    panel_size = models.PositiveSmallIntegerField()
    registration_opens_on = models.DateField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Leave it empty to open registration as soon as the panel is set up"),
    )
    registration_closes_on = models.DateField()
    first_session_on = models.DateField()
    last_session_on = models.DateField()
    payment_offered = models.CharField(
        max_length=200, help_text=gettext_lazy("For example, £300 for taking part in all sessions")
    )
    support_offered = models.TextField(help_text=gettext_lazy("Childcare, travel, interpreters …"))
    allows_prefer_not_to_say = models.BooleanField(default=True)
    one_per_household = models.BooleanField(default=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECRUITING)
    delete_personal_data_on = models.DateField(
        help_text=gettext_lazy("Volunteers' features are deleted or anonymised on this date")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    quota_check = models.ForeignKey(
        "core.Progress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("The latest background check that a panel can meet the saved quotas"),
    )

    class Meta:
        verbose_name_plural = "assemblies"
        ordering = ["-first_session_on"]
        constraints = [
            models.CheckConstraint(condition=Q(panel_size__gte=1), name="panel_has_seats"),
            models.CheckConstraint(
                condition=Q(last_session_on__gte=models.F("first_session_on")), name="sessions_in_order"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_on__isnull=True)
                | Q(registration_closes_on__gte=models.F("registration_opens_on")),
                name="registration_opens_before_it_closes",
            ),
            models.CheckConstraint(
                condition=Q(delete_personal_data_on__gte=models.F("last_session_on")),
                name="data_kept_until_the_end",
            ),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("panels:assembly-detail", args=[self.slug])

    @property
    def registration_window(self) -> Window:
        """Whether registration is not yet open, open or closed, with its date: the one description
        the assembly page, the register page, the API and the service all use. Once the panel has
        moved on from recruiting (it was drawn early, say), registration has closed even if its
        closing date is still to come: it is then said to have closed the day before."""
        closes = self.registration_closes_on
        if self.status != self.Status.RECRUITING:
            yesterday = timezone.localdate() - timedelta(days=1)
            closes = min(closes, yesterday)
        opens = self.registration_opens_on
        if opens is not None and opens > closes:
            opens = closes
        return Window("Registration", opens, closes, plural=False)

    @property
    def is_open_for_registration(self) -> bool:
        return self.registration_window.is_open


class VolunteerQuerySet(models.QuerySet):
    def in_pool(self):
        """Those the lottery draws from: not withdrawn, not anonymised, not a repeat registration."""
        return self.filter(has_withdrawn=False, anonymised_at__isnull=True, duplicate_of__isnull=True)

    def of_person(self, user):
        """The volunteer records of a person with an account: volunteers are often not users, so
        they are matched by the account's email."""
        return self.filter(email__iexact=user.email) if user.email else self.none()


class Volunteer(models.Model):
    """Someone who registered interest. Their features are special-category data: only the assembly's
    coordinators see them, never a public page, and they are deleted on the assembly's schedule."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="volunteers")
    full_name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    postcode = models.CharField(max_length=8)
    lsoa = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.CharField(
        max_length=120, blank=True, help_text=gettext_lazy("The letter's code, or a normalised address")
    )
    features = models.JSONField(
        help_text=gettext_lazy("Selection feature -> value, e.g. {'Age band': '16 to 24'}")
    )
    consent_wording = models.TextField()
    consented_at = models.DateTimeField(default=timezone.now)
    registered_at = models.DateTimeField(default=timezone.now)
    has_withdrawn = models.BooleanField(default=False)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
        help_text=gettext_lazy(
            "A repeat registration (same email, or same name and postcode): kept for the "
            "coordinators to see, but never entered in the lottery"
        ),
    )

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            # The guard against one person entering the lottery twice: a second registration with the
            # same email is stored as a repeat (duplicate_of set), so a race between two tabs cannot win.
            models.UniqueConstraint(
                fields=["assembly", "email"],
                condition=~Q(email="") & Q(duplicate_of__isnull=True),
                name="one_entry_per_email",
            )
        ]

    def __str__(self):
        return self.full_name or f"Volunteer {self.pk}"


class Quota(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="quotas")
    feature = models.CharField(max_length=60)
    value = models.CharField(max_length=120)
    minimum = models.PositiveSmallIntegerField()
    maximum = models.PositiveSmallIntegerField()
    population_share = models.FloatField(
        null=True, blank=True, help_text=gettext_lazy("Share of the place's population")
    )

    class Meta:
        ordering = ["feature", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "feature", "value"], name="one_quota_per_value"),
            models.CheckConstraint(
                condition=Q(maximum__gte=models.F("minimum")), name="quota_max_at_least_min"
            ),
        ]

    def __str__(self):
        return f"{self.feature} {self.value}: {self.minimum} to {self.maximum}"


class Lottery(models.Model):
    """One draw, with everything needed to check it: algorithm, seed, each volunteer's chance, the panels."""

    class Algorithm(models.TextChoices):
        """The lotteries a coordinator can choose; the sentences are shown beside the choice and on
        the draw's public page."""

        LEXIMIN = "leximin", gettext_lazy("Most equal chances (LEXIMIN)")
        NASH = "nash", gettext_lazy("Higher chances for most (Nash welfare)")

    assembly = models.ForeignKey(Assembly, on_delete=models.PROTECT, related_name="lotteries")
    algorithm = models.CharField(max_length=10, choices=Algorithm, default=Algorithm.LEXIMIN)
    seed = models.CharField(
        max_length=200,
        help_text=gettext_lazy("Any text; a public random number announced in advance is best"),
    )
    quotas = models.JSONField(help_text=gettext_lazy("The quotas as they were when drawn"))
    pool = models.JSONField(
        help_text=gettext_lazy("The volunteers' ids and features as they were when drawn")
    )
    probabilities = models.JSONField(
        default=dict, help_text=gettext_lazy("Volunteer id -> chance of selection")
    )
    distribution = models.JSONField(
        default=dict,
        help_text=gettext_lazy(
            "Groups of interchangeable volunteers, and each panel used "
            "(people taken from each group) with its probability"
        ),
    )
    selected = models.JSONField(default=list, help_text=gettext_lazy("Volunteer ids on the panel"))
    min_probability = models.FloatField(null=True, blank=True)
    is_current = models.BooleanField(default=False)
    drawn_at = models.DateTimeField(null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    failure = models.TextField(blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=gettext_lazy("For a replacement draw: the lottery whose panel it completes"),
    )
    dropouts = models.JSONField(
        default=list, blank=True, help_text=gettext_lazy("Ids of the people whose seats were refilled")
    )
    # The check that anyone can ask for: the lottery run again from what it stored, in the background.
    check_progress = models.ForeignKey(
        "core.Progress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("The latest check of this draw, waiting, running or done"),
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_matches = models.BooleanField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Whether running it again gave the same chances and panel"),
    )
    check_explanation = models.TextField(blank=True)
    check_lowest_chance = models.FloatField(null=True, blank=True)
    check_highest_chance = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly"], condition=Q(is_current=True), name="one_current_lottery"
            )
        ]

    def __str__(self):
        return f"Lottery {self.pk} for {self.assembly}"

    def get_absolute_url(self):
        return reverse("panels:lottery", args=[self.assembly.slug, self.pk])

    @property
    def is_being_checked(self) -> bool:
        """A check is waiting or running: another request for one adds nothing."""
        return self.check_progress_id is not None and not self.check_progress.is_finished


class Session(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    venue = models.CharField(max_length=200)
    speakers = models.TextField(blank=True, help_text=gettext_lazy("Who spoke, one per line"))
    materials = models.TextField(blank=True, help_text=gettext_lazy("Papers and links shared, one per line"))
    attendees = models.ManyToManyField(
        Volunteer, through="SessionAttendance", related_name="sessions_attended"
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return self.title


class SessionAttendance(models.Model):
    """A panel member at a session, and what they were paid for it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="attendance")
    payment = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    paid_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "volunteer"], name="attend_a_session_once")]

    def __str__(self):
        return f"{self.volunteer} at {self.session}"


class Recommendation(models.Model):
    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    support_for = models.PositiveSmallIntegerField(help_text=gettext_lazy("Panel members who supported it"))
    support_against = models.PositiveSmallIntegerField(default=0)
    support_unsure = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["assembly", "number"], name="recommendation_numbers_unique")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def support_share(self) -> float:
        voted = self.support_for + self.support_against + self.support_unsure
        return self.support_for / voted if voted else 0.0


class Response(models.Model):
    """The commissioning body's formal response to one recommendation; decisions cite these later."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        ACCEPTED_IN_PART = "accepted_in_part", gettext_lazy("Accepted in part")
        NOT_ACCEPTED = "not_accepted", gettext_lazy("Not accepted")

    recommendation = models.OneToOneField(Recommendation, on_delete=models.CASCADE, related_name="response")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    action = models.TextField(blank=True)
    action_owner = models.CharField(max_length=150, blank=True)
    action_due_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="not_accepted") | (~Q(action_owner="") & Q(action_due_on__isnull=False)),
                name="accepted_recommendations_have_an_owner_and_date",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.recommendation}"

    @property
    def tag_colour(self) -> str:
        return {"accepted": "green", "accepted_in_part": "yellow", "not_accepted": "red"}[self.outcome]


class Letter(models.Model):
    """An invitation posted to a household picked at random. Its one-time code links a reply to the
    household, so at most one person per household can be selected."""

    assembly = models.ForeignKey(Assembly, on_delete=models.CASCADE, related_name="letters")
    code = models.CharField(max_length=12, unique=True)
    address = models.CharField(max_length=250)
    postcode = models.CharField(max_length=8)
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["postcode", "address"]

    def __str__(self):
        return f"Letter {self.code}"
