"""Residents suggest and choose a round's priorities."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.core.forms import attach_errors
from ostrom.translations.reading import reading_for

from .. import translations
from ..forms import ChoosePrioritiesForm, PriorityForm
from ..models import Round
from ..services import priorities, rules


@require_http_methods(["GET", "POST"])
def set_priorities(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    listed = (
        funding_round.priorities.filter(is_accepted=True)
        .annotate(support=Count("votes"))
        .order_by("-support", "title")
    )
    chosen = set()
    if request.user.is_authenticated:
        chosen = set(funding_round.priorities.filter(votes__voter=request.user).values_list("pk", flat=True))
    propose = PriorityForm(request.POST if request.POST.get("form") == "propose" else None, prefix="propose")
    choose = ChoosePrioritiesForm(
        request.POST if request.POST.get("form") == "choose" else None,
        funding_round=funding_round,
        initial={"priorities": list(chosen)},
        prefix="choose",
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{request.build_absolute_uri('/sign-in/')}?next={request.path}")
        try:
            if request.POST.get("form") == "propose" and propose.is_valid():
                priorities.propose_priority(
                    funding_round=funding_round, proposer=request.user, **propose.cleaned_data
                )
                messages.success(
                    request, gettext("Thank you. Your priority has been added, with your support.")
                )
                return redirect("grants:priorities", slug)
            if request.POST.get("form") == "choose" and choose.is_valid():
                priorities.choose_priorities(
                    funding_round=funding_round,
                    voter=request.user,
                    priorities=choose.cleaned_data["priorities"],
                )
                messages.success(
                    request,
                    gettext("Your choices have been saved. You can change them until applications open."),
                )
                return redirect("grants:priorities", slug)
        except ValidationError as problem:
            attach_errors(propose, problem)
        except rules.PhaseClosed as problem:
            messages.error(request, str(problem))
    reading = reading_for(
        request,
        translations.priorities_page_items(funding_round, listed),
    )
    choose.fields["priorities"].label_from_instance = lambda priority: reading.show(priority, "title")
    return render(
        request,
        "grants/priorities.html",
        {
            "funding_round": funding_round,
            "reading": reading,
            "priorities": listed,
            "propose": propose,
            "choose": choose,
            "chosen": chosen,
            "is_open": funding_round.is_open_for_priorities,
            "form": propose if propose.errors else choose,
        },
    )
