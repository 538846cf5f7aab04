from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext

from ostrom.places import presenters, services

from .forms import PlaceFilterForm
from .models import Place


def place_list(request):
    form = PlaceFilterForm(request.GET or None)
    places = form.apply(Place.objects.for_choice().select_related("parent"))
    return render(request, "places/place_list.html", {"places": places, "form": form})


def place_detail(request, code):
    place = get_object_or_404(Place.objects.select_related("parent"), code=code)
    children = place.children.order_by("name")
    ancestors = list(reversed(place.ancestors()))
    return render(
        request,
        "places/place_detail.html",
        {
            "place": place,
            "ancestors": ancestors,
            "breadcrumbs": [(gettext("Places"), reverse("places:place-list"))]
            + [(ancestor.name, ancestor.get_absolute_url()) for ancestor in ancestors],
            "children": presenters.children_with_deprivation(place, children),
            "indicators": presenters.indicators(place),
            "sections": services.place_sections(place, request.user),
        },
    )
