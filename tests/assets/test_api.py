"""The directory in the API: public reads give what the pages show, with the same filters; writes go
through the same services, with problems on their fields."""

from datetime import time

import pytest
from django.utils import timezone

from ostrom.assets.models import Service, ServiceChange
from tests.assets.factories import LocationFactory, ScheduleFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(organisation, lsoa):
    service = ServiceFactory(
        organisation=organisation, name="Reservoir walk", categories=["physical-activity"]
    )
    ServiceAtLocationFactory(service=service, location=LocationFactory(place=lsoa, postal_code="B16 8QG"))
    ScheduleFactory(service=service, byday="TU", opens_at=time(10), closes_at=time(12))
    return service


def test_the_search_has_the_pages_filters_and_words(client, walk, ladywood):
    ServiceFactory(name="Food bank", categories=["food"])

    body = client.get(
        "/api/assets", {"category": "physical-activity", "place": ladywood.code, "day": "TU", "time": "11:00"}
    ).json()

    assert body["count"] == 1
    found = body["items"][0]
    assert found["name"] == "Reservoir walk"
    assert found["opening_times"] == ["Tuesdays 10am to 12pm"]
    assert found["cost"] == "Free"
    assert found["categories"][0]["code"] == "physical-activity"
    assert found["locations"][0]["postal_code"] == "B16 8QG"
    assert found["last_checked"] == timezone.localdate().isoformat()
    assert found["is_stale"] is False
    assert client.get("/api/assets", {"place": "NOWHERE"}).json()["count"] == 0
    assert client.get("/api/assets", {"time": "25:99"}).json()["count"] == 0


def test_one_entry_and_the_categories(client, walk):
    assert client.get(f"/api/assets/{walk.pk}").json()["name"] == "Reservoir walk"
    codes = [term["code"] for term in client.get("/api/assets/categories").json()]
    assert "physical-activity" in codes and len(codes) == 14
    Service.objects.filter(pk=walk.pk).update(status=Service.Status.DEFUNCT)
    assert client.get(f"/api/assets/{walk.pk}").status_code == 404


def test_propose_then_approve_through_the_api(client, contact, coordinator, organisation, postcode):
    client.force_login(contact)
    entry = {
        "name": "Chai and chat",
        "categories": ["meeting-people"],
        "location": {
            "address_1": "2 Ladywood Road",
            "postal_code": "B16 8QG",
            "latitude": 52.48,
            "longitude": -1.92,
        },
        "schedules": [{"byday": "FR", "opens_at": "14:00", "closes_at": "16:00"}],
        "costs": [{"amount": "1.50", "option": "for tea"}],
        "languages": ["Urdu"],
    }

    response = client.post(
        f"/api/assets/organisations/{organisation.pk}/changes", entry, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    change_id = response.json()["id"]
    assert client.get("/api/assets").json()["count"] == 0
    assert client.post(f"/api/assets/changes/{change_id}/approve").status_code == 403

    client.force_login(coordinator)
    shown = client.post(f"/api/assets/changes/{change_id}/approve").json()

    assert shown["name"] == "Chai and chat"
    assert shown["opening_times"] == ["Fridays 2pm to 4pm"]
    assert shown["cost"] == "£1.50 for tea"
    assert shown["languages"] == ["Urdu"]
    assert client.get("/api/assets").json()["count"] == 1


def test_problems_come_back_on_their_fields(client, contact, organisation):
    client.force_login(contact)

    response = client.post(
        f"/api/assets/organisations/{organisation.pk}/changes",
        {
            "name": "Late club",
            "schedules": [{"byday": "MO", "opens_at": "20:00", "closes_at": "19:00"}],
            "location": {"latitude": 100, "longitude": 1},
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["schedules[0].closes_at"] == ["The opening time must be before the closing time"]
    assert detail["location.latitude"] == ["Latitude must be a number from -90 to 90, like 52.4862"]
    assert not ServiceChange.objects.exists()


def test_reject_and_mark_checked(client, contact, coordinator, organisation, walk, entry):
    client.force_login(contact)
    change = client.post(
        f"/api/assets/organisations/{organisation.pk}/changes",
        {"service": walk.pk, "name": "Reservoir walk and talk"},
        content_type="application/json",
    ).json()
    assert change["service"] == walk.pk
    client.force_login(coordinator)

    assert (
        client.post(
            f"/api/assets/changes/{change['id']}/reject", {"note": ""}, content_type="application/json"
        ).status_code
        == 422
    )
    rejected = client.post(
        f"/api/assets/changes/{change['id']}/reject",
        {"note": "Keep the old name"},
        content_type="application/json",
    ).json()
    assert rejected["status"] == "rejected"
    Service.objects.filter(pk=walk.pk).update(assured_date=None)
    assert (
        client.post(f"/api/assets/{walk.pk}/checked").json()["last_checked"]
        == timezone.localdate().isoformat()
    )
