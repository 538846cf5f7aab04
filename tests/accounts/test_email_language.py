"""The email confirming an address is written in the language its reader chose: English for someone who has
not chosen, the language of the page they signed up on for someone who has only just arrived."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from ostrom.accounts import services
from ostrom.accounts.languages import in_language_of, language_of, reading_language_of
from ostrom.core.pseudo_locale import pseudo_translate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "Confirm your email address for Ostrom"
CLOSING = "If you did not create an account, you can ignore this email."


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def _confirmation_for(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.send_email_confirmation(user=person, site_url="https://ostrom.example.org")
    return mail.outbox[-1]


def test_the_confirmation_email_is_in_the_language_its_reader_chose(
    pseudo_locales, django_capture_on_commit_callbacks
):
    around = translation.get_language()
    reader = UserFactory(language="en-xa", email_confirmed_at=None)

    message = _confirmation_for(reader, django_capture_on_commit_callbacks)

    assert message.subject == pseudo_translate(SUBJECT)
    assert pseudo_translate(CLOSING) in message.body
    assert "https://ostrom.example.org/" in message.body
    assert translation.get_language() == around  # the language of the code around it is left as it was


def test_someone_who_has_not_chosen_a_language_gets_it_in_english(
    pseudo_locales, django_capture_on_commit_callbacks
):
    reader = UserFactory(language="", email_confirmed_at=None)

    message = _confirmation_for(reader, django_capture_on_commit_callbacks)

    assert message.subject == SUBJECT
    assert CLOSING in message.body


def test_signing_up_on_a_page_in_another_language_sends_the_email_in_it(
    client, pseudo_locales, settings, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-xa"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:sign-up"),
            {"full_name": "Amina Begum", "email": "amina@example.org", "password": "green-lozells-park-2026"},
        )

    assert mail.outbox[0].to == ["amina@example.org"]
    assert mail.outbox[0].subject == pseudo_translate(SUBJECT)


def test_a_language_without_translated_wording_is_written_to_in_english_but_reads_content_in_its_own(
    pseudo_locales,
):
    """Urdu is a content-only language (no reviewed catalogue): the wording is English, the content Urdu."""
    reader = UserFactory(language="ur")

    assert language_of(reader) == "en-gb"
    assert reading_language_of(reader) == "ur"
    with in_language_of(reader):
        assert translation.get_language() == "en-gb"


def test_a_language_no_longer_offered_falls_back_to_english(settings):
    """With the pseudo-locales off, a person who chose one is written to in English."""
    settings.LANGUAGES = [("en-gb", "English")]
    reader = UserFactory(language="en-xa")

    assert language_of(reader) == settings.LANGUAGE_CODE
    assert language_of(UserFactory(language=""), otherwise="en-xa") == settings.LANGUAGE_CODE
    assert reading_language_of(reader) == settings.LANGUAGE_CODE


def test_the_password_reset_email_is_in_the_language_its_reader_chose(pseudo_locales, client):
    UserFactory(email="delroy@example.org", language="en-xa")

    client.post(reverse("accounts:password-reset"), {"email": "delroy@example.org"})

    message = mail.outbox[-1]
    assert message.subject.startswith("[") and "password" not in message.subject.lower()
    assert "/password-reset/" in message.body
