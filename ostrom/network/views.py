from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
from ostrom.core.forms import SpreadsheetForm
from ostrom.core.presenters import pagination
from ostrom.places.models import Place

from . import ics, presenters, services
from .forms import (
    CollectiveFilterForm,
    DecisionForm,
    JoinForm,
    MeetingForm,
    MeetingRecordForm,
    OrganisationFilterForm,
)
from .models import Meeting, Organisation, Subgroup

PAGE_SIZE = 20


def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = form.apply(
        Organisation.objects.members().prefetch_related("places_served"),
        place_filter=lambda qs, place: qs.serving(place),
        subgroup_filter=lambda qs, subgroup: qs.in_subgroup(subgroup),
    )
    if form.is_valid():
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["search"]:
            organisations = organisations.filter(name__icontains=form.cleaned_data["search"])
    page = Paginator(organisations.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/organisation_list.html",
        {
            "form": form,
            "page": page,
            "pagination": pagination(page, request),
            "awaiting_count": len(_awaiting_decision_by(request.user)),
            "can_import": permissions.can_manage_organisations(request.user),
        },
    )


def organisation_detail(request, organisation_id):
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("places_served", "subgroups"), pk=organisation_id
    )
    can_manage = permissions.can_manage_organisations(request.user, places=organisation.places_served.all())
    is_own = request.user.is_authenticated and organisation.memberships.filter(user=request.user).exists()
    permissions.ensure(organisation.status == Organisation.Status.MEMBER or can_manage or is_own)
    return _organisation_page(
        request,
        organisation,
        can_manage=can_manage,
        is_own=is_own,
        decision_form=DecisionForm() if can_manage else None,
    )


def _organisation_page(request, organisation, *, can_manage, is_own, decision_form, status=200):
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "contact": organisation.contact_details_for(can_see_private=can_manage or is_own),
            "funding": presenters.funding_of(organisation, request.user),
            "can_decide": can_manage and organisation.status == Organisation.Status.APPLIED,
            "decision_form": decision_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(
        request.POST or None,
        initial={"contact_name": request.user.full_name, "contact_email": request.user.email},
    )
    if form.is_valid():
        try:
            organisation = services.apply_to_join(applicant=request.user, **form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                gettext(
                    "Thank you. %(organisation)s has asked to join. A coordinator will "
                    "look at it soon, and membership is free."
                )
                % {"organisation": organisation.name},
            )
            return redirect(organisation)
    return render(request, "network/join.html", {"form": form})


@login_required
def approvals(request):
    permissions.ensure(
        permissions.is_any_coordinator(request.user), gettext("Only coordinators can see this page")
    )
    return render(request, "network/approvals.html", {"organisations": _awaiting_decision_by(request.user)})


def _awaiting_decision_by(user) -> list[Organisation]:
    """Requests to join that this person may decide on (a place's coordinator: those serving only it)."""
    if not permissions.is_any_coordinator(user):
        return []
    waiting = (
        Organisation.objects.awaiting_approval().order_by("applied_at").prefetch_related("places_served")
    )
    return [
        organisation
        for organisation in waiting
        if permissions.can_manage_organisations(user, places=organisation.places_served.all())
    ]


@login_required
@require_POST
def decide(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    permissions.ensure(
        permissions.can_manage_organisations(request.user, places=organisation.places_served.all()),
        services.ONLY_COORDINATORS,
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        if form.cleaned_data["decision"] == "approve":
            services.approve_organisation(organisation=organisation, coordinator=request.user, note=note)
            messages.success(
                request,
                gettext("%(organisation)s is now a member of the collective")
                % {"organisation": organisation.name},
            )
        else:
            services.decline_organisation(organisation=organisation, coordinator=request.user, note=note)
            messages.success(
                request, gettext("%(organisation)s has been declined") % {"organisation": organisation.name}
            )
        return redirect("network:approvals")
    return _organisation_page(request, organisation, can_manage=True, is_own=False, decision_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def import_organisations(request):
    permissions.ensure(permissions.can_manage_organisations(request.user), services.ONLY_COORDINATORS)
    form = SpreadsheetForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        progress = services.start_organisation_import(
            coordinator=request.user, content=upload.read(), filename=upload.name
        )
        return redirect(progress)
    return render(request, "network/import.html", {"form": form})


def subgroup_list(request):
    subgroups = Subgroup.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__user__is_active=True), distinct=True),
        organisation_count=Count("organisations", filter=Q(organisations__status="member"), distinct=True),
    )
    return render(
        request,
        "network/subgroup_list.html",
        {"subgroups": subgroups, "can_see_reach": permissions.can_see_reach(request.user)},
    )


