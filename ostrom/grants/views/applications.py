"""Applying for a grant, and the applicant's own applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from ostrom.accounts import permissions
from ostrom.core.forms import attach_errors
from ostrom.core.ratelimits import limit_posts

from .. import presenters
from ..forms import ApplicationForm
from ..models import Application, Grant, Round
from ..services import applications, rules


@login_required
@limit_posts("application")
@require_http_methods(["GET", "POST"])
def application_form(request, slug=None, application_id=None):
    application = None
    if application_id:
        application = get_object_or_404(
            Application.objects.select_related("funding_round"), pk=application_id, applicant=request.user
        )
        funding_round = application.funding_round
    else:
        funding_round = get_object_or_404(Round, slug=slug)
    if not funding_round.is_open_for_applications:
        # Say whether applications have not opened yet or have closed, and when.
        return render(request, "grants/application_window.html", {"funding_round": funding_round})
    form = ApplicationForm(
        request.POST or None,
        initial=ApplicationForm.initial_from(application) if application else None,
        funding_round=funding_round,
        applicant=request.user,
    )
    if not form.fields["organisation"].queryset.exists():
        return render(request, "grants/application_needs_membership.html", {"funding_round": funding_round})
    if form.is_valid():
        submit = request.POST.get("action") == "send"
        try:
            application = applications.save_application(
                funding_round=funding_round,
                applicant=request.user,
                application=application,
                submit=submit,
                **form.cleaned_data,
            )
        except ValidationError as problem:
            attach_errors(form, problem)
        except rules.PhaseClosed as problem:  # applications closed while the form was open
            form.add_error(None, str(problem))
        else:
            messages.success(
                request,
                gettext("Your application has been sent") if submit else gettext("Your draft has been saved"),
            )
            return redirect(application)
    return render(
        request,
        "grants/application_form.html",
        {"form": form, "funding_round": funding_round, "application": application},
    )


@login_required
def my_applications(request):
    return render(
        request, "grants/my_applications.html", {"rows": presenters.my_application_rows(request.user)}
    )


def application_detail(request, application_id):
    application = get_object_or_404(
        Application.objects.select_related("funding_round__fund", "organisation", "priority"),
        pk=application_id,
    )
    is_own = request.user.is_authenticated and application.applicant_id == request.user.pk
    is_coordinator = permissions.can_run_round(request.user, application.funding_round)
    is_public = _is_on_ballot(application)
    permissions.ensure(
        is_own or is_public or is_coordinator,
        gettext(
            "This application is not public: it is published only if it goes to the public vote. "
            "Only the person who wrote it and the round's coordinators can see it."
        ),
    )
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": application,
            "status": presenters.status_seen(application, can_run_round=is_coordinator),
            "is_own": is_own,
            "breadcrumbs": presenters.application_breadcrumbs(application, is_own=is_own),
            "can_edit": is_own and application.is_editable,
            # Its grant, once the result that funded it is public (or for the round's coordinators).
            "grant": Grant.objects.filter(application=application).first()
            if is_coordinator or application.funding_round.is_result_public
            else None,
        },
    )


def _is_on_ballot(application: Application) -> bool:
    """Applications on the ballot are public (shown as shortlisted until the result is); drafts and sent
    ones are not."""
    return application.status in {
        Application.Status.SHORTLISTED,
        Application.Status.FUNDED,
        Application.Status.NOT_FUNDED,
    }


@login_required
@require_http_methods(["POST"])
def withdraw_application(request, application_id):
    application = get_object_or_404(Application, pk=application_id, applicant=request.user)
    try:
        applications.withdraw_application(application=application, applicant=request.user)
    except rules.PhaseClosed as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, gettext("Your application has been withdrawn"))
    return redirect(application)
