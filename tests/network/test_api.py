import pytest

from ostrom.accounts import services as account_services
from ostrom.network.models import Organisation
from tests.factories import (
    CoordinatorFactory,
    MeetingFactory,
    OrganisationFactory,
    PlaceFactory,
    SubgroupFactory,
    UserFactory,
)


@pytest.mark.django_db
def test_anyone_can_read_member_organisations_filtered_by_place(client):
    ward = PlaceFactory(code="DEMO-W11", kind="ward")
    OrganisationFactory(name="Ladywood Boxing Academy", places_served=[ward])
    OrganisationFactory(name="Elsewhere Group")
    OrganisationFactory(name="Still Applying", status="applied", joined_on=None, places_served=[ward])

    body = client.get("/api/organisations", {"place": "DEMO-W11"}).json()

    assert [item["name"] for item in body["items"]] == ["Ladywood Boxing Academy"]
    assert body["items"][0]["places_served"] == ["DEMO-W11"]


@pytest.mark.django_db
def test_coordinators_can_add_organisations_through_the_api_and_residents_cannot(client):
    ward = PlaceFactory(code="DEMO-W21", kind="ward")
    SubgroupFactory(slug="best-start-in-life")
    payload = {
        "name": "Breastfeeding Buddies",
        "kind": "vcse",
        "contact_name": "Priya",
        "contact_email": "p@example.org",
        "places_served": [ward.code],
        "subgroups": ["best-start-in-life"],
    }
    resident_token = account_services.create_api_token(user=UserFactory(), name="mine")
    coordinator_token = account_services.create_api_token(user=CoordinatorFactory(), name="ICB")

    refused = client.post(
        "/api/organisations",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {resident_token}"},
    )
    created = client.post(
        "/api/organisations",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {coordinator_token}"},
    )

    assert refused.status_code == 403
    assert created.status_code == 201 and created.json()["subgroups"] == ["best-start-in-life"]
    assert Organisation.objects.get().status == "member"


@pytest.mark.django_db
def test_meetings_api_records_attendance(client):
    meeting = MeetingFactory()
    member = UserFactory(email="kwame@example.org")
    meeting.subgroup.members.add(member)
    token = account_services.create_api_token(user=CoordinatorFactory(), name="ICB")

    response = client.put(
        f"/api/meetings/{meeting.pk}/record",
        {"minutes": "Good turnout.", "attendee_emails": ["Kwame@example.org"]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.json()["attendance_count"] == 1 and list(meeting.attendees.all()) == [member]


@pytest.mark.django_db
def test_writes_need_sign_in(client):
    assert client.post("/api/subgroups/anything/membership").status_code == 401


@pytest.mark.django_db
def test_coordinators_write_places_and_subgroups_through_the_api(client):
    PlaceFactory(code="E08000025", kind="place")
    coordinator = {
        "Authorization": f"Bearer {account_services.create_api_token(user=CoordinatorFactory(), name='x')}"
    }
    resident = {"Authorization": f"Bearer {account_services.create_api_token(user=UserFactory(), name='y')}"}
    ward = {"name": "Aston", "kind": "ward", "parent_code": "E08000025"}

    assert (
        client.put(
            "/api/places/DEMO-W99", ward, content_type="application/json", headers=resident
        ).status_code
        == 403
    )
    created = client.put("/api/places/DEMO-W99", ward, content_type="application/json", headers=coordinator)
    subgroup = client.post(
        "/api/subgroups",
        {"name": "Mental health", "description": "Talking therapies"},
        content_type="application/json",
        headers=coordinator,
    )

    assert created.json() == {
        "code": "DEMO-W99",
        "name": "Aston",
        "kind": "ward",
        "parent_code": "E08000025",
        "is_demo": False,
    }
    assert subgroup.status_code == 201 and subgroup.json()["slug"] == "mental-health"
