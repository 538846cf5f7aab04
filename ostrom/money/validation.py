"""The rules every money figure is checked with, shared by the services, the forms, the API and the
budget-line import (which runs in a task and so never imports the services)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from ostrom.core.validation import check_text, raise_problems

from .models import FIRST_YEAR, LAST_YEAR, BudgetLine

LARGEST_AMOUNT = Decimal("999999999999.99")


# --- Checking what was given --------------------------------------------------------------------


def check_amount(
    problems: dict, field: str, value, *, name: str | None = None, positive: bool = False
) -> Decimal:
    """The value as pounds and pence, or a problem on `field`; `name` is translated where it is written
    (gettext_lazy), "Amount" when not given."""
    name = name or gettext("Amount")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        problems[field] = gettext("%(name)s must be a number of pounds, like 2500") % {"name": name}
        return Decimal(0)
    if isinstance(value, bool) or not amount.is_finite():
        problems[field] = gettext("%(name)s must be a number of pounds, like 2500") % {"name": name}
    elif amount > LARGEST_AMOUNT:  # before rounding to pence, which a number like 1E30 cannot be
        problems[field] = gettext("%(name)s must be less than £1 trillion") % {"name": name}
    elif amount < -LARGEST_AMOUNT:
        problems[field] = gettext("%(name)s must be £0 or more") % {"name": name}
    elif amount != amount.quantize(Decimal("0.01")):
        problems[field] = gettext(
            "%(name)s must be in pounds and pence, with no more than 2 decimal places"
        ) % {"name": name}
    elif positive and amount <= 0:
        problems[field] = gettext("%(name)s must be more than £0") % {"name": name}
    elif amount < 0:
        problems[field] = gettext("%(name)s must be £0 or more") % {"name": name}
    elif amount > LARGEST_AMOUNT:
        problems[field] = gettext("%(name)s must be less than £1 trillion") % {"name": name}
    else:
        return amount.quantize(Decimal("0.01"))
    return Decimal(0)


def check_year(problems: dict, field: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        problems[field] = gettext(
            "Enter the year the financial year starts in, from %(first)s to %(last)s"
        ) % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
        return FIRST_YEAR
    return value


def check_date(problems: dict, field: str, value, *, name: str) -> None:
    if not isinstance(value, date):
        problems[field] = gettext("Enter %(name)s, like 2026-04-01") % {"name": name}


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
        problems["prevention_kind"] = gettext("Only community-led prevention has a kind; leave it empty")
    amount = check_amount(problems, "amount", amount)
    check_text(
        problems,
        "source_note",
        source_note,
        max_length=300,
        required=gettext("Say where the figure comes from"),
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
