"""The referrals API: link workers and receiving services only, the same rules as the pages, every get
of a person's referral audited, problems named on their fields."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ostrom.core import audit
from ostrom.places.models import Place
from ostrom.referrals.models import Referral, ReferralTo
from tests.factories import PlaceFactory, UserFactory
from tests.referrals.factories import ReferralFactory, ServiceFactory, contact_of, link_worker_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def ladywood():
    return PlaceFactory(code="E-LW", name="Ladywood", kind=Place.Kind.LOCALITY)


def viewed(referral) -> int:
    return sum(1 for entry in audit.entries_for(referral) if audit.action_of(entry) == "referral.viewed")


def test_a_link_worker_makes_gets_and_follows_up_a_referral(client, ladywood):
    service = ServiceFactory()
    client.force_login(link_worker_for(ladywood))
    created = client.post(
        "/api/referrals",
        {
            "place": "E-LW",
            "identity": "named",
            "person_name": "Ann Example",
            "consent_given": True,
            "consent_wording": "I agree to my name being shared with the services.",
            "needs": ["loneliness", "money"],
            "services": [service.pk],
            "follow_up_on": (TODAY() + timedelta(days=42)).isoformat(),
            "wellbeing_items": [3, 3, 2, 3, 4, 3, None],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    reference = created.json()["reference"]
    referral = Referral.objects.get(reference=reference)

    listing = client.get("/api/referrals").json()
    assert [item["reference"] for item in listing["items"]] == [reference]
    assert "person_name" not in listing["items"][0]
    assert viewed(referral) == 0

    got = client.get(f"/api/referrals/{reference}").json()
    assert got["person_name"] == "Ann Example"
    assert got["wellbeing"][0]["items"] == [3, 3, 2, 3, 4, 3, None]
    assert got["wellbeing"][0]["score"] is None
    assert viewed(referral) == 1

    followed = client.post(
        f"/api/referrals/{reference}/follow-up",
        {"wellbeing_items": [4] * 7, "taken_on": TODAY().isoformat()},
        content_type="application/json",
    )
    assert followed.status_code == 201
    assert followed.json()["score"] is not None


def test_problems_are_named_on_their_fields(client, ladywood):
    client.force_login(link_worker_for(ladywood))
    response = client.post(
        "/api/referrals",
        {
            "place": "E-LW",
            "identity": "named",
            "needs": [],
            "services": [ServiceFactory(status="defunct").pk],
            "follow_up_on": (TODAY() - timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert {"person_name", "consent_given", "needs", "services", "follow_up_on"} <= set(
        response.json()["detail"]
    )


def test_nobody_else_lists_gets_or_makes_referrals(client, ladywood):
    referral = ReferralFactory(place=ladywood)
    assert client.get("/api/referrals").status_code == 401
    client.force_login(UserFactory())
    assert client.get("/api/referrals").status_code == 403
    assert client.get("/api/referral-inbox").status_code == 403
    client.force_login(link_worker_for(PlaceFactory(kind=Place.Kind.LOCALITY)))
    assert client.get("/api/referrals").json()["items"] == []
    assert client.get(f"/api/referrals/{referral.reference}").status_code == 404
    client.force_login(contact_of(ServiceFactory().organisation))
    assert client.get(f"/api/referrals/{referral.reference}").status_code == 403
    assert client.get(f"/api/referral-inbox/{referral.sent_to.get().pk}").status_code == 404
    assert viewed(referral) == 0


def test_the_receiving_service_decides_and_records_attendance_through_its_inbox(client, ladywood):
    service = ServiceFactory()
    referral = ReferralFactory(place=ladywood, services=[service])
    sent = referral.sent_to.get()
    client.force_login(contact_of(service.organisation))

    inbox = client.get("/api/referral-inbox").json()["items"]
    assert [item["reference"] for item in inbox] == [referral.reference]
    item = client.get(f"/api/referral-inbox/{sent.pk}").json()
    assert item["person_name"] == "" and "notes" not in item and "ethnic_group" not in item
    assert viewed(referral) == 1

    refused = client.post(
        f"/api/referral-inbox/{sent.pk}/decision", {"accept": False}, content_type="application/json"
    )
    assert refused.status_code == 422 and "reason" in refused.json()["detail"]
    accepted = client.post(
        f"/api/referral-inbox/{sent.pk}/decision", {"accept": True}, content_type="application/json"
    )
    assert accepted.json()["status"] == "accepted"
    again = client.post(
        f"/api/referral-inbox/{sent.pk}/decision", {"accept": True}, content_type="application/json"
    )
    assert again.status_code == 422

    came = client.post(
        f"/api/referral-inbox/{sent.pk}/attendance",
        {"attended": True, "first_attended_on": TODAY().isoformat(), "sessions": 4},
        content_type="application/json",
    )
    assert came.json()["status"] == "attended"
    sent.refresh_from_db()
    assert (sent.status, sent.sessions_attended) == (ReferralTo.Status.ATTENDED, 4)
