"""The public check of a draw runs in the background, once, and never in the request.

Tests that run tasks commit (transaction=True): the worker closes a connection left inside a
transaction, which on PostgreSQL ends the test's own transaction."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from ostrom.core.models import Progress
from ostrom.panels.models import Lottery
from tests.panels.factories import drawn_lottery


def _checks() -> int:
    return Progress.objects.filter(title__startswith="Checking the lottery").count()


@pytest.mark.django_db(transaction=True)
def test_anyone_asking_for_a_check_queues_it_once_and_the_page_shows_the_result(client, run_tasks):
    lottery = drawn_lottery()
    url = lottery.get_absolute_url()

    first = client.post(url)
    second = client.post(url)
    waiting = client.get(url).content.decode()

    # Nothing ran in the request: one check is queued for both, and the page says so.
    assert first.status_code == second.status_code == 302
    assert _checks() == 1
    queued = DBTaskResult.objects.filter(task_path__endswith="check_lottery_task")
    assert [task.status for task in queued] == ["READY"]
    lottery.refresh_from_db()
    assert lottery.checked_at is None and lottery.check_matches is None
    fragment_url = reverse("panels:lottery-check", args=[lottery.assembly.slug, lottery.pk])
    assert "Checking…" in waiting and f'hx-get="{fragment_url}"' in waiting
    # Anyone can watch it: the fragment the page polls is public.
    assert "Checking…" in client.get(fragment_url).content.decode()

    run_tasks()

    lottery.refresh_from_db()
    assert lottery.check_matches is True and lottery.checked_at is not None
    assert lottery.check_lowest_chance == pytest.approx(min(lottery.probabilities.values()), abs=1e-6)
    assert lottery.check_highest_chance == pytest.approx(max(lottery.probabilities.values()), abs=1e-6)
    assert DBTaskResult.objects.filter(task_path__endswith="check_lottery_task").count() == 1
    page = client.get(url).content.decode()
    assert "gives the same chances for everyone and the same panel" in page
    assert "Checking…" not in page and "Chances of selection when run again" in page
    fragment = client.get(fragment_url).content.decode()
    assert "hx-get" not in fragment and "gives the same chances for everyone" in fragment


@pytest.mark.django_db(transaction=True)
def test_a_new_check_can_be_asked_for_once_the_last_one_is_done(client, run_tasks):
    lottery = drawn_lottery()
    client.post(lottery.get_absolute_url())
    run_tasks()

    client.post(lottery.get_absolute_url())

    assert _checks() == 2


@pytest.mark.django_db
def test_asking_for_checks_too_often_is_refused_with_429(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "lottery-check": "2/h"}
    lottery = drawn_lottery()
    url = lottery.get_absolute_url()

    answers = [client.post(url).status_code for _ in range(3)]
    api = [client.post(f"/api/panels/{lottery.assembly.slug}/lottery/checks").status_code for _ in range(3)]

    # The page and the API share one limit per address.
    assert answers == [302, 302, 429]
    assert api == [429, 429, 429]
    assert _checks() == 1


@pytest.mark.django_db(transaction=True)
def test_the_api_queues_a_check_and_reports_it(client, run_tasks):
    lottery = drawn_lottery()
    slug = lottery.assembly.slug

    queued = client.post(f"/api/panels/{slug}/lottery/checks")
    again = client.post(f"/api/panels/{slug}/lottery/checks")
    before = client.get(f"/api/panels/{slug}/lottery").json()["check"]
    run_tasks()
    after = client.get(f"/api/panels/{slug}/lottery").json()["check"]

    assert queued.status_code == again.status_code == 202 and _checks() == 1
    assert before["status"] == "checking" and before["matches"] is None
    assert after["status"] == "checked" and after["matches"] is True
    assert after["lowest_chance"] == pytest.approx(min(lottery.probabilities.values()), abs=1e-6)


@pytest.mark.django_db(transaction=True)
def test_a_draw_that_no_longer_matches_is_reported(client, run_tasks):
    lottery = drawn_lottery()
    on_panel = set(lottery.selected)
    outsider = next(vid for vid, _, _ in lottery.pool if vid not in on_panel)
    Lottery.objects.filter(pk=lottery.pk).update(selected=[*lottery.selected[:-1], outsider])

    client.post(lottery.get_absolute_url())
    run_tasks()

    lottery.refresh_from_db()
    assert lottery.check_matches is False
    assert "the same chances but a different panel" in client.get(lottery.get_absolute_url()).content.decode()
