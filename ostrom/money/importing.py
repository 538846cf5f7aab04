"""Reading a body's budget lines from an uploaded CSV or Excel file, row by row: every row is checked
with the same rules as the form (`validation.checked_budget_line`), and one problem anywhere means
nothing is imported. The task runs this; the service only starts it (`services.start_budget_import`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from ostrom.accounts import permissions
from ostrom.core import audit
from ostrom.core.models import Progress
from ostrom.core.tables import ImportRejected, RowProblem, read_rows, require_columns
from ostrom.decisions.models import Body

from .models import BudgetLine
from .validation import IMPORT_COLUMNS, checked_budget_line, choice_from


def import_budget_lines(
    *, actor, body: Body, content: bytes, filename: str, progress: Progress | None = None
) -> int:
    """Budget lines from a CSV or Excel file with the columns year, category, prevention_kind (for
    community-led prevention), amount and source. Returns how many were imported."""
    report = progress.advance if progress else (lambda percent, message: None)
    if not permissions.can_manage_budgets(actor, body):
        raise ImportRejected(
            [RowProblem(1, gettext("Only the coordinators of the places this body serves can import"))]
        )
    report(5, gettext("Reading the file"))
    rows = list(read_rows(content, filename))
    problems = require_columns(set(rows[0][1]) if rows else set(), IMPORT_COLUMNS)
    if not rows:
        problems.append(RowProblem(2, gettext("The file has no budget lines in it")))
    if problems:
        raise ImportRejected(problems)
    lines = []
    for number, row in rows:
        year = row.get("year", "").strip()
        try:
            line = checked_budget_line(
                body=body,
                year=int(year) if year.isascii() and year.isdecimal() and len(year) <= 4 else year,
                category=choice_from(row.get("category", ""), BudgetLine.Category),
                prevention_kind=choice_from(row.get("prevention_kind", ""), BudgetLine.PreventionKind),
                amount=row.get("amount", "").replace(",", "").replace("£", "").strip(),
                source_note=row.get("source", ""),
            )
        except ValidationError as problem:
            problems.extend(
                RowProblem(number, message)
                for messages in problem.message_dict.values()
                for message in messages
            )
        else:
            lines.append(line)
    if problems:
        raise ImportRejected(problems)
    report(80, gettext("Keeping the budget lines"))
    # Only the writing is one transaction, after the last progress report: a report inside it would hold
    # the progress record's lock, and the worker's heartbeat would wait on it until the end.
    with transaction.atomic():
        BudgetLine.objects.bulk_create(lines)  # PostgreSQL and SQLite both give back the new ids
        for line in lines:
            audit.record(
                actor=actor,
                action="budget_line.created",
                target=line,
                note=f"imported from {filename[:100]}",
            )
    return len(lines)
