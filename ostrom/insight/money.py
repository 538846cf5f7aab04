"""A case for action's figures: each line's amount, and the totals worked out from them – never typed."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext


@dataclass(frozen=True)
class Totals:
    costs: Decimal  # what the action costs the NHS
    savings: Decimal  # what it saves the NHS

    @property
    def net_saving(self) -> Decimal:
        """Savings minus costs: negative when the action costs the NHS more than it saves."""
        return self.savings - self.costs

    @property
    def net_cost(self) -> Decimal:
        """The same figure the other way round: costs minus savings."""
        return self.costs - self.savings

    @property
    def net_in_words(self) -> str:
        if self.net_saving > 0:
            return gettext("a net saving to the NHS of %(amount)s") % {"amount": money(self.net_saving)}
        if self.net_saving < 0:
            return gettext("a net cost to the NHS of %(amount)s") % {"amount": money(self.net_cost)}
        return gettext("the savings and costs balance")


def _value(line, name):
    return line[name] if isinstance(line, dict) else getattr(line, name)


def amount_of(line) -> Decimal:
    return _value(line, "unit_cost") * _value(line, "quantity")


def totals_of(lines: Iterable) -> Totals:
    """Lines are CostLine rows or dicts with effect, unit_cost and quantity."""
    costs, savings = Decimal("0.00"), Decimal("0.00")
    for line in lines:
        if _value(line, "effect") == "saving":
            savings += amount_of(line)
        else:
            costs += amount_of(line)
    return Totals(costs=costs.quantize(Decimal("0.01")), savings=savings.quantize(Decimal("0.01")))


def money(amount: Decimal) -> str:
    """£1,234.50; whole pounds without pence (£1,234); a minus sign in front of the pound sign."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{sign}£{text}"
