"""Pages for decisions: the register, one decision with everything behind it, and the forms that
record it. Each view reads the request, calls one service or query, and renders or redirects."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors
from ostrom.core.presenters import pagination

from . import accountability, inputs, presenters, reach, selectors, services
from .forms import (
    AccountabilityFilterForm,
    AssuranceForm,
    CommitmentForm,
    CommitmentUpdateForm,
    DecisionForm,
    DocumentForm,
    InputChoiceForm,
    ReviewForm,
    ShapingForm,
    StatusForm,
)
from .models import Assurance, Body, Commitment, Decision, Document, InputLink

PAGE_SIZE = 20


def _decision(request, slug) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("body"), slug=slug)
    if not selectors.can_see(request.user, decision):
        raise Http404
    return decision


def _decision_to_record(request, slug) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("body"), slug=slug)
    permissions.ensure(
        permissions.can_record_decisions(request.user, decision.body), str(services.ONLY_RECORDERS)
    )
    return decision


@require_GET
def decision_list(request):
    form = AccountabilityFilterForm(request.GET or None)
    decisions = form.apply(selectors.decisions_visible_to(request.user)).select_related("body")
    page = Paginator(decisions.order_by("-decided_on", "-created_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "decisions/decision_list.html",
        {
            "form": form,
            "page": page,
            "pagination": pagination(page, request),
            "can_record": bool(selectors.bodies_recorded_by(request.user)),
        },
    )


@require_GET
def decision_detail(request, slug):
    return _detail_page(request, _decision(request, slug))


def _detail_page(request, decision, *, status_form=None, status=200):
    """A decision's page; for the people who record it, with the form that moves it on (as it was sent,
    with its problems, when the move was refused)."""
    can_record = permissions.can_record_decisions(request.user, decision.body)
    if can_record and status_form is None:
        status_form = StatusForm(next_statuses=services.NEXT_STATUSES[decision.status])
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "page": presenters.decision_page(decision, can_record=can_record),
            "can_record": can_record,
            "can_see_reach": permissions.can_see_reach(request.user, places=decision.body.places.all()),
            "status_form": status_form if can_record else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_decision(request):
    bodies = selectors.bodies_recorded_by(request.user)
    permissions.ensure(bool(bodies), str(services.ONLY_RECORDERS))
    form = DecisionForm(
        request.POST or None,
        bodies=Body.objects.filter(pk__in=[body.pk for body in bodies]),
        initial={"goes_to_board": True},
    )
    if form.is_valid():
        try:
            decision = services.record_decision(actor=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request, gettext("The decision has been recorded. Link the community input behind it next.")
            )
            return redirect(decision)
    return render(request, "decisions/decision_form.html", {"form": form, "decision": None})


@login_required
@require_http_methods(["GET", "POST"])
def change_decision(request, slug):
    decision = _decision_to_record(request, slug)
    values = {field: getattr(decision, field) for field in services.DECISION_FIELDS}
    form = DecisionForm(
        request.POST or None,
        bodies=Body.objects.filter(pk=decision.body_id),
        initial={**values, "body": decision.body, "themes": list(decision.themes.all())},
    )
    if form.is_valid():
        changes = {field: form.cleaned_data[field] for field in [*services.DECISION_FIELDS, "themes"]}
        try:
            services.change_decision(actor=request.user, decision=decision, **changes)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The decision has been changed"))
            return redirect(decision)
    return render(request, "decisions/decision_form.html", {"form": form, "decision": decision})


@login_required
@require_POST
def move_decision(request, slug):
    decision = _decision_to_record(request, slug)
    form = StatusForm(request.POST, next_statuses=services.NEXT_STATUSES[decision.status])
    if form.is_valid():
        try:
            services.move_decision(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                gettext("The decision is now %(status)s")
                % {"status": str(Decision.Status(form.cleaned_data["status"]).label).lower()},
            )
            return redirect(decision)
    return _detail_page(request, decision, status_form=form, status=400)


@login_required
@require_POST
def publish_decision(request, slug):
    decision = _decision_to_record(request, slug)
    services.publish_decision(actor=request.user, decision=decision)
    messages.success(request, gettext("The decision is published: anyone can see this page"))
    return redirect(decision)


@login_required
@require_http_methods(["GET", "POST"])
def link_input(request, slug):
    decision = _decision_to_record(request, slug)
    kind = inputs.input_kind(request.GET.get("kind", ""))
    if kind is None:
        return render(
            request, "decisions/input_kinds.html", {"decision": decision, "kinds": inputs.input_kinds()}
        )
    linked = set(decision.inputs.filter(kind=kind.key).values_list("object_id", flat=True))
    items = [
        item for item in kind.candidates(list(decision.body.places.all())) if item.object_id not in linked
    ]
    form = InputChoiceForm(request.POST or None, items=items)
    if form.is_valid():
        try:
            services.link_input(actor=request.user, decision=decision, kind=kind.key, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The input is linked to the decision"))
            return redirect(decision)
    return render(
        request,
        "decisions/input_form.html",
        {"decision": decision, "kind": kind, "form": form, "items": items},
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_input(request, slug, link_id):
    decision = _decision_to_record(request, slug)
    link = get_object_or_404(InputLink, pk=link_id, decision=decision)
    form = ShapingForm(request.POST or None, initial={"shaped": link.shaped, "how": link.how})
    if request.method == "POST" and "remove" in request.POST:
        services.unlink_input(actor=request.user, link=link)
        messages.success(request, gettext("The input is no longer linked to the decision"))
        return redirect(decision)
    if form.is_valid():
        try:
            services.change_input_link(actor=request.user, link=link, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Saved how the input shaped the decision"))
            return redirect(decision)
    return render(request, "decisions/input_change.html", {"decision": decision, "link": link, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def assurance(request, slug):
    decision = _decision_to_record(request, slug)
    checklist = get_object_or_404(Assurance, decision=decision)
    answers = {answer.question: answer for answer in checklist.answers.all()}
    initial = {}
    for key, answer in answers.items():
        initial[key], initial[f"{key}_evidence"] = answer.text, answer.evidence
    form = AssuranceForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            for question, text, evidence in form.answers():
                current = answers.get(question)
                if current is None or (current.text, current.evidence) != (text.strip(), evidence.strip()):
                    services.answer_assurance(
                        actor=request.user, decision=decision, question=question, text=text, evidence=evidence
                    )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The checklist answers are saved"))
            return redirect(decision)
    return render(
        request,
        "decisions/assurance_form.html",
        {"decision": decision, "assurance": checklist, "form": form, "review_form": ReviewForm()},
    )


@login_required
@require_POST
def review_assurance(request, slug):
    decision = _decision_to_record(request, slug)
    checklist = get_object_or_404(Assurance, decision=decision)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_assurance(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("Your review of the checklist is saved"))
            return redirect(decision)
    return render(
        request,
        "decisions/assurance_form.html",
        {
            "decision": decision,
            "assurance": checklist,
            "form": AssuranceForm(initial={}),
            "review_form": form,
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_commitment(request, slug):
    decision = _decision_to_record(request, slug)
    form = CommitmentForm(request.POST or None)
    if form.is_valid():
        try:
            services.add_commitment(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The commitment is added"))
            return redirect(decision)
    return render(request, "decisions/commitment_form.html", {"decision": decision, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def update_commitment(request, slug, commitment_id):
    decision = _decision_to_record(request, slug)
    commitment = get_object_or_404(Commitment, pk=commitment_id, decision=decision)
    form = CommitmentUpdateForm(request.POST or None, initial={"status": commitment.status})
    if form.is_valid():
        try:
            services.update_commitment(actor=request.user, commitment=commitment, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The progress update is saved"))
            return redirect(decision)
    return render(
        request,
        "decisions/commitment_update_form.html",
        {"decision": decision, "commitment": commitment, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_document(request, slug):
    decision = _decision_to_record(request, slug)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_document(
                actor=request.user,
                decision=decision,
                title=form.cleaned_data["title"],
                filename=upload.name,
                content_type=upload.content_type,
                content=upload.read(services.LARGEST_DOCUMENT + 1),
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(request, gettext("The document is added"))
            return redirect(decision)
    return render(request, "decisions/document_form.html", {"decision": decision, "form": form})


@require_GET
def document(request, slug, document_id):
    decision = _decision(request, slug)
    paper = get_object_or_404(Document, pk=document_id, decision=decision)
    response = HttpResponse(bytes(paper.content), content_type=paper.content_type)
    # Always a download, never shown inline: an uploaded file cannot run as a page of this site.
    response["Content-Disposition"] = f'attachment; filename="{presenters.safe_filename(paper)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# "You said, we did" -----------------------------------------------------------------------------


# The parent of the pages for one place or body: every entry.
ALL_ENTRIES = [(gettext_lazy("You said, we did"), reverse_lazy("decisions:you-said-we-did"))]


def _accountability_page(request, *, heading, entries, form, intro="", breadcrumbs=()):
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/you_said_we_did.html",
        {
            "heading": heading,
            "intro": intro,
            "form": form,
            "page": page,
            "entries": [presenters.you_said_we_did(decision) for decision in page.object_list],
            "pagination": pagination(page, request),
            "feed_query": request.GET.urlencode(),
            "breadcrumbs": [(gettext("Decisions"), reverse("decisions:decision-list")), *breadcrumbs],
        },
    )


@require_GET
def you_said_we_did(request):
    form = AccountabilityFilterForm(request.GET or None)
    return _accountability_page(
        request,
        heading=gettext("You said, we did"),
        entries=form.apply(accountability.public_entries()),
        form=form,
    )


@require_GET
def you_said_we_did_in_place(request, code):
    place = accountability.place_by_code(code)
    form = AccountabilityFilterForm(request.GET or None, initial={"place": place})
    entries = form.apply(
        accountability.public_entries().filter(pk__in=Decision.objects.in_place(place).values("pk"))
    )
    return _accountability_page(
        request,
        heading=gettext("You said, we did: %(place)s") % {"place": place.name},
        entries=entries,
        form=form,
        breadcrumbs=ALL_ENTRIES,
    )


@require_GET
def you_said_we_did_by_body(request, slug):
    body = accountability.body_by_slug(slug)
    form = AccountabilityFilterForm(request.GET or None, initial={"body": body})
    entries = form.apply(accountability.public_entries().filter(body=body))
    return _accountability_page(
        request,
        heading=gettext("You said, we did: %(body)s") % {"body": body.name},
        entries=entries,
        form=form,
        breadcrumbs=ALL_ENTRIES,
    )


@require_GET
def entry(request, slug):
    decision = get_object_or_404(accountability.public_entries(), slug=slug)
    return render(request, "decisions/entry.html", {"entry": presenters.you_said_we_did(decision)})


@login_required
@require_GET
def dashboard(request):
    """For partners and coordinators: decisions by status, checklists to review, commitments overdue."""
    permissions.ensure(bool(selectors.bodies_recorded_by(request.user)), str(services.ONLY_RECORDERS))
    context = selectors.dashboard(request.user)
    since = timezone.localdate() - timedelta(days=365)
    year = Decision.objects.filter(body__in=context["bodies"], decided_on__gte=since)
    places = {place for body in context["bodies"] for place in body.places.all()}
    context["year_reach"] = reach.reach_of(InputLink.objects.filter(decision__in=year), places)
    context["since"] = since
    return render(request, "decisions/dashboard.html", context)


# Reach ------------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_reach(request, slug):
    decision = _decision(request, slug)
    places = list(decision.body.places.all())
    permissions.ensure(permissions.can_see_reach(request.user, places=places))
    return render(
        request,
        "decisions/reach.html",
        {
            "decision": decision,
            "heading": gettext("Who took part in the input behind this decision"),
            "reach": reach.reach_of(decision.inputs.all(), places),
            "form": None,
        },
    )


@login_required
@require_GET
def reach_over_time(request):
    """Reach for a body or a period: everyone behind the decisions this person may see."""
    form = AccountabilityFilterForm(request.GET or None)
    decisions = form.apply(selectors.decisions_visible_to(request.user))
    chosen = form.cleaned_data if form.is_valid() else {}
    places = (
        list(chosen["body"].places.all())
        if chosen.get("body")
        else [chosen["place"]]
        if chosen.get("place")
        else list(
            {
                place
                for decision in decisions.prefetch_related("body__places")
                for place in decision.body.places.all()
            }
        )
    )
    permissions.ensure(permissions.can_see_reach(request.user, places=places))
    links = InputLink.objects.filter(decision__in=decisions)
    return render(
        request,
        "decisions/reach.html",
        {
            "decision": None,
            "heading": gettext("Who took part in the input behind decisions"),
            "reach": reach.reach_of(links, places),
            "form": form,
            "decision_count": decisions.count(),
        },
    )
