"""Display shaping for the exchange pages: an import's report as table rows."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from .models import OrukImport


def _entry(number: int) -> str:
    return gettext("The file") if number == 0 else str(number)


def rejection_rows(report: dict) -> list[list[dict]]:
    return [
        [
            {"text": _entry(problem["entry"])},
            {"text": problem["id"] or "–"},
            {"text": problem["path"] or "–"},
            {"text": problem["problem"]},
        ]
        for problem in report.get("rejected", [])
    ]


def change_rows(report: dict) -> list[list[dict]]:
    rows = [
        [{"text": str(item["entry"])}, {"text": item["name"]}, {"text": gettext("Added")}]
        for item in report.get("added", [])
    ]
    rows += [
        [{"text": str(item["entry"])}, {"text": item["name"]}, {"text": gettext("Updated")}]
        for item in report.get("updated", [])
    ]
    return sorted(rows, key=lambda row: int(row[0]["text"]))


def note_rows(report: dict) -> list[list[dict]]:
    """What an import left out (only worth saying when it imported)."""
    if not report.get("imported"):
        return []
    return [
        [{"text": str(note["entry"])}, {"text": note["path"]}, {"text": note["note"]}]
        for note in report.get("notes", [])
    ]


def outcome(the_import: OrukImport) -> str:
    """One line: what happened, or that it has not finished yet."""
    report = the_import.report or {}
    if "imported" not in report:
        # Only an import that ran to its end keeps an outcome: work that failed or stopped wrote nothing.
        if the_import.progress is not None and the_import.progress.has_failed:
            return gettext("Nothing imported: the import stopped before it finished")
        return gettext("Not finished yet")
    if not report["imported"]:
        count = len(report.get("rejected", []))
        return ngettext(
            "Nothing imported: %(count)d problem", "Nothing imported: %(count)d problems", count
        ) % {"count": count}
    return ngettext(
        "%(added)d service added, %(updated)d updated",
        "%(added)d services added, %(updated)d updated",
        the_import.added,
    ) % {"added": the_import.added, "updated": the_import.updated}


def import_rows(imports) -> list[list[dict]]:
    return [
        [
            {
                "html": format_html(
                    '<a class="nhsuk-link" href="{}">{}</a>',
                    reverse("assets:exchange-import", args=[the_import.pk]),
                    the_import.source_name,
                )
            },
            {"text": when(the_import)},
            {"text": outcome(the_import)},
        ]
        for the_import in imports
    ]


def shape(report: dict) -> str:
    """What was read: "Open Referral UK v1, 2 entries"."""
    if not report.get("version"):
        return ""
    count = report.get("entries", 0)
    entries = ngettext("%(count)d entry", "%(count)d entries", count) % {"count": count}
    # Translators: "Open Referral UK" is the name of a data standard; keep it as it is.
    return gettext("Open Referral UK %(version)s, %(entries)s") % {
        "version": report["version"],
        "entries": entries,
    }


def when(the_import: OrukImport) -> str:
    return date_format(timezone.localtime(the_import.started_at), "j F Y, H:i")


def started(the_import: OrukImport) -> str:
    """When, and by whom (a command-line import has nobody)."""
    who = the_import.started_by
    if who:
        return gettext("%(when)s by %(who)s") % {"when": when(the_import), "who": who.full_name or who.email}
    return gettext("%(when)s from the command line") % {"when": when(the_import)}
