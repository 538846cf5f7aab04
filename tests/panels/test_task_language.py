"""Background work writes its messages in the language of the person who started it, and the page that
reads them back still recognises them (the quota check's "No panel can meet these quotas")."""

import random

import pytest
from django.urls import reverse
from django.utils import translation

from ostrom.core.models import Progress
from ostrom.panels import services
from tests.factories import CoordinatorFactory
from tests.panels.factories import AssemblyFactory, register_pool

IMPOSSIBLE = [{"feature": "Age band", "value": "16 to 24", "minimum": 9, "maximum": 10}]


@pytest.mark.django_db(transaction=True)
def test_a_quota_check_started_in_another_language_reports_in_it(client, run_tasks, pseudo_locales):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 30, random.Random(1))
    coordinator = CoordinatorFactory()
    with translation.override("en-xa"):
        services.save_quotas(coordinator=coordinator, assembly=assembly, quotas=IMPOSSIBLE)
    run_tasks()
    client.force_login(coordinator)

    progress = Progress.objects.get()
    page = client.get(reverse("panels:quotas", args=[assembly.slug])).content.decode()

    assert progress.language == "en-xa" and progress.status == Progress.Status.FAILED
    assert progress.message.startswith("[") and "No panel" not in progress.message
    assert "No panel can meet these quotas" in page and progress.message.split("]", 1)[1].strip()[:20] in page
    assert translation.get_language() != "en-xa"


@pytest.mark.django_db(transaction=True)
def test_a_quota_check_started_in_english_reports_in_english(client, run_tasks):
    assembly = AssemblyFactory(panel_size=10)
    register_pool(assembly, 30, random.Random(1))
    services.save_quotas(coordinator=CoordinatorFactory(), assembly=assembly, quotas=IMPOSSIBLE)
    run_tasks()

    assert Progress.objects.get().message.startswith("No panel can meet these quotas. No panel of 10")
