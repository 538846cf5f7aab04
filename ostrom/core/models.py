"""Progress of background work, shown to the person who started it."""

from django.conf import settings
from django.db import models
from django.urls import reverse


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
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(default="Waiting for a worker to pick this up")
    # Row-by-row problems of an import, for example: [{"row": 3, "problem": "Enter a name"}].
    details = models.JSONField(default=list, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "progress records"
        constraints = [
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="percent_at_most_100")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("core:progress-page", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.FINISHED, self.Status.FAILED}

    @property
    def tag_colour(self) -> str:
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

    def finish(self, message: str = "Finished", result_url: str = "") -> None:
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
