"""Accounts' forms and API answer oversized, NUL-containing and wrong values with a 4xx or the form
again with a message, never a 500 (also on PostgreSQL)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ostrom.accounts.models import ApiToken, EqualityAnswer, User
from tests.factories import UserFactory

HUGE = "x" * 10000
NUL = "a\x00b"

SIGN_UP = {"full_name": "Amina Begum", "email": "amina@example.org", "password": "green-lozells-park-2026"}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["full_name", "email"])
@pytest.mark.parametrize("value", [HUGE, NUL])
def test_sign_up_refuses_bad_text_and_keeps_the_rest(client, field, value):
    response = client.post(reverse("accounts:sign-up"), {**SIGN_UP, field: value})

    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, NUL])
def test_sign_in_refuses_bad_text(client, value):
    UserFactory(email="grace@example.org")
    response = client.post(reverse("accounts:login"), {"username": value, "password": value})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("accounts:equality-answers", {"consent": "on", "postcode": NUL}),
        ("accounts:equality-answers", {"consent": "on", "postcode": HUGE}),
        ("accounts:equality-answers", {"consent": "on", "ethnic_group": HUGE}),
        ("accounts:equality-answers", {"consent": "on", "postcode": "ZZ9 9ZZ"}),
        ("accounts:api-tokens", {"name": HUGE}),
        ("accounts:api-tokens", {"name": NUL}),
    ],
)
def test_account_forms_refuse_bad_values_with_a_message(client, path, data):
    client.force_login(UserFactory())
    response = client.post(reverse(path), data)

    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not EqualityAnswer.objects.exists() and not ApiToken.objects.exists()


@pytest.mark.django_db
def test_an_unknown_postcode_gets_the_one_message_every_form_uses(client):
    client.force_login(UserFactory())
    page = client.post(reverse("accounts:equality-answers"), {"consent": "on", "postcode": "ZZ9 9ZZ"})
    assert "We do not recognise this postcode. Check it and try again" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("token_id", ["99999999999999999999", "abc"])
def test_revoking_a_made_up_token_is_not_found(client, token_id):
    client.force_login(UserFactory())
    response = client.post(f"/my-account/api-tokens/{token_id}/revoke/")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Bearer " + HUGE, "Bearer " + NUL, "Bearer", "Basic abc"])
def test_the_me_operation_refuses_a_bad_token_with_401(client, header):
    assert client.get("/api/me/", headers={"Authorization": header}).status_code == 401


@pytest.mark.django_db
def test_a_form_shown_again_keeps_what_was_typed_but_never_the_password(client):
    UserFactory(email="grace@example.org")
    signing_in = client.post(
        reverse("accounts:login"), {"username": "grace@example.org", "password": "not-her-password-77"}
    ).content.decode()
    signing_up = client.post(
        reverse("accounts:sign-up"), {**SIGN_UP, "email": "not an address"}
    ).content.decode()

    assert "There is a problem" in signing_in and 'value="grace@example.org"' in signing_in
    assert "not-her-password-77" not in signing_in
    assert "There is a problem" in signing_up and 'value="Amina Begum"' in signing_up
    assert SIGN_UP["password"] not in signing_up
