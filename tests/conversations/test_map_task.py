"""The map is redrawn by a background task after votes arrive, never in the request that brought them."""

import ast
from pathlib import Path

import numpy as np
import pytest
from django.urls import reverse

from ostrom.conversations.models import OpinionMapResult
from tests.conversations.test_conversations import _conversation, _vote_in_three_groups

APP = Path(__file__).parents[2] / "ostrom" / "conversations"


# Transactional: the worker's connection check would close PostgreSQL's connection inside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_vote_queues_the_redraw_and_the_worker_draws_the_map(client, settings, run_tasks):
    settings.OPINION_MAP_DEBOUNCE_SECONDS = 0
    conversation = _conversation()
    _vote_in_three_groups(conversation, np.random.default_rng(7))
    statement = conversation.statements.shown().first()
    client.get(conversation.get_absolute_url())

    client.post(
        reverse("conversations:vote", args=[conversation.slug]), {"statement": statement.pk, "value": "1"}
    )
    assert not OpinionMapResult.objects.exists()  # the request only asked for a redraw
    run_tasks()

    page = client.get(reverse("conversations:results", args=[conversation.slug])).content.decode()
    assert "form 3 opinion groups" in page
    conversation.refresh_from_db()
    assert not conversation.map_task_queued
    assert OpinionMapResult.objects.get().participant_count == 121


def _imports(module: str) -> set[str]:
    tree = ast.parse((APP / f"{module}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.update(alias.name for alias in node.names)
            found.add(node.module or "")
    return found


def test_services_start_tasks_and_tasks_run_the_engine_step_without_importing_services():
    assert "services" not in _imports("tasks") and "services" not in _imports("mapping")
    assert "ostrom.opinion" not in _imports("services")
    assert "tasks" not in _imports("mapping")
