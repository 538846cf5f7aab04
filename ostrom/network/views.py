from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ostrom.accounts.selectors import DIMENSIONS, breakdown_people
from ostrom.core.forms import SpreadsheetForm
from ostrom.core.presenters import pagination
from ostrom.places.models import Place

from . import services
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
    awaiting = Organisation.objects.awaiting_approval().count() if _is_coordinator(request) else 0
    return render(
        request,
        "network/organisation_list.html",
        {
            "form": form,
            "page": page,
            "pagination": pagination(page, request),
            "awaiting_count": awaiting,
            "can_import": _is_coordinator(request),
        },
    )


def organisation_detail(request, organisation_id):
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("places_served", "subgroups"), pk=organisation_id
    )
    is_coordinator = _is_coordinator(request)
    is_own = request.user.is_authenticated and organisation.memberships.filter(user=request.user).exists()
    if organisation.status != Organisation.Status.MEMBER and not (is_coordinator or is_own):
        raise PermissionDenied
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "can_decide": is_coordinator and organisation.status == "applied",
            "decision_form": DecisionForm() if is_coordinator else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinForm(
        request.POST or None,
        initial={"contact_name": request.user.full_name, "contact_email": request.user.email},
    )
    if form.is_valid():
        organisation = services.apply_to_join(applicant=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Thank you. {organisation.name} has asked to join. A coordinator will "
            "look at it soon, and membership is free.",
        )
        return redirect(organisation)
    return render(request, "network/join.html", {"form": form})


@login_required
def approvals(request):
    if not _is_coordinator(request):
        raise PermissionDenied
    waiting = (
        Organisation.objects.awaiting_approval().order_by("applied_at").prefetch_related("places_served")
    )
    return render(request, "network/approvals.html", {"organisations": waiting})


@login_required
@require_POST
def decide(request, organisation_id):
    if not _is_coordinator(request):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        if form.cleaned_data["decision"] == "approve":
            services.approve_organisation(organisation=organisation, coordinator=request.user, note=note)
            messages.success(request, f"{organisation.name} is now a member of the collective")
        else:
            services.decline_organisation(organisation=organisation, coordinator=request.user, note=note)
            messages.success(request, f"{organisation.name} has been declined")
        return redirect("network:approvals")
    return render(
        request,
        "network/organisation_detail.html",
        {"organisation": organisation, "can_decide": True, "decision_form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_organisations(request):
    if not _is_coordinator(request):
        raise PermissionDenied
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
    return render(request, "network/subgroup_list.html", {"subgroups": subgroups})


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
    }
    if request.user.is_authenticated and request.user.can_see_equality_totals:
        people = subgroup.members.filter(is_active=True)
        place = _collective_place()
        context["breakdowns"] = [
            breakdown_people(people, by=dimension, place=place) for dimension in DIMENSIONS
        ]
    return render(request, "network/subgroup_detail.html", context)


@login_required
@require_POST
def join_subgroup(request, slug):
    subgroup = get_object_or_404(Subgroup, slug=slug)
    services.join_subgroup(user=request.user, subgroup=subgroup)
    messages.success(request, f"You have joined the {subgroup.name} subgroup")
    return redirect(subgroup)


@login_required
@require_POST
def leave_subgroup(request, slug):
    subgroup = get_object_or_404(Subgroup, slug=slug)
    services.leave_subgroup(user=request.user, subgroup=subgroup)
    messages.success(request, f"You have left the {subgroup.name} subgroup")
    return redirect(subgroup)


def meeting_list(request):
    form = CollectiveFilterForm(request.GET or None)
    meetings = form.apply(
        Meeting.objects.select_related("subgroup", "place").annotate(attendance_count=Count("attendances")),
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
            "can_schedule": _is_coordinator(request),
        },
    )


def meeting_detail(request, meeting_id):
    meeting = get_object_or_404(Meeting.objects.select_related("subgroup", "place"), pk=meeting_id)
    can_record = request.user.is_authenticated and request.user.can_coordinate(subgroup=meeting.subgroup)
    return render(
        request,
        "network/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance_count": meeting.attendances.count(),
            "can_record": can_record,
            "attendees": meeting.attendees.filter(is_active=True).order_by("full_name") if can_record else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_meeting(request):
    if not _is_coordinator(request):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, initial={"subgroup": request.GET.get("subgroup")})
    if form.is_valid():
        try:
            meeting = services.schedule_meeting(coordinator=request.user, **form.cleaned_data)
        except services.NotAllowed as problem:
            form.add_error("subgroup", str(problem))
        else:
            messages.success(request, "The meeting has been added")
            return redirect(meeting)
    return render(request, "network/meeting_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def record_meeting(request, meeting_id):
    meeting = get_object_or_404(Meeting.objects.select_related("subgroup"), pk=meeting_id)
    if not request.user.can_coordinate(subgroup=meeting.subgroup):
        raise PermissionDenied
    form = MeetingRecordForm(
        request.POST or None,
        meeting=meeting,
        initial={
            "minutes": meeting.minutes,
            "attendees": list(meeting.attendances.values_list("user_id", flat=True)),
        },
    )
    if form.is_valid():
        try:
            services.record_meeting(coordinator=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "The minutes and attendance have been saved")
            return redirect(meeting)
    return render(request, "network/meeting_record.html", {"form": form, "meeting": meeting})


@login_required
def people(request):
    """Coordinators see who belongs to the collective: organisations and subgroups, never equality answers."""
    if not _is_coordinator(request):
        raise PermissionDenied
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


def _is_coordinator(request) -> bool:
    return request.user.is_authenticated and request.user.is_coordinator


def _collective_place():
    """The place the collective serves, whose population breakdowns compare against."""
    return Place.objects.filter(kind=Place.Kind.PLACE).order_by("pk").first()
