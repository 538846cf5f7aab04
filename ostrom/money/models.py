"""Money: where health and care budgets go, how much moves to community-led prevention, and how money
devolved to a community anchor flows on to community groups.

- `BudgetLine`: a body's spend in one financial year on acute care, community-led prevention (in
  sub-categories) or other things; `PreventionCommitment` is the share of spend the body pledged to
  community-led prevention that year (recommendation 2.11).
- `DevolvedBudget`: an ICB or PCN devolves money to a community anchor. The anchor is a `Body` of kind
  collective, not an `Organisation`: the anchor decides where the money goes, like any deciding body,
  and the places it serves decide who runs it (its coordinators), while organisations are the ones
  the money reaches. The anchor passes the money on through an `Allocation` to a grant round (whose
  grants and payments are counted from the grants' own records, never typed again) or an `Agreement`
  with a member organisation, paid in `AgreementPayment`s.
- Money never goes negative and never runs ahead of itself: devolved ≥ committed ≥ paid ≥ 0 on a
  budget and amount ≥ paid ≥ 0 on an agreement, kept as running totals that only the services change
  (under a row lock), and checked again by the database.
- `CostBenefit`: a programme's costs and its outcomes valued with stated unit values (low, central and
  high), the totals and ratios worked out in `figures.py`, never typed.

No model here links to a person: who did what is in the audit log.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ostrom.decisions.models import Body
from ostrom.grants.models import Round
from ostrom.impact.models import Programme
from ostrom.network.models import Organisation

from . import figures

MONEY = {"max_digits": 14, "decimal_places": 2}
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_label(year: int) -> str:
    """The financial year that starts in April of `year`: 2024 → "2024/25"."""
    return f"{year}/{(year + 1) % 100:02d}"


class BudgetLineQuerySet(models.QuerySet):
    def of_body(self, body):
        return self.filter(body=body)

    def in_year(self, year: int):
        return self.filter(year=year)


class BudgetLine(models.Model):
    class Category(models.TextChoices):
        ACUTE = "acute", gettext_lazy("Acute care")
        PREVENTION = "prevention", gettext_lazy("Community-led prevention")
        OTHER = "other", gettext_lazy("Other")

    class PreventionKind(models.TextChoices):
        SOCIAL_PRESCRIBING = "social_prescribing", gettext_lazy("Social prescribing")
        VCSE_GRANTS = "vcse_grants", gettext_lazy("Grants to voluntary and community groups")
        COMMUNITY_ANCHORS = "community_anchors", gettext_lazy("Community anchors")
        HEALTH_CREATING = "health_creating", gettext_lazy("Health-creating activity")
        OTHER = "other_prevention", gettext_lazy("Other community-led prevention")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(
        help_text="The financial year that starts in April, 2024 = 2024/25"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    prevention_kind = models.CharField(max_length=30, choices=PreventionKind.choices, blank=True)
    amount = models.DecimalField(**MONEY)
    source_note = models.CharField(max_length=300, help_text="Where the figure comes from")
    created_at = models.DateTimeField(default=timezone.now)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["body", "year", "category", "prevention_kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="budget_line_year_in_range"
            ),
            models.CheckConstraint(
                condition=(Q(category="prevention") & ~Q(prevention_kind=""))
                | (~Q(category="prevention") & Q(prevention_kind="")),
                name="budget_line_prevention_kind_only_for_prevention",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.label} in {self.year_label}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def label(self) -> str:
        if self.category == self.Category.PREVENTION:
            return f"{self.get_category_display()}: {self.get_prevention_kind_display().lower()}"
        return self.get_category_display()


class PreventionCommitment(models.Model):
    """The share of its spend a body pledged to community-led prevention in one financial year."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="prevention_commitments")
    year = models.PositiveSmallIntegerField()
    share = models.DecimalField(max_digits=5, decimal_places=2, help_text="Per cent of the body's spend")
    note = models.CharField(max_length=300, blank=True)
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["body", "year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_prevention_commitment_per_year"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=100), name="prevention_commitment_is_a_percentage"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="prevention_commitment_year_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.body}: {self.share}% in {year_label(self.year)}"


# --- Devolved budgets ---------------------------------------------------------------------------


