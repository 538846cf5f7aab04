"""Money's figures, worked out from their parts and never typed: a year's prevention share, and a
programme's total costs, total value and benefit–cost ratio at low, central and high unit values.

Lines may be model rows or dicts with the same names, so a form can show the figures before saving."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

from ostrom.insight.money import money

__all__ = ["CASES", "CostBenefitSummary", "money", "ratio_text", "share_of", "summarise"]

PENNY = Decimal("0.01")
CASES = ("low", "central", "high")


def _value(line, name):
    return line[name] if isinstance(line, dict) else getattr(line, name)


def share_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` as a percentage of `whole`, to two decimal places; None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostBenefitSummary:
    total_costs: Decimal
    value: dict[str, Decimal]  # "low" / "central" / "high" -> total value of the outcomes
    ratio: dict[str, Decimal | None]  # the same cases -> value per £1 of cost (None when nothing costs)

    @property
    def net_value(self) -> dict[str, Decimal]:
        return {case: self.value[case] - self.total_costs for case in CASES}


def outcome_value(line, case: str) -> Decimal:
    return (Decimal(_value(line, "quantity")) * Decimal(_value(line, f"unit_value_{case}"))).quantize(PENNY)


def summarise(costs: Iterable, outcomes: Iterable) -> CostBenefitSummary:
    """Costs have `amount`; outcomes have `quantity` and `unit_value_low|central|high`."""
    outcomes = list(outcomes)
    total_costs = sum((Decimal(_value(line, "amount")) for line in costs), Decimal("0.00")).quantize(PENNY)
    value = {
        case: sum((outcome_value(line, case) for line in outcomes), Decimal("0.00")).quantize(PENNY)
        for case in CASES
    }
    ratio = {
        case: (value[case] / total_costs).quantize(PENNY, rounding=ROUND_HALF_UP) if total_costs else None
        for case in CASES
    }
    return CostBenefitSummary(total_costs=total_costs, value=value, ratio=ratio)


def ratio_text(ratio: Decimal | None) -> str:
    """ "£3.20 of value for every £1 spent", or why there is no ratio."""
    if ratio is None:
        return gettext("No ratio: there are no costs yet")
    return gettext("%(ratio)s of value for every £1 spent") % {"ratio": f"£{ratio:,.2f}"}
