"""The rules every money figure is checked with, shared by the services, the forms, the API and the
budget-line import (which runs in a task and so never imports the services)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from ostrom.core.validation import check_text, raise_problems

from .models import FIRST_YEAR, LAST_YEAR, BudgetLine

LARGEST_AMOUNT = Decimal("999999999999.99")


# --- Checking what was given --------------------------------------------------------------------


def check_amount(
    problems: dict, field: str, value, *, name: str = "Amount", positive: bool = False
) -> Decimal:
    """The value as pounds and pence, or a problem on `field`."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        problems[field] = f"{name} must be a number of pounds, like 2500"
        return Decimal(0)
    if isinstance(value, bool) or not amount.is_finite():
        problems[field] = f"{name} must be a number of pounds, like 2500"
    elif amount > LARGEST_AMOUNT:  # before rounding to pence, which a number like 1E30 cannot be
        problems[field] = f"{name} must be less than £1 trillion"
    elif amount < -LARGEST_AMOUNT:
        problems[field] = f"{name} must be £0 or more"
    elif amount != amount.quantize(Decimal("0.01")):
        problems[field] = f"{name} must be in pounds and pence, with no more than 2 decimal places"
    elif positive and amount <= 0:
        problems[field] = f"{name} must be more than £0"
    elif amount < 0:
        problems[field] = f"{name} must be £0 or more"
    elif amount > LARGEST_AMOUNT:
        problems[field] = f"{name} must be less than £1 trillion"
    else:
        return amount.quantize(Decimal("0.01"))
    return Decimal(0)


def check_year(problems: dict, field: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        problems[field] = f"Enter the year the financial year starts in, from {FIRST_YEAR} to {LAST_YEAR}"
        return FIRST_YEAR
    return value


def check_date(problems: dict, field: str, value, *, name: str) -> None:
    if not isinstance(value, date):
        problems[field] = f"Enter {name}, like 2026-04-01"


def check_choice(problems: dict, field: str, value, choices, message: str) -> None:
    if value not in choices.values:
        problems[field] = message


def checked_budget_line(*, body, year, category, prevention_kind, amount, source_note) -> BudgetLine:
    problems: dict = {}
    year = check_year(problems, "year", year)
    check_choice(
        problems,
        "category",
        category,
        BudgetLine.Category,
        "Choose acute care, community-led prevention or other",
    )
    prevention_kind = prevention_kind or ""
    if category == BudgetLine.Category.PREVENTION:
        check_choice(
            problems,
            "prevention_kind",
            prevention_kind,
            BudgetLine.PreventionKind,
            "Choose the kind of community-led prevention",
        )
    elif prevention_kind:
        problems["prevention_kind"] = "Only community-led prevention has a kind; leave it empty"
    amount = check_amount(problems, "amount", amount)
    check_text(
        problems, "source_note", source_note, max_length=300, required="Say where the figure comes from"
    )
    raise_problems(problems)
    return BudgetLine(
        body=body,
        year=year,
        category=category,
        prevention_kind=prevention_kind,
        amount=amount,
        source_note=source_note.strip(),
    )


IMPORT_COLUMNS = {"year", "category", "amount", "source"}


def choice_from(text: str, choices) -> str:
    """A choice by its value or its label, in any case ("prevention", "Community-led prevention")."""
    wanted = text.strip().lower()
    for value, label in choices.choices:
        if wanted in (value, label.lower()):
            return value
    return text.strip()
