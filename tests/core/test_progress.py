import pytest
from django.urls import reverse

from ostrom.core.models import Progress
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
