"""An opinion-map conversation in Chromium: a resident answers statements (with htmx, and the page
still works without JavaScript), adds one, a coordinator accepts it, and the results show the groups."""

import numpy as np
import pytest
from django.core.management import call_command

from ostrom.conversations import services
from ostrom.conversations.models import Conversation, Statement, Vote
from tests.conversations.test_conversations import _vote_in_three_groups
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory


@pytest.fixture
def conversation(transactional_db, settings):
    settings.OPINION_MAP_DEBOUNCE_SECONDS = 0
    CoordinatorFactory(email="coordinator@example.org")
    conversation = services.open_conversation(
        coordinator=CoordinatorFactory(),
        question="What would make it easier to see a GP in Ladywood?",
        seed_statements=[
            "Appointments should be bookable by phone after 8am",
            "Practices need interpreters on site",
        ],
    )
    _vote_in_three_groups(conversation, np.random.default_rng(5))
    return conversation


def test_the_conversation_journey(visitor, conversation, pages_checked):
    resident = visitor()
    page = resident.visit(conversation.get_absolute_url())
    first = page.locator("#statement-text").inner_text()
    page.get_by_role("button", name="Agree", exact=True).click()
    page.wait_for_function(f"() => document.querySelector('#statement-text')?.innerText !== {first!r}")
    resident.check_accessibility()
    second = page.locator("#statement-text").inner_text()
    page.get_by_role("button", name="Disagree").click()
    page.wait_for_function(f"() => document.querySelector('#statement-text')?.innerText !== {second!r}")
    assert (
        Vote.objects.filter(
            participant__anonymous_key__isnull=False,
            participant__user__isnull=True,
            statement__text__in=[first, second],
        ).count()
        == 2
    )

    page.get_by_label("Your statement").fill("Surgeries should have a quiet room for people with autism")
    resident.click_and_check("Add statement")
    assert "A coordinator reads new statements" in page.content()

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    cpage = coordinator.visit(f"/conversations/{conversation.slug}/moderation/")
    cpage.get_by_label("Show it", exact=True).check()
    coordinator.click_and_check("Save")
    assert Statement.objects.get(text__startswith="Surgeries should have a quiet room").status == "accepted"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    results = resident.visit(f"/conversations/{conversation.slug}/results/")
    assert results.get_by_text("form 3 opinion groups").is_visible()
    assert results.get_by_role("img", name="Opinion map").is_visible()
    assert results.get_by_role("heading", name="Where most people in every group agreed").is_visible()
    assert len(pages_checked) >= 5


def test_voting_works_without_javascript(browser, live_server, conversation):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(conversation.get_absolute_url())
    first = page.locator("#statement-text").inner_text()
    page.get_by_role("button", name="Pass or unsure").click()
    page.wait_for_load_state()
    assert page.locator("#statement-text").inner_text() != first
    assert Vote.objects.filter(statement__text=first, value=0, participant__user__isnull=True).count() == 1
    assert Conversation.objects.get(pk=conversation.pk).map_task_queued
    context.close()


def test_a_resident_finds_themselves_on_the_map_changes_an_answer_and_sees_why_a_statement_was_not_shown(
    visitor, conversation
):
    resident = visitor()
    page = resident.visit(conversation.get_absolute_url())
    buttons = page.locator("#statement-card button[name=value]")
    looks = buttons.evaluate_all(
        "bs => bs.map(b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color, b.offsetHeight])"
    )
    assert len(looks) == 3 and len({tuple(look) for look in looks}) == 1

    for _ in range(8):
        before = page.locator("#statement-text").inner_text()
        page.get_by_role("button", name="Agree", exact=True).click()
        page.wait_for_function(f"() => document.querySelector('#statement-text')?.innerText !== {before!r}")
    page.get_by_label("Your statement").fill("Dr Jones at the Ladywood practice never listens")
    resident.click_and_check("Add statement")

    coordinator = visitor()
    coordinator.sign_in("coordinator@example.org", PASSWORD)
    cpage = coordinator.visit(conversation.get_absolute_url())
    reach = cpage.get_by_role("link", name="Who took part")
    assert reach.is_visible()
    reach.click()
    cpage.wait_for_load_state()
    coordinator.check_accessibility()
    assert cpage.get_by_role("heading", name="Everyone who took part with an account").is_visible()
    cpage = coordinator.visit(f"/conversations/{conversation.slug}/moderation/")
    cpage.get_by_label("Do not show it").check()
    coordinator.click_and_check("Save")
    assert cpage.get_by_text("There is a problem").is_visible()
    assert cpage.get_by_label("Do not show it").is_checked()
    cpage.get_by_label("Why is it not shown?").fill("It names a member of staff")
    coordinator.click_and_check("Save")

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    results = resident.visit(f"/conversations/{conversation.slug}/results/")
    assert results.get_by_text("You are in Group").is_visible()
    assert results.locator("#you-are-here").count() == 1

    page = resident.visit(conversation.get_absolute_url())
    assert page.get_by_text("The reason: It names a member of staff").is_visible()
    resident.visit(f"/conversations/{conversation.slug}/answers/")
    first = page.locator(".nhsuk-card").first
    statement = first.locator("h2").inner_text()
    with page.expect_navigation():
        first.get_by_role("button", name="Disagree").click()
    resident.check_accessibility()
    assert page.locator(".nhsuk-card").first.get_by_text("Your answer: Disagree").is_visible()
    resident_votes = Vote.objects.exclude(participant__anonymous_key__startswith="key-")
    assert resident_votes.get(statement__text=statement).value == Vote.DISAGREE


def test_an_author_reads_the_moderators_reason_on_their_account(visitor, conversation):
    author = UserFactory(email="author@example.org")
    participant = services.join(conversation=conversation, user=author)
    statement = services.submit_statement(participant=participant, text="Dr Jones never listens to me")
    services.moderate_statement(
        moderator=CoordinatorFactory(),
        statement=statement,
        decision="reject",
        reason="It names a member of staff",
    )

    person = visitor()
    person.sign_in("author@example.org", PASSWORD)
    page = person.visit("/my-account/")

    assert page.get_by_role("heading", name="Your statements in conversations").is_visible()
    assert page.get_by_text("The reason: It names a member of staff").is_visible()
    assert page.get_by_role("link", name=conversation.question).is_visible()
