"""Starting long work: one progress record per job, and the task queued only once the data it reads
is committed. Every app starts its tasks through `start_task`, so every job reports the same way.

The engine step itself lives in its app's own module (for example `grants/counting.py`), which the
task calls: services start tasks, tasks run steps, and neither imports the other.

Work whose worker stopped (killed, out of memory, the machine restarted): django-tasks-db 0.13 claims a
task by marking it running and has no lease, so a task whose worker died stays "running" for ever. While
a task runs, its worker touches the task's progress record every `TASK_HEARTBEAT_SECONDS`; a running
record nobody has touched for `TASK_STOPPED_AFTER_SECONDS` is work that stopped. The progress page says
so at once (`Progress.has_stopped`), and the next worker to start any task records it as failed
(`fail_stopped_work`), so the person can start it again. Each app's task writes its result in one
transaction at the end, so stopped work has saved nothing.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.dispatch import Signal, receiver
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult

from . import audit
from .models import Progress, Upload

logger = logging.getLogger(__name__)

SOMETHING_WENT_WRONG = gettext_noop("Something went wrong on our side. Please try again, or tell us.")

# Sent, inside the transaction, for each piece of work found stopped, so the app that started it can put
# its own record back in its "not done" state: `work_stopped.send(sender=Progress, progress=progress)`.
work_stopped = Signal()


def start_task(task, *, title: str, started_by=None, retry_url: str = "", **arguments) -> Progress:
    """Create the progress record the page polls, and queue `task(progress_id=…, **arguments)` on commit.
    `arguments` must be JSON (ids, not objects). `retry_url` is the page where the person can start the
    work again if it fails."""
    progress = Progress.objects.create(
        title=title, started_by=started_by, retry_url=retry_url, language=translation.get_language() or ""
    )
    transaction.on_commit(lambda: task.enqueue(progress_id=progress.pk, **arguments))
    return progress


@contextmanager
def reporting_failure(progress: Progress, message: str = SOMETHING_WENT_WRONG) -> Iterator[Progress]:
    """Inside a task: an unexpected error marks the progress failed with a plain message (the person
    waiting must never see "running" for ever) and is raised again for the worker's log. `message` is
    translated when written (the default is marked with gettext_noop; a caller's own text comes already
    translated, which gettext returns unchanged)."""
    try:
        yield progress
    except BaseException:
        progress.fail(gettext(message))
        raise


def fail_stopped_work() -> int:
    """Record as failed every piece of work whose worker stopped (see the module's docstring): its
    progress record, the task's own row, and whatever its app keeps (`work_stopped`). Returns how many."""
    cutoff = timezone.now() - Progress.stopped_after()
    stopped = 0
    for progress in Progress.objects.stopped_before(cutoff):
        with transaction.atomic():
            # Only if still untouched: the worker may have come back to life since the query.
            claimed = (
                Progress.objects.stopped_before(cutoff)
                .filter(pk=progress.pk)
                .update(
                    status=Progress.Status.FAILED, message=Progress.WORK_STOPPED, updated_at=timezone.now()
                )
            )
            if not claimed:
                continue
            progress.refresh_from_db()
            DBTaskResult.objects.running().filter(args_kwargs__kwargs__progress_id=progress.pk).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="ostrom.core.background.WorkStopped",
                traceback="The worker running this task stopped before it finished.",
            )
            # An import's waiting file may hold people's contact details: it goes, as after any import.
            Upload.objects.filter(progress=progress).delete()
            work_stopped.send(sender=Progress, progress=progress)
            audit.record(actor=None, action="work.stopped", target=progress, note=progress.title)
            stopped += 1
    return stopped


class _Heartbeat(threading.Thread):
    """Touches one progress record every TASK_HEARTBEAT_SECONDS while its task runs in this worker."""

    def __init__(self, progress_id: int):
        super().__init__(name=f"heartbeat-{progress_id}", daemon=True)
        self.progress_id = progress_id
        self.done = threading.Event()

    def run(self) -> None:
        try:
            while not self.done.wait(settings.TASK_HEARTBEAT_SECONDS):
                try:
                    Progress.objects.filter(
                        pk=self.progress_id, status__in=[Progress.Status.QUEUED, Progress.Status.RUNNING]
                    ).update(updated_at=timezone.now())
                except DatabaseError:  # the database is busy or away: the next beat tries again
                    logger.warning("Could not record that progress %s is still running", self.progress_id)
                    close_old_connections()
        finally:
            connection.close()


_heartbeats: dict[str, _Heartbeat] = {}


@receiver(task_started)
def _task_started(sender, task_result, **kwargs) -> None:
    """In the worker, before a task runs: record the stopped work of other workers, then mark this
    task's progress running and keep it touched while it runs."""
    try:
        fail_stopped_work()
    except DatabaseError:
        logger.exception("Could not check for stopped work")
    progress_id = task_result.kwargs.get("progress_id")
    if progress_id is None:
        return
    # The task writes its messages in the language of the person who started it, until it finishes.
    translation.activate(
        Progress(
            language=Progress.objects.filter(pk=progress_id).values_list("language", flat=True).first() or ""
        ).written_in
    )
    Progress.objects.filter(pk=progress_id, status=Progress.Status.QUEUED).update(
        status=Progress.Status.RUNNING, message=Progress.STARTED, updated_at=timezone.now()
    )
    heartbeat = _Heartbeat(progress_id)
    _heartbeats[str(task_result.id)] = heartbeat
    heartbeat.start()


@receiver(task_finished)
def _task_finished(sender, task_result, **kwargs) -> None:
    translation.deactivate()
    heartbeat = _heartbeats.pop(str(task_result.id), None)
    if heartbeat is not None:
        heartbeat.done.set()  # it stops at its next wake-up; the task's result is not held up for it
