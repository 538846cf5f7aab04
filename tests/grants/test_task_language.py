"""The count writes its progress in the language of the coordinator who started it."""

import pytest
from django.utils import translation

from ostrom.core.models import Progress
from ostrom.grants.services import results
from tests.factories import CoordinatorFactory
from tests.grants.test_results import _voted_round


@pytest.mark.django_db
def test_a_count_started_in_another_language_reports_in_it(run_tasks, pseudo_locales):
    funding_round, *_ = _voted_round()
    with translation.override("en-xa"):
        results.start_result(coordinator=CoordinatorFactory(), funding_round=funding_round)
    run_tasks()

    progress = Progress.objects.get()
    assert progress.language == "en-xa" and progress.status == Progress.Status.FINISHED
    assert progress.message.startswith("[") and "10" in progress.message
    assert not {"project", "projects", "funded", "from", "ballots"} & set(progress.message.split())
    assert translation.get_language() != "en-xa"


@pytest.mark.django_db
def test_a_count_started_in_english_reports_in_english(run_tasks):
    funding_round, *_ = _voted_round()
    results.start_result(coordinator=CoordinatorFactory(), funding_round=funding_round)
    run_tasks()

    assert Progress.objects.get().message == "2 projects funded from 10 ballots"
