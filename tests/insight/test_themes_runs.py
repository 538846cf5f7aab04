"""Theme runs: queued by a coordinator, run in the background with progress, and coordinators' edits
(rename, merge, pin, split) that survive the next run."""

from collections import Counter
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.accounts.models import Role
from ostrom.accounts.permissions import NotAllowed
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.insight import theming
from ostrom.insight.models import Insight, InsightEmbedding, Theme, ThemeAssignment, ThemeRun
from tests.factories import PlaceFactory, UserFactory
from tests.insight.theme_factories import make_insights

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return PlaceFactory(name="Ladywood", code="E-LW-THEMES")


@pytest.fixture
def coordinator(place):
    person = UserFactory(full_name="Lee Ladywood")
    Role.objects.create(user=person, kind=Role.Kind.COORDINATOR, place=place)
    return person


def run_themes(place, coordinator, run_tasks, **settings) -> ThemeRun:
    run = theming.start_theme_run(
        place=place,
        started_by=coordinator,
        **({"engine": "default", "requested_themes": 4, "seed": 0} | settings),
    )
    run_tasks()
    run.refresh_from_db()
    return run


def theme_of(insight: Insight, place) -> Theme | None:
    assignment = ThemeAssignment.objects.filter(insight=insight, place=place).select_related("theme").first()
    return assignment.theme if assignment else None


def theme_holding(insights, place) -> Theme:
    """The theme most of these insights are in."""
    (theme_id, _), *_ = Counter(theme_of(i, place).pk for i in insights).most_common(1)
    return Theme.objects.get(pk=theme_id)


def test_starting_a_run_only_queues_it_and_the_task_finds_the_themes(client, place, coordinator, run_tasks):
    by_topic = make_insights(place)
    client.force_login(coordinator)

    response = client.post(
        reverse("insight:theme-run-start", args=[place.code]), {"engine": "default", "requested_themes": "4"}
    )

    run = ThemeRun.objects.get(place=place)
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == ThemeRun.Status.QUEUED
    assert not Theme.objects.exists()  # nothing was themed inside the request
    assert run.progress.started_by == coordinator

    run_tasks()

    run.refresh_from_db()
    assert run.status == ThemeRun.Status.FINISHED
    assert (run.insight_count, run.theme_count) == (100, 4)
    assert run.task_id
    assert audit.entries_for(run).filter(additional_data__action="theme_run.created").count() == 1
    for insights in by_topic.values():
        theme = theme_holding(insights, place)
        assert all(theme_of(insight, place) == theme for insight in insights)
    assert sorted(Theme.objects.current().values_list("size", flat=True)) == [25, 25, 25, 25]


def test_a_run_records_its_progress_and_the_run_page_shows_it(client, place, coordinator, run_tasks):
    make_insights(place)
    run = run_themes(place, coordinator, run_tasks)

    progress = Progress.objects.get(pk=run.progress_id)
    assert progress.status == Progress.Status.FINISHED
    assert progress.percent == 100
    assert progress.message == "4 themes found"
    client.force_login(coordinator)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "4 themes found" in page
    assert "100 comments read; 4 themes" in page


def test_a_waiting_run_page_polls_and_offers_a_refresh_link(client, place, coordinator):
    make_insights(place, per_topic=3)
    run = theming.start_theme_run(
        place=place, engine="default", requested_themes=None, seed=0, started_by=coordinator
    )
    client.force_login(coordinator)

    fragment = client.get(reverse("insight:theme-run-progress", args=[run.pk])).content.decode()

    assert 'hx-trigger="every 3s"' in fragment
    assert "Refresh to see the latest progress" in fragment


def test_a_second_run_is_refused_while_one_is_under_way(place, coordinator):
    make_insights(place, per_topic=3)
    theming.start_theme_run(
        place=place, engine="default", requested_themes=None, seed=0, started_by=coordinator
    )

    with pytest.raises(theming.RunUnderWay):
        theming.start_theme_run(
            place=place, engine="default", requested_themes=None, seed=0, started_by=coordinator
        )


