"""Progress of background work, shown to the person who started it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop


class ProgressQuerySet(models.QuerySet):
    def stopped_before(self, cutoff) -> "ProgressQuerySet":
        """Running work that nobody has touched since `cutoff`: its worker stopped (`core.background`)."""
        return self.filter(status=Progress.Status.RUNNING, updated_at__lt=cutoff)


def _storable(value):
    """Text, or a JSON value, with each NUL character replaced by "\ufffd"."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {key: _storable(item) for key, item in value.items()}
    return value


class Progress(models.Model):
    # Stored as the message of a stopped job, in English; shown translated (message_text).
    WORK_STOPPED = gettext_noop(
        "This stopped before it finished, because the computer doing the work stopped. "
        "Nothing was saved. Please start it again."
    )

    # Stored in English and shown translated, like WORK_STOPPED; every other message is written by the task
    # in the language of the person who started it (`language`, core.background).
    WAITING = gettext_noop("Waiting for a worker to pick this up")
    STARTED = gettext_noop("Started")
    FINISHED = gettext_noop("Finished")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Waiting to start")
        RUNNING = "running", gettext_lazy("Running")
        FINISHED = "finished", gettext_lazy("Finished")
        FAILED = "failed", gettext_lazy("Failed")

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(default=WAITING)
    # The page language of the person who started the work: the task writes its messages in it.
    language = models.CharField(max_length=15, blank=True)
    # Row-by-row problems of an import, for example: [{"row": 3, "problem": "Enter a name"}].
    details = models.JSONField(default=list, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    # Where the person can start the work again if it fails (see `core.background.start_task`).
    retry_url = models.CharField(max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "progress records"
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="percent_at_most_100")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:progress-page", args=[self.pk])

    @staticmethod
    def stopped_after() -> timedelta:
        return timedelta(seconds=settings.TASK_STOPPED_AFTER_SECONDS)

    @property
    def has_stopped(self) -> bool:
        """Running, but its worker has not touched it for longer than a worker ever leaves it: the worker
        stopped. Shown as failed at once; the next worker records it (`core.background.fail_stopped_work`)."""
        return self.status == self.Status.RUNNING and self.updated_at < timezone.now() - self.stopped_after()

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.FINISHED, self.Status.FAILED} or self.has_stopped

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED or self.has_stopped

    @property
    def status_text(self) -> str:
        return gettext("Stopped") if self.has_stopped else self.get_status_display()

    @property
    def message_text(self) -> str:
        if self.has_stopped or self.message == self.WORK_STOPPED:
            return gettext(self.WORK_STOPPED)
        if self.message in (self.WAITING, self.STARTED, self.FINISHED):
            return gettext(self.message)
        return self.message

    @property
    def written_in(self) -> str:
        """The language the task writes its messages in: its starter's page language, if still offered."""
        return self.language if self.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE

    @property
    def tag_colour(self) -> str:
        if self.has_stopped:
            return "red"
        return {"finished": "green", "failed": "red", "running": "blue"}.get(self.status, "grey")

    def advance(self, percent: int, message: str) -> None:
        self.status, self.percent, self.message = self.Status.RUNNING, min(percent, 100), message
        self.save(update_fields=["status", "percent", "message", "updated_at"])

    def fail(self, message: str, details: list | None = None) -> None:
        # A problem may quote what was typed in a file, NUL characters included, which PostgreSQL
        # cannot store in text or JSON: they are shown as the replacement character.
        self.status, self.message, self.details = (
            self.Status.FAILED,
            _storable(message),
            _storable(details or []),
        )
        self.save(update_fields=["status", "message", "details", "updated_at"])

    def finish(self, message: str = FINISHED, result_url: str = "") -> None:
        self.status, self.percent, self.message, self.result_url = (
            self.Status.FINISHED,
            100,
            message,
            result_url,
        )
        self.save(update_fields=["status", "percent", "message", "result_url", "updated_at"])


class Upload(models.Model):
    """A file waiting for the task worker, which may run on another machine: so it lives in the database,
    and is deleted once the import has run. It may hold people's contact details, so while it is stored
    it is in the download of the person who uploaded it, and erasing them deletes it
    (`accounts.services.work_started_by` and `erase_links_to`)."""

    progress = models.OneToOneField(Progress, on_delete=models.CASCADE, related_name="upload")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.filename


class RetentionRun(models.Model):
    """One run of the retention schedule (`core.retention.apply_retention`): how many records of each
    kind it removed, never the records themselves. Its audit entry says the same."""

    ran_at = models.DateTimeField()
    removed = models.JSONField(default=dict, help_text="Records removed, by kind of personal data")

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self):
        return f"Retention schedule applied {self.ran_at:%d %B %Y %H:%M}"


class RateLimitCounter(models.Model):
    """How many attempts one network address made in one rate-limit group during one window
    (`core.ratelimits`). The key is a keyed hash of the group and the address, never the address itself.
    The daily retention run deletes each counter once its window has ended."""

    # The conflict target of the one statement that counts an attempt (`ratelimits.count_attempt`). As the
    # primary key it is the table's only index, so counting writes one row and one index entry.
    pk = models.CompositePrimaryKey("key", "window_starts_at")
    key = models.CharField(max_length=64)
    window_starts_at = models.DateTimeField()
    expires_at = models.DateTimeField(help_text="When the window ends and the counter stops mattering")
    attempt_count = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.attempt_count} attempts from {self.window_starts_at:%d %B %Y %H:%M:%S}"
