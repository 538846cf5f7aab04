"""Social prescribing pages: the link workers' team (list, new referral, a referral, its follow-up,
download and erasure) and the receiving services' inbox (accept or decline, attendance)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors
from ostrom.core.presenters import pagination
from ostrom.core.validation import LARGEST_ID
from ostrom.surveys import swemwbs_shown

from . import presenters, selectors, services
from .forms import (
    CONSENT_WORDING,
    AddServiceForm,
    AttendanceForm,
    DecisionForm,
    FollowUpForm,
    InboxFilterForm,
    ReferralFilterForm,
    ReferralForm,
    ServiceSearchForm,
)
from .models import ReferralTo

NOT_A_LINK_WORKER = gettext_lazy("Only social prescribing link workers can see this page")
NOT_A_CONTACT = gettext_lazy("Only the contacts of an organisation that receives referrals can see this page")


def _ensure_link_worker(request) -> None:
    permissions.ensure(permissions.is_any_link_worker(request.user), NOT_A_LINK_WORKER)


def _team_referral(request, reference: str):
    """The referral if the person's link worker roles cover its place; "not found" to anyone else, so
    a page never says whether a person was referred somewhere else."""
    _ensure_link_worker(request)
    referral = selectors.team_referral(request.user, reference)
    if referral is None:
        raise Http404("No referral with this reference in your places")
    return referral


@login_required
def referral_list(request):
    _ensure_link_worker(request)
    form = ReferralFilterForm(request.GET or None)
    show = reference = ""
    if form.is_bound and form.is_valid():
        show, reference = form.cleaned_data["show"], form.cleaned_data["reference"]
    today = timezone.localdate()
    referrals = selectors.team_referrals(request.user, show=show, reference=reference, today=today)
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/referral_list.html",
        {
            "form": form if form.is_bound else ReferralFilterForm(),
            "page": page,
            "pagination": pagination(page, request),
            "rows": presenters.team_rows(page, today),
            "places": selectors.link_worker_places(request.user),
            "can_use_inbox": permissions.can_use_referral_inbox(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_referral(request):
    _ensure_link_worker(request)
    places = selectors.link_worker_places(request.user)
    form = ReferralForm(request.POST or None, places=places)
    # "Show services" narrows the list of services to tick, keeping everything typed; it saves nothing.
    if request.method == "POST" and request.POST.get("action") != "filter" and form.is_valid():
        try:
            referral = services.make_referral(actor=request.user, **form.service_arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("Referral %(reference)s has been sent to the services")
                % {"reference": referral.reference},
            )
            return redirect(referral)
    return render(
        request,
        "referrals/referral_form.html",
        {
            "form": form,
            "service_items": presenters.service_choices(
                **ServiceSearchForm(request.POST or None).terms(),
                chosen=request.POST.getlist("services"),
                places=places,
            ),
            "scale": swemwbs_shown.scale(),
            "instruction": swemwbs_shown.instruction(),
            "copyright": swemwbs_shown.copyright_notice(),
            "consent_wording": CONSENT_WORDING,
        },
    )


def _detail_context(request, referral, **extra) -> dict:
    services.note_viewed(viewer=request.user, referral=referral, by="The team's page")
    is_open = referral.closed_on is None and referral.erased_on is None
    return {
        "referral": referral,
        "needs": presenters.needs_text(referral),
        "state": presenters.referral_state(referral, timezone.localdate()),
        "service_rows": presenters.service_rows(referral),
        "wellbeing": presenters.wellbeing(referral),
        "is_open": is_open,
        "can_follow_up": is_open and referral.followed_up_on is None,
        "add_service_form": extra.pop("add_service_form", AddServiceForm()),
        **extra,
    }


@login_required
def referral_detail(request, reference):
    referral = _team_referral(request, reference)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@login_required
@require_POST
def add_service(request, reference):
    referral = _team_referral(request, reference)
    form = AddServiceForm(request.POST)
    if form.is_valid():
        try:
            sent = services.add_service_to_referral(
                actor=request.user, referral=referral, service=form.cleaned_data["service"]
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("The referral has also been sent to %(service)s") % {"service": sent.service.name},
            )
            return redirect(referral)
    return render(
        request,
        "referrals/referral_detail.html",
        _detail_context(request, referral, add_service_form=form),
        status=400,
    )


@login_required
@require_POST
def close_referral(request, reference):
    referral = _team_referral(request, reference)
    try:
        services.close_referral(actor=request.user, referral=referral)
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, gettext("The referral has been closed"))
    return redirect(referral)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, reference):
    referral = _team_referral(request, reference)
    form = FollowUpForm(request.POST or None)
    if form.is_valid():
        try:
            services.record_follow_up(actor=request.user, referral=referral, **form.service_arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The follow-up has been recorded"))
            return redirect(referral)
    services.note_viewed(viewer=request.user, referral=referral, by="The follow-up page")
    return render(
        request,
        "referrals/follow_up.html",
        {
            "referral": referral,
            "form": form,
            "is_named": bool(referral.person_name),
            "scale": swemwbs_shown.scale(),
            "instruction": swemwbs_shown.instruction(),
            "copyright": swemwbs_shown.copyright_notice(),
        },
    )


@login_required
def download(request, reference):
    referral = _team_referral(request, reference)
    data = services.export_referral(actor=request.user, referral=referral)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="referral-{referral.reference}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request, reference):
    referral = _team_referral(request, reference)
    if request.method == "POST":
        try:
            services.erase_referral(actor=request.user, referral=referral)
        except ValidationError as problem:
            messages.error(request, " ".join(problem.messages))
        else:
            messages.success(request, gettext("The person's details have been erased"))
        return redirect(referral)
    return render(request, "referrals/erase.html", {"referral": referral})


# The receiving services' inbox ----------------------------------------------------------------------


def _ensure_contact(request) -> None:
    permissions.ensure(permissions.can_use_referral_inbox(request.user), NOT_A_CONTACT)


@login_required
def inbox(request):
    _ensure_contact(request)
    form = InboxFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_bound and form.is_valid() else ""
    page = Paginator(selectors.inbox(request.user, status=status), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/inbox.html",
        {
            "form": form if form.is_bound else InboxFilterForm(),
            "page": page,
            "pagination": pagination(page, request),
            "rows": presenters.inbox_rows(page),
        },
    )


def _inbox_item(request, referral_to_id: int) -> ReferralTo:
    _ensure_contact(request)
    sent = (
        selectors.inbox(request.user).filter(pk=referral_to_id).first()
        if referral_to_id <= LARGEST_ID
        else None
    )
    if sent is None:
        raise Http404("No referral to your services has this number")
    return sent


def _render_item(request, sent, *, decision_form=None, attendance_form=None, status=200):
    services.note_viewed(viewer=request.user, referral=sent.referral, by=f"The inbox of {sent.service.name}")
    is_open = sent.referral.closed_on is None and sent.referral.erased_on is None
    return render(
        request,
        "referrals/inbox_item.html",
        {
            "sent": sent,
            "referral": sent.referral,
            "needs": presenters.needs_text(sent.referral),
            "status_tag": presenters.status_tag(sent),
            "is_named": bool(sent.referral.person_name),
            "can_decide": is_open and sent.status == ReferralTo.Status.SENT,
            "can_record_attendance": is_open
            and sent.status
            in (ReferralTo.Status.ACCEPTED, ReferralTo.Status.ATTENDED, ReferralTo.Status.DID_NOT_ATTEND),
            "decision_form": decision_form or DecisionForm(),
            "attendance_form": attendance_form or AttendanceForm(initial=presenters.attendance_so_far(sent)),
        },
        status=status,
    )


@login_required
def inbox_item(request, referral_to_id):
    return _render_item(request, _inbox_item(request, referral_to_id))


@login_required
@require_POST
def decide(request, referral_to_id):
    sent = _inbox_item(request, referral_to_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.decide_referral(
                actor=request.user, referral_to=sent, accept=accept, reason=form.cleaned_data["reason"]
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("You accepted the referral") if accept else gettext("You declined the referral"),
            )
            return redirect("referrals:inbox-item", sent.pk)
    return _render_item(request, sent, decision_form=form, status=400)


@login_required
@require_POST
def attendance(request, referral_to_id):
    sent = _inbox_item(request, referral_to_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.record_attendance(actor=request.user, referral_to=sent, **form.service_arguments())
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Attendance has been recorded"))
            return redirect("referrals:inbox-item", sent.pk)
    return _render_item(request, sent, attendance_form=form, status=400)
