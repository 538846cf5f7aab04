from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ostrom.core.forms import attach_errors

from . import presenters, services
from .forms import ApplicationForm, ChoosePrioritiesForm, FundForm, PriorityForm, RoundForm
from .models import Application, Fund, Round


def fund_list(request):
    funds = Fund.objects.prefetch_related("rounds", "places_served")
    return render(request, "grants/fund_list.html", {"funds": funds, "can_create": _is_coordinator(request)})


def fund_detail(request, slug):
    fund = get_object_or_404(Fund.objects.prefetch_related("places_served"), slug=slug)
    return render(
        request,
        "grants/fund_detail.html",
        {"fund": fund, "rounds": fund.rounds.all(), "can_create": _is_coordinator(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request):
    if not _is_coordinator(request):
        raise PermissionDenied
    form = FundForm(request.POST or None)
    if form.is_valid():
        fund = services.create_fund(coordinator=request.user, **form.cleaned_data)
        messages.success(request, "The fund has been created. Now add its first round.")
        return redirect("grants:round-create", fund.slug)
    return render(request, "grants/fund_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def round_form(request, slug, round_slug=None):
    if not _is_coordinator(request):
        raise PermissionDenied
    fund = get_object_or_404(Fund, slug=slug)
    funding_round = get_object_or_404(Round, slug=round_slug, fund=fund) if round_slug else None
    initial = (
        {field: getattr(funding_round, field) for field in services.ROUND_FIELDS} if funding_round else None
    )
    form = RoundForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            funding_round = services.save_round(
                coordinator=request.user, fund=fund, funding_round=funding_round, **form.cleaned_data
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, "The round has been saved")
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
        "is_coordinator": _is_coordinator(request),
    }
    if context["is_coordinator"]:
        context["applications"] = funding_round.applications.submitted().select_related("organisation")
    return render(request, "grants/round_detail.html", context)


@require_http_methods(["GET", "POST"])
def priorities(request, slug):
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
                services.propose_priority(
                    funding_round=funding_round, proposer=request.user, **propose.cleaned_data
                )
                messages.success(request, "Thank you. Your priority has been added, with your support.")
                return redirect("grants:priorities", slug)
            if request.POST.get("form") == "choose" and choose.is_valid():
                services.choose_priorities(
                    funding_round=funding_round,
                    voter=request.user,
                    priorities=choose.cleaned_data["priorities"],
                )
                messages.success(
                    request, "Your choices have been saved. You can change them until applications open."
                )
                return redirect("grants:priorities", slug)
        except ValidationError as problem:
            propose.add_error("title", problem.message_dict.get("title", problem.messages)[0])
        except services.PhaseClosed as problem:
            messages.error(request, str(problem))
    return render(
        request,
        "grants/priorities.html",
        {
            "funding_round": funding_round,
            "priorities": listed,
            "propose": propose,
            "choose": choose,
            "chosen": chosen,
            "is_open": funding_round.is_open_for_priorities,
            "form": propose if propose.errors else choose,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_form(request, slug=None, application_id=None):
    application = None
    if application_id:
        application = get_object_or_404(
            Application.objects.select_related("funding_round"), pk=application_id, applicant=request.user
        )
        funding_round = application.funding_round
    else:
        funding_round = get_object_or_404(Round, slug=slug)
    if not funding_round.is_open_for_applications:
        messages.error(request, "Applications for this round are closed")
        return redirect(funding_round)
    initial = None
    if application:
        initial = {
            field: getattr(application, field)
            for field in [
                "organisation",
                "title",
                "summary",
                "who_benefits",
                "amount_requested",
                "priority",
                "budget_breakdown",
                "outcomes",
            ]
        } | {"places": list(application.places.all())}
    form = ApplicationForm(
        request.POST or None, initial=initial, funding_round=funding_round, applicant=request.user
    )
    if not form.fields["organisation"].queryset.exists():
        return render(request, "grants/application_needs_membership.html", {"funding_round": funding_round})
    if form.is_valid():
        submit = request.POST.get("action") == "send"
        try:
            application = services.save_application(
                funding_round=funding_round,
                applicant=request.user,
                application=application,
                submit=submit,
                **form.cleaned_data,
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request, "Your application has been sent" if submit else "Your draft has been saved"
            )
            return redirect(application)
    return render(
        request,
        "grants/application_form.html",
        {"form": form, "funding_round": funding_round, "application": application},
    )


@login_required
def my_applications(request):
    applications = Application.objects.of(request.user).select_related("funding_round", "organisation")
    return render(request, "grants/my_applications.html", {"applications": applications})


def application_detail(request, application_id):
    application = get_object_or_404(
        Application.objects.select_related("funding_round__fund", "organisation", "priority"),
        pk=application_id,
    )
    is_own = request.user.is_authenticated and application.applicant_id == request.user.pk
    is_public = application.status in {
        Application.Status.SHORTLISTED,
        Application.Status.FUNDED,
        Application.Status.NOT_FUNDED,
    }
    if not (is_own or is_public or _is_coordinator(request)):
        raise PermissionDenied
    return render(
        request,
        "grants/application_detail.html",
        {"application": application, "is_own": is_own, "can_edit": is_own and application.is_editable},
    )


@login_required
@require_http_methods(["POST"])
def withdraw_application(request, application_id):
    application = get_object_or_404(Application, pk=application_id, applicant=request.user)
    try:
        services.withdraw_application(application=application, applicant=request.user)
    except services.PhaseClosed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, "Your application has been withdrawn")
    return redirect(application)


def _is_coordinator(request) -> bool:
    return request.user.is_authenticated and request.user.is_coordinator
