from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ostrom.core import audit
from ostrom.core.background import fail_stopped_work
from ostrom.core.models import Progress, Upload
from tests.factories import UserFactory


@pytest.mark.django_db
def test_the_progress_fragment_polls_until_finished_then_links_the_result(client):
    owner = UserFactory()
    progress = Progress.objects.create(title="Importing organisations", started_by=owner)
    client.force_login(owner)
    url = reverse("core:progress", args=[progress.pk])

    progress.advance(40, "Checking row 20")
    running = client.get(url).content.decode()
    progress.finish("12 organisations imported", result_url="/organisations/")
    finished = client.get(url).content.decode()

    assert 'hx-trigger="every 2s"' in running and "Checking row 20 (40% done)" in running
    assert "hx-get" not in finished and 'href="/organisations/"' in finished


@pytest.mark.django_db
def test_another_person_cannot_watch_my_progress(client):
    progress = Progress.objects.create(title="Import", started_by=UserFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("core:progress-page", args=[progress.pk])).status_code == 403


def _untouched_since_the_lease(progress: Progress) -> None:
    """What a killed worker leaves: running, and nobody has touched it for longer than a worker ever waits
    (tests/faults kills a real worker)."""
    Progress.objects.filter(pk=progress.pk).update(
        status=Progress.Status.RUNNING,
        updated_at=timezone.now() - Progress.stopped_after() - timedelta(seconds=1),
    )


@pytest.mark.django_db
def test_work_whose_worker_stopped_is_recorded_failed_and_its_waiting_upload_deleted():
    owner = UserFactory()
    stopped = Progress.objects.create(title="Importing organisations", started_by=owner)
    Upload.objects.create(
        progress=stopped, filename="people.csv", content=b"name,email\nAsha,a@example.org\n"
    )
    _untouched_since_the_lease(stopped)
    alive = Progress.objects.create(title="Counting", started_by=owner)
    alive.advance(40, "Counting 12 ballots")

    assert fail_stopped_work() == 1

    stopped.refresh_from_db()
    alive.refresh_from_db()
    assert (stopped.status, stopped.message) == ("failed", Progress.WORK_STOPPED)
    assert not Upload.objects.filter(progress=stopped).exists()
    assert alive.status == "running"
    assert audit.LogEntry.objects.filter(additional_data__action="work.stopped").count() == 1


@pytest.mark.django_db
def test_stopped_work_shows_as_stopped_with_try_again_before_any_worker_records_it(client):
    owner = UserFactory()
    progress = Progress.objects.create(title="Counting", started_by=owner, retry_url="/rounds/r/result/")
    _untouched_since_the_lease(progress)
    client.force_login(owner)

    fragment = client.get(reverse("core:progress", args=[progress.pk])).content.decode()

    assert "Stopped" in fragment and Progress.WORK_STOPPED in fragment
    assert 'href="/rounds/r/result/">Try again</a>' in fragment
    assert "hx-get" not in fragment
