"""Writes to places and area statistics: imports from CSV, validated row by row, all or nothing."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.core.validation import check_text

from .models import AreaStatistic, Place, Postcode


@transaction.atomic
def save_place(*, actor, code: str, name: str, kind: str, parent_code: str | None = None) -> Place:
    """Create a place, or rename or move an existing one (by its code)."""
    permissions.ensure(permissions.can_change_places(actor), gettext("Only a coordinator can change places"))
    problems: dict = {}
    check_text(problems, "code", code, max_length=20, required=gettext("Enter the place's code"))
    check_text(problems, "name", name, max_length=150, required=gettext("Enter the place's name"))
    check_text(problems, "parent_code", parent_code or "", max_length=20)
    if kind not in Place.Kind.values:
        problems["kind"] = gettext("Kind must be one of: %(kinds)s") % {"kinds": ", ".join(Place.Kind.values)}
    if problems:
        raise ValidationError(problems)
    parent = None
    if parent_code:
        parent = Place.objects.filter(code=parent_code).first()
        if parent is None:
            raise ValidationError(
                {"parent_code": gettext("No place has the code %(code)s") % {"code": parent_code}}
            )
        if code in {ancestor.code for ancestor in parent.ancestors(include_self=True)}:
            raise ValidationError({"parent_code": gettext("A place cannot be inside itself")})
    place = Place.objects.filter(code=code).first()
    before = {"name": place.name, "kind": place.kind, "parent": place.parent} if place else {}
    if place is None:
        place = Place(code=code)
    place.name, place.kind, place.parent = name, kind, parent
    place.save()
    audit.record(
        actor=actor,
        action="place.saved" if before else "place.created",
        target=place,
        changes=audit.changed_fields(place, before, ["name", "kind", "parent"]) if before else None,
    )
    return place


PLACE_COLUMNS = {"code", "name", "kind", "parent_code"}
STATISTIC_COLUMNS = {"place_code", "measure", "category", "value", "source", "year"}
POSTCODE_COLUMNS = {"postcode", "lsoa_code"}
LARGEST_STATISTIC = Decimal(10) ** 12  # AreaStatistic.value has 12 digits before the point


@transaction.atomic
def import_places(*, content: bytes, filename: str, actor=None, is_demo: bool = False) -> int:
    """Create or update places; parents may come earlier in the same file or already exist."""
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), PLACE_COLUMNS - {"parent_code"})
    if problems:
        raise ImportRejected(problems)
    kinds = {value for value, _ in Place.Kind.choices}
    known = set(Place.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for number, row in rows:
        code, kind, parent = row.get("code", ""), row.get("kind", "").lower(), row.get("parent_code", "")
        if not code:
            problems.append(RowProblem(number, gettext("Enter the place's code")))
        elif code in seen:
            problems.append(
                RowProblem(number, gettext("The code %(code)s appears twice in the file") % {"code": code})
            )
        if not row.get("name"):
            problems.append(RowProblem(number, gettext("Enter the place's name")))
        if kind not in kinds:
            problems.append(
                RowProblem(
                    number, gettext("Kind must be one of: %(values)s") % {"values": ", ".join(sorted(kinds))}
                )
            )
        if parent and parent not in known | seen:
            problems.append(
                RowProblem(
                    number,
                    gettext("The parent %(parent)s is not a known place or an earlier row")
                    % {"parent": parent},
                )
            )
        seen.add(code)
    if problems:
        raise ImportRejected(problems)
    for _, row in rows:
        parent = Place.objects.get(code=row["parent_code"]) if row.get("parent_code") else None
        Place.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"].lower(), "parent": parent, "is_demo": is_demo},
        )
    if rows and actor is not None:
        audit.record(
            actor=actor,
            action="places.imported",
            target=Place.objects.get(code=rows[0][1]["code"]),
            note=f"{len(rows)} places from {filename}",
        )
    return len(rows)


@transaction.atomic
def import_area_statistics(*, content: bytes, filename: str, is_demo: bool = False) -> int:
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), STATISTIC_COLUMNS - {"category"})
    if problems:
        raise ImportRejected(problems)
    places = dict(Place.objects.values_list("code", "pk"))
    measures = {value for value, _ in AreaStatistic.Measure.choices}
    parsed = []
    for number, row in rows:
        before = len(problems)
        if row.get("place_code") not in places:
            problems.append(
                RowProblem(
                    number,
                    gettext("No place has the code %(code)s")
                    % {"code": row.get("place_code") or gettext("(blank)")},
                )
            )
        if row.get("measure") not in measures:
            problems.append(
                RowProblem(
                    number,
                    gettext("Measure must be one of: %(values)s") % {"values": ", ".join(sorted(measures))},
                )
            )
        try:
            value = Decimal(row.get("value", ""))
            if value < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append(RowProblem(number, gettext("Value must be a number of 0 or more")))
        else:
            if value >= LARGEST_STATISTIC:
                problems.append(RowProblem(number, gettext("Value must be less than a million million")))
        year = row.get("year", "")
        if not (year.isascii() and year.isdecimal() and 1990 <= int(year) <= 2100):
            problems.append(RowProblem(number, gettext("Year must be a year, like 2021")))
        if not row.get("source"):
            problems.append(RowProblem(number, gettext("Enter where the figure comes from")))
        if len(problems) == before:
            parsed.append((row, value))
    if problems:
        raise ImportRejected(problems)
    for row, value in parsed:
        AreaStatistic.objects.update_or_create(
            place_id=places[row["place_code"]],
            measure=row["measure"],
            category=row.get("category", ""),
            year=int(row["year"]),
            defaults={"value": value, "source": row["source"], "is_demo": is_demo},
        )
    return len(parsed)


@transaction.atomic
def import_postcodes(*, content: bytes, filename: str, is_demo: bool = False) -> int:
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), POSTCODE_COLUMNS)
    if problems:
        raise ImportRejected(problems)
    lsoas = dict(Place.objects.lsoas().values_list("code", "pk"))
    for number, row in rows:
        if row["lsoa_code"] not in lsoas:
            problems.append(
                RowProblem(
                    number,
                    gettext("No LSOA has the code %(code)s")
                    % {"code": row["lsoa_code"] or gettext("(blank)")},
                )
            )
        # A full postcode is 5 to 7 characters and a space: "B1 1AA" to "B16 8AA" and "SW1A 1AA".
        if (
            not 6
            <= len(Postcode.normalise(row["postcode"]))
            <= Postcode._meta.get_field("postcode").max_length
        ):
            problems.append(RowProblem(number, gettext("Enter a full postcode, like B16 8AA")))
    if problems:
        raise ImportRejected(problems)
    for _, row in rows:
        Postcode.objects.update_or_create(
            postcode=Postcode.normalise(row["postcode"]),
            defaults={"lsoa_id": lsoas[row["lsoa_code"]], "is_demo": is_demo},
        )
    return len(rows)


_place_sections: list = []


def register_place_section(*, template: str, context) -> None:
    """A domain app adds a section to a place's page, from its AppConfig.ready() (places knows no domain
    app): `template` is included with `section` set to what `context(place, user)` returns, or left out
    when that is None."""
    _place_sections.append((template, context))


def place_sections(place: Place, user) -> list[tuple[str, dict]]:
    return [(template, section) for template, context in _place_sections if (section := context(place, user))]
