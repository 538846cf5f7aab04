"""Writes for exchanging the directory as Open Referral UK: starting an import (the task does the work)."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.background import start_task
from ostrom.core.models import Upload

from . import tasks
from .models import OrukImport

ONLY_EXCHANGERS = gettext_lazy("Only coordinators for every place can import into the directory")


def start_oruk_import(
    *, coordinator, content: bytes | None = None, filename: str = "", url: str = ""
) -> OrukImport:
    """Queue the import of an uploaded file (`content`, `filename`) or of the feed at `url`; the import
    record shows its progress and then its report."""
    permissions.ensure(permissions.can_exchange_directory(coordinator), ONLY_EXCHANGERS)
    source = (url or filename).replace("\x00", "")[:300] or "an uploaded file"
    with transaction.atomic():
        the_import = OrukImport.objects.create(source_name=source, started_by=coordinator)
        progress = start_task(
            tasks.import_oruk_feed,
            title=(gettext("Importing Open Referral UK from %(source)s") % {"source": source})[:200],
            started_by=coordinator,
            retry_url=reverse("assets:exchange"),
            oruk_import_id=the_import.pk,
            url=url,
        )
        if not url:
            Upload.objects.create(progress=progress, filename=source[-200:], content=content or b"")
        the_import.progress = progress
        the_import.save(update_fields=["progress"])
        audit.record(actor=coordinator, action="oruk_import.started", target=the_import, note=source)
    return the_import
