"""Every list of people or places filters by place (and, for people, by subgroup)."""

import pytest
from django.urls import reverse

from ostrom.network.models import Membership
from tests.factories import (
    CoordinatorFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


@pytest.fixture
def birmingham(db):
    city = PlaceFactory(kind="place", name="Birmingham")
    return {
        "city": city,
        "ladywood": PlaceFactory(kind="locality", name="Ladywood", parent=city),
        "perry_barr": PlaceFactory(kind="locality", name="Perry Barr", parent=city),
    }


@pytest.mark.django_db
def test_the_people_page_filters_by_place_and_by_subgroup(client, birmingham):
    soho = PlaceFactory(kind="ward", name="Soho", parent=birmingham["ladywood"])
    trust = SubgroupFactory(name="Building trust")
    in_ladywood, in_perry_barr = (
        UserFactory(full_name="Grace Campbell"),
        UserFactory(full_name="Kwame Mensah"),
    )
    Membership.objects.create(user=in_ladywood, organisation=OrganisationFactory(places_served=[soho]))
    Membership.objects.create(
        user=in_perry_barr, organisation=OrganisationFactory(places_served=[birmingham["perry_barr"]])
    )
    trust.members.add(in_perry_barr)
    client.force_login(CoordinatorFactory())

    by_place = client.get(reverse("network:people"), {"place": birmingham["ladywood"].code}).content.decode()
    by_subgroup = client.get(reverse("network:people"), {"subgroup": trust.slug}).content.decode()

    assert "Grace Campbell" in by_place and "Kwame Mensah" not in by_place
    assert "Kwame Mensah" in by_subgroup and "Grace Campbell" not in by_subgroup


@pytest.mark.django_db
def test_the_places_list_filters_by_the_place_they_are_within(client, birmingham):
    PlaceFactory(kind="ward", name="Soho", parent=birmingham["ladywood"])
    PlaceFactory(kind="ward", name="Handsworth", parent=birmingham["perry_barr"])

    page = client.get(reverse("places:place-list"), {"place": birmingham["ladywood"].code}).content.decode()
    table = page.split("<table", 1)[1]

    assert "Soho" in table and "Handsworth" not in table
