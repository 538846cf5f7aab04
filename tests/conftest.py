import os

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.management.commands import db_worker
from hypothesis import settings

# No deadline: a generated example that is slow because the machine is busy is not a failure (speed is
# measured in benchmarks/, never in tests). Derandomised: `make test` tries the same examples on every run,
# so it passes or fails on the code, not on the day. HYPOTHESIS_PROFILE=long (`make fuzz-imports`): many
# more examples, new ones each run, to go looking for what `make test` does not try.
settings.register_profile("ostrom", deadline=None, derandomize=True)
settings.register_profile("long", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ostrom"))


@pytest.fixture
def run_tasks(monkeypatch):
    """Run queued background tasks with the real database worker, as `make run` does.

    Services queue tasks "on commit". Inside an ordinary test everything happens in one transaction
    that is never committed, so first run the waiting on-commit callbacks as a commit would, then the
    worker, and again until nothing new is queued (a task may queue another). The worker closes
    "old" connections between tasks, which inside the test's transaction would close the test's own
    connection on PostgreSQL; as Django's test client does for requests, it is not done here."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

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


@pytest.fixture(scope="session")
def pseudo_locale_dir(tmp_path_factory):
    """The pseudo-locales en-xa and ar-xb, built once from a fresh extraction of every marked string."""
    from ostrom.core.pseudo_locale import build_pseudo_locales

    directory = tmp_path_factory.mktemp("pseudo-locales")
    build_pseudo_locales(directory)
    return directory


@pytest.fixture
def pseudo_locales(settings, pseudo_locale_dir):
    """The site as with PSEUDO_LOCALES=true: the pseudo-locales offered beside English."""
    from ostrom.core.languages import offered_languages

    settings.LANGUAGES = offered_languages(settings.BASE_DIR / "locale", pseudo_locales=True)
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, pseudo_locale_dir]
    return pseudo_locale_dir
