"""The home page says what is happening now, where, and until when; the footer's About page says what
Ostrom is, who runs it, and how data is protected."""

import html
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.world import client_as, world  # noqa: F401 (the world fixture)


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _links(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


@pytest.mark.django_db
def test_the_home_page_says_what_is_happening_now_where_and_until_when(world):  # noqa: F811
    response = client_as(world, "anonymous").get(reverse("core:home"))
    text = _text(response)
    links = _links(response)

    assert "Happening now" in text
    assert f"Apply to {world.applying_round.name}" in text and "Applications are open until" in text
    assert reverse("grants:application-create", args=[world.applying_round.slug]) in links
    assert f"Vote in {world.round.name}" in text and "Voting is open until" in text
    assert "In Ladywood. Ladywood Fund." in text
    assert "Take part in “What would make it easier to see a GP in Ladywood?”" in text
    assert world.conversation.get_absolute_url() in links
    assert "Volunteer for the citizens' panel on “How should we cut waiting lists?”" in text
    assert "Registration is open until" in text
    assert reverse("panels:register", args=[world.assembly.slug]) in links
    # A published round is over: not "happening now".
    assert world.decided_round.name not in text


@pytest.mark.django_db
def test_the_footer_about_link_goes_to_a_real_about_page(client):
    home = client.get(reverse("core:home"))
    about = reverse("core:about")
    assert re.search(rf'href="{about}"[^>]*>\s*About Ostrom', home.content.decode())

    response = client.get(about)
    text = _text(response)
    assert "About Ostrom" in text
    assert "MIT licence" in text
    assert "WCAG" in text
    assert reverse("core:privacy") in _links(response)


@pytest.mark.django_db
@override_settings(
    SERVICE_OPERATOR="the Ladywood and Perry Barr Community Collective",
    SERVICE_CONTACT_EMAIL="hello@collective.example",
)
def test_the_about_page_says_who_runs_this_copy_and_how_to_reach_them(client):
    response = client.get(reverse("core:about"))

    assert "run by the Ladywood and Perry Barr Community Collective" in _text(response)
    assert "mailto:hello@collective.example" in _links(response)
