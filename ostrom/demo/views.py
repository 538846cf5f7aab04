from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import tour


@require_GET
def tour_page(request):
    """The demo's story in order, each step with the login to use; only in demo mode."""
    if not tour.is_on():
        raise Http404("The tour is only there in demo mode")
    steps = tour.steps()
    return render(
        request,
        "demo/tour.html",
        {"steps": steps, "contents": tour.contents(steps), "password": tour.PASSWORD},
    )