def test_a_run_whose_worker_stopped_does_not_block_the_next_run(place, coordinator):
    """A worker killed mid-run leaves its run and progress "running", untouched since (tests/faults kills a
    real worker): the coordinator can start again, and the stopped run is recorded as failed."""
    make_insights(place, per_topic=3)
    stopped = theming.start_theme_run(
        place=place, engine="default", requested_themes=None, seed=0, started_by=coordinator
    )
    ThemeRun.objects.filter(pk=stopped.pk).update(status=ThemeRun.Status.RUNNING)
    Progress.objects.filter(pk=stopped.progress_id).update(
        status=Progress.Status.RUNNING,
        updated_at=timezone.now() - Progress.stopped_after() - timedelta(seconds=1),
    )

    again = theming.start_theme_run(
        place=place, engine="default", requested_themes=None, seed=0, started_by=coordinator
    )

    stopped.refresh_from_db()
    assert stopped.status == ThemeRun.Status.FAILED
    assert (stopped.progress.status, stopped.progress.message) == ("failed", Progress.WORK_STOPPED)
    assert again.status == ThemeRun.Status.QUEUED
    assert again.progress.retry_url == reverse("insight:theme-list", args=[place.code])


def test_the_list_of_runs_says_stopped_for_a_run_whose_worker_stopped(client, place, coordinator):
    make_insights(place, per_topic=3)
    stopped = theming.start_theme_run(
        place=place, engine="default", requested_themes=None, seed=0, started_by=coordinator
    )
    ThemeRun.objects.filter(pk=stopped.pk).update(status=ThemeRun.Status.RUNNING)
    client.force_login(coordinator)
    list_page = reverse("insight:theme-list", args=[place.code])

    assert "Running" in _run_rows(client.get(list_page))
    Progress.objects.filter(pk=stopped.progress_id).update(
        status=Progress.Status.RUNNING,
        updated_at=timezone.now() - Progress.stopped_after() - timedelta(seconds=1),
    )

    rows = _run_rows(client.get(list_page))
    assert "Stopped" in rows and "Running" not in rows


def _run_rows(response) -> str:
    page = response.content.decode()
    return page[page.index("<tbody") : page.index("</tbody>")]


def test_too_few_insights_fail_the_run_with_a_plain_message(place, coordinator, run_tasks):
    make_insights(place, per_topic=2)

    run = run_themes(place, coordinator, run_tasks)

    assert run.status == ThemeRun.Status.FAILED
    assert run.progress.message.startswith("There are only 8 insights with consent to use in Ladywood")


def test_only_insights_with_consent_to_use_are_themed(place, coordinator, run_tasks):
    make_insights(place)
    no_consent = Insight.objects.create(
        place=place,
        kind="comment",
        source="other",
        said_on="2026-10-01",
        text="I can never get a GP appointment",
    )
    withdrawn = make_insights(place, per_topic=1)["gp"][0]
    Insight.objects.filter(pk=withdrawn.pk).update(consent_withdrawn_at="2026-11-01T00:00Z")

    run = run_themes(place, coordinator, run_tasks)

    assert run.insight_count == 103
    assert theme_of(no_consent, place) is None
    assert theme_of(withdrawn, place) is None


