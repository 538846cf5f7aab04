"""Signing in or creating an account brings people back to the page they were on, and only ever to a
page of this site."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

DEEP_PAGE = "/conversations/gp-in-ladywood/?tab=results"
SIGN_IN = reverse("accounts:login")
SIGN_UP = reverse("accounts:sign-up")


def _hrefs(response) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', response.content.decode())]


def _with_next(address: str, next_url: str) -> str:
    return f"{address}?next={next_url.replace('?', '%3F').replace('=', '%3D')}"


@pytest.mark.django_db
def test_the_header_sign_in_and_create_an_account_links_come_back_to_the_page(client):
    response = client.get(reverse("places:place-list") + "?place=E1")

    hrefs = _hrefs(response)
    assert _with_next(SIGN_IN, "/places/?place=E1") in hrefs
    assert _with_next(SIGN_UP, "/places/?place=E1") in hrefs


@pytest.mark.django_db
def test_moving_between_sign_in_and_create_an_account_keeps_where_to_come_back_to(client):
    sign_in = client.get(SIGN_IN, {"next": DEEP_PAGE})
    assert _with_next(SIGN_UP, DEEP_PAGE) in _hrefs(sign_in)

    sign_up = client.get(SIGN_UP, {"next": DEEP_PAGE})
    assert _with_next(SIGN_IN, DEEP_PAGE) in _hrefs(sign_up)
    assert f'name="next" value="{DEEP_PAGE}"' in sign_up.content.decode().replace("&amp;", "&")


@pytest.mark.django_db
def test_signing_in_comes_back_to_the_page_it_was_asked_from(client):
    person = UserFactory()

    response = client.post(SIGN_IN, {"username": person.email, "password": PASSWORD, "next": DEEP_PAGE})

    assert response["Location"] == DEEP_PAGE


@pytest.mark.django_db
@pytest.mark.parametrize("elsewhere", ["https://example.com/", "//example.com/", "javascript:alert(1)"])
def test_signing_in_never_leads_off_the_site(client, elsewhere):
    person = UserFactory()

    response = client.post(SIGN_IN, {"username": person.email, "password": PASSWORD, "next": elsewhere})

    assert response["Location"] == reverse("overview:what-needs-doing")
    assert elsewhere not in _hrefs(client.get(SIGN_UP, {"next": elsewhere}))


@pytest.mark.django_db
def test_creating_an_account_comes_back_to_the_page_and_so_does_confirming_the_email(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SIGN_UP,
            {
                "full_name": "Shabana Iqbal",
                "email": "shabana@example.org",
                "password": "lozells-park-walks-2026",
                "next": DEEP_PAGE,
            },
        )
    assert response["Location"] == DEEP_PAGE

    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    response = client.get(link)

    assert response["Location"] == DEEP_PAGE


@pytest.mark.django_db
def test_creating_an_account_with_a_next_off_the_site_goes_to_the_account_page(client):
    response = client.post(
        SIGN_UP,
        {
            "full_name": "Shabana Iqbal",
            "email": "shabana@example.org",
            "password": "lozells-park-walks-2026",
            "next": "https://example.com/",
        },
    )

    assert response["Location"] == reverse("accounts:my-account")


@pytest.mark.django_db
def test_a_page_that_needs_signing_in_sends_people_to_sign_in_and_back(client):
    response = client.get(reverse("accounts:equality-answers"))

    assert response["Location"] == _with_next(SIGN_IN, "/my-account/equality/").replace("%2F", "/")
