"""Reads that span apps: a body's budget by year with its prevention share, and the flow of a devolved
budget from the body to each organisation, with what was returned on. The page and the API both read
these, so they show the same numbers."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext

from ostrom.grants.models import Grant
from ostrom.impact.models import Return
from ostrom.network.models import Organisation

from .figures import share_of
from .models import Agreement, Allocation, BudgetLine, DevolvedBudget, PreventionCommitment, year_label

ZERO = Decimal("0.00")


# --- Budget lines and the prevention share ------------------------------------------------------


@dataclass(frozen=True)
class BudgetYear:
    year: int
    acute: Decimal
    prevention: Decimal
    other: Decimal
    prevention_by_kind: dict[str, Decimal]  # the kind's label -> amount
    commitment: Decimal | None  # per cent pledged, if the body set one

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def total(self) -> Decimal:
        return self.acute + self.prevention + self.other

    @property
    def prevention_share(self) -> Decimal | None:
        """Community-led prevention as a percentage of the year's total."""
        return share_of(self.prevention, self.total)

    @property
    def meets_commitment(self) -> bool | None:
        if self.commitment is None or self.prevention_share is None:
            return None
        return self.prevention_share >= self.commitment


def budget_years(body) -> list[BudgetYear]:
    """Each financial year the body has budget lines or a commitment for, oldest first."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    kinds: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    labels = dict(BudgetLine.PreventionKind.choices)
    for row in (
        BudgetLine.objects.of_body(body)
        .values("year", "category", "prevention_kind")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        sums[row["year"]][row["category"]] += row["total"]
        if row["prevention_kind"]:
            kinds[row["year"]][labels[row["prevention_kind"]]] += row["total"]
    commitments = dict(PreventionCommitment.objects.filter(body=body).values_list("year", "share"))
    return [
        BudgetYear(
            year=year,
            acute=sums[year]["acute"],
            prevention=sums[year]["prevention"],
            other=sums[year]["other"],
            prevention_by_kind=dict(sorted(kinds[year].items())),
            commitment=commitments.get(year),
        )
        for year in sorted(set(sums) | set(commitments))
    ]


# --- The flow of a devolved budget --------------------------------------------------------------


@dataclass
class Step:
    """One step of the flow: the money passed on to it, what it committed onwards, what has been
    paid, and how much of it the organisations have sent a return on. A step with children commits
    exactly what its children were passed, and its paid and returned-on are theirs added up."""

    kind: str  # "budget", "round", "agreement" or "grant"
    name: str
    url: str
    passed_on: Decimal
    committed: Decimal
    paid: Decimal
    returned_on: Decimal
    organisation: Organisation | None = None
    places: list = field(default_factory=list)
    children: list["Step"] = field(default_factory=list)
    note: str = ""

    @property
    def has_returned(self) -> bool:
        return self.returned_on > 0


@dataclass(frozen=True)
class Flow:
    budget: DevolvedBudget
    top: Step  # the anchor's step: devolved to it, committed to rounds and agreements

    @property
    def recipients(self) -> list[Step]:
        """Every step that reaches an organisation: each grant and each agreement."""
        found = []
        for step in self.top.children:
            found.extend(step.children if step.kind == "round" else [step])
        return found


def _grant_step(grant: Grant, returned_grant_ids: set[int]) -> Step:
    paid = grant.paid_total or ZERO
    application = grant.application
    return Step(
        kind="grant",
        name=application.title,
        url=grant.get_absolute_url(),
        passed_on=grant.amount_awarded,
        committed=grant.amount_awarded,
        paid=paid,
        returned_on=grant.amount_awarded if grant.pk in returned_grant_ids else ZERO,
        organisation=application.organisation,
        places=list(application.places.all()) or list(application.organisation.places_served.all()),
    )


def _round_step(allocation: Allocation) -> Step:
    grants = list(
        Grant.objects.public()
        .filter(application__funding_round=allocation.funding_round)
        .select_related("application__organisation")
        .prefetch_related("application__places", "application__organisation__places_served")
        .annotate(paid_total=Sum("payments__amount"))
        .order_by("application__organisation__name", "pk")
    )
    returned = set(Return.objects.submitted().filter(grant__in=grants).values_list("grant_id", flat=True))
    children = [_grant_step(grant, returned) for grant in grants]
    return Step(
        kind="round",
        name=allocation.funding_round.name,
        url=allocation.funding_round.get_absolute_url(),
        passed_on=allocation.amount,
        committed=sum((c.passed_on for c in children), ZERO),
        paid=sum((c.paid for c in children), ZERO),
        returned_on=sum((c.returned_on for c in children), ZERO),
        children=children,
        note="" if children else gettext("Its grants are shown here once the round's result is published"),
    )


def _agreement_has_return(agreement: Agreement) -> bool:
    return (
        Return.objects.submitted()
        .filter(
            organisation=agreement.organisation,
            grant__isnull=True,
            period_start__lte=agreement.ends_on,
            period_end__gte=agreement.starts_on,
        )
        .exists()
    )


def _agreement_step(agreement: Agreement) -> Step:
    return Step(
        kind="agreement",
        name=agreement.purpose,
        url=agreement.get_absolute_url(),
        passed_on=agreement.amount,
        committed=agreement.amount,
        paid=agreement.paid,
        returned_on=agreement.amount if _agreement_has_return(agreement) else ZERO,
        organisation=agreement.organisation,
        places=list(agreement.organisation.places_served.all()),
    )


def devolved_budgets():
    return DevolvedBudget.objects.select_related("from_body", "anchor")


def flow_of(budget: DevolvedBudget) -> Flow:
    allocations = budget.allocations.select_related("funding_round").order_by("allocated_on", "pk")
    agreements = budget.agreements.select_related("organisation").prefetch_related(
        Prefetch("organisation__places_served")
    )
    children = [_round_step(a) for a in allocations] + [_agreement_step(a) for a in agreements]
    top = Step(
        kind="budget",
        name=str(budget.anchor),
        url=budget.get_absolute_url(),
        passed_on=budget.amount,
        committed=budget.committed,
        paid=sum((c.paid for c in children), ZERO),
        returned_on=sum((c.returned_on for c in children), ZERO),
        children=children,
    )
    return Flow(budget=budget, top=top)


# --- Where the money reached: by organisation, place, size and kind -----------------------------


@dataclass(frozen=True)
class Share:
    label: str
    amount: Decimal
    share: Decimal  # a fraction of the whole, 0 to 1


def _shares(amounts: dict[str, Decimal]) -> list[Share]:
    whole = sum(amounts.values(), ZERO)
    rows = sorted(amounts.items(), key=lambda item: (-item[1], item[0]))
    return [
        Share(label=label, amount=amount, share=(amount / whole) if whole else ZERO) for label, amount in rows
    ]


def _split(amount: Decimal, parts: int) -> list[Decimal]:
    """`amount` in `parts` equal shares to the penny, the pennies left over going to the first ones, so
    the shares add up to the amount exactly."""
    pennies = int((amount * 100).to_integral_value())
    each, left = divmod(pennies, parts)
    return [Decimal(each + (1 if index < left else 0)) / 100 for index in range(parts)]


def shares_of(flow: Flow) -> dict[str, list[Share]]:
    """The money committed to organisations, split by organisation, by place (an organisation's money
    shared equally between the places its grant or agreement serves, so the places add up to the
    whole), by size and by kind."""
    by = {"organisation": defaultdict(lambda: ZERO), "place": defaultdict(lambda: ZERO)}
    by |= {"size": defaultdict(lambda: ZERO), "kind": defaultdict(lambda: ZERO)}
    for step in flow.recipients:
        organisation = step.organisation
        by["organisation"][organisation.name] += step.committed
        by["size"][organisation.get_size_display()] += step.committed
        by["kind"][organisation.get_kind_display()] += step.committed
        places = sorted(step.places, key=lambda place: place.name) or [None]
        for place, part in zip(places, _split(step.committed, len(places)), strict=True):
            by["place"][place.name if place else gettext("No place given")] += part
    return {dimension: _shares(amounts) for dimension, amounts in by.items()}
