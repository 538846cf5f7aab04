"""Social prescribing: a link worker refers a person to community assets, the receiving
organisation accepts or declines and records whether the person came, and the person's wellbeing
(SWEMWBS) at referral and follow-up shows what changed.

- A `Referral` is made by a link worker (role "link worker", scoped to a place: their primary care
  network's area) for one person. The person chooses how they are known: by name and contact, with
  their consent recorded, or by a reference number only. Equality answers (ethnic group, age band)
  and the small area they live in (LSOA, found from their postcode, which is not kept) are kept only
  with their consent; the reports count them against the area's population, suppressed.
- `ReferralNeed`: why (loneliness, money, activity, mental wellbeing, …), one row per need.
- `ReferralTo`: each asset (service) the person is referred to, with the receiving organisation's
  decision and whether the person attended.
- `ReferralWellbeing`: the 7 SWEMWBS answers at referral and at follow-up, scored only with the one
  scoring function (`ostrom.surveys.swemwbs`).

Referral data is health data: visible only to the link workers whose role covers the referral's
place and the organisations it was sent to (for their own part), every read of a person's referral is
in the audit log, and it is exported and erased with the person's data.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.accounts.equality import AGE_BAND_CHOICES, ETHNIC_GROUP_CHOICES
from ostrom.assets.models import Service
from ostrom.decisions.models import Body
from ostrom.places.models import Place

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_reference() -> str:
    return "SP-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class Need(models.TextChoices):
    LONELINESS = "loneliness", gettext_lazy("Loneliness or isolation")
    MENTAL_WELLBEING = "mental_wellbeing", gettext_lazy("Mental wellbeing")
    ACTIVITY = "activity", gettext_lazy("Being more active")
    MONEY = "money", gettext_lazy("Money, debt or benefits")
    FOOD = "food", gettext_lazy("Food")
    HOUSING = "housing", gettext_lazy("Housing")
    CARING = "caring", gettext_lazy("Caring for someone")
    LONG_TERM_CONDITION = "long_term_condition", gettext_lazy("Living with a long-term condition")
    WORK_AND_LEARNING = "work_and_learning", gettext_lazy("Work, volunteering or learning")
    OTHER = "other", gettext_lazy("Something else")


class ReferralQuerySet(models.QuerySet):
    def in_place(self, place):
        return self.filter(place__in=Place.objects.within(place).values("pk"))

    def for_link_worker(self, user):
        """The referrals of every place the person's link worker roles cover (their team's)."""
        if not (user is not None and user.is_authenticated):
            return self.none()
        places = user.role_places("link_worker")
        return self.all() if places is None else self.filter(place__in=Place.objects.within_any(places))

    def still_open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)

    def waiting_for_a_service(self):
        """Open, with at least one service that has not yet said whether it accepts the person."""
        return self.still_open().filter(sent_to__status=ReferralTo.Status.SENT).distinct()

    def follow_up_due(self, today=None):
        """Open and not yet followed up, with the follow-up date today or past."""
        today = today or timezone.localdate()
        return self.still_open().filter(followed_up_on__isnull=True, follow_up_on__lte=today)


class Referral(models.Model):
    class Identity(models.TextChoices):
        NAMED = "named", gettext_lazy("By name, with consent to share their details with the services")
        REFERENCE_ONLY = "reference_only", gettext_lazy("By a reference number only")

    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="referrals",
        help_text="The link worker's area (their primary care network's place)",
    )
    pcn = models.ForeignKey(
        Body,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        limit_choices_to={"kind": Body.Kind.PCN},
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="referrals_made"
    )
    referred_on = models.DateField(default=timezone.localdate)
    identity = models.CharField(max_length=20, choices=Identity.choices, default=Identity.REFERENCE_ONLY)
    person_name = models.CharField(max_length=150, blank=True)
    person_contact = models.CharField("Phone or email", max_length=200, blank=True)
    consent_wording = models.TextField(blank=True, help_text="What the person agreed to, word for word")
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    # Special-category answers: only with the person's consent (consent_recorded_at set).
    ethnic_group = models.CharField(max_length=40, choices=ETHNIC_GROUP_CHOICES, blank=True)
    age_band = models.CharField(max_length=20, choices=AGE_BAND_CHOICES, blank=True)
    lsoa = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Place.Kind.LSOA},
        help_text="Where the person lives, as a small area",
    )
    notes = models.TextField(blank=True, help_text="For the link worker's team; never sent to services")
    follow_up_on = models.DateField(null=True, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    erased_on = models.DateField(
        null=True, blank=True, help_text="When what identified the person was erased at their request"
    )
    is_demo = models.BooleanField(default=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(identity="reference_only", person_name="", person_contact="")
                | Q(identity="named", consent_recorded_at__isnull=False),
                name="named_referral_has_consent",
            ),
            models.CheckConstraint(
                condition=(Q(ethnic_group="") & Q(age_band="") & Q(lsoa__isnull=True))
                | Q(consent_recorded_at__isnull=False),
                name="referral_equality_answers_need_consent",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("referrals:detail", args=[self.reference])


class ReferralNeed(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="needs")
    need = models.CharField(max_length=30, choices=Need.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "need"], name="need_once_per_referral")]

    def __str__(self):
        return self.get_need_display()


class ReferralToQuerySet(models.QuerySet):
    def handled_by(self, user):
        """Referrals to the services of the organisations the person is a contact of (their inbox)."""
        if not (user is not None and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(
            service__organisation__memberships__user=user, service__organisation__memberships__is_contact=True
        ).distinct()


class ReferralTo(models.Model):
    """The referral as one receiving service sees it."""

    class Status(models.TextChoices):
        SENT = "sent", gettext_lazy("Waiting for the service")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        DECLINED = "declined", gettext_lazy("Declined")
        ATTENDED = "attended", gettext_lazy("Attended")
        DID_NOT_ATTEND = "did_not_attend", gettext_lazy("Did not attend")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sent_to")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SENT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=500, blank=True)
    first_attended_on = models.DateField(null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(default=0)

    objects = ReferralToQuerySet.as_manager()

    class Meta:
        ordering = ["referral", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "service"], name="referred_once_to_a_service"),
            models.CheckConstraint(
                condition=~Q(status="attended") | Q(first_attended_on__isnull=False),
                name="attended_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.referral} to {self.service}"


class ReferralWellbeing(models.Model):
    class Stage(models.TextChoices):
        AT_REFERRAL = "at_referral", gettext_lazy("At referral")
        FOLLOW_UP = "follow_up", gettext_lazy("At follow-up")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="wellbeing")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    items = models.JSONField(help_text="The 7 SWEMWBS answers (1-5), None where not answered")
    taken_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "stage"], name="one_wellbeing_per_stage")]

    def __str__(self):
        return f"{self.referral} {self.get_stage_display()}"
