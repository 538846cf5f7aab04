"""The one door to the audit log: who did what to which record, and when.

Stored with django-auditlog's LogEntry. Services call `record()` explicitly inside their transaction,
because signal-based history misses bulk_create, QuerySet.update and raw SQL.
"""

from collections.abc import Mapping
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

_KIND_BY_SUFFIX = {
    "created": LogEntry.Action.CREATE,
    "deleted": LogEntry.Action.DELETE,
    "erased": LogEntry.Action.DELETE,
    "viewed": LogEntry.Action.ACCESS,
    "exported": LogEntry.Action.ACCESS,
}


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    note: str = "",
) -> LogEntry:
    """Keep one audit entry. `action` is a dotted verb such as "organisation.approved";
    `changes` maps a field to (old, new) and must never hold special-category data."""
    kind = _KIND_BY_SUFFIX.get(action.rsplit(".", 1)[-1], LogEntry.Action.UPDATE)
    data = {"action": action}
    if note:
        data["note"] = note
    return LogEntry.objects.log_create(
        target,
        force_log=True,
        action=kind,
        changes={field: [_plain(old), _plain(new)] for field, (old, new) in (changes or {}).items()},
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        additional_data=data,
    )


def entries_for(target: models.Model):
    return LogEntry.objects.get_for_object(target)


def entries():
    return LogEntry.objects.select_related("actor", "content_type")


def action_of(entry: LogEntry) -> str:
    return (entry.additional_data or {}).get("action") or entry.get_action_display()


def changed_fields(instance: models.Model, before: Mapping[str, Any], fields) -> dict[str, tuple[Any, Any]]:
    """(old, new) for each field whose value differs from the snapshot taken before the change."""
    return {
        field: (before[field], getattr(instance, field))
        for field in fields
        if before.get(field) != getattr(instance, field)
    }


def audited_content_types():
    ids = LogEntry.objects.values_list("content_type", flat=True).distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value)
    return str(value)
