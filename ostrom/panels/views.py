import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.core.forms import SpreadsheetForm, attach_errors
from ostrom.core.tables import ImportRejected, UnreadableFile
from ostrom.sortition import QuotasCannotBeMet

from . import letters as letter_service
from . import presenters, services
from .forms import (
    AssemblyForm,
    LettersForm,
    LotteryForm,
    QuotaForm,
    RecommendationForm,
    RegistrationForm,
    ResponseForm,
    SessionForm,
    SessionRecordForm,
)
from .models import Assembly, Lottery, Recommendation, Session


def assembly_list(request):
    return render(
        request,
        "panels/assembly_list.html",
        {"assemblies": Assembly.objects.select_related("place"), "can_create": _is_coordinator(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assembly_create(request):
    if not _is_coordinator(request):
        raise PermissionDenied
    form = AssemblyForm(
        request.POST or None, initial={"allows_prefer_not_to_say": True, "one_per_household": True}
    )
    if form.is_valid():
        assembly = services.create_assembly(coordinator=request.user, **form.cleaned_data)
        messages.success(request, "The assembly has been set up. Next, propose its quotas.")
        return redirect("panels:quotas", assembly.slug)
    return render(request, "panels/assembly_form.html", {"form": form})


def assembly_detail(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    return render(
        request,
        "panels/assembly_detail.html",
        {
            "assembly": assembly,
            "lottery": assembly.lotteries.filter(is_current=True).first(),
            "can_coordinate": services.can_see_volunteers(request.user, assembly),
            "volunteer_count": assembly.volunteers.filter(has_withdrawn=False).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def register(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    form = RegistrationForm(request.POST or None, assembly=assembly)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.register_interest(
                assembly=assembly,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                postcode=data["postcode"],
                answers=form.answers(),
                letter_code=data["letter_code"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return render(request, "panels/registered.html", {"assembly": assembly})
    return render(
        request,
        "panels/register.html",
        {"assembly": assembly, "form": form, "wording": services.consent_wording(assembly)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    if not services.can_see_volunteers(request.user, assembly):
        raise PermissionDenied
    existing = [
        {
            "feature": q.feature,
            "value": q.value,
            "minimum": q.minimum,
            "maximum": q.maximum,
            "population_share": q.population_share,
        }
        for q in assembly.quotas.all()
    ]
    rows = existing if existing and request.GET.get("propose") is None else services.propose_quotas(assembly)
    form = QuotaForm(request.POST or None, rows=rows)
    if form.is_valid():
        services.save_quotas(coordinator=request.user, assembly=assembly, quotas=form.quotas())
        feasibility = services.feasibility(assembly)
        if feasibility.is_feasible:
            messages.success(request, "The quotas have been saved. A panel can meet them.")
        else:
            messages.error(
                request, f"The quotas have been saved, but no panel can meet them. {feasibility.explanation}"
            )
        return redirect("panels:quotas", slug)
    feasibility = services.feasibility(assembly) if existing else None
    return render(
        request,
        "panels/quotas.html",
        {
            "assembly": assembly,
            "form": form,
            "feasibility": feasibility,
            "pool": services.pool_against_quotas(assembly, rows),
            "is_proposal": not existing or request.GET.get("propose") is not None,
            "lottery_form": LotteryForm(),
        },
    )


@login_required
@require_POST
def start_lottery(request, slug):
    assembly = get_object_or_404(Assembly, slug=slug)
    form = LotteryForm(request.POST)
    try:
        progress = services.start_lottery(
            coordinator=request.user, assembly=assembly, seed=form.data.get("seed", "")
        )
    except services.NotAllowed:
        raise PermissionDenied from None
    return redirect(progress)


@require_http_methods(["GET", "POST"])
def lottery(request, slug, lottery_id):
    """Public and shareable: the method, the seed, quotas met and the panel's make-up; never names."""
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly__place"), pk=lottery_id, assembly__slug=slug
    )
    exact = services.can_see_volunteers(request.user, draw.assembly)
    check = services.verify_lottery(draw) if request.method == "POST" and draw.selected else None
    return render(
        request,
        "panels/lottery.html",
        {
            "lottery": draw,
            "assembly": draw.assembly,
            "rows": presenters.quota_rows(draw, exact=exact) if draw.selected else [],
            "chances": presenters.chances(draw) if draw.probabilities else None,
            "check": check,
            "exact": exact,
        },
    )


def _is_coordinator(request) -> bool:
    return request.user.is_authenticated and request.user.is_coordinator


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    if not services.can_see_volunteers(request.user, assembly):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if form.is_valid():
        services.schedule_session(coordinator=request.user, assembly=assembly, **form.cleaned_data)
        messages.success(request, "The session has been added")
        return redirect("panels:sessions", slug)
    listed = assembly.sessions.annotate(came=Count("attendance"), paid=Sum("attendance__payment"))
    return render(
        request,
        "panels/sessions.html",
        {
            "assembly": assembly,
            "form": form,
            "sessions": listed,
            "member_count": services.panel_members(assembly).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_session(request, session_id):
    session = get_object_or_404(Session.objects.select_related("assembly__place"), pk=session_id)
    if not services.can_see_volunteers(request.user, session.assembly):
        raise PermissionDenied
    members = services.panel_members(session.assembly).order_by("full_name")
    present = list(session.attendance.values_list("volunteer_id", flat=True))
    form = SessionRecordForm(request.POST or None, members=members, initial={"attendees": present})
    if form.is_valid():
        try:
            services.record_session(coordinator=request.user, session=session, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, "Attendance and payments have been saved")
            return redirect("panels:sessions", session.assembly.slug)
    return render(request, "panels/session_record.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
def recommendations(request, slug):
    """Public: every recommendation with the panel's support and the commissioning body's response."""
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    can_add = services.can_see_volunteers(request.user, assembly)
    form = RecommendationForm(request.POST or None) if can_add else None
    if form is not None and form.is_valid():
        try:
            services.add_recommendation(coordinator=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, "The recommendation has been added")
            return redirect("panels:recommendations", slug)
    return render(
        request,
        "panels/recommendations.html",
        {
            "assembly": assembly,
            "form": form,
            "recommendations": assembly.recommendations.select_related("response"),
            "can_respond": services.can_respond(request.user, assembly),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond(request, recommendation_id):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("assembly__place"), pk=recommendation_id
    )
    if not services.can_respond(request.user, recommendation.assembly):
        raise PermissionDenied
    current = getattr(recommendation, "response", None)
    initial = {field: getattr(current, field) for field in ResponseForm.base_fields} if current else None
    form = ResponseForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.respond(responder=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, "The response has been published")
            return redirect("panels:recommendations", recommendation.assembly.slug)
    return render(request, "panels/respond.html", {"recommendation": recommendation, "form": form})


@login_required
@require_POST
def replace_dropouts(request, slug, lottery_id):
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly__place"), pk=lottery_id, assembly__slug=slug, is_current=True
    )
    if not services.can_see_volunteers(request.user, draw.assembly):
        raise PermissionDenied
    dropouts = [vid for vid in request.POST.getlist("dropouts") if vid in draw.selected]
    if not dropouts:
        messages.error(request, "Select the people who dropped out")
        return redirect(draw)
    try:
        refill = services.replace_dropouts(
            coordinator=request.user, lottery=draw, dropouts=dropouts, seed=request.POST.get("seed", "")
        )
    except QuotasCannotBeMet as problem:
        messages.error(request, f"Their seats cannot be refilled within the quotas. {problem.explanation}")
        return redirect(draw)
    messages.success(request, f"{len(dropouts)} replacements drawn")
    return redirect(refill)


@login_required
@require_http_methods(["GET", "POST"])
def import_pool(request, slug):
    assembly = get_object_or_404(Assembly, slug=slug)
    if not services.can_see_volunteers(request.user, assembly):
        raise PermissionDenied
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        return redirect(
            services.start_pool_import(
                coordinator=request.user, assembly=assembly, content=upload.read(), filename=upload.name
            )
        )
    return render(request, "panels/import.html", {"assembly": assembly, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def letters(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    if not services.can_see_volunteers(request.user, assembly):
        raise PermissionDenied
    form = LettersForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            made = letter_service.sample_households(
                coordinator=request.user,
                assembly=assembly,
                content=upload.read(),
                filename=upload.name,
                count=form.cleaned_data["count"],
                seed=form.cleaned_data["seed"] or secrets.token_hex(8),
                oversampling=float(form.cleaned_data["oversampling"]),
            )
        except ImportRejected as rejected:
            for problem in rejected.problems[:20]:
                form.add_error(None, f"Row {problem.row}: {problem.problem}")
        except UnreadableFile as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(request, f"{len(made)} letters are ready to download")
            return redirect("panels:letters", slug)
    by_decile = assembly.letters.values("imd_decile").annotate(count=Count("pk")).order_by("imd_decile")
    return render(
        request,
        "panels/letters.html",
        {
            "assembly": assembly,
            "form": form,
            "letter_count": assembly.letters.count(),
            "by_decile": by_decile,
        },
    )


@login_required
def letters_download(request, slug, file_format):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    if not services.can_see_volunteers(request.user, assembly):
        raise PermissionDenied
    if file_format == "pdf":
        response = HttpResponse(
            letter_service.letters_pdf(assembly, request.build_absolute_uri("/").rstrip("/")),
            content_type="application/pdf",
        )
    else:
        response = HttpResponse(
            letter_service.mail_merge_csv(assembly), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-letters.{file_format}"'
    return response


@login_required
@require_POST
def feasibility_fragment(request, slug):
    """The live check (htmx): can any panel meet the quotas as typed so far? Nothing is saved."""
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    if not services.can_see_volunteers(request.user, assembly):
        raise PermissionDenied
    existing = list(assembly.quotas.values("feature", "value", "minimum", "maximum", "population_share"))
    rows = existing if existing and request.GET.get("propose") is None else services.propose_quotas(assembly)
    form = QuotaForm(request.POST, rows=rows)
    feasibility = services.feasibility(assembly, form.quotas()) if form.is_valid() else None
    return render(request, "panels/_feasibility.html", {"feasibility": feasibility, "form": form})
