"""Pages of the community assets directory: search with the map, an entry, an organisation's entries,
the entry form, and coordinators' review. Each view reads the request, calls one service or query,
and renders or redirects."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import json_script
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.core.presenters import pagination
from ostrom.network.models import Organisation

from . import presenters, selectors, services
from .forms import EntryForm, RejectForm, SearchForm
from .models import Service, ServiceChange

PAGE_SIZE = 20
SENT_FOR_REVIEW = gettext_lazy(
    "Thank you. A coordinator will check it; it shows in the directory once they approve it"
)


def _organisations_edited_by(user):
    if not getattr(user, "is_authenticated", False):
        return []
    candidates = Organisation.objects.filter(memberships__user=user, memberships__is_contact=True).distinct()
    return [
        organisation for organisation in candidates if permissions.can_edit_entries_of(user, organisation)
    ]


@require_GET
def directory(request):
    form = SearchForm(request.GET or None)
    found = selectors.search(form.search(), prefetch=selectors.CARD_PREFETCH)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    results = [presenters.result(service) for service in page.object_list]
    markers = [result.marker for result in results if result.marker]
    return render(
        request,
        "assets/directory.html",
        {
            "form": form,
            "page": page,
            "results": results,
            "markers": markers,
            "markers_json": json_script(markers, "assets-map-markers"),
            "map_text": presenters.map_text(markers),
            "tiles": {
                "url": settings.ASSETS_MAP_TILES_URL,
                "attribution": settings.ASSETS_MAP_TILES_ATTRIBUTION,
            },
            "pagination": pagination(page, request),
            "my_organisations": _organisations_edited_by(request.user),
            "can_review": permissions.is_any_coordinator(request.user),
        },
    )


@require_GET
def detail(request, service_id):
    service = selectors.entry(service_id)
    if service is None:
        raise Http404
    can_suggest = permissions.can_edit_entries_of(request.user, service.organisation)
    return render(
        request,
        "assets/detail.html",
        {
            "page": presenters.entry_page(service),
            "service": service,
            "can_suggest": can_suggest,
            "waiting": selectors.waiting_change_of(service) if can_suggest else None,
            "can_mark_checked": permissions.can_mark_checked(request.user, service.organisation),
        },
    )


def _organisation_to_edit(request, organisation_id) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    permissions.ensure(permissions.can_edit_entries_of(request.user, organisation), services.ONLY_EDITORS)
    return organisation


@login_required
@require_GET
def organisation_entries(request, organisation_id):
    organisation = _organisation_to_edit(request, organisation_id)
    return render(
        request,
        "assets/organisation_entries.html",
        {
            "organisation": organisation,
            "entries": [
                presenters.result(service)
                for service in selectors.search(selectors.Search()).filter(organisation=organisation)
            ],
            "changes": organisation.service_changes.select_related("service", "reviewed_by")[:50],
        },
    )


def _save_entry(request, form, organisation, service=None):
    """Propose what the form holds; the redirect on success, or None with the problems on the form."""
    if not form.is_valid():
        return None
    try:
        services.propose_entry(
            actor=request.user, organisation=organisation, data=form.entry(), service=service
        )
    except ValidationError as problem:
        form.attach(problem)
        return None
    messages.success(request, SENT_FOR_REVIEW)
    return redirect("assets:organisation-entries", organisation_id=organisation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def create_entry(request, organisation_id):
    organisation = _organisation_to_edit(request, organisation_id)
    form = EntryForm(request.POST) if request.method == "POST" else EntryForm()
    if request.method == "POST" and (done := _save_entry(request, form, organisation)):
        return done
    return render(
        request, "assets/entry_form.html", {"form": form, "organisation": organisation, "service": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request, service_id):
    service = get_object_or_404(Service.objects.public().select_related("organisation"), pk=service_id)
    organisation = _organisation_to_edit(request, service.organisation_id)
    waiting = selectors.waiting_change_of(service)
    if request.method == "POST":
        form = EntryForm(request.POST)
        if done := _save_entry(request, form, organisation, service):
            return done
    else:
        form = EntryForm.for_entry(waiting.proposed if waiting else selectors.entry_of(service))
    return render(
        request,
        "assets/entry_form.html",
        {"form": form, "organisation": organisation, "service": service, "waiting": waiting},
    )


@login_required
@require_POST
def mark_checked(request, service_id):
    service = get_object_or_404(Service.objects.public().select_related("organisation"), pk=service_id)
    services.mark_checked(actor=request.user, service=service)
    messages.success(
        request, gettext("%(service)s has been marked as checked today") % {"service": service.name}
    )
    if request.POST.get("next") == "review":
        return redirect("assets:review")
    return redirect(service)


@login_required
@require_GET
def review(request):
    permissions.ensure(permissions.is_any_coordinator(request.user), services.ONLY_REVIEWERS)
    return render(
        request,
        "assets/review.html",
        {
            "changes": selectors.changes_to_review(request.user),
            "stale": [presenters.result(service) for service in selectors.stale_to_check(request.user)],
            "organisations": selectors.organisations_helped_by(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_review(request, change_id):
    change = get_object_or_404(ServiceChange.objects.select_related("organisation", "service"), pk=change_id)
    permissions.ensure(
        permissions.can_review_entries_of(request.user, change.organisation), services.ONLY_REVIEWERS
    )
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("decision") == "approve":
                service = services.approve_change(actor=request.user, change=change)
                messages.success(
                    request,
                    gettext("The change has been approved: %(service)s shows in the directory")
                    % {"service": service.name},
                )
            else:
                services.reject_change(actor=request.user, change=change, note=form.cleaned_data["note"])
                messages.success(
                    request, gettext("The change has been sent back to the organisation with your note")
                )
        except ValidationError as problem:
            if hasattr(problem, "error_dict") and "note" in problem.error_dict:
                form.add_error("note", problem.error_dict["note"])
            else:
                form.add_error(None, problem.messages)
        else:
            return redirect("assets:review")
    current = selectors.entry_of(change.service) if change.service else None
    return render(
        request,
        "assets/change_review.html",
        {
            "change": change,
            "form": form,
            "comparison": presenters.comparison(current, change.proposed),
            "is_new": change.service is None,
        },
    )
