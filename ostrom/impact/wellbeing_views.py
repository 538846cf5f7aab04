from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors

from . import wellbeing_presenters, wellbeing_selectors, wellbeing_services
from .models import Programme, WellbeingSurveys
from .wellbeing_forms import WellbeingSurveysForm


def _programme(slug) -> Programme:
    return get_object_or_404(Programme.objects.select_related("place"), slug=slug)


@login_required
def wellbeing(request, slug):
    programme = _programme(slug)
    permissions.ensure(
        permissions.can_see_wellbeing(request.user, programme), wellbeing_services.NOT_ALLOWED_TO_SEE
    )
    return _wellbeing_page(request, programme)


def _wellbeing_page(request, programme, *, form=None, status=200):
    summary = wellbeing_selectors.summary_of(programme)
    can_run = permissions.can_run_programme(request.user, programme)
    link = (
        WellbeingSurveys.objects.select_related("baseline_survey", "follow_up_survey")
        .filter(programme=programme)
        .first()
    )
    if can_run and form is None:
        initial = (
            {"baseline_survey": link.baseline_survey_id, "follow_up_survey": link.follow_up_survey_id}
            if link
            else {}
        )
        form = WellbeingSurveysForm(programme=programme, initial=initial)
    context = {
        "programme": programme,
        "summary": summary,
        "sentences": wellbeing_presenters.summary_sentences(summary),
        "summary_table": wellbeing_presenters.summary_table(
            summary,
            caption=gettext("Wellbeing of the people in %(programme)s") % {"programme": programme.name},
        ),
        "threshold": wellbeing_presenters.threshold_text(summary),
        "source_title": wellbeing_presenters.SOURCE_TITLE,
        "source_url": wellbeing_presenters.SOURCE_URL,
        "source_finding": wellbeing_presenters.SOURCE_FINDING,
        "scale_text": wellbeing_presenters.SCALE_TEXT,
        "can_run": can_run,
        "link": link,
        "form": form,
        "has_surveys": can_run and wellbeing_selectors.wellbeing_surveys_for(programme).exists(),
    }
    return render(request, "impact/wellbeing/summary.html", context, status=status)


@login_required
@require_POST
def link_wellbeing_surveys(request, slug):
    programme = _programme(slug)
    permissions.ensure(permissions.can_run_programme(request.user, programme), wellbeing_services.NOT_ALLOWED)
    form = WellbeingSurveysForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            wellbeing_services.link_wellbeing_surveys(
                programme=programme, linked_by=request.user, **form.cleaned_data
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            progress = wellbeing_services.start_copying(programme=programme, started_by=request.user)
            return redirect(progress)
    return _wellbeing_page(request, programme, form=form, status=400)


@login_required
@require_POST
def copy_wellbeing(request, slug):
    programme = _programme(slug)
    try:
        progress = wellbeing_services.start_copying(programme=programme, started_by=request.user)
    except ValidationError:
        messages.error(request, gettext("Choose the baseline and follow-up surveys first"))
        return redirect("impact:wellbeing", programme.slug)
    return redirect(progress)
