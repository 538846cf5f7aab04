"""Pages for slim returns: your organisations' returns, filling one in on a phone, your figures over
time, and for a programme's coordinators its returns, issuing them and setting up a template."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors
from ostrom.core.validation import LARGEST_ID
from ostrom.network.models import Organisation

from . import returns, returns_presenters, returns_selectors
from .models import Programme, Return
from .returns_forms import IssueReturnsForm, ReturnForm, TemplateForm


def _id(value: int) -> int:
    return value if value <= LARGEST_ID else 0


def _programme(request, slug) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("place"), slug=slug)
    permissions.ensure(
        permissions.can_run_programme(request.user, programme), returns.ONLY_PROGRAMME_COORDINATORS
    )
    return programme


@login_required
def my_returns(request):
    organisations = Organisation.objects.filter(
        memberships__user=request.user, memberships__is_contact=True
    ).order_by("name")
    due = (
        Return.objects.due()
        .filter(organisation__in=organisations)
        .select_related("template__programme", "organisation", "grant")
    )
    sent = (
        Return.objects.submitted()
        .filter(organisation__in=organisations)
        .select_related("template__programme", "organisation", "grant")
        .order_by("-submitted_at")[:20]
    )
    return render(
        request,
        "impact/returns/my_returns.html",
        {
            "organisations": organisations,
            "due_rows": returns_presenters.return_rows(due),
            "sent_rows": returns_presenters.return_rows(sent),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fill_in(request, return_id):
    the_return = get_object_or_404(
        Return.objects.select_related("template__programme", "organisation", "grant"), pk=_id(return_id)
    )
    permissions.ensure(
        permissions.can_submit_return(request.user, the_return.organisation), returns.ONLY_CONTACTS
    )
    prefills = {} if the_return.submitted_at else returns_selectors.prefills(the_return)
    form = ReturnForm(request.POST or None, the_return=the_return, prefills=prefills)
    if request.method == "POST" and the_return.submitted_at is None and form.is_valid():
        submitting = request.POST.get("action") == "submit"
        service = returns.submit_return if submitting else returns.save_draft
        try:
            service(
                person=request.user,
                the_return=the_return,
                answers=form.answers(),
                story_consent=form.cleaned_data["story_consent"],
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            if submitting:
                messages.success(request, gettext("Thank you. Your return has been submitted."))
                return redirect("impact:organisation-returns", organisation_id=the_return.organisation_id)
            messages.success(request, gettext("Your answers have been saved. Come back to submit them."))
            return redirect(the_return)
    elif request.method == "POST" and the_return.submitted_at is not None:
        form.add_error(None, returns.ALREADY_SUBMITTED)
    return render(
        request,
        "impact/returns/fill_in.html",
        {
            "the_return": the_return,
            "form": form,
            "facts": returns_presenters.known_facts(the_return),
            "prefills": prefills,
            "consent_wording": returns.STORY_CONSENT_WORDING,
            "answers": returns_presenters.answer_rows(the_return) if the_return.submitted_at else [],
        },
    )


@login_required
def organisation_returns(request, organisation_id):
    organisation = get_object_or_404(Organisation, pk=_id(organisation_id))
    permissions.ensure(permissions.can_submit_return(request.user, organisation), returns.ONLY_CONTACTS)
    all_returns = Return.objects.filter(organisation=organisation).select_related(
        "template__programme", "organisation", "grant"
    )
    return render(
        request,
        "impact/returns/organisation_returns.html",
        {
            "organisation": organisation,
            "rows": returns_presenters.return_rows(all_returns.order_by("-period_end")),
            "tables": returns_presenters.figures_tables(returns_selectors.organisation_figures(organisation)),
        },
    )


@login_required
def programme_returns(request, slug):
    programme = _programme(request, slug)
    all_returns, counts = returns_selectors.programme_returns(programme)
    return render(
        request,
        "impact/returns/programme_returns.html",
        {
            "programme": programme,
            "templates": programme.return_templates.prefetch_related("questions"),
            "rows": returns_presenters.return_rows(all_returns[:200]),
            "counts": counts,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_returns(request, slug):
    programme = _programme(request, slug)
    form = IssueReturnsForm(request.POST or None, programme=programme)
    if form.is_valid():
        try:
            issued = returns.issue_returns(coordinator=request.user, **form.cleaned_data)
        except ValidationError as problem:
            attach_errors(form, problem)
        else:
            messages.success(
                request,
                ngettext("%(count)s return asked for", "%(count)s returns asked for", len(issued))
                % {"count": len(issued)}
                if issued
                else gettext("Those organisations were already asked for this period"),
            )
            return redirect("impact:programme-returns", slug=programme.slug)
    return render(request, "impact/returns/issue.html", {"programme": programme, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def create_template(request, slug):
    programme = _programme(request, slug)
    form = TemplateForm(request.POST or None, programme=programme)
    if form.is_valid():
        try:
            returns.create_template(
                coordinator=request.user,
                programme=programme,
                name=form.cleaned_data["name"],
                questions=form.questions(),
            )
        except ValidationError as problem:
            form.attach(problem)
        else:
            messages.success(
                request, gettext("The return has been set up. You can now ask organisations for it.")
            )
            return redirect("impact:programme-returns", slug=programme.slug)
    return render(request, "impact/returns/template_form.html", {"programme": programme, "form": form})
