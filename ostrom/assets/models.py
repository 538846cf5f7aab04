"""Community assets: a directory of what is near people – walking groups, food banks, community
cafés, debt advice, carers' groups, faith communities' wellbeing sessions – in the shape of
Open Referral UK (the UK profile of the Human Services Data Specification, v3), so it can be
exchanged with councils' and other directories as it is.

- An asset is an Open Referral *service*: run by an organisation, offered at one or more
  *locations* (`ServiceAtLocation`), with contacts and phones, regular opening times (`Schedule`),
  eligibility (ages and a description), cost options, languages, accessibility (on the location)
  and categories (`TaxonomyTerm`s of a `Taxonomy`; Ostrom's own small wellbeing taxonomy is one).
- The organisation is `network.Organisation`: member organisations of the collective are the same
  organisations here, not copies. Organisations only in the directory have the status "listed".
- Every record has the `oruk_id` (a UUID) it is exchanged under, kept through export and import, so
  a re-import updates rather than duplicates.
- What shows is what a coordinator has approved: an organisation's edit or new entry waits as a
  `ServiceChange` (the proposed entry) until a coordinator of a place it serves approves it.
  `assured_date` is when the entry was last checked; entries not checked for six months are stale.
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.network.models import Organisation
from ostrom.places.models import Place

STALE_AFTER = timedelta(days=183)  # six months


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Taxonomy(models.Model):
    """A set of categories, such as Ostrom's wellbeing taxonomy or one an imported feed uses."""

    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self):
        return self.name


class TaxonomyTermQuerySet(models.QuerySet):
    def wellbeing(self):
        """Ostrom's own categories, the ones people search by."""
        return self.filter(taxonomy__name=WELLBEING_TAXONOMY)


WELLBEING_TAXONOMY = "Ostrom wellbeing categories"


class TaxonomyTerm(models.Model):
    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.SlugField(max_length=100, help_text="The term's code in its taxonomy; in our URLs")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    term_uri = models.URLField(max_length=500, blank=True)

    objects = TaxonomyTermQuerySet.as_manager()

    class Meta:
        ordering = ["taxonomy", "name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="one_term_per_code")]

    def __str__(self):
        return self.name


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """The one rule for what anyone may see, on pages, in the API and in exports: every approved
        entry that has not closed for good (changes waiting for review are not entries yet)."""
        return self.exclude(status=Service.Status.DEFUNCT)

    def active(self):
        return self.filter(status=Service.Status.ACTIVE)

    def stale(self, today: date | None = None):
        """Not checked for six months (or never)."""
        cutoff = (today or timezone.localdate()) - STALE_AFTER
        return self.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))

    def free(self):
        """Nothing to pay: no cost option with an amount above zero."""
        return self.exclude(cost_options__amount__gt=0)

    def in_place(self, place):
        """Offered at a location inside the place, or serving an area that covers or is inside it."""
        inside = Place.objects.within(place).values("pk")
        around = [p.pk for p in place.ancestors()]
        return self.filter(
            Q(service_at_locations__location__place__in=inside) | Q(places__in=inside) | Q(places__in=around)
        ).distinct()


