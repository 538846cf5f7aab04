import re

import pytest
from django.urls import reverse

from ostrom.places.models import Place
from tests.factories import PlaceFactory


def _options(html: str) -> list[str]:
    return [text.strip() for text in re.findall(r"<option[^>]*>([^<]*)</option>", html)]


@pytest.mark.django_db
def test_a_locality_and_a_ward_with_the_same_name_are_told_apart_in_place_pickers(client):
    birmingham = PlaceFactory(name="Birmingham", kind=Place.Kind.PLACE)
    locality = PlaceFactory(name="Ladywood", kind=Place.Kind.LOCALITY, parent=birmingham)
    PlaceFactory(name="Ladywood", kind=Place.Kind.WARD, parent=locality)

    options = _options(client.get(reverse("places:place-list")).content.decode())

    assert "Ladywood (locality)" in options
    assert "Ladywood (neighbourhood or ward)" in options
    assert "Ladywood" not in options


@pytest.mark.django_db
def test_every_place_picker_labels_places_by_level(client):
    """The collective's filters use the same choices: one fix, everywhere places are picked."""
    PlaceFactory(name="Perry Barr", kind=Place.Kind.LOCALITY)
    PlaceFactory(name="Perry Barr", kind=Place.Kind.WARD)

    options = _options(client.get(reverse("network:organisation-list")).content.decode())

    assert {"Perry Barr (locality)", "Perry Barr (neighbourhood or ward)"} <= set(options)
