"""The language switcher: a visitor's choice is kept in a cookie, a signed-in person's on their account too,
so it comes back when they sign in on another browser; only an offered language can be chosen."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

LANGUAGE = reverse("accounts:language")


def _html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
def test_choosing_a_language_sets_the_cookie_and_goes_back_to_the_page(client, pseudo_locales, settings):
    response = client.post(LANGUAGE, {"language": "en-xa", "next": "/about/"})

    assert response.status_code == 302
    assert response.url == "/about/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-xa"
    assert _html_lang(client.get("/about/")) == "en-xa"


@pytest.mark.django_db
def test_the_footer_links_to_the_language_page_and_back(client):
    html = client.get("/about/").content.decode()

    assert f'href="{LANGUAGE}?next=%2Fabout%2F"' in html
    page = client.get(LANGUAGE, {"next": "/about/"}).content.decode()
    assert 'name="next" value="/about/"' in page


@pytest.mark.django_db
def test_the_language_page_lists_the_pseudo_locales_when_they_are_on(client, pseudo_locales):
    html = client.get(LANGUAGE).content.decode()

    assert 'value="en-gb" checked' in html
    assert 'value="en-xa"' in html and "Pseudo-English (accented)" in html
    assert 'value="ar-xb"' in html and "Pseudo-English (right to left)" in html
    # More than one language: the header links to the page too.
    assert html.count(f'href="{LANGUAGE}?next=') == 2


@pytest.mark.django_db
def test_with_english_only_the_header_has_no_language_link(client, settings):
    settings.CONTENT_LANGUAGES = []
    html = client.get(LANGUAGE).content.decode()

    assert 'value="en-xa"' not in html
    assert html.count(f'href="{LANGUAGE}?next=') == 1  # the footer's


@pytest.mark.django_db
def test_a_language_that_is_not_offered_is_refused(client, settings):
    person = UserFactory()
    client.force_login(person)
    # Django has its own German catalogue, so its set_language would accept "de"; Ostrom does not offer it.
    response = client.post(LANGUAGE, {"language": "de", "next": "/about/"})

    assert response.status_code == 200
    assert "Select a language from the list" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    person.refresh_from_db()
    assert person.language == ""


@pytest.mark.django_db
def test_a_signed_in_persons_choice_comes_back_when_they_sign_in_on_another_browser(
    client, pseudo_locales, settings
):
    person = UserFactory()
    client.force_login(person)
    client.post(LANGUAGE, {"language": "ar-xb", "next": "/"})
    person.refresh_from_db()
    assert person.language == "ar-xb"

    another_browser = Client()
    assert _html_lang(another_browser.get("/")) == "en-gb"
    another_browser.post(reverse("accounts:login"), {"username": person.email, "password": PASSWORD})
    page = another_browser.get("/")

    assert re.search(r'<html lang="ar-xb"\s+dir="rtl"', page.content.decode())
    assert another_browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar-xb"


@pytest.mark.django_db
def test_a_choice_made_on_this_browser_stands_over_the_accounts(client, pseudo_locales, settings):
    person = UserFactory(language="ar-xb")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en-xa"
    client.force_login(person)

    assert _html_lang(client.get("/")) == "en-xa"


@pytest.mark.django_db
def test_the_account_page_shows_the_chosen_language(client, pseudo_locales):
    client.force_login(UserFactory(language="en-xa"))
    html = client.get(reverse("accounts:my-account")).content.decode()

    assert "Pseudo-English (accented)" in html
    assert f'href="{LANGUAGE}?next=%2Fmy-account%2F"' in html


@pytest.mark.django_db
def test_languages_only_content_is_translated_into_are_offered_and_say_the_pages_stay_in_english(
    client, settings
):
    settings.CONTENT_LANGUAGES = [("ur", "Urdu"), ("so", "Somali")]
    html = client.get(LANGUAGE).content.decode()

    assert 'value="ur"' in html and 'lang="ur">اردو</span> (Urdu)' in html
    assert "The pages are in English. What coordinators have translated is shown in Somali." in html
    assert html.count(f'href="{LANGUAGE}?next=') == 2  # the header links to the page too

    # Django has no Somali catalogue, so its own view would not set the cookie: ours does.
    person = UserFactory()
    client.force_login(person)
    response = client.post(LANGUAGE, {"language": "so", "next": "/about/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "so"
    assert _html_lang(client.get("/about/")) == "en-gb"
    person.refresh_from_db()
    assert person.language == "so"
    assert 'value="so" checked' in client.get(LANGUAGE).content.decode()

    another_browser = Client()
    another_browser.force_login(person)
    another_browser.get("/about/")
    assert another_browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "so"
