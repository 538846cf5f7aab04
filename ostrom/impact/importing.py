"""Reading measurements from an uploaded spreadsheet, row by row: every row is checked with the same
rules as the measurement form (`validation.measurement_problems`), and one problem anywhere means nothing
is imported. The task runs this; the service only starts it (`services.start_measurement_import`)."""

import contextlib
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.core.spreadsheets import csv_text
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.core.validation import check_text

from .models import Indicator, Measurement, Programme
from .validation import as_value, measurement_problems

REQUIRED_COLUMNS = {"indicator", "measured_on", "value", "unit"}
COLUMN_ORDER = ["indicator", "measured_on", "value", "unit", "note"]


def template_csv(programme: Programme) -> str:
    """The file to download and fill in: the columns, and one example row per indicator that is not
    computed (named as on the dashboard)."""
    indicators = Indicator.objects.filter(step__programme=programme, computed_from="")
    rows = [[indicator.name, "2026-11-23", "", indicator.unit, ""] for indicator in indicators]
    return csv_text(COLUMN_ORDER, rows or [["Name of the indicator", "2026-11-23", "42", "people", ""]])


def import_measurements(
    *, runner, programme: Programme, content: bytes, filename: str, progress: Progress | None = None
) -> int:
    """Check every row, then keep every measurement, or none at all."""
    report = progress.advance if progress else (lambda percent, message: None)
    if not permissions.can_run_programme(runner, programme):
        raise ImportRejected(
            [RowProblem(1, gettext("Only the coordinators of the programme's place can import"))]
        )
    report(5, gettext("Reading the file"))
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), REQUIRED_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, gettext("The file has no measurements in it")))
    if problems:
        raise ImportRejected(problems)
    indicators = {
        indicator.name.strip().lower(): indicator
        for indicator in Indicator.objects.filter(step__programme=programme)
    }
    valid, seen = [], {}
    for index, (number, row) in enumerate(rows):
        if index % 50 == 0:
            report(
                5 + int(60 * index / len(rows)),
                gettext("Checking row %(row)d of %(rows)d") % {"row": number, "rows": len(rows) + 1},
            )
        row_problems, parsed = _check_row(row, indicators)
        if not row_problems:
            key = (parsed["indicator"].pk, parsed["measured_on"])
            if key in seen:
                row_problems.append(
                    gettext("Row %(row)d already has a measurement of this indicator on this date")
                    % {"row": seen[key]}
                )
            seen[key] = number
        problems.extend(RowProblem(number, problem) for problem in row_problems)
        if not row_problems:
            valid.append((number, parsed))
    if problems:
        raise ImportRejected(problems)
    report(
        70,
        ngettext("%(count)d row is fine. Saving it", "All %(count)d rows are fine. Saving them", len(valid))
        % {"count": len(valid)},
    )
    try:
        with transaction.atomic():
            for number, parsed in valid:
                measurement, _ = Measurement.objects.update_or_create(
                    indicator=parsed["indicator"],
                    measured_on=parsed["measured_on"],
                    source=Measurement.Source.IMPORTED,
                    defaults={"value": parsed["value"], "note": parsed["note"], "recorded_by": runner},
                )
                audit.record(
                    actor=runner,
                    action="measurement.imported",
                    target=measurement,
                    note=f"Row {number} of {filename}",
                )
    except IntegrityError:
        raise ImportRejected(
            [RowProblem(1, gettext("Another import saved these measurements at the same time"))]
        ) from None
    return len(valid)


def _check_row(row: dict, indicators: dict) -> tuple[list[str], dict]:
    messages: list[str] = []
    name = row.get("indicator", "").strip()
    indicator = indicators.get(name.lower())
    if indicator is None:
        messages.append(
            gettext("No indicator of this programme is called “%(name)s”") % {"name": name}
            if name
            else gettext("Enter the indicator")
        )
    elif indicator.computed_from:
        messages.append(
            gettext("“%(indicator)s” is worked out by Ostrom, so it cannot be imported")
            % {"indicator": indicator.name}
        )
        indicator = None
    measured_on = None
    text = row.get("measured_on", "").strip()
    with contextlib.suppress(ValueError):
        measured_on = date.fromisoformat(text[:10]) if text else None
    if measured_on is None:
        messages.append(
            gettext("Enter the date it was measured, like 2026-11-23")
            if not text
            else gettext("“%(text)s” is not a date like 2026-11-23") % {"text": text}
        )
    note_problems: dict = {}
    check_text(note_problems, "note", row.get("note", ""), max_length=300)
    messages.extend(gettext("Note: %(problem)s") % {"problem": message} for message in note_problems.values())
    parsed: dict = {
        "indicator": indicator,
        "measured_on": measured_on,
        "note": row.get("note", ""),
        "value": None,
    }
    if indicator is not None:
        found = measurement_problems(indicator, value=row.get("value", ""), unit=row.get("unit", ""))
        messages.extend(found.values())
        if not found:
            parsed["value"] = as_value(row["value"])
    return messages, parsed
