"""Starting long work: one progress record per job, and the task queued only once the data it reads
is committed. Every app starts its tasks through `start_task`, so every job reports the same way.

The engine step itself lives in its app's own module (for example `grants/counting.py`), which the
task calls: services start tasks, tasks run steps, and neither imports the other.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction

from .models import Progress

SOMETHING_WENT_WRONG = "Something went wrong on our side. Please try again, or tell us."


def start_task(task, *, title: str, started_by=None, **arguments) -> Progress:
    """Create the progress record the page polls, and queue `task(progress_id=…, **arguments)` on commit.
    `arguments` must be JSON (ids, not objects)."""
    progress = Progress.objects.create(title=title, started_by=started_by)
    transaction.on_commit(lambda: task.enqueue(progress_id=progress.pk, **arguments))
    return progress


@contextmanager
def reporting_failure(progress: Progress, message: str = SOMETHING_WENT_WRONG) -> Iterator[Progress]:
    """Inside a task: an unexpected error marks the progress failed with a plain message (the person
    waiting must never see "running" for ever) and is raised again for the worker's log."""
    try:
        yield progress
    except BaseException:
        progress.fail(message)
        raise
