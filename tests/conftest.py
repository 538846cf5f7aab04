import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture
def run_tasks():
    """Run queued background tasks with the real database worker, as `make run` does.

    Services queue tasks "on commit". Inside an ordinary test everything happens in one transaction
    that is never committed, so first run the waiting on-commit callbacks as a commit would, then the
    worker, and again until nothing new is queued (a task may queue another)."""

    def run():
        for _ in range(10):
            pending = [callback for _savepoints, callback, _robust in connection.run_on_commit]
            connection.run_on_commit = []
            for callback in pending:
                callback()
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
            if not connection.run_on_commit:
                return
        raise AssertionError("Tasks kept queueing more tasks")

    return run
