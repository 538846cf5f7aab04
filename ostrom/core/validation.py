"""Text as the database can store it, checked the same way for forms, the API and imports.

PostgreSQL refuses a string longer than its column or containing NUL ("\\x00") with an error, which
would be a 500; SQLite stores anything. Services check every text they are given with these, so the
API cannot skip a form's limits, and the API's schemas use `Text(n)` to refuse the same values early.
"""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop
from pydantic import AfterValidator, StringConstraints

# The largest id an integer column holds on PostgreSQL; a bigger one from a form or URL is "not found".
LARGEST_ID = 2_147_483_647
CONTROL_CHARACTER = gettext_noop("Remove the invisible control character from this text")


def check_text(problems: dict, field: str, value, *, max_length: int, required: str | None = None) -> None:
    """Add a plain-English problem for `field` to `problems` if `value` is not storable text
    (or is blank when `required` gives the message for that)."""
    if not isinstance(value, str):
        problems[field] = gettext("Enter text")
    elif "\x00" in value:
        problems[field] = gettext(CONTROL_CHARACTER)
    elif len(value) > max_length:
        problems[field] = gettext("This must be %(max_length)s characters or fewer") % {
            "max_length": f"{max_length:,}"
        }
    elif required and not value.strip():
        problems[field] = required


def raise_problems(problems: dict) -> None:
    """Raise every problem a service found at once, each on its field (`{field: message}`), or nothing."""
    if problems:
        raise ValidationError(problems)


def checked_text(value, *, field: str, name: str, limit: int) -> str:
    """The text itself, or a ValidationError on `field` naming what to change ("Statements must be …");
    `name` is translated where it is written (gettext_lazy)."""
    if not isinstance(value, str):
        raise ValidationError({field: gettext("%(name)s must be text") % {"name": name}})
    if "\x00" in value:
        raise ValidationError(
            {
                field: gettext("%(name)s contains a character we cannot store. Remove it and try again")
                % {"name": name}
            }
        )
    if len(value) > limit:
        raise ValidationError(
            {
                field: gettext("%(name)s must be %(limit)s characters or fewer")
                % {"name": name, "limit": f"{limit:,}"}
            }
        )
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(CONTROL_CHARACTER)
    return value


def Text(max_length: int):  # noqa: N802 - a type, named like one
    """An API string with the column's length limit, refusing NUL."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_no_nul)]
