import pytest
from django.test import Client
from django.urls import reverse

from ostrom.accounts import services
from tests.factories import CoordinatorFactory, MeetingFactory, SubgroupFactory, UserFactory


@pytest.mark.django_db
def test_a_personal_token_signs_a_partner_system_in_until_revoked(client):
    partner = UserFactory(email="icb@example.org")
    token = services.create_api_token(user=partner, name="ICB dashboard")
    headers = {"Authorization": f"Bearer {token}"}

    assert client.get("/api/me/", headers=headers).json()["email"] == "icb@example.org"

    services.revoke_api_token(user=partner, api_token=partner.api_tokens.get())
    assert client.get("/api/me/", headers=headers).status_code == 401


@pytest.mark.django_db
def test_the_token_is_shown_once_and_only_its_hash_is_stored(client):
    user = UserFactory()
    client.force_login(user)
    page = client.post(reverse("accounts:api-tokens"), {"name": "Research notebook"}).content.decode()
    shown = page.split('<code id="new-token">')[1].split("</code>")[0]

    assert shown.startswith("ost_")
    assert (
        user.api_tokens.get().token_hash != shown
        and shown not in client.get(reverse("accounts:api-tokens")).content.decode()
    )


@pytest.mark.django_db
def test_the_openapi_schema_is_published(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Ostrom API"
    assert "/api/organisations" in schema["paths"] and "/api/places/{code}/population" in schema["paths"]


@pytest.mark.django_db
def test_revoking_another_persons_token_is_not_found_and_leaves_it_working(client):
    owner = UserFactory()
    token = services.create_api_token(user=owner, name="ICB dashboard")
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:revoke-api-token", args=[owner.api_tokens.get().pk]))

    assert response.status_code == 404
    assert owner.api_tokens.get().revoked_at is None
    assert client.get("/api/me/", headers={"Authorization": f"Bearer {token}"}).json()["email"] == owner.email


@pytest.mark.django_db
def test_a_person_revokes_their_own_token_from_their_account(client):
    owner = UserFactory()
    services.create_api_token(user=owner, name="ICB dashboard")
    client.force_login(owner)

    page = client.post(reverse("accounts:revoke-api-token", args=[owner.api_tokens.get().pk]), follow=True)

    assert "The token has been revoked" in page.content.decode()
    assert owner.api_tokens.get().revoked_at is not None


@pytest.mark.django_db
def test_a_personal_token_can_write_without_a_csrf_token():
    browser = Client(enforce_csrf_checks=True)
    subgroup = SubgroupFactory(slug="best-start")
    meeting = MeetingFactory(subgroup=subgroup)
    coordinator = CoordinatorFactory(email="kwame@example.org")
    subgroup.members.add(coordinator)
    headers = {"Authorization": f"Bearer {services.create_api_token(user=coordinator, name='ICB')}"}

    joined = browser.post("/api/subgroups/best-start/membership", headers=headers)
    recorded = browser.put(
        f"/api/meetings/{meeting.pk}/record",
        {"minutes": "Good turnout.", "attendee_emails": ["kwame@example.org"]},
        content_type="application/json",
        headers=headers,
    )

    assert joined.status_code == 204
    assert recorded.status_code == 200 and recorded.json()["attendance_count"] == 1


@pytest.mark.django_db
def test_a_signed_in_browser_still_needs_the_csrf_token_to_write():
    browser = Client(enforce_csrf_checks=True)
    SubgroupFactory(slug="best-start")
    person = UserFactory()
    browser.force_login(person)

    refused = browser.post("/api/subgroups/best-start/membership")
    browser.get(reverse("accounts:api-tokens"))  # a page with a form sets the CSRF cookie
    allowed = browser.post(
        "/api/subgroups/best-start/membership", headers={"X-CSRFToken": browser.cookies["csrftoken"].value}
    )

    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert allowed.status_code == 204
    assert person.subgroups.count() == 1