class DevolvedBudget(models.Model):
    from_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="devolved_budgets")
    anchor = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="received_budgets",
        help_text="The community anchor (the collective) the money is devolved to",
    )
    amount = models.DecimalField(**MONEY)
    # Running totals, changed only by the services under a row lock. `committed` is what the anchor
    # has passed on (allocations to rounds and agreements); `paid` is what it has paid through
    # agreements – grant payments are counted from the grants' own records.
    committed = models.DecimalField(**MONEY, default=Decimal(0))
    paid = models.DecimalField(**MONEY, default=Decimal(0))
    devolved_on = models.DateField()
    purpose = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-devolved_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="devolved_amount_positive"),
            models.CheckConstraint(condition=Q(amount__gte=F("committed")), name="devolved_covers_committed"),
            models.CheckConstraint(
                condition=Q(committed__gte=F("paid")), name="devolved_committed_covers_paid"
            ),
            models.CheckConstraint(condition=Q(paid__gte=0), name="devolved_paid_not_negative"),
            models.CheckConstraint(condition=~Q(from_body=F("anchor")), name="devolved_to_another_body"),
        ]

    def __str__(self):
        return f"{figures.money(self.amount)} from {self.from_body} to {self.anchor}"

    def get_absolute_url(self):
        return reverse("money:devolved-detail", args=[self.pk])

    @property
    def left_to_commit(self) -> Decimal:
        return self.amount - self.committed


class Allocation(models.Model):
    """Part of a devolved budget passed on to a grant round: the round's whole budget, taken from the
    round. The round's grants and payments count as committed and paid from the grants' own records."""

    budget = models.ForeignKey(DevolvedBudget, on_delete=models.PROTECT, related_name="allocations")
    funding_round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="money_allocation")
    amount = models.DecimalField(**MONEY)
    allocated_on = models.DateField()
    purpose = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["allocated_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive")]

    def __str__(self):
        return f"{figures.money(self.amount)} to {self.funding_round}"


class Agreement(models.Model):
    """A direct agreement between the anchor and a member organisation, paid in instalments."""

    budget = models.ForeignKey(DevolvedBudget, on_delete=models.PROTECT, related_name="agreements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="money_agreements")
    amount = models.DecimalField(**MONEY)
    paid = models.DecimalField(**MONEY, default=Decimal(0))  # running total, changed only by the services
    purpose = models.CharField(max_length=500)
    agreed_on = models.DateField()
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="agreement_amount_positive"),
            models.CheckConstraint(condition=Q(amount__gte=F("paid")), name="agreement_covers_paid"),
            models.CheckConstraint(condition=Q(paid__gte=0), name="agreement_paid_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="agreement_ends_after_it_starts"
            ),
        ]

    def __str__(self):
        return f"{figures.money(self.amount)} to {self.organisation}"

    def get_absolute_url(self):
        return reverse("money:agreement-detail", args=[self.pk])

    @property
    def left_to_pay(self) -> Decimal:
        return self.amount - self.paid


class AgreementPayment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(**MONEY)
    paid_on = models.DateField()
    reference = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="agreement_payment_positive")]

    def __str__(self):
        return f"{figures.money(self.amount)} on {self.paid_on}"


# --- Cost-benefit -------------------------------------------------------------------------------


class CostBenefit(models.Model):
    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="cost_benefit")
    assumptions = models.TextField(blank=True, help_text="The assumptions behind the figures, in words")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme"]

    def __str__(self):
        return f"Costs and benefits of {self.programme}"

    def get_absolute_url(self):
        return reverse("money:cost-benefit", args=[self.programme.slug])

    def summary(self) -> figures.CostBenefitSummary:
        return figures.summarise(self.costs.all(), self.outcomes.all())


class CostItem(models.Model):
    cost_benefit = models.ForeignKey(CostBenefit, on_delete=models.CASCADE, related_name="costs")
    item = models.CharField(max_length=200)
    amount = models.DecimalField(**MONEY)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="cost_item_not_negative")]

    def __str__(self):
        return self.item


class OutcomeValue(models.Model):
    """An outcome, how many times it happened, and what each is worth (low, central, high) with the
    source of that unit value."""

    cost_benefit = models.ForeignKey(CostBenefit, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=12, decimal_places=2)
    unit_value_low = models.DecimalField(**MONEY)
    unit_value_central = models.DecimalField(**MONEY)
    unit_value_high = models.DecimalField(**MONEY)
    source = models.CharField(max_length=300, help_text="Where the unit value comes from")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="outcome_quantity_not_negative"),
            models.CheckConstraint(condition=Q(unit_value_low__gte=0), name="outcome_value_not_negative"),
            models.CheckConstraint(
                condition=Q(unit_value_central__gte=F("unit_value_low"))
                & Q(unit_value_high__gte=F("unit_value_central")),
                name="outcome_values_in_order",
            ),
        ]

    def __str__(self):
        return self.outcome
