"""Pages for money: budgets and the prevention share, following devolved money to each organisation,
cost-benefits, and the coordinators' forms. Each view reads the request, calls one service or query,
and renders or redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.core.forms import SpreadsheetForm, attach_errors
from ostrom.decisions.models import Body
from ostrom.grants.models import Round
from ostrom.impact.models import Programme
from ostrom.network.models import Organisation

from . import presenters, selectors, services
from .forms import (
    AgreementForm,
    AllocationForm,
    BudgetLineForm,
    CommitmentForm,
    CostBenefitForm,
    DevolveForm,
    PaymentForm,
)
from .models import Agreement, BudgetLine, CostBenefit, DevolvedBudget


def _managed_bodies(user, **filters):
    if not getattr(user, "is_authenticated", False):
        return []
    bodies = Body.objects.filter(**filters).prefetch_related("places")
    return [body for body in bodies if permissions.can_manage_budgets(user, body)]


@require_GET
def index(request):
    bodies = Body.objects.filter(budget_lines__isnull=False).distinct().prefetch_related("places")
    sections = []
    for body in bodies:
        years = selectors.budget_years(body)
        sections.append(
            {
                "body": body,
                "table": presenters.budget_table(body, years),
                "kinds": presenters.prevention_kinds_table(body, years),
                "commitment_sentence": presenters.commitment_sentence(years[-1] if years else None),
                "can_manage": permissions.can_manage_budgets(request.user, body),
            }
        )
    return render(
        request,
        "money/index.html",
        {
            "sections": sections,
            "budgets": selectors.devolved_budgets(),
            "cost_benefits": CostBenefit.objects.select_related("programme"),
            "managed": _managed_bodies(request.user),
        },
    )


def _body_to_manage(request, slug) -> Body:
    body = get_object_or_404(Body, slug=slug)
    permissions.ensure(permissions.can_manage_budgets(request.user, body), services.ONLY_BUDGET_MANAGERS)
    return body


@login_required
@require_http_methods(["GET", "POST"])
def add_budget_line(request, slug):
    body = _body_to_manage(request, slug)
    form = BudgetLineForm(request.POST or None)
    if form.is_valid():
        try:
            services.add_budget_line(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The budget line has been added"))
            return redirect("money:body-budget", slug=body.slug)
    return render(request, "money/budget_line_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "POST"])
def import_budget_lines(request, slug):
    body = _body_to_manage(request, slug)
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        progress = services.start_budget_import(
            actor=request.user, body=body, content=upload.read(), filename=upload.name
        )
        return redirect(progress)
    return render(request, "money/import.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "POST"])
def body_budget(request, slug):
    """A body's budget lines, one by one, for the people who keep them (and remove a wrong one)."""
    body = _body_to_manage(request, slug)
    lines = BudgetLine.objects.of_body(body).order_by("-year", "category", "prevention_kind", "pk")
    return render(request, "money/body_budget.html", {"body": body, "lines": lines})


@login_required
@require_POST
def remove_budget_line(request, slug, line_id):
    body = _body_to_manage(request, slug)
    line = get_object_or_404(BudgetLine, pk=line_id, body=body)
    services.remove_budget_line(actor=request.user, line=line)
    messages.success(request, gettext("The budget line has been removed"))
    return redirect("money:body-budget", slug=body.slug)


