import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.accounts.languages import print_choice, print_language
from ostrom.core.forms import SpreadsheetForm, attach_errors
from ostrom.core.models import Progress
from ostrom.core.printing import MissingFont
from ostrom.core.ratelimits import limit_posts
from ostrom.core.tables import ImportRejected, UnreadableFile
from ostrom.translations.reading import reading_for

from . import features, presenters, services, translations
from . import letters as letter_service
from .forms import (
    AssemblyForm,
    LettersForm,
    LotteryForm,
    QuotaForm,
    RecommendationForm,
    RegistrationForm,
    ReplacementForm,
    ResponseForm,
    SessionForm,
    SessionRecordForm,
)
from .models import Assembly, Lottery, Recommendation, Session


def assembly_list(request):
    assemblies = list(Assembly.objects.select_related("place"))
    return render(
        request,
        "panels/assembly_list.html",
        {
            "assemblies": assemblies,
            "reading": reading_for(request, translations.list_items(assemblies)),
            "can_create": permissions.is_any_coordinator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assembly_create(request):
    """Open to any coordinator; the service checks that their scope covers the place they pick."""
    permissions.ensure(
        permissions.is_any_coordinator(request.user), gettext("Only coordinators can set up a panel")
    )
    form = AssemblyForm(
        request.POST or None, initial={"allows_prefer_not_to_say": True, "one_per_household": True}
    )
    if form.is_valid():
        try:
            assembly = services.create_assembly(coordinator=request.user, **form.cleaned_data)
        except permissions.NotAllowed as problem:
            form.add_error("place", str(problem))
        else:
            messages.success(request, gettext("The assembly has been set up. Next, propose its quotas."))
            return redirect("panels:quotas", assembly.slug)
    return render(request, "panels/assembly_form.html", {"form": form})


def assembly_detail(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    return render(
        request,
        "panels/assembly_detail.html",
        {
            "assembly": assembly,
            "reading": reading_for(request, translations.items(assembly)),
            "lottery": assembly.lotteries.filter(is_current=True).first(),
            "can_coordinate": permissions.can_see_volunteers(request.user, assembly),
            "volunteer_count": assembly.volunteers.in_pool().count(),
            "repeat_count": assembly.volunteers.filter(duplicate_of__isnull=False).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@limit_posts("register-interest")
def register(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    window = assembly.registration_window
    reading = reading_for(request, translations.items(assembly))
    if not window.is_open:
        # Said before anything is typed: no form to fill in for nothing.
        return render(
            request, "panels/register.html", {"assembly": assembly, "window": window, "reading": reading}
        )
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
                has_consented=data["consent"],
                letter_code=data["letter_code"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return render(request, "panels/registered.html", {"assembly": assembly})
    return render(
        request,
        "panels/register.html",
        {
            "assembly": assembly,
            "reading": reading,
            "window": window,
            "form": form,
            "wording": services.consent_wording(assembly),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place", "quota_check"), slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
    rows, is_proposal = _quota_rows(request, assembly)
    form = QuotaForm(request.POST or None, rows=rows, panel_size=assembly.panel_size)
    if form.is_valid():
        try:
            services.save_quotas(coordinator=request.user, assembly=assembly, quotas=form.quotas())
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request, gettext("The quotas have been saved. We are checking that a panel can meet them.")
            )
            return redirect("panels:quotas", slug)
    return _quotas_page(request, assembly, form=form, lottery_form=LotteryForm())


def _quota_rows(request, assembly) -> tuple[list[dict], bool]:
    """The saved quotas, or quotas proposed from the population (when none are saved, or on asking)."""
    existing = list(assembly.quotas.values("feature", "value", "minimum", "maximum", "population_share"))
    is_proposal = not existing or request.GET.get("propose") is not None
    return (services.propose_quotas(assembly) if is_proposal else existing), is_proposal


def _quotas_page(request, assembly, *, form, lottery_form):
    rows, is_proposal = _quota_rows(request, assembly)
    saved = assembly.quotas.exists()
    check = assembly.quota_check if saved else None
    return render(
        request,
        "panels/quotas.html",
        {
            "assembly": assembly,
            "form": form,
            "quota_check": presenters.quota_check(check) if check else None,
            "can_draw": check is not None and check.status == Progress.Status.FINISHED,
            "pool": services.pool_against_quotas(assembly, rows),
            "is_proposal": is_proposal,
            "lottery_form": lottery_form,
            "methods": {str(key): text for key, text in presenters.METHOD_IN_PLAIN_ENGLISH.items()},
            "shown_group": features.shown_group,
        },
    )


@login_required
@require_POST
def start_lottery(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place", "quota_check"), slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
    form = LotteryForm(request.POST)
    if form.is_valid():
        try:
            progress = services.start_lottery(
                coordinator=request.user,
                assembly=assembly,
                seed=form.cleaned_data["seed"],
                algorithm=form.cleaned_data["algorithm"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return redirect(progress)
    rows, _ = _quota_rows(request, assembly)
    quota_form = QuotaForm(rows=rows, panel_size=assembly.panel_size)
    return _quotas_page(request, assembly, form=quota_form, lottery_form=form)


@require_http_methods(["GET", "POST"])
@limit_posts("lottery-check")
def lottery(request, slug, lottery_id):
    """Public and shareable: the method, the seed, quotas met and the panel's make-up; never names.
    Anyone may ask for the draw to be checked again: it is queued, never run here."""
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly__place", "check_progress"),
        pk=lottery_id,
        assembly__slug=slug,
    )
    if request.method == "POST":
        try:
            services.check_lottery_again(lottery=draw, requested_by=request.user)
        except ValidationError as problem:
            messages.error(request, problem.messages[0])
        return redirect(draw)
    return _lottery_page(request, draw)


def _lottery_page(request, draw, replacement_form=None):
    """The lottery page; the assembly's coordinators also get the form to replace people who dropped
    out of the current panel (`replacement_form` when it comes back with errors)."""
    exact = permissions.can_see_volunteers(request.user, draw.assembly)
    if replacement_form is None and _can_replace(request.user, draw):
        replacement_form = ReplacementForm(
            members=services.panel_members(draw.assembly).order_by("full_name")
        )
    return render(
        request,
        "panels/lottery.html",
        {
            "lottery": draw,
            "assembly": draw.assembly,
            "method": presenters.method(draw),
            "rows": presenters.quota_rows(draw, exact=exact) if draw.selected else [],
            "chances": presenters.chances(draw) if draw.probabilities else None,
            "check": presenters.check(draw),
            "exact": exact,
            "replacement_form": replacement_form,
            "shown_group": features.shown_group,
        },
    )


def _can_replace(user, draw) -> bool:
    return draw.is_current and bool(draw.selected) and permissions.can_run_assembly(user, draw.assembly)


@require_GET
def lottery_check(request, slug, lottery_id):
    """The public htmx fragment of the draw's check: it replaces itself every 2 seconds while checking."""
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly", "check_progress"), pk=lottery_id, assembly__slug=slug
    )
    return render(
        request,
        "panels/_lottery_check.html",
        {"lottery": draw, "assembly": draw.assembly, "check": presenters.check(draw)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request, slug):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
    form = SessionForm(request.POST or None)
    if form.is_valid():
        services.schedule_session(coordinator=request.user, assembly=assembly, **form.cleaned_data)
        messages.success(request, gettext("The session has been added"))
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
    permissions.ensure(permissions.can_run_assembly(request.user, session.assembly))
    members = services.panel_members(session.assembly).order_by("full_name")
    present = list(session.attendance.values_list("volunteer_id", flat=True))
    form = SessionRecordForm(request.POST or None, members=members, initial={"attendees": present})
    if form.is_valid():
        try:
            services.record_session(coordinator=request.user, session=session, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Attendance and payments have been saved"))
            return redirect("panels:sessions", session.assembly.slug)
    return render(request, "panels/session_record.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
def recommendations(request, slug):
    """Public: every recommendation with the panel's support and the commissioning body's response."""
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    can_add = permissions.can_run_assembly(request.user, assembly)
    form = RecommendationForm(request.POST or None) if can_add else None
    if form is not None and form.is_valid():
        try:
            services.add_recommendation(coordinator=request.user, assembly=assembly, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The recommendation has been added"))
            return redirect("panels:recommendations", slug)
    return render(
        request,
        "panels/recommendations.html",
        {
            "assembly": assembly,
            "form": form,
            "recommendations": assembly.recommendations.select_related("response"),
            "can_respond": permissions.can_respond_to_recommendations(request.user, assembly),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def respond(request, recommendation_id):
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("assembly__place"), pk=recommendation_id
    )
    permissions.ensure(permissions.can_respond_to_recommendations(request.user, recommendation.assembly))
    current = getattr(recommendation, "response", None)
    initial = {field: getattr(current, field) for field in ResponseForm.base_fields} if current else None
    form = ResponseForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.respond(responder=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The response has been published"))
            return redirect("panels:recommendations", recommendation.assembly.slug)
    return render(request, "panels/respond.html", {"recommendation": recommendation, "form": form})


@login_required
@require_POST
def replace_dropouts(request, slug, lottery_id):
    draw = get_object_or_404(
        Lottery.objects.select_related("assembly__place", "check_progress"),
        pk=lottery_id,
        assembly__slug=slug,
        is_current=True,
    )
    permissions.ensure(permissions.can_run_assembly(request.user, draw.assembly))
    members = services.panel_members(draw.assembly).order_by("full_name")
    form = ReplacementForm(request.POST, members=members)
    if form.is_valid():
        try:
            progress = services.start_replacement(
                coordinator=request.user,
                lottery=draw,
                dropouts=form.cleaned_data["dropouts"],
                seed=form.cleaned_data["seed"],
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            return redirect(progress)
    return _lottery_page(request, draw, replacement_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def import_pool(request, slug):
    assembly = get_object_or_404(Assembly, slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
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
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
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
                form.add_error(
                    None,
                    gettext("Row %(row)s: %(problem)s") % {"row": problem.row, "problem": problem.problem},
                )
        except UnreadableFile as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                ngettext(
                    "%(num)d letter is ready to download", "%(num)d letters are ready to download", len(made)
                )
                % {"num": len(made)},
            )
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
            **print_choice(request),
        },
    )


@login_required
def letters_download(request, slug, file_format):
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
    if file_format == "pdf":
        try:
            pdf = letter_service.letters_pdf(
                assembly, request.build_absolute_uri("/").rstrip("/"), language=print_language(request)
            )
        except MissingFont as problem:
            messages.error(request, str(problem))
            return redirect("panels:letters", slug=assembly.slug)
        response = HttpResponse(pdf, content_type="application/pdf")
    else:
        response = HttpResponse(
            letter_service.mail_merge_csv(assembly), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{assembly.slug}-letters.{file_format}"'
    return response


@login_required
@require_POST
def feasibility_fragment(request, slug):
    """The live check (htmx): can any panel meet the quotas as typed so far? The search is queued and
    the fragment polls its progress; nothing is saved."""
    assembly = get_object_or_404(Assembly.objects.select_related("place"), slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
    rows, _ = _quota_rows(request, assembly)
    form = QuotaForm(request.POST, rows=rows, panel_size=assembly.panel_size)
    progress = None
    if form.is_valid():
        try:
            progress = services.start_quota_check(
                coordinator=request.user, assembly=assembly, quotas=form.quotas()
            )
        except ValidationError as problem:
            attach_errors(form, problem)
    return render(
        request,
        "panels/_feasibility.html",
        {
            "assembly": assembly,
            "quota_check": presenters.quota_check(progress) if progress else None,
            "form": form,
            "swap_fields": True,
        },
    )


@login_required
@require_GET
def quota_check(request, slug, progress_id):
    """The live check's fragment, polled every 2 seconds until it can say whether a panel is possible.
    For the assembly's coordinators: the check one of them asked for (admins: any), or its saved quotas' check."""
    assembly = get_object_or_404(Assembly, slug=slug)
    permissions.ensure(permissions.can_run_assembly(request.user, assembly))
    progress = get_object_or_404(Progress, pk=progress_id)
    permissions.ensure(
        progress.started_by_id == request.user.pk
        or progress.pk == assembly.quota_check_id
        or request.user.is_admin
    )
    return render(
        request,
        "panels/_feasibility.html",
        {"assembly": assembly, "quota_check": presenters.quota_check(progress)},
    )
