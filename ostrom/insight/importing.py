"""Reading insight from an uploaded spreadsheet, row by row: every row is checked with the same rules as
the record form (`validation.check_insight_fields`), and any problem means nothing is imported. The task
runs this; the service only starts it (`services.start_insight_import`)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.core.spreadsheets import csv_text
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.network.models import Subgroup
from ostrom.places.models import Place

from .models import Insight
from .validation import check_insight_fields

IMPORT_COLUMNS = {
    "kind",
    "text",
    "source",
    "place",
    "said_on",
    "consent_to_use",
    "publication",
    "consent_wording",
}
OPTIONAL_COLUMNS = {"title", "speaker_name", "speaker_group", "subgroup"}
COLUMN_ORDER = [
    "kind",
    "title",
    "text",
    "source",
    "place",
    "subgroup",
    "said_on",
    "speaker_name",
    "speaker_group",
    "consent_to_use",
    "publication",
    "consent_wording",
]
YES = {"yes", "y", "true", "1"}
KINDS = [Insight.Kind.STORY, Insight.Kind.QUOTE, Insight.Kind.CASE_STUDY, Insight.Kind.COMMENT]


def template_csv() -> str:
    """The file to download and fill in: the columns and one example row."""
    example = {
        "kind": "story",
        "title": "Getting to the GP",
        "text": "I had to take two buses to get to my appointment and missed it.",
        "source": "interview",
        "place": "Ladywood",
        "subgroup": "",
        "said_on": "2026-11-23",
        "speaker_name": "",
        "speaker_group": "",
        "consent_to_use": "yes",
        "publication": "anonymised",
        "consent_wording": "I agree that my words may be used and published without my name.",
    }
    return csv_text(COLUMN_ORDER, [[example[column] for column in COLUMN_ORDER]])


def import_insight(*, coordinator, content: bytes, filename: str, progress: Progress | None = None) -> int:
    """Validate every row, then keep every insight, or none at all."""
    report = progress.advance if progress else (lambda percent, message: None)
    report(5, gettext("Reading the file"))
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), IMPORT_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, gettext("The file has no insight in it")))
    if problems:
        raise ImportRejected(problems)
    places = {place.code.upper(): place for place in Place.objects.all()}
    places_by_name = {place.name.lower(): place for place in places.values()}
    subgroups = {s.slug: s for s in Subgroup.objects.all()} | {
        s.name.lower(): s for s in Subgroup.objects.all()
    }
    valid = []
    for index, (number, row) in enumerate(rows):
        if index % 50 == 0:
            report(
                5 + int(60 * index / len(rows)),
                gettext("Checking row %(row)d of %(rows)d") % {"row": number, "rows": len(rows) + 1},
            )
        row_problems, parsed = _check_row(coordinator, row, places, places_by_name, subgroups)
        problems.extend(RowProblem(number, problem) for problem in row_problems)
        if not row_problems:
            valid.append(parsed)
    if problems:
        raise ImportRejected(problems)
    report(
        70,
        ngettext("%(count)d row is fine. Saving it", "All %(count)d rows are fine. Saving them", len(valid))
        % {"count": len(valid)},
    )
    now = timezone.now()
    with transaction.atomic():
        for parsed in valid:
            insight = Insight.objects.create(
                **parsed, consent_recorded_at=now, consent_recorded_by=coordinator, created_by=coordinator
            )
            audit.record(
                actor=coordinator, action="insight.created", target=insight, note=f"Imported from {filename}"
            )
    return len(valid)


def _check_row(coordinator, row, places, places_by_name, subgroups):
    problems: dict = {}
    said_on = row.get("said_on", "")
    try:
        said_on = date.fromisoformat(said_on[:10]) if said_on else None
    except ValueError:
        said_on = None
    consent = row.get("consent_to_use", "").lower()
    parsed = {
        "kind": row.get("kind", "").lower(),
        "title": row.get("title", ""),
        "text": row.get("text", ""),
        "source": row.get("source", "").lower(),
        "said_on": said_on,
        "speaker_name": row.get("speaker_name", ""),
        "speaker_group": row.get("speaker_group", ""),
        "consent_to_use": consent in YES,
        "publication": row.get("publication", "").lower(),
        "consent_wording": row.get("consent_wording", ""),
    }
    check_insight_fields(problems, **parsed, kinds=KINDS)
    messages = [_row_message(field, message) for field, message in problems.items()]
    token = row.get("place", "")
    place = places.get(token.upper()) or places_by_name.get(token.lower())
    if place is None:
        messages.append(
            gettext("No place is called or coded '%(place)s'") % {"place": token}
            if token
            else gettext("Enter the place it is about")
        )
    elif not permissions.can_record_insight(coordinator, place=place):
        messages.append(
            gettext("You do not coordinate %(place)s, so you cannot record insight there")
            % {"place": place.name}
        )
    subgroup = None
    if row.get("subgroup"):
        subgroup = subgroups.get(row["subgroup"].lower())
        if subgroup is None:
            messages.append(gettext("No subgroup is called '%(subgroup)s'") % {"subgroup": row["subgroup"]})
    parsed.update(place=place, subgroup=subgroup)
    return messages, parsed


def _row_message(field: str, message: str) -> str:
    if field == "kind":
        return gettext("Kind must be one of: %(values)s") % {"values": ", ".join(KINDS)}
    if field == "source":
        return gettext("Source must be one of: %(values)s") % {"values": ", ".join(Insight.Source.values)}
    if field == "publication":
        return gettext("Publication must be one of: %(values)s") % {
            "values": ", ".join(Insight.Publication.values)
        }
    if field == "consent_to_use":
        return gettext("Consent to use must be 'yes': without the person's consent it cannot be kept")
    if field == "said_on":
        return message.replace(gettext("Enter the date it was said"), gettext("Said on must be a date"))
    if message.startswith(("This must be", "Remove the invisible", "Enter text")):
        return f"{field.replace('_', ' ').capitalize()}: {message[0].lower()}{message[1:]}"
    return message
