import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory, PlaceFactory, SubgroupFactory


@pytest.mark.django_db
def test_organisations_filter_by_place_including_places_inside_it(client):
    birmingham = PlaceFactory(kind="place", name="Birmingham")
    ladywood = PlaceFactory(kind="locality", name="Ladywood", parent=birmingham)
    handsworth = PlaceFactory(
        kind="ward",
        name="Handsworth",
        parent=PlaceFactory(kind="locality", name="Perry Barr", parent=birmingham),
    )
    soho = PlaceFactory(kind="ward", name="Soho", parent=ladywood)
    OrganisationFactory(name="Soho Road Gurdwara", places_served=[soho])
    OrganisationFactory(name="Handsworth Carers", places_served=[handsworth])

    page = client.get(reverse("network:organisation-list"), {"place": ladywood.code}).content.decode()

    assert "Soho Road Gurdwara" in page and "Handsworth Carers" not in page
    assert "1 organisation found" in page


@pytest.mark.django_db
def test_organisations_are_paginated_and_pages_keep_the_filters(client):
    subgroup = SubgroupFactory(slug="communications")
    for number in range(25):
        OrganisationFactory(name=f"Group {number:02d}").subgroups.add(subgroup)

    first = client.get(reverse("network:organisation-list"), {"subgroup": "communications"}).content.decode()
    second = client.get(
        reverse("network:organisation-list"), {"subgroup": "communications", "page": 2}
    ).content.decode()

    assert "Group 00" in first and "Group 24" not in first
    assert "Group 24" in second and "25 organisations found" in second
    assert "page=2&amp;subgroup=communications" in first
