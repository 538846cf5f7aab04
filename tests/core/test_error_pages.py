"""The pages people see when something is refused, missing or broken: the NHS.UK layout, plain words
and a way back; never a bare "403 Forbidden"."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.module_loading import import_string

from ostrom.urls import handler403, handler500
from tests.factories import PASSWORD, UserFactory


def _page(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_a_refused_page_says_why_in_the_service_layout(client):
    client.force_login(UserFactory())

    response = client.get(reverse("network:approvals"))

    assert response.status_code == 403
    page = _page(response)
    assert "Only coordinators can see this page" in page
    assert "nhsuk-header" in page and "Forbidden" not in page
    assert "You cannot do this" in page
    assert f'href="{reverse("core:home")}"' in page


@pytest.mark.django_db
def test_a_refusal_without_a_reason_gets_a_plain_sentence_not_a_bare_forbidden():
    request = RequestFactory().get("/rounds/a-round/assess/")
    request.user = UserFactory()

    response = _resolve(handler403)(request, PermissionDenied())

    page = _page(response)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in page
    assert "Forbidden" not in page and "nhsuk-header" in page


@pytest.mark.django_db
def test_a_refused_page_offers_to_sign_in_to_someone_signed_out_and_comes_back(client):
    """Signed-out people are sent to sign in (login_required); a refusal to an anonymous person who
    reached a page some other way offers the sign-in link with the page to come back to."""
    request = RequestFactory().get("/organisations/approvals/")
    request.user = AnonymousUser()
    page = _page(_resolve(handler403)(request, PermissionDenied()))

    assert f"{reverse('accounts:login')}?next=/organisations/approvals/" in page


@pytest.mark.django_db
def test_a_missing_page_says_so_and_offers_a_way_back(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = _page(response)
    assert "Page not found" in page and "nhsuk-header" in page
    assert f'href="{reverse("core:home")}"' in page


@pytest.mark.django_db
def test_a_broken_page_apologises_in_plain_words():
    request = RequestFactory().get("/")

    response = _resolve(handler500)(request)

    page = _page(response)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "nhsuk-header" in page
    assert f'href="{reverse("core:home")}"' in page


@pytest.mark.django_db
def test_a_form_sent_after_its_security_check_expired_gets_a_friendly_page():
    person = UserFactory()
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})

    assert response.status_code == 403
    page = _page(response)
    assert "Forbidden" not in page and "CSRF" not in page
    assert "Your form could not be sent" in page
    assert "nhsuk-header" in page


def _resolve(handler):
    return import_string(handler) if isinstance(handler, str) else handler


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_that_does_not_answer_gets_not_available_with_retry_after_not_a_500(error):
    """Django calls the 500 handler while handling the exception; tests/faults stops a real database."""
    request = RequestFactory().get("/rounds/")
    try:
        raise error("connection to server at 127.0.0.1 failed: Connection refused")
    except error:
        response = _resolve(handler500)(request)

    page = _page(response)
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "Ostrom is not available at the moment" in page and "Try again in a few minutes" in page
    assert "nhsuk-header" in page and "Connection refused" not in page
