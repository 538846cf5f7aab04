from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.core.forms import SpreadsheetForm, attach_errors
from ostrom.core.validation import LARGEST_ID

from . import importing, presenters, services
from .forms import IndicatorForm, MeasurementForm, ProgrammeForm, StepEditForm, StepForm
from .models import Indicator, Programme, Step


def _programme(slug) -> Programme:
    return get_object_or_404(Programme.objects.select_related("place", "fund", "organisation"), slug=slug)


def _runnable(request, slug) -> Programme:
    """The programme, if the person runs it (else 403, which the middleware shows as a page)."""
    programme = _programme(slug)
    permissions.ensure(permissions.can_run_programme(request.user, programme), services.ONLY_RUNNERS)
    return programme


def _step(programme, step_id) -> Step:
    if step_id > LARGEST_ID:
        raise Http404
    return get_object_or_404(programme.steps, pk=step_id)


def _indicator(programme, indicator_id) -> Indicator:
    if indicator_id > LARGEST_ID:
        raise Http404
    return get_object_or_404(
        Indicator.objects.select_related("step__programme"), step__programme=programme, pk=indicator_id
    )


def programme_list(request):
    programmes = Programme.objects.select_related("place").order_by("name")
    return render(
        request,
        "impact/programme_list.html",
        {"programmes": programmes, "can_start": permissions.is_any_coordinator(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    permissions.ensure(
        permissions.is_any_coordinator(request.user), gettext("Only coordinators can set up a programme")
    )
    form = ProgrammeForm(request.POST or None)
    if form.is_valid():
        try:
            programme = services.create_programme(runner=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        except permissions.NotAllowed as problem:
            form.add_error("place", str(problem))
        else:
            messages.success(request, gettext("Programme set up. Now add the steps of its theory of change"))
            return redirect("impact:builder", programme.slug)
    return render(request, "impact/programme_form.html", {"form": form, "programme": None})


def programme_detail(request, slug):
    programme = _programme(slug)
    return render(
        request,
        "impact/programme_detail.html",
        {
            "programme": programme,
            "diagram": presenters.diagram(programme),
            "tables": presenters.indicator_tables(programme),
            "can_run": permissions.can_run_programme(request.user, programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, slug):
    programme = _runnable(request, slug)
    initial = {
        field: getattr(programme, field) for field in ("name", "kind", "description", "starts_on", "ends_on")
    }
    form = ProgrammeForm(request.POST or None, initial=initial, editing=True)
    if form.is_valid():
        try:
            services.edit_programme(runner=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Programme saved"))
            return redirect(programme)
    return render(request, "impact/programme_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def builder(request, slug):
    """The theory of change as a list of boxes by stage, and a form to add one."""
    programme = _runnable(request, slug)
    form = StepForm(request.POST or None, initial={"stage": request.GET.get("stage", "input")})
    if form.is_valid():
        try:
            step = services.add_step(runner=request.user, programme=programme, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("Added “%(step)s” to %(stage)s")
                % {"step": step.text, "stage": step.get_stage_display().lower()},
            )
            return redirect(reverse("impact:builder", args=[programme.slug]) + f"?stage={step.stage}")
    return render(
        request,
        "impact/builder.html",
        {"programme": programme, "form": form, "diagram": presenters.diagram(programme)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_edit(request, slug, step_id):
    programme = _runnable(request, slug)
    step = _step(programme, step_id)
    form = StepEditForm(
        request.POST or None, step=step, initial={"text": step.text, "leads_to": list(step.leads_to.all())}
    )
    if form.is_valid():
        try:
            services.edit_step(runner=request.user, step=step, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Step saved"))
            return redirect("impact:builder", programme.slug)
    return render(request, "impact/step_form.html", {"programme": programme, "step": step, "form": form})


@login_required
@require_POST
def step_remove(request, slug, step_id):
    programme = _runnable(request, slug)
    step = _step(programme, step_id)
    services.remove_step(runner=request.user, step=step)
    messages.success(request, gettext("Removed “%(step)s”") % {"step": step.text})
    return redirect("impact:builder", programme.slug)


@login_required
@require_POST
def step_move(request, slug, step_id):
    programme = _runnable(request, slug)
    step = _step(programme, step_id)
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        services.move_step(runner=request.user, step=step, direction=direction)
    return redirect(reverse("impact:builder", args=[programme.slug]) + f"#step-{step.pk}")


def _indicator_page(request, programme, form, *, step, indicator=None):
    return render(
        request,
        "impact/indicator_form.html",
        {"programme": programme, "step": step, "indicator": indicator, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request, slug, step_id):
    programme = _runnable(request, slug)
    step = _step(programme, step_id)
    form = IndicatorForm(
        request.POST or None, programme=programme, initial={"minimum": 0, "frequency": "quarterly"}
    )
    if form.is_valid():
        try:
            services.add_indicator(runner=request.user, step=step, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Indicator added"))
            return redirect("impact:builder", programme.slug)
    return _indicator_page(request, programme, form, step=step)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, slug, indicator_id):
    programme = _runnable(request, slug)
    indicator = _indicator(programme, indicator_id)
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS} | {
        "survey": indicator.survey_id
    }
    form = IndicatorForm(request.POST or None, programme=programme, initial=initial)
    if form.is_valid():
        try:
            services.edit_indicator(runner=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Indicator saved"))
            return redirect(programme)
    return _indicator_page(request, programme, form, step=indicator.step, indicator=indicator)


@login_required
@require_http_methods(["GET", "POST"])
def measurement_create(request, slug):
    programme = _runnable(request, slug)
    initial = {}
    chosen = request.GET.get("indicator", "")
    if chosen.isdecimal() and int(chosen) <= LARGEST_ID:
        initial["indicator"] = chosen
    form = MeasurementForm(request.POST or None, programme=programme, initial=initial)
    if form.is_valid():
        try:
            services.record_measurement(runner=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Measurement added"))
            return redirect(reverse("impact:programme-detail", args=[programme.slug]) + "#indicators")
    return render(request, "impact/measurement_form.html", {"programme": programme, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def measurement_import(request, slug):
    programme = _runnable(request, slug)
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        progress = services.start_measurement_import(
            runner=request.user, programme=programme, content=upload.read(), filename=upload.name
        )
        return redirect(progress)
    return render(request, "impact/import.html", {"programme": programme, "form": form})


@login_required
def import_template(request, slug):
    programme = _runnable(request, slug)
    response = HttpResponse(importing.template_csv(programme), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-measurements.csv"'
    return response


@login_required
@require_POST
def refresh(request, slug):
    programme = _runnable(request, slug)
    progress = services.start_refresh(runner=request.user, programme=programme)
    return redirect(progress)
