"""Reading member organisations from an uploaded spreadsheet, row by row: every row is checked with
the same rules as the join form, and any problem means nothing is imported. The task runs this;
the services only start it (`services.start_organisation_import`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.places.models import Place

from .models import Organisation, Subgroup
from .validation import check_organisation_details

IMPORT_COLUMNS = {"name", "kind", "contact_name", "contact_email", "places_served"}
OPTIONAL_COLUMNS = {
    "description",
    "charity_number",
    "company_number",
    "contact_phone",
    "website",
    "subgroups",
}


def import_organisations(
    *, coordinator, content: bytes, filename: str, progress: Progress | None = None
) -> int:
    """Validate every row, then create every organisation as an approved member, or none at all."""
    report = progress.advance if progress else (lambda percent, message: None)
    report(5, gettext("Reading the file"))
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), IMPORT_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, gettext("The file has no organisations in it")))
    if problems:
        raise ImportRejected(problems)
    places = {place.code.upper(): place for place in Place.objects.all()}
    places_by_name = {place.name.lower(): place for place in places.values()}
    subgroups = {s.slug: s for s in Subgroup.objects.all()} | {
        s.name.lower(): s for s in Subgroup.objects.all()
    }
    kinds = {value: value for value, _ in Organisation.Kind.choices} | {
        label.lower(): value for value, label in Organisation.Kind.choices
    }
    existing = {name.lower() for name in Organisation.objects.values_list("name", flat=True)}
    seen: set[str] = set()
    valid = []
    for index, (number, row) in enumerate(rows):
        if index % 50 == 0:
            report(
                5 + int(60 * index / len(rows)),
                gettext("Checking row %(row)d of %(rows)d") % {"row": number, "rows": len(rows) + 1},
            )
        row_problems, parsed = _check_organisation_row(row, places, places_by_name, subgroups, kinds)
        name = row.get("name", "").lower()
        if name and (name in existing or name in seen):
            row_problems.append(
                gettext("An organisation called %(name)s is already a member or appears twice")
                % {"name": row["name"]}
            )
        seen.add(name)
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
    with transaction.atomic():
        for parsed in valid:
            served, groups = parsed.pop("places_served"), parsed.pop("subgroups")
            organisation = Organisation.objects.create(
                **parsed,
                status=Organisation.Status.MEMBER,
                joined_on=timezone.localdate(),
                decided_by=coordinator,
                decision_note=f"Imported from {filename}",
            )
            organisation.places_served.set(served)
            organisation.subgroups.set(groups)
            audit.record(
                actor=coordinator,
                action="organisation.created",
                target=organisation,
                note=f"Imported from {filename}",
            )
    return len(valid)


def _check_organisation_row(row, places, places_by_name, subgroups, kinds):
    problems, parsed = [], {}
    kind = kinds.get(row.get("kind", "").lower())
    parsed.update(
        name=row.get("name", ""),
        kind=kind,
        contact_name=row.get("contact_name", ""),
        contact_email=row.get("contact_email", ""),
        charity_number=row.get("charity_number", ""),
        company_number=row.get("company_number", "").upper(),
        website=row.get("website", ""),
        description=row.get("description", ""),
        contact_phone=row.get("contact_phone", ""),
    )
    try:
        check_organisation_details(**parsed)
    except ValidationError as invalid:
        for column, messages in invalid.message_dict.items():
            problems.extend(_row_problem(column, message, row) for message in messages)
    served, has_unknown_place = [], False
    for token in filter(None, (part.strip() for part in row.get("places_served", "").split(";"))):
        place = places.get(token.upper()) or places_by_name.get(token.lower())
        if place is None:
            problems.append(gettext("No place is called or coded '%(place)s'") % {"place": token})
            has_unknown_place = True
        else:
            served.append(place)
    if not served and not has_unknown_place:
        problems.append(gettext("Enter at least one place the organisation serves, separated by semicolons"))
    parsed["places_served"] = served
    groups = []
    for token in filter(None, (part.strip() for part in row.get("subgroups", "").split(";"))):
        subgroup = subgroups.get(token.lower())
        if subgroup is None:
            problems.append(gettext("No subgroup is called '%(subgroup)s'") % {"subgroup": token})
        else:
            groups.append(subgroup)
    parsed["subgroups"] = groups
    return problems, parsed


def _row_problem(column: str, message: str, row: dict) -> str:
    """The shared rules' message, saying which column it is about where the message alone would not."""
    if column == "kind":
        return gettext("Kind must be one of: %(values)s") % {"values": ", ".join(Organisation.Kind.values)}
    # The shared rules' wording, in English or (once they are translated) in the task's language.
    email_format = "Enter an email address in the correct format, like name@example.com"
    if column == "contact_email" and message in (email_format, gettext(email_format)):
        return gettext("Contact email '%(email)s' is not an email address, like name@example.com") % {
            "email": row.get("contact_email", "")
        }
    if message.startswith(("This must be", "Remove the invisible", "Enter text")):
        return f"{column.replace('_', ' ').capitalize()}: {message[0].lower()}{message[1:]}"
    return message
