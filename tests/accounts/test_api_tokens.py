import pytest
from django.urls import reverse

from ostrom.accounts import services
from tests.factories import UserFactory


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