def subgroup_detail(request, slug):
    subgroup = get_object_or_404(Subgroup, slug=slug)
    is_member = request.user.is_authenticated and subgroup.memberships.filter(user=request.user).exists()
    context = {
        "subgroup": subgroup,
        "is_member": is_member,
        "member_count": subgroup.memberships.filter(user__is_active=True).count(),
        "organisations": subgroup.organisations.members()[:50],
        "upcoming": subgroup.meetings.upcoming()[:5],
        "past": subgroup.meetings.past()[:5],
        "breakdowns": [],
        "can_schedule": permissions.can_run_subgroup(request.user, subgroup),
    }
    if permissions.can_see_reach(request.user):
        people = subgroup.members.filter(is_active=True)
        place = _collective_place()
        context["breakdowns"] = [
            breakdown_people(people, by=dimension, places=[place]) for dimension in DIMENSIONS
        ]
    return render(request, "network/subgroup_detail.html", context)


@login_required
@require_POST
def join_subgroup(request, slug):
    subgroup = get_object_or_404(Subgroup, slug=slug)
    services.join_subgroup(user=request.user, subgroup=subgroup)
    messages.success(
        request, gettext("You have joined the %(subgroup)s subgroup") % {"subgroup": subgroup.name}
    )
    return redirect(subgroup)


@login_required
@require_POST
def leave_subgroup(request, slug):
    subgroup = get_object_or_404(Subgroup, slug=slug)
    services.leave_subgroup(user=request.user, subgroup=subgroup)
    messages.success(
        request, gettext("You have left the %(subgroup)s subgroup") % {"subgroup": subgroup.name}
    )
    return redirect(subgroup)


def meeting_list(request):
    form = CollectiveFilterForm(request.GET or None)
    meetings = form.apply(
        Meeting.objects.select_related("subgroup", "place").annotate(
            attendance_count=Count("attendances", filter=Q(attendances__came=True)),
            signed_up_count=Count("attendances", filter=Q(attendances__signed_up_at__isnull=False)),
        ),
        place_filter=lambda qs, place: qs.in_place(place),
        subgroup_filter=lambda qs, subgroup: qs.filter(subgroup=subgroup),
    )
    page = Paginator(meetings.order_by("-starts_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/meeting_list.html",
        {
            "form": form,
            "page": page,
            "pagination": pagination(page, request),
            "can_schedule": permissions.can_run_any_subgroup(request.user),
        },
    )


def meeting_detail(request, meeting_id):
    meeting = get_object_or_404(Meeting.objects.select_related("subgroup", "place"), pk=meeting_id)
    can_record = permissions.can_run_subgroup(request.user, meeting.subgroup)
    is_signed_up = _is_signed_up(request.user, meeting)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance_count": meeting.attendances.came().count(),
            "signed_up_count": meeting.attendances.signed_up().count(),
            "is_signed_up": is_signed_up,
            "can_sign_up": permissions.can_attend_meeting(request.user) and not meeting.has_happened,
            "online_url": _online_url_for(request.user, meeting, is_signed_up=is_signed_up),
            "can_record": can_record,
            "attendees": meeting.attendees.filter(is_active=True, attendances__came=True).order_by(
                "full_name"
            )
            if can_record
            else [],
        },
    )


