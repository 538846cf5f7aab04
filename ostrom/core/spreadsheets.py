"""The one writer for every CSV and XLSX file Ostrom hands out, so no cell becomes a live formula.

A value typed by anyone (an organisation's name, a statement, an address) can start with "=", "+",
"-", "@", a tab or a carriage return; a spreadsheet program opening the file would run it as a
formula ("=HYPERLINK(…)" sends the reader's data elsewhere). OWASP's advice for CSV is to put a
single quote in front of such a text, which spreadsheets show but do not run. An XLSX cell has a
type, so there the cell is simply stored as text: the value stays exactly as typed.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import load_workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A value safe to put in a CSV cell. Numbers stay numbers: only text can smuggle a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence, rows: Iterable[Sequence]) -> str:
    """A whole CSV file as text, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(value) for value in header])
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()


def neutralise_workbook(path: Path) -> None:
    """Store every formula cell of an XLSX file (openpyxl writes any text starting with "=" as one)
    as plain text, in place."""
    workbook = load_workbook(path)
    changed = False
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    changed = True
    if changed:
        workbook.save(path)
