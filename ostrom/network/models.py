"""Member organisations, subgroups, meetings and who belongs to or attended each."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.accounts import permissions
from ostrom.places.models import Place


def is_web_address(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


class OrganisationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(status=Organisation.Status.MEMBER)

    def awaiting_approval(self):
        return self.filter(status=Organisation.Status.APPLIED)

    def serving(self, place):
        """Organisations serving the place, a place inside it, or a place containing it."""
        inside = Place.objects.within(place).values("pk")
        around = [p.pk for p in place.ancestors()]
        return self.filter(Q(places_served__in=inside) | Q(places_served__in=around)).distinct()

    def in_subgroup(self, subgroup):
        return self.filter(subgroups=subgroup)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        VCSE = "vcse", gettext_lazy("Voluntary or community group, or charity")
        COMMUNITY_BUSINESS = "community_business", gettext_lazy("Community business or social enterprise")
        FAITH_GROUP = "faith_group", gettext_lazy("Faith group")
        STATUTORY = "statutory", gettext_lazy("NHS, council or other public body")
        OTHER = "other", gettext_lazy("Other")

    class Size(models.TextChoices):
        """By yearly income, as the NCVO Almanac sizes voluntary organisations (used to see whether
        money reaches small, local groups: recommendation 2.12)."""

        MICRO = "micro", gettext_lazy("Micro (under £10,000 a year)")
        SMALL = "small", gettext_lazy("Small (£10,000 to £100,000 a year)")
        MEDIUM = "medium", gettext_lazy("Medium (£100,000 to £1 million a year)")
        LARGE = "large", gettext_lazy("Large (over £1 million a year)")
        NOT_KNOWN = "not_known", gettext_lazy("Not known")

    class Status(models.TextChoices):
        APPLIED = "applied", gettext_lazy("Asked to join")
        MEMBER = "member", gettext_lazy("Member")
        DECLINED = "declined", gettext_lazy("Not accepted")
        LEFT = "left", gettext_lazy("Left")
        # In the community assets directory only (from an Open Referral import, or added there): not a
        # member of the collective and never asked to be.
        LISTED = "listed", gettext_lazy("In the directory only")

    # The id it is exchanged under as an Open Referral UK organization (the community assets directory).
    oruk_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    size = models.CharField(
        "Size by yearly income", max_length=10, choices=Size.choices, default=Size.NOT_KNOWN
    )
    places_served = models.ManyToManyField(Place, related_name="organisations", blank=True)
    subgroups = models.ManyToManyField("Subgroup", related_name="organisations", blank=True)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=30, blank=True)
    website = models.URLField(blank=True)
    # Contact details are private unless the organisation chose to show them; coordinators always see them.
    show_contact_details = models.BooleanField("Show our contact details on our public page", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    applied_at = models.DateTimeField(default=timezone.now)
    joined_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="member") | Q(joined_on__isnull=False), name="member_has_joined_on"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:organisation-detail", args=[self.pk])

    @property
    def tag_colour(self) -> str:
        return {"member": "green", "applied": "yellow", "declined": "red"}.get(self.status, "grey")

    @property
    def website_link(self) -> str:
        """The website, only if it is a web address that is safe to link to (http or https)."""
        return self.website if is_web_address(self.website) else ""

    def contact_details_for(self, *, can_see_private: bool) -> str | None:
        """The contact as one line, or None when the organisation keeps it private from this viewer."""
        if not (self.show_contact_details or can_see_private):
            return None
        return ", ".join(part for part in (self.contact_name, self.contact_email, self.contact_phone) if part)

    @property
    def org_id(self) -> str | None:
        """The org-id.guide identifier: charity number first, then company number."""
        if self.charity_number:
            return f"GB-CHC-{self.charity_number}"
        if self.company_number:
            return f"GB-COH-{self.company_number}"
        return None


class Membership(models.Model):
    """A person who belongs to the collective through an organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role_title = models.CharField(max_length=100, blank=True)
    is_contact = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_organisation")
        ]

    def __str__(self):
        return f"{self.user} at {self.organisation}"


class SubgroupQuerySet(models.QuerySet):
    def run_by(self, user):
        """The subgroups whose meetings this person may schedule and record (`permissions.can_run_subgroup`)."""
        if permissions.can_coordinate(user):
            return self.all()
        return self.filter(pk__in=[s.pk for s in self if permissions.can_run_subgroup(user, s)])


class Subgroup(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    description = models.TextField()
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="SubgroupMembership", related_name="subgroups"
    )

    objects = SubgroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:subgroup-detail", args=[self.slug])


class SubgroupMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subgroup_memberships"
    )
    subgroup = models.ForeignKey(Subgroup, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "subgroup"], name="join_a_subgroup_once")]

    def __str__(self):
        return f"{self.user} in {self.subgroup}"


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def in_place(self, place):
        return self.filter(place__in=Place.objects.within(place))


class Meeting(models.Model):
    subgroup = models.ForeignKey(Subgroup, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings")
    venue = models.CharField(max_length=200, blank=True, help_text="Address, or 'Online'")
    # Only people who signed up to attend, and those who run the subgroup, see it (`permissions.can_join_online`).
    online_url = models.URLField("Link to join online", max_length=500, blank=True)
    agenda = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Attendance", related_name="meetings_attended"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:meeting-detail", args=[self.pk])

    @property
    def has_happened(self) -> bool:
        return self.starts_at < timezone.now()

    @property
    def location(self) -> str:
        """Where, in one line: the venue and the place (the online link is not part of it)."""
        return ", ".join(part for part in (self.venue, self.place.name if self.place else "") if part)


class AttendanceQuerySet(models.QuerySet):
    def signed_up(self):
        return self.filter(signed_up_at__isnull=False)

    def came(self):
        return self.filter(came=True)


class Attendance(models.Model):
    """A person signed up to attend a meeting, or came to it (recorded afterwards), or both."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    signed_up_at = models.DateTimeField(null=True, blank=True)
    # A row without a sign-up is someone recorded as having come; a sign-up starts as not (yet) come.
    came = models.BooleanField(default=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attend_a_meeting_once"),
            models.CheckConstraint(
                condition=Q(came=True) | Q(signed_up_at__isnull=False), name="attendance_signed_up_or_came"
            ),
        ]

    def __str__(self):
        return f"{self.user} at {self.meeting}"
