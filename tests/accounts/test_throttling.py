from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from ostrom.accounts.models import User
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def _sign_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


@pytest.mark.django_db
def test_five_wrong_passwords_pause_signing_in_for_15_minutes(client):
    UserFactory(email="grace@example.org")
    wrong = [_sign_in(client, "grace@example.org", f"guess-{n}") for n in range(5)]
    assert all("Enter the email address and password" in r.content.decode() for r in wrong[:4])
    assert wrong[4].status_code == 429  # the fifth wrong password starts the pause

    refused = _sign_in(client, "grace@example.org", PASSWORD)

    assert refused.status_code == 429
    page = refused.content.decode()
    assert "You have entered the wrong password too many times" in page
    assert "Wait 15 minutes" in page and reverse("accounts:password-reset") in page
    assert client.get(reverse("accounts:my-account")).status_code == 302  # still signed out

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    signed_in = _sign_in(client, "grace@example.org", PASSWORD)

    assert signed_in.status_code == 302 and signed_in.url == reverse("overview:what-needs-doing")
    assert client.get(reverse("accounts:my-account")).status_code == 200


@pytest.mark.django_db
def test_the_pause_page_says_the_pause_the_settings_give(client, settings):
    settings.AXES_COOLOFF_TIME = 0.5  # hours
    UserFactory(email="grace@example.org")
    for n in range(5):
        _sign_in(client, "grace@example.org", f"guess-{n}")

    page = _sign_in(client, "grace@example.org", PASSWORD).content.decode()

    assert "Wait 30 minutes and try again" in page and "15 minutes" not in page


@pytest.mark.django_db
def test_a_new_password_ends_the_pause(client):
    person = UserFactory(email="delroy@example.org")
    for _ in range(5):
        _sign_in(client, "delroy@example.org", "guess")
    client.post(reverse("accounts:password-reset"), {"email": "delroy@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    form_page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-secret-9", "new_password2": "a-brand-new-secret-9"},
    )

    response = _sign_in(client, "delroy@example.org", "a-brand-new-secret-9")

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("a-brand-new-secret-9")


@pytest.mark.django_db
def test_signing_up_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-up": "2/h"}
    for n in range(2):
        client.post(
            reverse("accounts:sign-up"),
            {"full_name": f"Person {n}", "email": f"p{n}@example.org", "password": "green-lozells-park-2026"},
        )
        client.logout()

    refused = client.post(
        reverse("accounts:sign-up"),
        {"full_name": "Person 3", "email": "p3@example.org", "password": "green-lozells-park-2026"},
    )

    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert not User.objects.filter(email="p3@example.org").exists()
    assert client.get(reverse("accounts:sign-up")).status_code == 200


@pytest.mark.django_db
def test_password_reset_is_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password-reset": "2/h"}
    UserFactory(email="kwame@example.org")
    for _ in range(2):
        client.post(reverse("accounts:password-reset"), {"email": "kwame@example.org"})

    refused = client.post(reverse("accounts:password-reset"), {"email": "kwame@example.org"})

    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "meta",
    [
        {"REMOTE_ADDR": ""},
        {"HTTP_X_REAL_IP": "not an address", "REMOTE_ADDR": ""},
        {"REMOTE_ADDR": "10.0.0.7"},
    ],
)
def test_a_proxy_that_sends_no_usable_address_still_gets_counted_not_a_server_error(client, settings, meta):
    """Behind a proxy configured to send X-Real-IP, a request without it (or through a Unix socket, with no
    connection address) is counted as one unknown caller: limited like anyone, never a server error."""
    settings.CLIENT_ADDRESS_META_KEY = "HTTP_X_REAL_IP"
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign-up": "1/h"}
    answers = [
        client.post(
            reverse("accounts:sign-up"),
            {"full_name": f"Person {n}", "email": f"q{n}@example.org", "password": "green-lozells-park-2026"},
            **meta,
        ).status_code
        for n in range(2)
    ]
    client.logout()

    assert answers[0] in (200, 302) and answers[1] == 429
