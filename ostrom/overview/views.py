from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ostrom.accounts import permissions

from . import presenters


@login_required
@require_GET
def what_needs_doing(request):
    """Where people land after signing in: what waits for them in each of their roles."""
    user = request.user
    is_coordinator = permissions.is_any_coordinator(user)
    role_sections = presenters.coordinator_sections(user) if is_coordinator else []
    for section in [
        presenters.assessment_section(user),
        presenters.recommendations_section(user),
        presenters.decisions_section(user),
        presenters.reach_section(user),
    ]:
        if section is not None:
            role_sections.append(section)
    return render(
        request,
        "overview/what_needs_doing.html",
        {
            "is_coordinator": is_coordinator,
            "role_sections": role_sections,
            "open_now": presenters.open_now_section(user),
            "done": presenters.done_section(user),
        },
    )
