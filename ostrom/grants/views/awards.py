"""Grants once awarded: the public list, a grant's payments and returns, and the 360Giving open data."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors
from ostrom.impact.returns_selectors import grant_returns

from .. import opendata
from ..forms import PaymentForm
from ..models import Grant
from ..services import awards


def grant_list(request):
    grants = Grant.objects.public().select_related("application__organisation", "application__funding_round")
    return render(request, "grants/grant_list.html", {"grants": grants})


@require_http_methods(["GET", "POST"])
def grant_detail(request, grant_id):
    grant = get_object_or_404(
        Grant.objects.select_related("application__organisation", "application__funding_round__fund"),
        pk=grant_id,
    )
    is_coordinator = permissions.can_run_round(request.user, grant.application.funding_round)
    is_recipient = request.user.is_authenticated and permissions.can_submit_return(
        request.user, grant.application.organisation
    )
    payment_form = PaymentForm(request.POST or None)
    if request.method == "POST":
        permissions.ensure(is_coordinator, gettext("Only the round's coordinators record payments"))
        if payment_form.is_valid():
            try:
                awards.record_payment(coordinator=request.user, grant=grant, **payment_form.cleaned_data)
            except ValidationError as problem:
                attach_errors(payment_form, problem)
            else:
                messages.success(request, gettext("The payment has been recorded"))
                return redirect(grant)
    return render(
        request,
        "grants/grant_detail.html",
        {
            "grant": grant,
            "is_coordinator": is_coordinator,
            "is_recipient": is_recipient,
            "payment_form": payment_form,
            "form": payment_form,
            "next_return": grant.returns.due().first(),
            "returns": grant_returns(grant) if is_coordinator or is_recipient else [],
            "payments": grant.payments.all(),
        },
    )


def grants_360giving_json(request):
    data = opendata.package(_published_grants())
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="grants-360giving.json"'
    return response


def grants_360giving_xlsx(request):
    data = opendata.package(_published_grants())
    response = HttpResponse(
        opendata.spreadsheet(data) if data["grants"] else b"",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.xlsx"'
    return response


def _published_grants():
    return (
        Grant.objects.public()
        .select_related("application__organisation", "application__funding_round__fund")
        .prefetch_related("application__places")
    )
