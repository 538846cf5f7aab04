"""Staff sessions end after STAFF_IDLE_MINUTES without a request; residents keep the normal length.

Time passing is played by ageing the stored session (its expiry date), never by sleeping."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.middleware import STAFF_SESSION_COOKIE
from tests.factories import CoordinatorFactory, UserFactory

MY_ACCOUNT = reverse("accounts:my-account")
IDLE_MESSAGE = "You were signed out because you had not used Ostrom for 30 minutes"


def stored_session(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def age_session(client, *, minutes_left: float) -> None:
    """As if the person had been away: the session now ends `minutes_left` from now."""
    Session.objects.filter(pk=stored_session(client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=minutes_left)
    )


@pytest.mark.django_db
def test_a_staff_session_ends_after_30_idle_minutes_and_the_sign_in_page_says_why(client):
    client.force_login(CoordinatorFactory())
    response = client.get(MY_ACCOUNT)
    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    left = stored_session(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)

    age_session(client, minutes_left=-1)
    away = client.get(MY_ACCOUNT)

    assert away.status_code == 302 and away["Location"].startswith(reverse("accounts:login"))
    sign_in_page = client.get(away["Location"]).content.decode()
    assert IDLE_MESSAGE in sign_in_page
    assert IDLE_MESSAGE not in client.get(reverse("accounts:login")).content.decode()  # said once


@pytest.mark.django_db
def test_each_request_moves_the_end_of_a_staff_session_on(client):
    client.force_login(CoordinatorFactory())
    client.get(MY_ACCOUNT)
    age_session(client, minutes_left=1)  # 29 minutes since the last request

    assert client.get(MY_ACCOUNT).status_code == 200
    assert stored_session(client).expire_date - timezone.now() > timedelta(minutes=29)


@pytest.mark.django_db
def test_residents_keep_the_normal_session_length(client):
    client.force_login(UserFactory())
    response = client.get(MY_ACCOUNT)

    assert STAFF_SESSION_COOKIE not in response.cookies
    assert stored_session(client).expire_date - timezone.now() > timedelta(days=13)


@pytest.mark.django_db
def test_signing_out_is_not_called_inactivity(client):
    client.force_login(CoordinatorFactory())
    client.get(MY_ACCOUNT)

    signed_out = client.post(reverse("accounts:sign-out"))

    assert signed_out.cookies[STAFF_SESSION_COOKIE].value == ""
    assert IDLE_MESSAGE not in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_the_idle_time_is_a_setting(client, settings):
    settings.STAFF_IDLE_MINUTES = 5
    client.force_login(CoordinatorFactory())

    assert client.get(MY_ACCOUNT).cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 5 * 60
