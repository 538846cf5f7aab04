"""Organisation contact details are public only if the organisation chose so; erasure removes them."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from ostrom.accounts import services as account_services
from ostrom.accounts.models import Role
from ostrom.network.models import Attendance, Membership, Organisation
from tests.factories import (
    CoordinatorFactory,
    MeetingFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


def _organisation(**fields):
    return OrganisationFactory(
        contact_name="Priya Sharma",
        contact_email="priya@example.org",
        contact_phone="0121 496 0000",
        **fields,
    )


@pytest.mark.django_db
def test_contact_details_are_hidden_from_the_public_unless_the_organisation_chose_to_show_them(client):
    private = _organisation(name="Quiet Group")
    page = client.get(private.get_absolute_url()).content.decode()
    listed = client.get("/api/organisations").json()["items"][0]
    single = client.get(f"/api/organisations/{private.pk}").json()

    assert "Priya Sharma" not in page and "priya@example.org" not in page and "0121 496 0000" not in page
    assert "Ask the collective" in page
    for body in (listed, single):
        assert (
            body["contact_name"] is None and body["contact_email"] is None and body["contact_phone"] is None
        )

    client.force_login(CoordinatorFactory())
    coordinator_page = client.get(private.get_absolute_url()).content.decode()
    coordinator_api = client.get(f"/api/organisations/{private.pk}").json()
    assert "Priya Sharma, priya@example.org, 0121 496 0000" in coordinator_page
    assert coordinator_api["contact_email"] == "priya@example.org"


@pytest.mark.django_db
def test_an_organisation_that_chose_to_show_its_contact_has_it_on_its_public_page(client):
    public = _organisation(show_contact_details=True)

    page = client.get(public.get_absolute_url()).content.decode()
    body = client.get(f"/api/organisations/{public.pk}").json()

    assert "Priya Sharma, priya@example.org, 0121 496 0000" in page
    assert body["contact_name"] == "Priya Sharma" and body["show_contact_details"] is True


@pytest.mark.django_db
def test_the_join_form_asks_whether_to_show_the_contact_details(client):
    ward = PlaceFactory(kind="ward")
    client.force_login(UserFactory())
    details = {
        "name": "Lozells Refugee Welcome",
        "kind": "vcse",
        "places_served": [ward.pk],
        "contact_name": "Amina Begum",
        "contact_email": "amina@example.org",
    }

    assert (
        "Show our contact details on our public page" in client.get(reverse("network:join")).content.decode()
    )
    client.post(reverse("network:join"), details)
    client.post(reverse("network:join"), {**details, "name": "Open Door", "show_contact_details": "on"})

    assert dict(Organisation.objects.values_list("name", "show_contact_details")) == {
        "Lozells Refugee Welcome": False,
        "Open Door": True,
    }


@pytest.mark.django_db
def test_a_coordinator_sets_the_choice_through_the_api(client):
    ward = PlaceFactory(code="DEMO-W31", kind="ward")
    token = account_services.create_api_token(user=CoordinatorFactory(), name="ICB")
    payload = {
        "name": "Open Door",
        "kind": "vcse",
        "contact_name": "Amina Begum",
        "contact_email": "amina@example.org",
        "places_served": [ward.code],
        "show_contact_details": True,
    }

    client.post(
        "/api/organisations",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    client.logout()

    assert (
        client.get(f"/api/organisations/{Organisation.objects.get().pk}").json()["contact_name"]
        == "Amina Begum"
    )


def _text_in_tables(app_labels) -> str:
    """Every text value stored in the apps' tables, as one string to search."""
    values = []
    for model in apps.get_models():
        if model._meta.app_label not in app_labels:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        values.extend(str(value) for row in model.objects.values_list(*fields) for value in row)
    return "\n".join(values)


@pytest.mark.django_db
def test_erasure_removes_a_person_from_every_table_of_accounts_network_and_places(client):
    person = UserFactory(full_name="Priya Sharma", email="priya@example.org")
    organisation = _organisation(name="Open Door", show_contact_details=True)
    Membership.objects.create(user=person, organisation=organisation, is_contact=True, role_title="Chair")
    subgroup = SubgroupFactory()
    subgroup.members.add(person)
    meeting = MeetingFactory(subgroup=subgroup, created_by=person)
    Attendance.objects.create(meeting=meeting, user=person)
    Role.objects.create(
        user=UserFactory(full_name="Grace Campbell"), kind=Role.Kind.PARTNER, granted_by=person
    )
    account_services.create_api_token(user=person, name="Priya's notebook")
    assert "Priya Sharma" in client.get(organisation.get_absolute_url()).content.decode()

    client.force_login(person)
    client.post(reverse("accounts:erase-my-data"), {"confirm": "on"})

    stored = _text_in_tables({"accounts", "network", "places"})
    assert "Priya" not in stored and "priya@example.org" not in stored
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Priya" not in page and "priya@example.org" not in page
    assert meeting.attendances.count() == 1
    meeting.refresh_from_db()
    assert meeting.created_by is None
    assert not Role.objects.filter(granted_by=person).exists()


@pytest.mark.django_db
def test_the_download_holds_the_organisations_a_person_is_the_contact_for(client):
    person = UserFactory(email="priya@example.org")
    _organisation(name="Open Door")
    client.force_login(person)

    data = client.get(reverse("accounts:download-my-data")).json()

    assert data["organisation_contact_details"][0]["organisation"] == "Open Door"
    assert data["organisation_contact_details"][0]["contact_phone"] == "0121 496 0000"
