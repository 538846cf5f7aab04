"""The result: its page, counting, publishing, the ballots as a Pabulib file, and who took part."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions

from .. import presenters
from ..models import Result, Round
from ..pabulib import pabulib_text
from ..services import results, rules


def result(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    outcome = Result.objects.filter(funding_round=funding_round).first()
    is_coordinator = permissions.can_run_round(request.user, funding_round)
    if outcome is None or not (funding_round.is_result_public or is_coordinator):
        return render(
            request,
            "grants/result_pending.html",
            {
                "funding_round": funding_round,
                "is_coordinator": is_coordinator,
                "can_count": is_coordinator and funding_round.phase == Round.Phase.DECISION,
            },
            status=200,
        )
    rows = presenters.result_rows(outcome)
    return render(
        request,
        "grants/result.html",
        {
            "funding_round": funding_round,
            "result": outcome,
            "rows": rows,
            "by_project": presenters.money_by_project(outcome, rows),
            "by_place": presenters.money_by_place(outcome, rows),
            "rule_text": presenters.rule_in_plain_english(funding_round),
            "is_coordinator": is_coordinator,
            "can_count": is_coordinator and funding_round.phase == Round.Phase.DECISION,
        },
    )


@login_required
@require_http_methods(["POST"])
def count_votes(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    try:
        progress = results.start_result(coordinator=request.user, funding_round=funding_round)
    except rules.PhaseClosed as problem:
        messages.error(request, str(problem))
        return redirect("grants:result", slug)
    return redirect(progress)


@login_required
@require_http_methods(["POST"])
def publish_result(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    try:
        results.publish_result(coordinator=request.user, funding_round=funding_round)
    except rules.PhaseClosed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, gettext("The result is published"))
    return redirect("grants:result", slug)


def ballots_pb(request, slug):
    """The round's counted ballots as a Pabulib file, so anyone can check the result with their own tools."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(
        funding_round.is_result_public or permissions.can_run_round(request.user, funding_round),
        gettext("The ballots are published with the result"),
    )
    text = pabulib_text(funding_round)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{funding_round.slug}.pb"'
    return response


@login_required
def reach(request, slug):
    """Who applied, who sat on the panel and who voted, against the population the fund serves."""
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(
        permissions.can_see_reach(request.user, places=funding_round.fund.places_served.all()),
        gettext("Only partners, and coordinators of the places this fund serves, see who took part."),
    )
    return render(
        request,
        "grants/reach.html",
        {"funding_round": funding_round, "groups": presenters.reach(funding_round)},
    )
