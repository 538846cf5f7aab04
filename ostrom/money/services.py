"""Every write to money: budget lines and commitments, devolving, passing money on, paying, and
cost-benefits. Each checks permission first, works in one transaction and keeps an audit entry.

The running totals on a devolved budget (committed, paid) and an agreement (paid) are changed only
here, with the row locked (`select_for_update`) so two people passing money on at once cannot both
spend the last of it. The database checks the same order (amount ≥ committed ≥ paid ≥ 0) again."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Progress, Upload
from ostrom.core.validation import check_text, raise_problems
from ostrom.decisions.models import Body
from ostrom.network.models import Organisation

from . import tasks
from .figures import money
from .models import (
    Agreement,
    AgreementPayment,
    Allocation,
    BudgetLine,
    CostBenefit,
    CostItem,
    DevolvedBudget,
    OutcomeValue,
    PreventionCommitment,
    year_label,
)
from .validation import (
    check_amount,
    check_date,
    check_year,
    checked_budget_line,
)

ONLY_BUDGET_MANAGERS = gettext_lazy(
    "Only the coordinators of the places this body serves can change its money"
)
ONLY_PROGRAMME_COORDINATORS = gettext_lazy(
    "Only the coordinators of this programme's place can change its costs and benefits"
)
DEVOLVING_BODIES = {Body.Kind.ICB, Body.Kind.PCN}

UNIT_VALUE_NAMES = {
    "low": gettext_lazy("The low value"),
    "central": gettext_lazy("The central value"),
    "high": gettext_lazy("The high value"),
}


# --- Budget lines and commitments ---------------------------------------------------------------


@transaction.atomic
def add_budget_line(
    *, actor, body: Body, year: int, category: str, amount, source_note: str, prevention_kind: str = ""
) -> BudgetLine:
    permissions.ensure(permissions.can_manage_budgets(actor, body), ONLY_BUDGET_MANAGERS)
    line = checked_budget_line(
        body=body,
        year=year,
        category=category,
        prevention_kind=prevention_kind,
        amount=amount,
        source_note=source_note,
    )
    line.save()
    audit.record(actor=actor, action="budget_line.created", target=line)
    return line


def start_budget_import(*, actor, body: Body, content: bytes, filename: str) -> Progress:
    """Queue an import of budget lines from a CSV or XLSX file (`importing.import_budget_lines`): every
    row is checked first, and one bad row means nothing is kept."""
    permissions.ensure(permissions.can_manage_budgets(actor, body), ONLY_BUDGET_MANAGERS)
    with transaction.atomic():
        progress = start_task(
            tasks.import_budget_lines_task,
            title=(gettext("Importing budget lines for %(body)s") % {"body": body.name})[:200],
            retry_url=reverse("money:import-budget-lines", args=[body.slug]),
            started_by=actor,
            body_id=body.pk,
        )
        Upload.objects.create(progress=progress, filename=filename[:200], content=content)
    return progress


@transaction.atomic
def remove_budget_line(*, actor, line: BudgetLine) -> None:
    permissions.ensure(permissions.can_manage_budgets(actor, line.body), ONLY_BUDGET_MANAGERS)
    audit.record(
        actor=actor,
        action="budget_line.deleted",
        target=line,
        changes={"amount": (line.amount, None)},
        note=str(line),
    )
    line.delete()


@transaction.atomic
def set_prevention_commitment(*, actor, body: Body, year: int, share, note: str = "") -> PreventionCommitment:
    """The body's pledge for a year, replacing any earlier one for that year (the audit keeps both)."""
    permissions.ensure(permissions.can_manage_budgets(actor, body), ONLY_BUDGET_MANAGERS)
    problems: dict = {}
    year = check_year(problems, "year", year)
    share = check_amount(problems, "share", share, name=gettext_lazy("The share"))
    if "share" not in problems and share > 100:
        problems["share"] = gettext("The share must be a percentage from 0 to 100")
    check_text(problems, "note", note, max_length=300)
    raise_problems(problems)
    commitment = PreventionCommitment.objects.select_for_update().filter(body=body, year=year).first()
    before = commitment.share if commitment else None
    if commitment is None:
        commitment = PreventionCommitment(body=body, year=year)
    commitment.share, commitment.note, commitment.set_at = share, note.strip(), timezone.now()
    commitment.save()
    audit.record(
        actor=actor,
        action="prevention_commitment.set",
        target=commitment,
        changes={"share": (before, share)},
        note=year_label(year),
    )
    return commitment


# --- Devolved budgets and their flow ------------------------------------------------------------