@login_required
@require_http_methods(["GET", "POST"])
def set_commitment(request, slug):
    body = _body_to_manage(request, slug)
    form = CommitmentForm(request.POST or None)
    if form.is_valid():
        try:
            services.set_prevention_commitment(actor=request.user, body=body, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The commitment has been saved"))
            return redirect("money:index")
    return render(request, "money/commitment_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "POST"])
def devolve(request):
    bodies = _managed_bodies(request.user, kind__in=services.DEVOLVING_BODIES)
    permissions.ensure(
        bool(bodies), gettext("Only the coordinators of an ICB's or PCN's places can devolve its money")
    )
    form = DevolveForm(
        request.POST or None,
        bodies=Body.objects.filter(pk__in=[body.pk for body in bodies]),
        anchors=Body.objects.filter(kind=Body.Kind.COLLECTIVE),
    )
    if form.is_valid():
        try:
            budget = services.devolve_budget(actor=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The devolved budget has been recorded"))
            return redirect(budget)
    return render(request, "money/devolve_form.html", {"form": form})


@require_GET
def devolved_detail(request, budget_id):
    budget = get_object_or_404(selectors.devolved_budgets(), pk=budget_id)
    flow = selectors.flow_of(budget)
    return render(
        request,
        "money/devolved_detail.html",
        {
            "budget": budget,
            "flow": flow,
            "flow_table": presenters.flow_table(flow),
            "round_tables": [
                presenters.round_table(step) for step in flow.top.children if step.kind == "round"
            ],
            "share_tables": presenters.share_tables(selectors.shares_of(flow)),
            "can_manage": permissions.can_manage_budgets(request.user, budget.anchor),
        },
    )


def _budget_to_manage(request, budget_id) -> DevolvedBudget:
    budget = get_object_or_404(selectors.devolved_budgets(), pk=budget_id)
    permissions.ensure(
        permissions.can_manage_budgets(request.user, budget.anchor), services.ONLY_BUDGET_MANAGERS
    )
    return budget


@login_required
@require_http_methods(["GET", "POST"])
def allocate(request, budget_id):
    budget = _budget_to_manage(request, budget_id)
    rounds = Round.objects.filter(money_allocation__isnull=True).select_related("fund")
    rounds = Round.objects.filter(pk__in=[r.pk for r in rounds if permissions.can_run_round(request.user, r)])
    form = AllocationForm(request.POST or None, rounds=rounds)
    if form.is_valid():
        try:
            services.allocate_to_round(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The round is now funded from this budget"))
            return redirect(budget)
    return render(request, "money/allocation_form.html", {"form": form, "budget": budget})


@login_required
@require_http_methods(["GET", "POST"])
def agree(request, budget_id):
    budget = _budget_to_manage(request, budget_id)
    form = AgreementForm(request.POST or None, organisations=Organisation.objects.members())
    if form.is_valid():
        try:
            agreement = services.agree(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The agreement has been recorded"))
            return redirect(agreement)
    return render(request, "money/agreement_form.html", {"form": form, "budget": budget})


@require_GET
def agreement_detail(request, agreement_id):
    agreement = get_object_or_404(
        Agreement.objects.select_related("organisation", "budget__from_body", "budget__anchor"),
        pk=agreement_id,
    )
    return render(
        request,
        "money/agreement_detail.html",
        {
            "agreement": agreement,
            "payments": agreement.payments.all(),
            "can_manage": permissions.can_manage_budgets(request.user, agreement.budget.anchor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_payment(request, agreement_id):
    agreement = get_object_or_404(
        Agreement.objects.select_related("budget__anchor", "organisation"), pk=agreement_id
    )
    permissions.ensure(
        permissions.can_manage_budgets(request.user, agreement.budget.anchor), services.ONLY_BUDGET_MANAGERS
    )
    form = PaymentForm(request.POST or None)
    if form.is_valid():
        try:
            services.record_agreement_payment(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The payment has been recorded"))
            return redirect(agreement)
    return render(request, "money/payment_form.html", {"form": form, "agreement": agreement})


@require_GET
def cost_benefit(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    found = CostBenefit.objects.filter(programme=programme).first()
    summary = found.summary() if found else None
    return render(
        request,
        "money/cost_benefit.html",
        {
            "programme": programme,
            "cost_benefit": found,
            "summary": summary,
            "tables": presenters.cost_tables(found, summary) if found else [],
            "ratio_sentence": presenters.ratio_sentence(summary) if found else "",
            "can_build": permissions.can_build_cost_benefit(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_cost_benefit(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    permissions.ensure(
        permissions.can_build_cost_benefit(request.user, programme), services.ONLY_PROGRAMME_COORDINATORS
    )
    found = CostBenefit.objects.filter(programme=programme).first()
    cost_rows = (found.costs.count() if found else 0) + 2
    outcome_rows = (found.outcomes.count() if found else 0) + 2
    form = CostBenefitForm(
        request.POST or None,
        initial=CostBenefitForm.initial_for(found),
        cost_rows=cost_rows,
        outcome_rows=outcome_rows,
    )
    if form.is_valid():
        try:
            services.save_cost_benefit(actor=request.user, programme=programme, **form.lines())
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The costs and benefits have been saved"))
            return redirect("money:cost-benefit", slug=programme.slug)
    return render(request, "money/cost_benefit_form.html", {"form": form, "programme": programme})
