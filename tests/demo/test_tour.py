"""The tour of the demo and its logins, on the demo as `manage.py seed_demo` leaves it (loaded once for this
module, as in test_seeded_demo.py): every step's links open for the login the step names, the sign-in page
lists the logins by role, and the home page says what Ostrom is and shows the latest "you said, we did".
With DEBUG off none of it shows, even with the demo loaded."""

import html
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.models import User
from ostrom.decisions import services as decision_services
from ostrom.decisions.models import Body
from ostrom.demo import tour
from ostrom.demo.collective import DEMO_DOMAIN, DEMO_PASSWORD
from ostrom.panels.models import Recommendation


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with override_settings(DEBUG=True), django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_mode(settings):
    settings.DEBUG = True
    settings.DEMO_MODE = True


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _client_for(login: tour.Login | None) -> Client:
    client = Client()
    if login is not None:
        client.force_login(User.objects.get(email=login.email))
    return client


def test_demo_mode_is_on_only_with_debug_on(settings):
    settings.DEMO_MODE = True
    settings.DEBUG = True
    assert tour.is_on()
    settings.DEBUG = False
    assert not tour.is_on()
    settings.DEBUG = True
    settings.DEMO_MODE = False
    assert not tour.is_on()


@pytest.mark.usefixtures("demo_mode")
def test_on_the_loaded_demo_no_step_is_left_out_and_every_role_has_one():
    steps = tour.steps()

    assert len(steps) == len(tour.STEPS)
    assert [step.number for step in steps] == list(range(1, len(steps) + 1))
    logins = tour.logins()
    assert [login.key for login in logins] == [key for key, *_ in tour.LOGINS]
    assert {step.login.key for step in steps if step.login} == {login.key for login in logins}
    assert any(step.login is None for step in steps)


@pytest.mark.usefixtures("demo_mode")
def test_every_link_of_every_step_opens_for_the_login_the_step_names():
    for step in tour.steps():
        client = _client_for(step.login)
        for link in step.links:
            response = client.get(link.href)
            assert response.status_code == 200, (step.heading, link.href, response.status_code)


@pytest.mark.usefixtures("demo_mode")
def test_the_tour_page_walks_through_the_story_in_order_with_each_steps_login():
    response = Client().get(reverse("demo:tour"))
    text = _text(response)
    page = response.content.decode()

    steps = tour.steps()
    positions = [text.index(f"{step.number}. {step.heading}") for step in steps]
    assert positions == sorted(positions)
    assert text.index("The collective and its subgroups") < text.index("Everyone votes, and Equal Shares")
    assert text.index("A citizens' panel on waiting lists") < text.index("Money and the budget shift")
    for step in steps:
        assert f'href="#{step.anchor}"' in page  # the contents list
        for link in step.links:
            assert f'href="{link.href}"' in page
        if step.login:
            assert f"Login to use: {step.login.role}, {step.login.email}" in text
    assert text.count("No sign-in needed.") == sum(1 for step in steps if step.login is None)
    assert DEMO_PASSWORD in text
    # The conventions every page keeps (tests/test_page_conventions.py cannot reach this page outside demo mode).
    assert "<title>A tour of the demo – Ostrom</title>" in page
    assert page.count("<h1") == 1 and "A tour of the demo</h1>" in page
    assert '<nav class="nhsuk-breadcrumb"' in page
    assert '<a class="nhsuk-breadcrumb__link" href="/"' in page


@pytest.mark.usefixtures("demo_mode")
def test_the_sign_in_page_lists_the_demo_logins_by_role_the_password_once_and_the_tour():
    response = Client().get(reverse("accounts:login"))
    text = _text(response)

    for login in tour.logins():
        assert f"Role {login.role} Email {login.email} What to try {login.what_to_try}" in text
    assert "resident001@" in text and "resident041@" in text and "linkworker-ladywood@" in text
    assert text.count(DEMO_PASSWORD) == 1
    assert f'href="{reverse("demo:tour")}"' in response.content.decode()
    assert 'href="/"' in response.content.decode()  # breadcrumbs: Home


@pytest.mark.usefixtures("demo_mode")
def test_a_login_read_off_the_sign_in_page_signs_in_and_a_wrong_password_keeps_the_email():
    page = Client().get(reverse("accounts:login")).content.decode()
    email = re.search(r"resident001@[a-z.]+", page).group(0)
    password = re.search(r'<code id="demo-password">([^<]+)</code>', page).group(1)

    wrong = Client().post(reverse("accounts:login"), {"username": email, "password": "not-it"})
    assert wrong.status_code == 200
    assert f'value="{email}"' in wrong.content.decode()
    assert "Demo logins" in _text(wrong)

    signed_in = Client()
    response = signed_in.post(reverse("accounts:login"), {"username": email, "password": password})
    assert response.status_code == 302
    assert signed_in.get(reverse("accounts:my-account")).status_code == 200


def test_with_debug_off_there_are_no_demo_logins_and_no_tour_even_with_the_demo_loaded(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = True  # even if DEMO_MODE were somehow set: DEBUG off wins

    sign_in = Client().get(reverse("accounts:login")).content.decode()
    home = Client().get(reverse("core:home")).content.decode()

    for page in (sign_in, home):
        assert DEMO_PASSWORD not in page
        assert f"@{DEMO_DOMAIN}" not in page
        assert "/tour/" not in page
    assert Client().get("/tour/").status_code == 404


@pytest.mark.usefixtures("demo_mode")
def test_the_home_page_says_what_ostrom_is_and_whose_then_links_to_the_tour():
    response = Client().get(reverse("core:home"))
    text = _text(response)

    lead = re.search(r'<p class="nhsuk-body-l" id="what-ostrom-is">([^<]+)</p>', response.content.decode())
    sentences = [s for s in re.split(r"(?<=\.)\s+", lead.group(1).strip()) if s]
    assert len(sentences) == 2
    assert sentences[0].startswith("Ostrom is where residents, community organisations and the NHS decide")
    assert "It belongs to the community collective" in sentences[1]
    assert text.index("It belongs to") < text.index("Happening now") < text.index("You said, we did")
    assert f'href="{reverse("demo:tour")}"' in response.content.decode()


@pytest.mark.usefixtures("demo_mode")
def test_the_home_page_shows_the_latest_three_published_entries_and_never_a_draft():
    partner = User.objects.get(email=f"partner@{DEMO_DOMAIN}")
    body = Body.objects.filter(decisions__isnull=False, name__endswith="(demo)").first()
    recommendation = Recommendation.objects.first()
    today = timezone.localdate()

    def decide(question, days_ahead):
        decision = decision_services.record_decision(
            actor=partner,
            body=body,
            question=question,
            decided_on=today + timedelta(days=days_ahead),
            outcome="We will do it.",
            goes_to_board=False,
        )
        decision_services.link_input(
            actor=partner,
            decision=decision,
            kind="panels.recommendation",
            object_id=recommendation.pk,
            shaped="adopted",
            how="As the panel asked.",
        )
        return decision

    draft = decide("A draft decision nobody may see yet", 60)
    published = decide("A newly published decision", 30)
    decision_services.publish_decision(actor=partner, decision=published)

    page = Client().get(reverse("core:home")).content.decode()
    section = page[page.index('id="you-said-we-did"') : page.index("Find your way around")]
    entries = re.findall(r'href="/you-said-we-did/([^/"]+)/"', section)
    assert len(entries) == 3
    assert entries[0] == published.slug
    assert draft.slug not in section and draft.question not in section
    assert 'href="/you-said-we-did/"' in section