def test_only_a_coordinator_of_the_place_starts_a_run(place):
    resident = UserFactory()
    elsewhere = UserFactory()
    Role.objects.create(user=elsewhere, kind=Role.Kind.COORDINATOR, place=PlaceFactory())

    for person in (resident, elsewhere):
        with pytest.raises(NotAllowed):
            theming.start_theme_run(
                place=place, engine="default", requested_themes=None, seed=0, started_by=person
            )


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"engine": "magic"}, "engine"),
        ({"requested_themes": 1}, "requested_themes"),
        ({"requested_themes": 51}, "requested_themes"),
        ({"seed": -1}, "seed"),
    ],
)
def test_run_settings_out_of_range_are_refused(place, coordinator, settings, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as problem:
        theming.start_theme_run(
            place=place,
            started_by=coordinator,
            **({"engine": "default", "requested_themes": None, "seed": 0} | settings),
        )
    assert field in problem.value.message_dict


def test_a_renamed_theme_keeps_its_name_through_a_rerun(place, coordinator, run_tasks):
    by_topic = make_insights(place)
    run_themes(place, coordinator, run_tasks)
    gp = theme_holding(by_topic["gp"], place)

    theming.rename_theme(theme=gp, label="Getting a GP appointment", renamed_by=coordinator)
    run_themes(place, coordinator, run_tasks, seed=7)

    gp.refresh_from_db()
    assert gp.label == "Getting a GP appointment" and gp.retired_at is None
    assert theme_holding(by_topic["gp"], place) == gp
    assert Theme.objects.current().count() == 4
    assert audit.entries_for(gp).filter(additional_data__action="theme.renamed").count() == 1


def test_merged_themes_stay_merged_through_a_rerun(place, coordinator, run_tasks):
    by_topic = make_insights(place)
    run_themes(place, coordinator, run_tasks)
    bus, gp = theme_holding(by_topic["bus"], place), theme_holding(by_topic["gp"], place)

    theming.merge_themes(theme=bus, into=gp, merged_by=coordinator)
    gp.refresh_from_db()
    assert gp.size == 50
    run_themes(place, coordinator, run_tasks)

    bus.refresh_from_db()
    gp.refresh_from_db()
    assert bus.merged_into == gp
    assert all(theme_of(insight, place) == gp for insight in by_topic["bus"] + by_topic["gp"])
    assert gp.size == 50
    assert Theme.objects.current().count() == 3
    assert audit.entries_for(gp).filter(additional_data__action="theme.merged").count() == 1


def test_a_pinned_comment_stays_where_it_was_pinned_through_a_rerun(place, coordinator, run_tasks):
    by_topic = make_insights(place)
    run_themes(place, coordinator, run_tasks)
    lonely = theme_holding(by_topic["lonely"], place)
    misplaced = by_topic["gp"][0]

    theming.pin_insight(insight=misplaced, theme=lonely, pinned_by=coordinator)
    run_themes(place, coordinator, run_tasks, seed=3)

    assignment = ThemeAssignment.objects.get(insight=misplaced, place=place)
    assert assignment.theme == lonely and assignment.pinned
    assert theme_holding(by_topic["gp"][1:], place) != lonely
    lonely.refresh_from_db()
    assert lonely.size == 26
    assert audit.entries_for(lonely).filter(additional_data__action="theme.pinned").count() == 1


def test_a_theme_no_longer_found_is_retired_unless_edited(place, coordinator, run_tasks):
    by_topic = make_insights(place)
    run_themes(place, coordinator, run_tasks)
    youth = theme_holding(by_topic["youth"], place)
    lonely = theme_holding(by_topic["lonely"], place)
    theming.rename_theme(theme=lonely, label="Loneliness", renamed_by=coordinator)
    Insight.objects.filter(pk__in=[i.pk for i in by_topic["youth"] + by_topic["lonely"]]).update(
        consent_withdrawn_at="2026-11-01T00:00Z"
    )

    run_themes(place, coordinator, run_tasks, requested_themes=2)

    youth.refresh_from_db()
    lonely.refresh_from_db()
    assert youth.retired_at is not None
    assert lonely.retired_at is None and lonely.size == 0


def test_splitting_a_theme_runs_in_the_background_and_makes_two(client, place, coordinator, run_tasks):
    by_topic = make_insights(place)
    run_themes(place, coordinator, run_tasks)
    bus, gp = theme_holding(by_topic["bus"], place), theme_holding(by_topic["gp"], place)
    theming.merge_themes(theme=bus, into=gp, merged_by=coordinator)
    client.force_login(coordinator)

    response = client.post(reverse("insight:theme-split", args=[gp.pk]))

    assert response.status_code == 302
    assert not Theme.objects.filter(split_from=gp).exists()
    run_tasks()
    split_off = Theme.objects.get(split_from=gp)
    gp.refresh_from_db()
    assert sorted([gp.size, split_off.size]) == [25, 25]
    groups = {theme_of(i, place) for i in by_topic["bus"]}, {theme_of(i, place) for i in by_topic["gp"]}
    assert len(groups[0]) == 1 and len(groups[1]) == 1 and groups[0] != groups[1]
    assert audit.entries_for(gp).filter(additional_data__action="theme.split").count() == 1


def test_embeddings_are_computed_once_and_reused(place, coordinator, run_tasks):
    by_topic = make_insights(place, per_topic=4)

    first = run_themes(place, coordinator, run_tasks, engine="embeddings", requested_themes=None)
    second = run_themes(place, coordinator, run_tasks, engine="embeddings", requested_themes=None)
    Insight.objects.filter(pk=by_topic["gp"][0].pk).update(text="The GP surgery closed its doors on Fridays")
    after_an_edit = run_themes(place, coordinator, run_tasks, engine="embeddings", requested_themes=None)

    assert first.status == second.status == ThemeRun.Status.FINISHED
    assert first.embedded_count == 16
    assert second.embedded_count == 0
    assert after_an_edit.embedded_count == 1
    assert InsightEmbedding.objects.count() == 16
    vector = InsightEmbedding.objects.first().vector
    assert len(bytes(vector)) == 384 * 4