def _is_signed_up(user, meeting) -> bool:
    return user.is_authenticated and meeting.attendances.signed_up().filter(user=user).exists()


def _online_url_for(user, meeting, *, is_signed_up: bool) -> str:
    """The link to join online if there is one and this person may have it, else ""."""
    if meeting.online_url and permissions.can_join_online(user, meeting, is_signed_up=is_signed_up):
        return meeting.online_url
    return ""


@login_required
@require_POST
def attend_meeting(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    try:
        services.sign_up_for_meeting(user=request.user, meeting=meeting)
    except services.MeetingHasHappened as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request, gettext("You have signed up to attend %(meeting)s") % {"meeting": meeting.title}
        )
    return redirect(meeting)


@login_required
@require_POST
def cancel_attendance(request, meeting_id):
    meeting = get_object_or_404(Meeting, pk=meeting_id)
    try:
        services.cancel_sign_up(user=request.user, meeting=meeting)
    except services.MeetingHasHappened as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request, gettext("You are no longer signed up to attend %(meeting)s") % {"meeting": meeting.title}
        )
    return redirect(meeting)


def meeting_calendar(request, meeting_id):
    """The meeting as a calendar entry (.ics) to add to any calendar application."""
    meeting = get_object_or_404(Meeting.objects.select_related("subgroup", "place"), pk=meeting_id)
    content = ics.meeting_calendar(
        meeting,
        page_url=request.build_absolute_uri(meeting.get_absolute_url()),
        online_url=_online_url_for(request.user, meeting, is_signed_up=_is_signed_up(request.user, meeting)),
        domain=request.get_host().split(":")[0],
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def schedule_meeting(request):
    permissions.ensure(permissions.can_run_any_subgroup(request.user), services.ONLY_SUBGROUP_COORDINATORS)
    form = MeetingForm(
        request.POST or None, user=request.user, initial={"subgroup": request.GET.get("subgroup")}
    )
    if form.is_valid():
        try:
            meeting = services.schedule_meeting(coordinator=request.user, **form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("The meeting has been added"))
            return redirect(meeting)
    return render(request, "network/meeting_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def record_meeting(request, meeting_id):
    meeting = get_object_or_404(Meeting.objects.select_related("subgroup"), pk=meeting_id)
    permissions.ensure(
        permissions.can_run_subgroup(request.user, meeting.subgroup), services.ONLY_SUBGROUP_COORDINATORS
    )
    form = MeetingRecordForm(
        request.POST or None,
        meeting=meeting,
        initial={
            "minutes": meeting.minutes,
            "attendees": list(meeting.attendances.came().values_list("user_id", flat=True)),
        },
    )
    if form.is_valid():
        try:
            services.record_meeting(coordinator=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("The minutes and attendance have been saved"))
            return redirect(meeting)
    return render(request, "network/meeting_record.html", {"form": form, "meeting": meeting})


@login_required
def people(request):
    """Coordinators see who belongs to the collective: organisations and subgroups, never equality answers."""
    permissions.ensure(
        permissions.can_see_people(request.user), gettext("Only coordinators can see this page")
    )
    form = CollectiveFilterForm(request.GET or None)
    members = form.apply(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(memberships__organisation__status="member") | Q(subgroup_memberships__isnull=False))
        .distinct(),
        place_filter=lambda qs, place: qs.filter(
            memberships__organisation__in=Organisation.objects.members().serving(place)
        ).distinct(),
        subgroup_filter=lambda qs, subgroup: qs.filter(subgroup_memberships__subgroup=subgroup),
    ).prefetch_related("memberships__organisation", "subgroup_memberships__subgroup")
    page = Paginator(members.order_by("full_name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "network/people.html", {"form": form, "page": page, "pagination": pagination(page, request)}
    )


def _collective_place():
    """The place the collective serves, whose population breakdowns compare against."""
    return Place.objects.filter(kind=Place.Kind.PLACE).order_by("pk").first()
