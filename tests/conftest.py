import pytest
from django.core.management import call_command


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run queued background tasks with the real database worker, as `make run` does."""

    def run(callbacks=None):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run