@transaction.atomic
def devolve_budget(
    *, actor, from_body: Body, anchor: Body, amount, devolved_on: date, purpose: str
) -> DevolvedBudget:
    permissions.ensure(permissions.can_manage_budgets(actor, from_body), ONLY_BUDGET_MANAGERS)
    problems: dict = {}
    if from_body.kind not in DEVOLVING_BODIES:
        problems["from_body"] = gettext(
            "Only an integrated care board or a primary care network devolves a budget here"
        )
    if anchor.kind != Body.Kind.COLLECTIVE:
        problems["anchor"] = gettext("Choose the collective: money is devolved to a community anchor")
    amount = check_amount(problems, "amount", amount, positive=True)
    check_date(problems, "devolved_on", devolved_on, name=gettext_lazy("the date the money was devolved"))
    check_text(problems, "purpose", purpose, max_length=500, required=gettext("Say what the money is for"))
    raise_problems(problems)
    budget = DevolvedBudget.objects.create(
        from_body=from_body, anchor=anchor, amount=amount, devolved_on=devolved_on, purpose=purpose.strip()
    )
    audit.record(
        actor=actor, action="devolved_budget.created", target=budget, changes={"amount": (None, amount)}
    )
    return budget


def _locked(budget: DevolvedBudget) -> DevolvedBudget:
    return DevolvedBudget.objects.select_for_update().select_related("anchor").get(pk=budget.pk)


def _ensure_fits(budget: DevolvedBudget, amount: Decimal, field: str) -> None:
    if amount > budget.left_to_commit:
        over = amount - budget.left_to_commit
        raise ValidationError(
            {
                field: gettext(
                    "This would commit %(over)s more than the %(devolved)s devolved (%(left)s is left to pass on)"
                )
                % {
                    "over": money(over),
                    "devolved": money(budget.amount),
                    "left": money(budget.left_to_commit),
                }
            }
        )


def _commit(budget: DevolvedBudget, amount: Decimal) -> None:
    DevolvedBudget.objects.filter(pk=budget.pk).update(committed=F("committed") + amount)


@transaction.atomic
def allocate_to_round(
    *, actor, budget: DevolvedBudget, funding_round, allocated_on: date, purpose: str = ""
) -> Allocation:
    """Pass the round's whole budget on from the devolved money; its grants and payments are then
    counted from the grants' own records."""
    permissions.ensure(permissions.can_manage_budgets(actor, budget.anchor), ONLY_BUDGET_MANAGERS)
    permissions.ensure(
        permissions.can_run_round(actor, funding_round),
        gettext("Only the coordinators of this round can fund it from here"),
    )
    problems: dict = {}
    check_date(problems, "allocated_on", allocated_on, name=gettext_lazy("the date the money was passed on"))
    check_text(problems, "purpose", purpose, max_length=500)
    raise_problems(problems)
    budget = _locked(budget)
    if Allocation.objects.filter(funding_round=funding_round).exists():
        raise ValidationError(
            {"funding_round": gettext("This round is already funded from a devolved budget")}
        )
    _ensure_fits(budget, funding_round.budget, "funding_round")
    try:
        with transaction.atomic():
            allocation = Allocation.objects.create(
                budget=budget,
                funding_round=funding_round,
                amount=funding_round.budget,
                allocated_on=allocated_on,
                purpose=purpose.strip(),
            )
    except IntegrityError:
        raise ValidationError(
            {"funding_round": gettext("This round is already funded from a devolved budget")}
        ) from None
    _commit(budget, allocation.amount)
    audit.record(
        actor=actor,
        action="allocation.created",
        target=allocation,
        changes={"amount": (None, allocation.amount)},
        note=f"from devolved budget {budget.pk}",
    )
    return allocation


