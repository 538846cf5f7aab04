"""The "signing in is paused" page says what paused it: wrong passwords, wrong two-step verification codes
(which count towards the same pause), or both, whichever page the person reaches it from."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.accounts.test_two_factor import CODE, set_up_app, sign_in
from tests.factories import CoordinatorFactory, UserFactory

WRONG_PASSWORD = "You have entered the wrong password too many times"
WRONG_CODE = "You have entered a wrong code too many times"
WRONG_PASSWORD_OR_CODE = "You have entered a wrong password or code too many times"
LOST_PHONE = "If you have lost your phone and your backup codes, ask an administrator"


@pytest.fixture(autouse=True)
def fast_passwords_and_fresh_rate_limits(settings):
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _wrong_codes(client, count=5):
    return [client.post(CODE, {"code": f"00000{n}"}) for n in range(count)]


def _wrong_passwords(client, sign_in_page: str, count=5):
    UserFactory(email="grace@example.org")
    return [
        client.post(sign_in_page, {"username": "grace@example.org", "password": f"guess-{n}"})
        for n in range(count)
    ]


@pytest.fixture
def coordinator_with_an_app(client):
    """A coordinator with an authenticator app, signed out again."""
    coordinator = CoordinatorFactory()
    set_up_app(client, coordinator)
    client.post(reverse("accounts:sign-out"))
    return coordinator


@pytest.mark.django_db
def test_wrong_passwords_are_named_as_passwords(client):
    answers = _wrong_passwords(client, reverse("accounts:login"))

    assert answers[-1].status_code == 429
    page = _words(answers[-1])
    assert f"{WRONG_PASSWORD}, so we have paused signing in" in page
    assert "code" not in page[page.index("Signing in is paused") : page.index("reset your password")]
    assert LOST_PHONE not in page
    assert reverse("accounts:password-reset") in answers[-1].content.decode()


@pytest.mark.django_db
def test_wrong_codes_are_named_as_codes_not_as_a_wrong_password(client, coordinator_with_an_app):
    sign_in(client, coordinator_with_an_app)

    answers = _wrong_codes(client)

    assert answers[-1].status_code == 429
    page = _words(answers[-1])
    assert f"{WRONG_CODE}, so we have paused signing in" in page
    assert "wrong password" not in page
    assert "Enter the code your authenticator app shows at that moment, or one of your backup codes" in page
    assert LOST_PHONE in page


@pytest.mark.django_db
def test_signing_in_again_during_a_pause_from_codes_names_codes(client, coordinator_with_an_app):
    sign_in(client, coordinator_with_an_app)
    _wrong_codes(client)

    # The right password during the pause is refused too, and counted: the page now names both.
    again = sign_in(client, coordinator_with_an_app)

    assert again.status_code == 429
    page = _words(again)
    assert f"{WRONG_PASSWORD_OR_CODE}, so we have paused signing in" in page
    assert LOST_PHONE in page and "reset your password" in page


@pytest.mark.django_db
def test_a_second_browser_on_the_code_page_is_told_it_was_codes(client, coordinator_with_an_app):
    other_browser = Client()
    sign_in(other_browser, coordinator_with_an_app)  # waiting on the code page, signed in with the password
    sign_in(client, coordinator_with_an_app)
    _wrong_codes(client)

    answer = other_browser.post(CODE, {"code": "123456"})

    assert answer.status_code == 429
    assert f"{WRONG_CODE}, so we have paused signing in" in _words(answer)


@pytest.mark.django_db
def test_the_admin_sign_in_form_names_passwords(client):
    answers = _wrong_passwords(client, reverse("admin:login"))

    assert answers[-1].status_code == 429
    assert f"{WRONG_PASSWORD}, so we have paused signing in" in _words(answers[-1])
