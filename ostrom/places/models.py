"""Places and their statistics: population by ethnic group, age band and sex; deprivation decile."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy


class PlaceQuerySet(models.QuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def lsoas(self):
        return self.filter(kind=Place.Kind.LSOA)

    def within(self, place):
        """The place and everything inside it (the tree is at most five levels deep)."""
        condition = Q(pk=place.pk)
        path = "parent"
        for _ in range(len(Place.Kind.choices)):
            condition |= Q(**{path: place})
            path += "__parent"
        return self.filter(condition)

    def within_any(self, places):
        """Every place inside any of the places (a list or a queryset, which stays a subquery), the places
        included: the place itself, its parent, its parent's parent … is one of them."""
        if not isinstance(places, models.QuerySet):
            places = [place.pk for place in places]
        condition = Q(pk__in=places)
        path = "parent"
        for _ in range(len(Place.Kind.choices)):
            condition |= Q(**{f"{path}__in": places})
            path += "__parent"
        return self.filter(condition)

    def for_choice(self):
        """Places a person may filter by: everything above LSOA level."""
        return self.exclude(kind=Place.Kind.LSOA).order_by("depth", "name")


class Place(models.Model):
    class Kind(models.TextChoices):
        ICS = "ics", gettext_lazy("Integrated care system")
        PLACE = "place", gettext_lazy("Place")
        LOCALITY = "locality", gettext_lazy("Locality")
        WARD = "ward", gettext_lazy("Neighbourhood or ward")
        LSOA = "lsoa", gettext_lazy("Small area (LSOA)")

    DEPTH = {Kind.ICS: 0, Kind.PLACE: 1, Kind.LOCALITY: 2, Kind.WARD: 3, Kind.LSOA: 4}

    code = models.CharField(max_length=20, unique=True, help_text="ONS or NHS code, such as E01008881")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    depth = models.PositiveSmallIntegerField(editable=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_demo = models.BooleanField(default=False, help_text="Realistic but made-up data for the demo")

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["depth", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="place_not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.depth = self.DEPTH[self.kind]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("places:place-detail", args=[self.code])

    @property
    def choice_label(self) -> str:
        """The name with its level, for pickers: a locality and a ward are often both "Ladywood"."""
        level = self.get_kind_display().lower()
        return self.name if level in self.name.lower() else f"{self.name} ({level})"

    def ancestors(self, include_self=False):
        chain, node = ([self] if include_self else []), self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def imd_decile(self) -> int | None:
        statistic = self.statistics.filter(measure=AreaStatistic.Measure.IMD_DECILE).order_by("-year").first()
        return int(statistic.value) if statistic else None


class AreaStatisticQuerySet(models.QuerySet):
    def latest_for(self, measure):
        """The most recent year's figures of a measure (one query: the year is a subquery)."""
        latest_year = self.filter(measure=measure).order_by("-year").values("year")[:1]
        return self.filter(measure=measure, year=models.Subquery(latest_year))


class AreaStatistic(models.Model):
    class Measure(models.TextChoices):
        POPULATION_ETHNIC_GROUP = "population_ethnic_group", gettext_lazy("Population by ethnic group")
        POPULATION_AGE_BAND = "population_age_band", gettext_lazy("Population by age band")
        POPULATION_SEX = "population_sex", gettext_lazy("Population by sex")
        POPULATION_TOTAL = "population_total", gettext_lazy("Population")
        IMD_DECILE = (
            "imd_decile",
            gettext_lazy("Index of Multiple Deprivation decile (1 = most deprived 10%)"),
        )
        IMD_RANK = "imd_rank", gettext_lazy("Index of Multiple Deprivation rank (1 = most deprived)")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="statistics")
    measure = models.CharField(max_length=40, choices=Measure.choices)
    category = models.CharField(
        max_length=60, blank=True, help_text="Ethnic group, age band or sex; blank for totals"
    )
    value = models.DecimalField(max_digits=14, decimal_places=2)
    source = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    is_demo = models.BooleanField(default=False)

    objects = AreaStatisticQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["place", "measure", "category", "year"], name="one_figure_per_cell"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="statistic_not_negative"),
        ]

    def __str__(self):
        return f"{self.place}: {self.get_measure_display()} {self.category} {self.value} ({self.year})"


class Postcode(models.Model):
    """Postcode to LSOA lookup (the ONS Postcode Directory's pcds and lsoa11 columns)."""

    postcode = models.CharField(max_length=8, unique=True, help_text="Upper case, single space: B16 8AA")
    lsoa = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="postcodes")
    is_demo = models.BooleanField(default=False)

    def __str__(self):
        return self.postcode

    @staticmethod
    def normalise(text: str) -> str:
        compact = "".join(text.split()).upper()
        return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