class Service(models.Model):
    """An asset: something people can go to, run by an organisation (an Open Referral service)."""

    class Status(models.TextChoices):
        ACTIVE = "active", gettext_lazy("Running")
        INACTIVE = "inactive", gettext_lazy("Paused")
        TEMPORARILY_CLOSED = "temporarily closed", gettext_lazy("Temporarily closed")
        DEFUNCT = "defunct", gettext_lazy("Closed for good")

    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField("Website", max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    eligibility_description = models.TextField("Who it is for", blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    fees_description = models.TextField("What it costs, in words", blank=True)
    alert = models.CharField(
        max_length=500, blank=True, help_text="A short notice, such as a change of venue"
    )
    categories = models.ManyToManyField(TaxonomyTerm, related_name="services", blank=True)
    places = models.ManyToManyField(
        Place,
        related_name="assets",
        blank=True,
        help_text="The areas it serves (Open Referral service areas)",
    )
    assured_date = models.DateField("Last checked", null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    last_modified = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_ages_in_order",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assets:detail", args=[self.pk])

    def is_stale(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.assured_date is None or self.assured_date < today - STALE_AFTER


class Location(models.Model):
    """Where a service happens: a building with its address and position (Open Referral location and
    its physical address, kept together)."""

    class Kind(models.TextChoices):
        PHYSICAL = "physical", gettext_lazy("A place to go")
        VIRTUAL = "virtual", gettext_lazy("Online")
        POSTAL = "postal", gettext_lazy("By post")

    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PHYSICAL)
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    address_1 = models.CharField("Address", max_length=200, blank=True)
    city = models.CharField("Town or city", max_length=100, blank=True)
    state_province = models.CharField("County", max_length=100, blank=True)
    postal_code = models.CharField("Postcode", max_length=10, blank=True)
    country = models.CharField(max_length=2, default="GB")
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="asset_locations",
        help_text="The smallest area it is in, found from the postcode",
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "address_1"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.name or self.address_1 or "Location"


class Accessibility(models.Model):
    """One accessibility feature of a location (Open Referral accessibility)."""

    class Feature(models.TextChoices):
        STEP_FREE = "step_free", gettext_lazy("Step-free access")
        ACCESSIBLE_TOILET = "accessible_toilet", gettext_lazy("Accessible toilet")
        HEARING_LOOP = "hearing_loop", gettext_lazy("Hearing loop")
        BLUE_BADGE_PARKING = "blue_badge_parking", gettext_lazy("Blue Badge parking")
        QUIET_SPACE = "quiet_space", gettext_lazy("Quiet space")
        BSL = "bsl", gettext_lazy("British Sign Language on request")
        LARGE_PRINT = "large_print", gettext_lazy("Large print or easy read")
        OTHER = "other", gettext_lazy("Other")

    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    feature = models.CharField(max_length=30, choices=Feature.choices)
    details = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["location", "feature"]
        verbose_name_plural = "accessibility"

    def __str__(self):
        return self.get_feature_display()


class ServiceAtLocation(models.Model):
    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")
    description = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_once_at_a_location")
        ]

    def __str__(self):
        return f"{self.service} at {self.location}"


class Schedule(models.Model):
    """Regular opening times, as Open Referral (iCalendar RRULE parts): weekly on `byday` (such as
    "MO,WE"), from `opens_at` to `closes_at`."""

    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    freq = models.CharField(max_length=10, default="WEEKLY", help_text="WEEKLY or MONTHLY")
    interval = models.PositiveSmallIntegerField(default=1)
    byday = models.CharField(max_length=40, blank=True, help_text="Days as MO,TU,WE,TH,FR,SA,SU")
    bymonthday = models.CharField(max_length=40, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(service_at_location__isnull=False),
                name="schedule_belongs_to_a_service",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=models.F("closes_at")),
                name="schedule_opens_before_it_closes",
            ),
        ]

    def __str__(self):
        return f"{self.byday} {self.opens_at}-{self.closes_at}"


class Contact(models.Model):
    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150, blank=True)
    title = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)

    def __str__(self):
        return self.name or self.title or "Contact"


class Phone(models.Model):
    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(contact__isnull=False), name="phone_belongs_somewhere"
            ),
        ]

    def __str__(self):
        return self.number


class CostOption(models.Model):
    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(
        max_length=200, blank=True, help_text="What the cost is for, such as 'per session'"
    )
    amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="cost_not_negative"
            )
        ]

    def __str__(self):
        return self.option or self.amount_description or str(self.amount)


class Language(models.Model):
    """A language the service is offered in (ISO 639-1 code where there is one, and its name)."""

    oruk_id = models.UUIDField(default=new_id, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(max_length=10, blank=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["service", "name"]

    def __str__(self):
        return self.name


class ServiceChange(models.Model):
    """An organisation's new entry or edit, waiting for a coordinator: `proposed` holds the whole entry
    as it would be after the change. Approving applies it and marks the entry checked today."""

    class Status(models.TextChoices):
        WAITING = "waiting", gettext_lazy("Waiting for review")
        APPROVED = "approved", gettext_lazy("Approved")
        REJECTED = "rejected", gettext_lazy("Not approved")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="service_changes")
    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
        help_text="Empty for a new entry",
    )
    proposed = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"], condition=Q(status="waiting"), name="one_waiting_change_per_service"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.proposed.get('name', '')}"


class OrukImport(models.Model):
    """One import of an Open Referral feed or file, run as a task (its progress in `progress`): the
    report of what was added, updated and rejected, each rejection with its field path and reason."""

    source_name = models.CharField(max_length=300)
    progress = models.OneToOneField("core.Progress", null=True, on_delete=models.SET_NULL, related_name="+")
    report = models.JSONField(default=dict, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return self.source_name
