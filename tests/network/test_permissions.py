"""The same rule decides on the page and in the API, and scoped coordinators run only their scope."""

import pytest
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.accounts.models import Role
from ostrom.network.models import Meeting, Organisation
from tests.factories import (
    CoordinatorFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


def _coordinator_of(**scope):
    person = UserFactory()
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, **scope)
    return person


def _bearer(user):
    return {"Authorization": f"Bearer {account_services.create_api_token(user=user, name='test')}"}


@pytest.mark.django_db
def test_a_subgroup_coordinator_schedules_its_meetings_on_the_page_as_in_the_api(client):
    trust, comms = SubgroupFactory(name="Building trust"), SubgroupFactory(name="Communications")
    coordinator = _coordinator_of(subgroup=trust)
    client.force_login(coordinator)

    form = client.get(reverse("network:meeting-create"))
    created = client.post(
        reverse("network:meeting-create"),
        {"subgroup": trust.pk, "title": "Listening event", "starts_at": "2026-12-03 18:30"},
    )
    other = client.post(
        reverse("network:meeting-create"),
        {"subgroup": comms.pk, "title": "Radio slot", "starts_at": "2026-12-03 18:30"},
    )
    through_api = client.post(
        "/api/meetings",
        {"subgroup": comms.slug, "title": "Radio slot", "starts_at": "2026-12-03T18:30:00Z"},
        content_type="application/json",
        headers=_bearer(coordinator),
    )

    assert form.status_code == 200 and "Building trust" in form.content.decode()
    assert "Communications" not in form.content.decode()
    assert created.status_code == 302
    assert "Select a valid choice" in other.content.decode()
    assert through_api.status_code == 403
    assert list(Meeting.objects.values_list("title", flat=True)) == ["Listening event"]
    assert "Add a meeting" in client.get(trust.get_absolute_url()).content.decode()
    assert "Add a meeting" not in client.get(comms.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_resident_cannot_schedule_meetings_or_see_people(client):
    client.force_login(UserFactory())
    assert client.get(reverse("network:meeting-create")).status_code == 403
    assert client.get(reverse("network:people")).status_code == 403
    assert "Add a meeting" not in client.get(reverse("network:meeting-list")).content.decode()


@pytest.mark.django_db
def test_a_subgroup_coordinator_sees_the_people_page(client):
    client.force_login(_coordinator_of(subgroup=SubgroupFactory()))
    assert client.get(reverse("network:people")).status_code == 200


@pytest.mark.django_db
def test_a_place_coordinator_decides_on_organisations_serving_only_their_place(client):
    birmingham = PlaceFactory(kind="place", name="Birmingham")
    ladywood = PlaceFactory(kind="locality", name="Ladywood", parent=birmingham)
    perry_barr = PlaceFactory(kind="locality", name="Perry Barr", parent=birmingham)
    inside = OrganisationFactory(
        name="Soho Carers", status="applied", joined_on=None, places_served=[ladywood]
    )
    across = OrganisationFactory(
        name="Two Towns Trust", status="applied", joined_on=None, places_served=[ladywood, perry_barr]
    )
    client.force_login(_coordinator_of(place=ladywood))

    waiting = client.get(reverse("network:approvals")).content.decode()
    approved = client.post(reverse("network:decide", args=[inside.pk]), {"decision": "approve"})
    refused = client.post(reverse("network:decide", args=[across.pk]), {"decision": "approve"})

    assert "Soho Carers" in waiting and "Two Towns Trust" not in waiting
    assert approved.status_code == 302 and refused.status_code == 403
    assert dict(Organisation.objects.values_list("name", "status")) == {
        "Soho Carers": "member",
        "Two Towns Trust": "applied",
    }


@pytest.mark.django_db
def test_only_an_unscoped_coordinator_changes_places_or_starts_subgroups(client):
    birmingham = PlaceFactory(code="E08000025", kind="place")
    scoped = _bearer(_coordinator_of(place=birmingham))
    unscoped = _bearer(CoordinatorFactory())
    ward = {"name": "Aston", "kind": "ward", "parent_code": "E08000025"}
    subgroup = {"name": "Mental health", "description": "Talking therapies"}

    assert (
        client.put("/api/places/W1", ward, content_type="application/json", headers=scoped).status_code == 403
    )
    assert (
        client.post("/api/subgroups", subgroup, content_type="application/json", headers=scoped).status_code
        == 403
    )
    assert (
        client.put("/api/places/W1", ward, content_type="application/json", headers=unscoped).status_code
        == 200
    )
    assert (
        client.post("/api/subgroups", subgroup, content_type="application/json", headers=unscoped).status_code
        == 201
    )


@pytest.mark.django_db
def test_the_people_link_shows_for_every_coordinator_who_may_open_the_page_and_no_one_else(client):
    subgroup_coordinator = _coordinator_of(subgroup=SubgroupFactory())
    client.force_login(subgroup_coordinator)
    assert reverse("network:people") in client.get("/").content.decode()
    assert client.get(reverse("network:people")).status_code == 200

    client.force_login(UserFactory())
    assert reverse("network:people") not in client.get("/").content.decode()
