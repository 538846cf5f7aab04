import sys
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.http import require_GET

from . import audit, presenters, ratelimits
from . import home as home_page
from .forms import AuditFilterForm
from .models import Progress
from .presenters import pagination
from .uploads import FileNotSaved


@require_GET
def home(request):
    return render(
        request,
        "core/home.html",
        {"happening_now": home_page.happening_now(), "you_said_we_did": home_page.you_said_we_did()},
    )


@require_GET
def about(request):
    return render(
        request,
        "core/about.html",
        {"operator": settings.SERVICE_OPERATOR, "contact_email": settings.SERVICE_CONTACT_EMAIL},
    )


@require_GET
def privacy(request):
    return render(
        request, "core/privacy.html", {"retention_rows": presenters.retention_rows(settings.RETENTION)}
    )


@require_GET
def alive(request):
    """For a load balancer or container: this process answers. Touches nothing else, so it is also the
    bare view the load benchmark compares the vote with."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def ready(request):
    """For a load balancer: this process can reach its database, so it can take traffic."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    """The 404 answer: the "page not found" page, or for an address under /api/ that names no operation
    (a path argument holding a slash, say) the API's own JSON error, as its schema documents."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


# How long a person (or a client) is asked to wait when the database does not answer, in seconds.
DATABASE_AWAY_RETRY_AFTER = 120


def server_error(request):
    """The 500 page. Rendered without the request: whatever broke (often the database) must not be
    needed again to say sorry, so the header shows the signed-out links.

    When what broke is the database not answering (stopped, restarting, unreachable), the page is a 503
    "not available at the moment, try again in a few minutes" with Retry-After instead: nothing is wrong
    with what the person did, and each request reconnects, so the site serves again once the database is
    back, with nothing restarted.

    When what broke is an uploaded file there was no room to write (`core.uploads`), the page is a 507
    saying that the file could not be saved."""
    problem = sys.exc_info()[1]
    if isinstance(problem, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("core/unavailable.html"), status=503)
        response["Retry-After"] = str(DATABASE_AWAY_RETRY_AFTER)
        return response
    if isinstance(problem, FileNotSaved):
        return HttpResponse(
            render_to_string("core/file_not_saved.html"), status=HTTPStatus.INSUFFICIENT_STORAGE
        )
    return HttpResponseServerError(render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form whose security token is missing or stale, in plain words."""
    return render(request, "core/csrf_failure.html", status=403)


def too_many_requests(request, exception=None):
    """Shown when a rate limit is reached (settings.RATELIMIT_VIEW): what happened and when to try again."""
    response = render(
        request, "core/too_many_requests.html", {"wait": ratelimits.wait_of(exception)}, status=429
    )
    if isinstance(exception, ratelimits.TooManyAttempts):
        response["Retry-After"] = str(exception.retry_after)
    return response


@login_required
@require_GET
def progress_fragment(request, progress_id):
    """The htmx fragment: it replaces itself every 2 seconds until the work is finished."""
    progress = _own_progress(request, progress_id)
    return render(request, "core/_progress.html", {"progress": progress})


@login_required
@require_GET
def progress_page(request, progress_id):
    """The same progress on a page of its own, for a bookmark or a browser without JavaScript."""
    progress = _own_progress(request, progress_id)
    return render(request, "core/progress.html", {"progress": progress})


def _own_progress(request, progress_id):
    progress = get_object_or_404(Progress, pk=progress_id)
    if progress.started_by_id != request.user.pk and not request.user.is_admin:
        raise PermissionDenied
    return progress


@login_required
@require_GET
def audit_log(request):
    if not request.user.is_admin:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(audit.entries()) if form.is_valid() else audit.entries()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "pager": pagination(page, request), "action_of": audit.action_of},
    )