@transaction.atomic
def agree(
    *,
    actor,
    budget: DevolvedBudget,
    organisation: Organisation,
    amount,
    purpose: str,
    agreed_on: date,
    starts_on: date,
    ends_on: date,
) -> Agreement:
    """A direct agreement with a member organisation, from the devolved money."""
    permissions.ensure(permissions.can_manage_budgets(actor, budget.anchor), ONLY_BUDGET_MANAGERS)
    problems: dict = {}
    if organisation.status != Organisation.Status.MEMBER:
        problems["organisation"] = gettext("Choose a member organisation of the collective")
    amount = check_amount(problems, "amount", amount, positive=True)
    check_text(problems, "purpose", purpose, max_length=500, required=gettext("Say what the money is for"))
    check_date(problems, "agreed_on", agreed_on, name=gettext_lazy("the date of the agreement"))
    check_date(problems, "starts_on", starts_on, name=gettext_lazy("the date the work starts"))
    check_date(problems, "ends_on", ends_on, name=gettext_lazy("the date the work ends"))
    if not problems and ends_on < starts_on:
        problems["ends_on"] = gettext("The work must end on or after the day it starts")
    raise_problems(problems)
    budget = _locked(budget)
    _ensure_fits(budget, amount, "amount")
    agreement = Agreement.objects.create(
        budget=budget,
        organisation=organisation,
        amount=amount,
        purpose=purpose.strip(),
        agreed_on=agreed_on,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _commit(budget, amount)
    audit.record(
        actor=actor,
        action="agreement.created",
        target=agreement,
        changes={"amount": (None, amount)},
        note=f"with {organisation} from devolved budget {budget.pk}",
    )
    return agreement


@transaction.atomic
def record_agreement_payment(
    *, actor, agreement: Agreement, amount, paid_on: date, reference: str = ""
) -> AgreementPayment:
    budget = agreement.budget
    permissions.ensure(permissions.can_manage_budgets(actor, budget.anchor), ONLY_BUDGET_MANAGERS)
    problems: dict = {}
    amount = check_amount(problems, "amount", amount, positive=True)
    check_date(problems, "paid_on", paid_on, name=gettext_lazy("the date it was paid"))
    check_text(problems, "reference", reference, max_length=60)
    raise_problems(problems)
    # Lock in one order (the budget, then the agreement) so two payments cannot deadlock.
    _locked(budget)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if amount > agreement.left_to_pay:
        over = amount - agreement.left_to_pay
        raise ValidationError(
            {
                "amount": gettext(
                    "This would pay %(over)s more than the %(agreed)s agreed (%(left)s is left to pay)"
                )
                % {
                    "over": money(over),
                    "agreed": money(agreement.amount),
                    "left": money(agreement.left_to_pay),
                }
            }
        )
    payment = AgreementPayment.objects.create(
        agreement=agreement, amount=amount, paid_on=paid_on, reference=reference.strip()
    )
    Agreement.objects.filter(pk=agreement.pk).update(paid=F("paid") + amount)
    DevolvedBudget.objects.filter(pk=budget.pk).update(paid=F("paid") + amount)
    audit.record(
        actor=actor,
        action="agreement_payment.created",
        target=payment,
        changes={"amount": (None, amount)},
        note=f"agreement {agreement.pk}",
    )
    return payment


# --- Cost-benefit -------------------------------------------------------------------------------


@transaction.atomic
def save_cost_benefit(
    *, actor, programme, assumptions: str, costs: list[dict], outcomes: list[dict]
) -> CostBenefit:
    """Replace a programme's cost lines and outcome values with these, and its assumptions. Every
    line is checked; one bad line (named by its number) changes nothing. The totals and ratios are
    worked out from the lines, never stored."""
    permissions.ensure(permissions.can_build_cost_benefit(actor, programme), ONLY_PROGRAMME_COORDINATORS)
    problems: dict = {}
    check_text(problems, "assumptions", assumptions, max_length=5000)
    cost_rows, outcome_rows = [], []
    for number, line in enumerate(costs, start=1):
        found: dict = {}
        check_text(
            found, "item", line.get("item"), max_length=200, required=gettext("Say what the cost is for")
        )
        amount = check_amount(found, "amount", line.get("amount"))
        check_text(
            found,
            "source",
            line.get("source"),
            max_length=300,
            required=gettext("Say where the cost comes from"),
        )
        for field, message in found.items():
            problems.setdefault(f"costs-{number}-{field}", f"Cost {number}: {message}")
        if not found:
            cost_rows.append(
                CostItem(item=line["item"].strip(), amount=amount, source=line["source"].strip())
            )
    for number, line in enumerate(outcomes, start=1):
        found = {}
        check_text(
            found, "outcome", line.get("outcome"), max_length=200, required=gettext("Say what the outcome is")
        )
        quantity = check_amount(found, "quantity", line.get("quantity"), name=gettext_lazy("How many"))
        if "quantity" not in found and quantity >= Decimal("10000000000"):
            found["quantity"] = gettext("How many must be less than 10 billion")
        values = {
            case: check_amount(found, f"unit_value_{case}", line.get(f"unit_value_{case}"), name=name)
            for case, name in UNIT_VALUE_NAMES.items()
        }
        if not found and not values["low"] <= values["central"] <= values["high"]:
            found["unit_value_central"] = gettext("The values must go up from low to central to high")
        check_text(
            found,
            "source",
            line.get("source"),
            max_length=300,
            required=gettext("Say where the unit value comes from"),
        )
        for field, message in found.items():
            problems.setdefault(f"outcomes-{number}-{field}", f"Outcome {number}: {message}")
        if not found:
            outcome_rows.append(
                OutcomeValue(
                    outcome=line["outcome"].strip(),
                    quantity=quantity,
                    unit_value_low=values["low"],
                    unit_value_central=values["central"],
                    unit_value_high=values["high"],
                    source=line["source"].strip(),
                )
            )
    raise_problems(problems)
    cost_benefit, created = CostBenefit.objects.select_for_update().get_or_create(programme=programme)
    before = cost_benefit.summary() if not created else None
    cost_benefit.assumptions = assumptions.strip()
    cost_benefit.updated_at = timezone.now()
    cost_benefit.save()
    cost_benefit.costs.all().delete()
    cost_benefit.outcomes.all().delete()
    for row in cost_rows + outcome_rows:
        row.cost_benefit = cost_benefit
    CostItem.objects.bulk_create(cost_rows)
    OutcomeValue.objects.bulk_create(outcome_rows)
    after = cost_benefit.summary()
    audit.record(
        actor=actor,
        action="cost_benefit.created" if created else "cost_benefit.changed",
        target=cost_benefit,
        changes={
            "total_costs": (before.total_costs if before else None, after.total_costs),
            "central_value": (before.value["central"] if before else None, after.value["central"]),
        },
    )
    return cost_benefit
