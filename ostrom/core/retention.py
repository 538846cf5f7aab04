"""Keeping personal data no longer than the schedule says: for each kind of personal data, how long it
is kept (`settings.RETENTION`, in days; docs/data-protection.md explains each) and how it is removed,
and the daily run that applies them all.

Each app registers what it removes for a kind from its AppConfig.ready(): a function that removes
what is older than the moment it is given (using the app's own erasure code) and returns how many
records it removed. `apply_retention` runs them all in one transaction and records one audit entry with
the counts per kind, never the data. Run it daily: `manage.py apply_retention`."""

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django_tasks_db.models import DBTaskResult

from . import audit
from .models import Progress, RateLimitCounter, RetentionRun, Upload

_removers: dict[str, list[Callable[[datetime], int]]] = defaultdict(list)


def register_retention(*, kind: str, remove: Callable[[datetime], int]) -> None:
    """`remove(before)` deletes or anonymises the kind's records older than `before` and returns how many."""
    _removers[kind].append(remove)


def registered_kinds() -> set[str]:
    return set(_removers)


@transaction.atomic
def apply_retention(*, now: datetime) -> RetentionRun:
    """Remove every kind of personal data kept longer than settings.RETENTION says. A kind with no period
    in the schedule stops the run: keeping data for ever should be a decision, not an oversight."""
    missing = sorted(registered_kinds() - set(settings.RETENTION))
    if missing:
        raise ImproperlyConfigured(f"settings.RETENTION has no period for {', '.join(missing)}")
    removed = {
        kind: sum(remove(now - timedelta(days=days)) for remove in _removers[kind])
        for kind, days in settings.RETENTION.items()
    }
    run = RetentionRun.objects.create(ran_at=now, removed=removed)
    audit.record(
        actor=None,
        action="retention.applied",
        target=run,
        note="Removed: " + ", ".join(f"{kind} {count}" for kind, count in removed.items()),
    )
    return run


# What core itself holds: sessions, sign-in attempts, rate-limit counters, background work and its
# uploaded files, and the audit log.


def remove_expired_sessions(before: datetime) -> int:
    return Session.objects.filter(expire_date__lt=before).delete()[0]


def remove_sign_in_attempts(before: datetime) -> int:
    """django-axes' records of sign-in attempts (email address and network address) and lockouts."""
    return sum(
        model.objects.filter(attempt_time__lt=before).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def remove_rate_limit_entries(before: datetime) -> int:
    """Rate-limit counters (a keyed hash of the network address) whose window ended before `before`."""
    return RateLimitCounter.objects.filter(expires_at__lt=before).delete()[0]


def remove_finished_background_work(before: datetime) -> int:
    """Progress records of work that finished or failed (their messages may name people or rows of an
    import) and the task queue's results, once nobody needs to look at them."""
    finished = Progress.objects.filter(
        status__in=[Progress.Status.FINISHED, Progress.Status.FAILED], updated_at__lt=before
    )
    results = DBTaskResult.objects.finished().filter(finished_at__lt=before)
    return finished.delete()[1].get("core.Progress", 0) + results.delete()[0]


UPLOAD_EXPIRED = gettext_noop(
    "The uploaded file was deleted before it was imported, as the retention schedule says."
)


def remove_stored_uploads(before: datetime) -> int:
    """Files waiting for an import that never ran (each is deleted once its import has run): the
    import says so instead of running."""
    count = 0
    for upload in Upload.objects.filter(created_at__lt=before).select_related("progress"):
        # Written in the language of the person who started the import, as its task would have.
        with translation.override(upload.progress.written_in):
            upload.progress.fail(gettext(UPLOAD_EXPIRED))
        upload.delete()
        count += 1
    return count


def remove_audit_entries(before: datetime) -> int:
    return audit.entries().filter(Q(timestamp__lt=before)).delete()[0]


def register_core_kinds() -> None:
    register_retention(kind="expired_sessions", remove=remove_expired_sessions)
    register_retention(kind="sign_in_attempts", remove=remove_sign_in_attempts)
    register_retention(kind="rate_limit_entries", remove=remove_rate_limit_entries)
    register_retention(kind="finished_background_work", remove=remove_finished_background_work)
    register_retention(kind="stored_uploads", remove=remove_stored_uploads)
    register_retention(kind="audit_log", remove=remove_audit_entries)
