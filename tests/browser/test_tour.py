"""The tour of the demo in Chromium, as each role: sign in through the sign-in page with the login it lists
for the role, open the tour and follow the links of that role's steps (a visitor who does not sign in
follows the steps that need no sign-in). axe finds nothing on any page, and nothing is asked of any host
but ours (conftest.Visitor checks both on every page).

The demo is loaded once for the file, as `make run` loads it, and served by a live server of the file's
own: pytest-django's live_server empties the database after every test, and loading the demo again for
each role would take minutes. The database is emptied once, after the last role."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from pytest_django.live_server_helper import LiveServer

from ostrom.demo import tour
from tests.browser.conftest import Visitor

# Each test's own writes (sessions, sign-in records) are undone after it: the live server shares the test's
# in-memory SQLite connection. The demo, loaded before the first test, stays.
pytestmark = pytest.mark.django_db

NO_SIGN_IN = "No sign-in needed"
ROLES = [role for _, role, _, _ in tour.LOGINS]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The live server's address, with the demo loaded and demo mode on (DEBUG on, as under `make run`)."""
    with override_settings(DEBUG=True, DEMO_MODE=True), django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def person(browser, demo_site, pages_checked):
    visitor = Visitor(browser, demo_site, pages_checked)
    yield visitor
    visitor.context.close()
    visitor.assert_no_policy_violations()


def _login_for(person: Visitor, role: str) -> tuple[str, str]:
    """On the sign-in page, the email it lists for the role and the demo password it shows."""
    row = person.page.locator("#demo-login-table tbody tr").filter(
        has=person.page.get_by_role("cell", name=role, exact=True)
    )
    email = re.search(r"\S+@\S+", row.inner_text()).group(0)
    return email, person.page.locator("#demo-password").inner_text()


def _links_of_steps_for(person: Visitor, login_text: str) -> list[str]:
    """On the tour, the links of the steps whose login line says `login_text`."""
    links = []
    for step in person.page.locator(".ostrom-tour-step").all():
        if login_text in step.inner_text():
            links += [link.get_attribute("href") for link in step.locator("ul a").all()]
    return links


def _follow(person: Visitor, links: list[str]) -> None:
    assert links, "The tour has no step for this role"
    for href in links:
        response = person.page.goto(href)
        assert response.status == 200, f"{href} answered {response.status}"
        assert "/sign-in/" not in person.page.url, f"{href} asked to sign in"
        person.check_accessibility()


def test_a_visitor_who_does_not_sign_in_follows_the_steps_that_need_no_sign_in(person):
    person.visit("/sign-in/")
    assert person.page.locator("#demo-login-table tbody tr").count() == len(ROLES)
    person.visit("/")
    person.click_and_check("Take the tour", role="link")
    assert person.page.url.endswith("/tour/")

    _follow(person, _links_of_steps_for(person, NO_SIGN_IN))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_signs_in_with_the_login_listed_and_follows_its_steps(person, role):
    # The sign-in page and the tour are checked with axe by the visitor above, and the signed-in header on
    # every page this role follows; here they are only checked for requests elsewhere, to keep the minute.
    person.page.goto("/sign-in/?next=/tour/")
    email, password = _login_for(person, role)
    person.page.get_by_label("Email address").fill(email)
    person.page.get_by_label("Password").fill(password)
    with person.page.expect_navigation():
        person.page.get_by_role("button", name="Sign in").click()
    assert person.page.url.endswith("/tour/")
    assert not person.requests_elsewhere
    assert person.page.get_by_role("link", name="Sign out").count() == 1

    _follow(person, _links_of_steps_for(person, f"Login to use: {role}, {email}"))
