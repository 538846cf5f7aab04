"""The decision panel: its targets and seats, scoring applications, declaring interests, the shortlist."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors

from .. import presenters, selectors
from ..forms import AssessmentForm, ConflictForm, PanelForm, PanelSeatForm, PanelTimeForm, ShortlistForm
from ..models import Application, Panel, PanelSeat, Round
from ..services import assessment, rules


@login_required
@require_http_methods(["GET", "POST"])
def panel(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), str(rules.ONLY_COORDINATORS))
    existing = Panel.objects.filter(funding_round=funding_round).first()
    initial = {field: getattr(existing, field) for field in PanelForm.base_fields} if existing else None
    panel_form = PanelForm(request.POST if request.POST.get("form") == "panel" else None, initial=initial)
    seat_form = PanelSeatForm(request.POST if request.POST.get("form") == "seat" else None)
    if panel_form.is_valid():
        try:
            assessment.set_up_panel(
                coordinator=request.user, funding_round=funding_round, **panel_form.cleaned_data
            )
        except ValidationError as problem:
            attach_errors(panel_form, problem)
        else:
            messages.success(request, gettext("The panel's targets have been saved"))
            return redirect("grants:panel", slug)
    if existing and seat_form.is_valid():
        member = (
            get_user_model()
            .objects.filter(email=seat_form.cleaned_data["email"].lower(), is_active=True)
            .first()
        )
        if member is None:
            seat_form.add_error(
                "email",
                gettext("Nobody has an account with this email address. Ask them to create one first."),
            )
        else:
            try:
                assessment.add_panel_member(
                    coordinator=request.user,
                    panel=existing,
                    member=member,
                    has_lived_experience=seat_form.cleaned_data["has_lived_experience"],
                    place=seat_form.cleaned_data["place"],
                )
            except ValidationError as problem:
                attach_errors(seat_form, problem)
            else:
                messages.success(
                    request, gettext("%(name)s has a seat on the panel") % {"name": member.display_name}
                )
                return redirect("grants:panel", slug)
    return render(
        request,
        "grants/panel.html",
        {
            "funding_round": funding_round,
            "panel": existing,
            "panel_form": panel_form,
            "seat_form": seat_form,
            "form": seat_form if seat_form.errors else panel_form,
            "targets": presenters.targets(existing) if existing else [],
            "seats": existing.seats.select_related("member", "place") if existing else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_seat(request, seat_id):
    seat = get_object_or_404(
        PanelSeat.objects.select_related("panel__funding_round__fund", "member"), pk=seat_id
    )
    permissions.ensure(
        permissions.can_run_round(request.user, seat.panel.funding_round), str(rules.ONLY_COORDINATORS)
    )
    form = PanelTimeForm(
        request.POST or None,
        initial={"paid_hours": seat.paid_hours, "training_completed_on": seat.training_completed_on},
    )
    if form.is_valid():
        try:
            assessment.record_panel_time(coordinator=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Hours and training have been saved"))
            return redirect("grants:panel", seat.panel.funding_round.slug)
    return render(request, "grants/panel_seat.html", {"seat": seat, "form": form})


@login_required
def assessments(request, slug):
    funding_round = get_object_or_404(Round, slug=slug)
    seat = selectors.seat_of(request.user, funding_round)
    permissions.ensure(seat is not None, str(rules.NOT_ON_PANEL))
    return render(
        request,
        "grants/assessments.html",
        {
            "funding_round": funding_round,
            "rows": presenters.assessment_rows(funding_round, seat),
            "seat": seat,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, application_id):
    application = get_object_or_404(
        Application.objects.select_related("funding_round", "organisation", "priority"), pk=application_id
    )
    seat = selectors.seat_of(request.user, application.funding_round)
    permissions.ensure(seat is not None, str(rules.NOT_ON_PANEL))
    is_conflicted = selectors.is_conflicted(seat, application)
    mine = selectors.assessments_by(seat).get(application.pk)
    form = AssessmentForm(
        request.POST if request.POST.get("form") == "score" else None,
        initial={"score": mine.score, "comment": mine.comment} if mine else None,
    )
    conflict_form = ConflictForm(request.POST if request.POST.get("form") == "conflict" else None)
    try:
        if form.is_valid():
            assessment.assess_application(member=request.user, application=application, **form.cleaned_data)
            messages.success(request, gettext("Your score has been saved"))
            return redirect("grants:assessments", application.funding_round.slug)
        if conflict_form.is_valid():
            assessment.declare_conflict(
                member=request.user, application=application, **conflict_form.cleaned_data
            )
            messages.success(
                request,
                gettext("Your interest has been recorded. You will not score or discuss this application."),
            )
            return redirect("grants:assessments", application.funding_round.slug)
    except (rules.PhaseClosed, assessment.Conflicted) as problem:
        form.add_error(None, str(problem))
    except ValidationError as problem:
        # Shown on the form that was sent, which keeps what was typed and chosen.
        attach_errors(conflict_form if request.POST.get("form") == "conflict" else form, problem)
    return render(
        request,
        "grants/assess.html",
        {
            "application": application,
            "form": form if not conflict_form.errors else conflict_form,
            "score_form": form,
            "conflict_form": conflict_form,
            "is_conflicted": is_conflicted,
            "discussion": [] if is_conflicted else presenters.rest_of_panel(application, seat, request.user),
            "is_open": application.funding_round.phase == Round.Phase.ASSESSMENT,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def shortlist(request, slug):
    funding_round = get_object_or_404(Round.objects.select_related("fund"), slug=slug)
    permissions.ensure(permissions.can_run_round(request.user, funding_round), str(rules.ONLY_COORDINATORS))
    shortlisted = list(funding_round.applications.filter(status=Application.Status.SHORTLISTED))
    form = ShortlistForm(
        request.POST or None, funding_round=funding_round, initial={"applications": shortlisted}
    )
    if form.is_valid():
        try:
            assessment.shortlist(
                coordinator=request.user,
                funding_round=funding_round,
                chosen=form.cleaned_data["applications"],
            )
        except rules.PhaseClosed as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, gettext("The shortlist has been saved"))
            return redirect(funding_round)
    return render(
        request,
        "grants/shortlist.html",
        {"funding_round": funding_round, "form": form, "rows": selectors.scored_applications(funding_round)},
    )
