"""Reading address lists and pools of volunteers from uploaded files, row by row: every row is
checked (lengths, NUL, postcodes, duplicates) and any problem means nothing is imported."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext, gettext_noop, ngettext

from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.places import selectors as place_selectors
from ostrom.places.models import Postcode

from . import features
from .models import Assembly, Volunteer

POOL_COLUMNS = {"full_name", "postcode"}
# Column -> (longest text allowed, the problem when a value is longer): the model's limits; the problem
# is translated when it is found, in the language of whoever imports.
POOL_LIMITS = {
    "full_name": (150, gettext_noop("The name must be %(limit)d characters or fewer")),
    "email": (254, gettext_noop("The email address must be %(limit)d characters or fewer")),
    "phone": (30, gettext_noop("The phone number must be %(limit)d characters or fewer")),
    "household": (120, gettext_noop("The household must be %(limit)d characters or fewer")),
}


def table_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """Every row of the file (a field past the CSV reader's limit rejects the file with its row number,
    in `core.tables.read_rows`)."""
    return list(read_rows(content, filename))


def text_problems(row: dict[str, str], limits: dict[str, tuple[int, str]]) -> list[str]:
    """Fields over their limit, and any field with a NUL character (which no database stores)."""
    found = [
        gettext(too_long) % {"limit": limit}
        for column, (limit, too_long) in limits.items()
        if len(row.get(column, "")) > limit
    ]
    if any("\x00" in value for value in row.values()):
        found.append(gettext("This row contains a character that is not allowed (NUL)"))
    return found


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return True


class PostcodeLookup:
    """`places.selectors.find_postcode` for many rows, asking the database once per postcode."""

    def __init__(self):
        self._found: dict[str, Postcode | None] = {}

    def __call__(self, text: str) -> Postcode | None:
        if "\x00" in text or len(text) > 20:
            return None
        if text not in self._found:
            try:
                self._found[text] = place_selectors.find_postcode(text)
            except ValidationError:
                self._found[text] = None
        return self._found[text]


def _refuse_rows_now_in_the_pool(assembly: Assembly, parsed) -> None:
    """Rows that other imports or registrations added to the pool while this file was being checked."""
    emails = set(assembly.volunteers.exclude(email="").values_list("email", flat=True))
    people = {(n.lower(), pc) for n, pc in assembly.volunteers.values_list("full_name", "postcode")}
    problems = []
    for number, row, match, _answers in parsed:
        email = row.get("email", "").lower()
        if email in emails or (row["full_name"].lower(), match.postcode) in people:
            problems.append(
                RowProblem(
                    number,
                    gettext("Duplicate: %(name)s is in the pool already") % {"name": row["full_name"][:150]},
                )
            )
    if problems:
        raise ImportRejected(problems)


def import_pool(
    *, assembly: Assembly, content: bytes, filename: str, progress: Progress | None = None
) -> int:
    """Volunteers from a CSV or Excel file (for example from a recruitment partner): columns full_name,
    email, phone, postcode, household, and one per selection feature, named as on the form. Every row is
    checked, duplicates included (same email, or same name and postcode, in the file or already in the
    pool); any problem and nothing is imported."""
    rows = table_rows(content, filename)
    problems = require_columns(set(rows[0][1]) if rows else set(), POOL_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, gettext("The file has no volunteers in it")))
    if problems:
        raise ImportRejected(problems)
    columns = {name.lower(): name for name in features.FEATURES}
    allowed = features.allowed_values(assembly)
    lookup = PostcodeLookup()
    existing_emails = set(assembly.volunteers.exclude(email="").values_list("email", flat=True))
    existing_people = {(n.lower(), pc) for n, pc in assembly.volunteers.values_list("full_name", "postcode")}
    seen_emails: dict[str, int] = {}
    seen_people: dict[tuple[str, str], int] = {}
    parsed = []
    for index, (number, row) in enumerate(rows):
        if progress and index % 100 == 0:
            progress.advance(
                5 + int(60 * index / len(rows)), gettext("Checking row %(row)d") % {"row": number}
            )
        found = text_problems(row, POOL_LIMITS)
        name = row.get("full_name", "")
        if not name:
            found.append(gettext("Enter the volunteer's name"))
        match = lookup(row.get("postcode", ""))
        postcode = match.postcode if match else ""
        if match is None:
            found.append(
                gettext("We do not recognise the postcode '%(postcode)s'")
                % {"postcode": row.get("postcode", "")[:20]}
            )
        email = row.get("email", "").lower()
        if email and not _is_email(email):
            found.append(gettext("Enter the email address in the correct format, like name@example.com"))
        elif email and (email in existing_emails or email in seen_emails):
            if email in seen_emails:
                found.append(
                    gettext("Duplicate: %(email)s is in row %(row)d")
                    % {"email": email[:254], "row": seen_emails[email]}
                )
            else:
                found.append(gettext("Duplicate: %(email)s is in the pool already") % {"email": email[:254]})
        person = (name.lower(), postcode)
        if name and postcode and (person in existing_people or person in seen_people):
            if person in seen_people:
                found.append(
                    gettext("Duplicate: %(name)s at %(postcode)s is in row %(row)d")
                    % {"name": name[:150], "postcode": postcode, "row": seen_people[person]}
                )
            else:
                found.append(
                    gettext("Duplicate: %(name)s at %(postcode)s is in the pool already")
                    % {"name": name[:150], "postcode": postcode}
                )
        answers = {}
        for column, value in row.items():
            feature = columns.get(column)
            if feature is None or feature == features.DERIVED:
                continue
            value = value or features.PREFER_NOT
            if value not in allowed[feature]:
                found.append(
                    gettext("%(feature)s must be one of: %(values)s")
                    % {"feature": feature, "values": ", ".join(sorted(allowed[feature]))}
                )
            answers[feature] = value
        problems.extend(RowProblem(number, problem) for problem in found)
        if email:
            seen_emails.setdefault(email, number)
        seen_people.setdefault(person, number)
        if not found:
            parsed.append((number, row, match, answers))
    if problems:
        raise ImportRejected(problems)
    if progress:
        progress.advance(
            70,
            ngettext(
                "%(count)d row is fine. Saving it", "All %(count)d rows are fine. Saving them", len(parsed)
            )
            % {"count": len(parsed)},
        )
    deciles = place_selectors.imd_decile_by_lsoa({match.lsoa_id for _, _, match, _ in parsed})
    with transaction.atomic():
        # The same file imported twice at once: the second waits here for the first, then finds its rows.
        Assembly.objects.select_for_update().filter(pk=assembly.pk).first()
        _refuse_rows_now_in_the_pool(assembly, parsed)
        Volunteer.objects.bulk_create(
            [
                Volunteer(
                    assembly=assembly,
                    full_name=row["full_name"],
                    email=row.get("email", "").lower(),
                    phone=row.get("phone", ""),
                    postcode=match.postcode,
                    lsoa=match.lsoa,
                    household=row.get("household", ""),
                    features=answers
                    | {features.DERIVED: features.deprivation_label(deciles.get(match.lsoa_id))},
                    consent_wording=f"Consent collected by the recruitment partner; imported from {filename}",
                )
                for _number, row, match, answers in parsed
            ]
        )
        audit.record(
            actor=progress.started_by if progress else None,
            action="volunteers.imported",
            target=assembly,
            note=f"{len(parsed)} from {filename}",
        )
    return len(parsed)
