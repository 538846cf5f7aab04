"""Who a subgroup reaches is shown to the roles that may see it (`permissions.can_see_reach`), and
those people can find it: from the subgroup list and from the top of the subgroup's page."""

import pytest
from django.urls import reverse

from ostrom.accounts.models import Role
from tests.factories import SubgroupFactory, UserFactory


def _partner():
    partner = UserFactory()
    Role.objects.create(user=partner, kind=Role.Kind.PARTNER)
    return partner


@pytest.mark.django_db
def test_a_partner_is_led_to_who_each_subgroup_reaches(client):
    subgroup = SubgroupFactory(name="Building trust", slug="building-trust")
    client.force_login(_partner())

    listing = client.get(reverse("network:subgroup-list")).content.decode()
    page = client.get(subgroup.get_absolute_url()).content.decode()

    assert 'href="/subgroups/building-trust/#reach"' in listing
    assert 'href="#reach"' in page and 'id="reach"' in page
    assert "Who this subgroup reaches" in page


@pytest.mark.django_db
def test_a_resident_is_not_offered_reach(client):
    subgroup = SubgroupFactory(slug="building-trust")
    client.force_login(UserFactory())

    listing = client.get(reverse("network:subgroup-list")).content.decode()
    page = client.get(subgroup.get_absolute_url()).content.decode()

    assert "#reach" not in listing and "#reach" not in page and 'id="reach"' not in page


@pytest.mark.django_db
def test_subgroup_counts_are_said_in_the_singular_for_one(client):
    subgroup = SubgroupFactory(name="Communications", slug="communications")
    subgroup.members.add(UserFactory())

    listing = client.get(reverse("network:subgroup-list")).content.decode()
    page = client.get(subgroup.get_absolute_url()).content.decode()

    assert "1 person, 0 organisations." in listing and "1 people" not in listing
    assert "1 person belongs to this subgroup." in page
