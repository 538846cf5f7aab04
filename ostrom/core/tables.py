"""Reading uploaded tables (CSV or XLSX) row by row, for imports that validate every row.

An import either stores every row or nothing: validators collect a `RowProblem` for each bad
row, and the caller raises `ImportRejected` with all of them before writing anything.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext, ngettext
from openpyxl import load_workbook

# The longest field a CSV file we read may have (Python's own default, 128 KB). Set before every read,
# because the limit is global to the process and libraries change it (frictionless raises it to 2 GB
# when imported), which would let one uploaded field fill the memory.
CSV_FIELD_LIMIT = 131_072


def csv_reader(text: str, *, dict_rows: bool = False):
    """A CSV reader over `text` with Ostrom's field limit in force."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    return csv.DictReader(io.StringIO(text)) if dict_rows else csv.reader(io.StringIO(text))


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the person sees it in a spreadsheet: the header is row 1
    problem: str

    def as_dict(self) -> dict:
        return {"row": self.row, "problem": self.problem}


class ImportRejected(Exception):
    """The file had problems, so nothing was imported."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        # A row with two problems is one row with a problem: count rows, list problems.
        rows = len({problem.row for problem in problems})
        super().__init__(
            ngettext(
                "Nothing was imported: %(rows)d row had a problem",
                "Nothing was imported: %(rows)d rows had a problem",
                rows,
            )
            % {"rows": rows}
        )


class UnreadableFile(Exception):
    """The file is not a CSV or XLSX table we can read."""


def read_rows(content: bytes, filename: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each non-empty row; column names are stripped and lower case."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(content)
    elif suffix in {".xlsx", ".xlsm"}:
        yield from _xlsx_rows(content)
    else:
        raise UnreadableFile(gettext("The file must be a CSV or an Excel (.xlsx) file"))


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(gettext("The CSV file must be saved as UTF-8")) from None
    reader = csv_reader(text)
    try:
        header = next(reader, None)
    except csv.Error:
        raise ImportRejected(
            [
                RowProblem(
                    1,
                    gettext(
                        "A column name is longer than %(limit)s characters. Check that this is the right file"
                    )
                    % {"limit": f"{CSV_FIELD_LIMIT:,}"},
                )
            ]
        ) from None
    if not header:
        raise UnreadableFile(gettext("The file is empty"))
    columns = [name.strip().lower() for name in header]
    number = 1
    while True:
        number += 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # Only a field past CSV_FIELD_LIMIT makes Python's reader give up (it reads anything else).
            raise ImportRejected(
                [
                    RowProblem(
                        number,
                        gettext(
                            "A field in this row is longer than %(limit)s characters. "
                            "Check that this is the right file"
                        )
                        % {"limit": f"{CSV_FIELD_LIMIT:,}"},
                    )
                ]
            ) from None
        if any(value.strip() for value in values):
            yield (
                number,
                {column: (values[i].strip() if i < len(values) else "") for i, column in enumerate(columns)},
            )


def _xlsx_rows(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises many types for a file that is not a workbook
        raise UnreadableFile(gettext("The Excel file could not be opened")) from problem
    rows = workbook.active.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise UnreadableFile(gettext("The file is empty"))
    columns = [str(name or "").strip().lower() for name in header]
    for number, values in enumerate(rows, start=2):
        cells = ["" if value is None else str(value).strip() for value in values]
        if any(cells):
            yield number, {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns)}


def require_columns(columns_seen: set[str], required: set[str]) -> list[RowProblem]:
    missing = sorted(required - columns_seen)
    return [RowProblem(1, gettext("The file has no '%(name)s' column") % {"name": name}) for name in missing]
