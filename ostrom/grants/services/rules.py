"""Rules every part of a grant round shares: the phase check's exception, the coordinators-only
message and the checks on amounts and whole numbers."""

from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy


class PhaseClosed(Exception):
    """The round is not in the phase this needs; the message says what is possible now."""


ONLY_COORDINATORS = gettext_lazy(
    "Only coordinators of the places this fund serves run its rounds, and you are not one of them."
)
NOT_ON_PANEL = gettext_lazy(
    "Only members of this round's decision panel assess applications, and you are not on it."
)


def check_amount(problems: dict, field: str, value, *, largest: Decimal, name: str | None = None) -> None:
    """`name` is translated where it is written (gettext_lazy), "Amount" when not given."""
    name = name or gettext("Amount")
    if not isinstance(value, Decimal | int) or isinstance(value, bool) or not Decimal(value).is_finite():
        problems[field] = gettext("%(name)s must be a number, like 2500") % {"name": name}
    elif value <= 0:
        problems[field] = gettext("%(name)s must be more than £0") % {"name": name}
    elif value > largest:
        problems[field] = gettext("%(name)s must be %(largest)s or less") % {
            "name": name,
            "largest": f"£{largest:,.2f}",
        }
    elif Decimal(value).as_tuple().exponent < -2:
        problems[field] = gettext("%(name)s must be in pounds and pence, like 2500.50") % {"name": name}


def check_whole_number(problems: dict, field: str, value, *, smallest: int, largest: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        problems[field] = gettext("Enter a whole number")
    elif not smallest <= value <= largest:
        problems[field] = gettext("Enter a whole number from %(smallest)s to %(largest)s") % {
            "smallest": f"{smallest:,}",
            "largest": f"{largest:,}",
        }
