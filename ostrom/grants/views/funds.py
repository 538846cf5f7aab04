"""Funds and rounds: the lists, creating a fund, setting up a round and the round's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.accounts.permissions import NotAllowed
from ostrom.core.forms import attach_errors
from ostrom.translations.reading import reading_for

from .. import presenters, translations
from ..forms import FundForm, RoundForm
from ..models import Fund, Round
from ..services import funds


def fund_list(request):
    listed = list(Fund.objects.prefetch_related("rounds", "places_served"))
    funding_rounds = [funding_round for fund in listed for funding_round in fund.rounds.all()]
    return render(
        request,
        "grants/fund_list.html",
        {
            "funds": listed,
            "reading": reading_for(request, translations.rounds_items(funding_rounds)),
            "can_create": permissions.is_any_coordinator(request.user),
        },
    )


def fund_detail(request, slug):
    fund = get_object_or_404(Fund.objects.prefetch_related("places_served"), slug=slug)
    funding_rounds = list(fund.rounds.all())
    return render(
        request,
        "grants/fund_detail.html",
        {
            "fund": fund,
            "rounds": funding_rounds,
            "reading": reading_for(request, translations.rounds_items(funding_rounds)),
            "can_create": permissions.can_run_fund(request.user, fund),
            "can_see_reach": permissions.can_see_reach(request.user, places=fund.places_served.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request):
    permissions.ensure(
        permissions.is_any_coordinator(request.user),
        gettext("Only coordinators create funds, and you are not one."),
    )
    form = FundForm(request.POST or None)
    if form.is_valid():
        try:
            fund = funds.create_fund(coordinator=request.user, **form.cleaned_data)
        except NotAllowed as problem:
            form.add_error("places_served", str(problem))
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The fund has been created. Now add its first round."))
            return redirect("grants:round-create", fund.slug)
    return render(request, "grants/fund_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_form(request, slug, round_slug=None):
    fund = get_object_or_404(Fund, slug=slug)
    permissions.ensure(
        permissions.can_run_fund(request.user, fund),
        gettext("Only coordinators of the places this fund serves change it, and you are not one of them."),
    )
    funding_round = get_object_or_404(Round, slug=round_slug, fund=fund) if round_slug else None
    initial = (
        {field: getattr(funding_round, field) for field in funds.ROUND_FIELDS} if funding_round else None
    )
    form = RoundForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            funding_round = funds.save_round(
                coordinator=request.user, fund=fund, funding_round=funding_round, **form.cleaned_data
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The round has been saved"))
            return redirect(funding_round)
    return render(
        request, "grants/round_form.html", {"form": form, "fund": fund, "funding_round": funding_round}
    )


def round_detail(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    context = {
        "funding_round": funding_round,
        "timeline": presenters.timeline(funding_round),
        "actions": presenters.actions(funding_round, request.user),
        "criteria": funding_round.criteria(),
        "is_coordinator": permissions.can_run_round(request.user, funding_round),
        "can_see_reach": permissions.can_see_reach(
            request.user, places=funding_round.fund.places_served.all()
        ),
    }
    if context["is_coordinator"]:
        context["applications"] = funding_round.applications.submitted().select_related("organisation")
        context["codes"] = presenters.access_code_counts(funding_round)
    return render(request, "grants/round_detail.html", context)
