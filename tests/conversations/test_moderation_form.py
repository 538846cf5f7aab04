"""A moderator's mistake is shown on the field at fault, linked from the error summary, and the choice
they made is kept."""

import re

import pytest
from django.urls import reverse

from ostrom.conversations.models import Statement
from tests.conversations.factories import ConversationFactory, StatementFactory
from tests.factories import CoordinatorFactory


@pytest.fixture
def waiting(db):
    conversation = ConversationFactory()
    StatementFactory(conversation=conversation, text="Practices should open on Saturdays")
    return StatementFactory(
        conversation=conversation, text="The receptionist at my surgery is rude", status="waiting"
    )


def _checked_values(page: str, name: str) -> list[str]:
    return [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r"<input[^>]*>", page)
        if f'name="{name}"' in tag and "checked" in tag
    ]


def test_rejecting_without_a_reason_marks_the_reason_and_keeps_the_choice(client, waiting):
    client.force_login(CoordinatorFactory())
    prefix = f"s{waiting.pk}"

    response = client.post(
        reverse("conversations:moderate", args=[waiting.pk]), {f"{prefix}-decision": "reject"}
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert f'href="#id_{prefix}-reason"' in page
    reason_input = re.search(rf'<input[^>]*id="id_{prefix}-reason"[^>]*>', page).group(0)
    assert "nhsuk-input--error" in reason_input
    assert re.search(rf'id="id_{prefix}-reason-error"[^>]*>\s*<span[^>]*>Error: </span>Say why', page)
    assert _checked_values(page, f"{prefix}-decision") == ["reject"]
    assert Statement.objects.get(pk=waiting.pk).status == "waiting"


def test_choosing_nothing_marks_the_choice_and_keeps_the_reason_typed(client, waiting):
    client.force_login(CoordinatorFactory())
    prefix = f"s{waiting.pk}"

    page = client.post(
        reverse("conversations:moderate", args=[waiting.pk]), {f"{prefix}-reason": "Names a member of staff"}
    ).content.decode()

    assert f'href="#id_{prefix}-decision"' in page
    assert re.search(rf'id="id_{prefix}-decision-error"', page)
    assert 'value="Names a member of staff"' in page


def test_merging_without_a_statement_marks_the_list_and_keeps_the_choice(client, waiting):
    client.force_login(CoordinatorFactory())
    prefix = f"s{waiting.pk}"

    page = client.post(
        reverse("conversations:moderate", args=[waiting.pk]), {f"{prefix}-decision": "merge"}
    ).content.decode()

    assert f'href="#id_{prefix}-merge_into"' in page
    assert re.search(rf'id="id_{prefix}-merge_into-error"', page)
    assert _checked_values(page, f"{prefix}-decision") == ["merge"]


def test_a_statement_no_longer_waiting_keeps_its_form_on_the_page_when_it_has_a_mistake(client, waiting):
    # Another moderator showed it a moment earlier; this one meant to take it out, and forgot the reason.
    Statement.objects.filter(pk=waiting.pk).update(status="accepted")
    client.force_login(CoordinatorFactory())
    prefix = f"s{waiting.pk}"

    page = client.post(
        reverse("conversations:moderate", args=[waiting.pk]), {f"{prefix}-decision": "reject"}
    ).content.decode()

    assert f'href="#id_{prefix}-reason"' in page and f'id="id_{prefix}-reason"' in page
    assert re.search(rf'id="id_{prefix}-reason-error"', page)
    assert _checked_values(page, f"{prefix}-decision") == ["reject"]
