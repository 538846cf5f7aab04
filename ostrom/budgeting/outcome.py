"""What a rule decided and why, as plain data a page can render or a statistician can check."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from fractions import Fraction


def money(amount: Fraction | float | int) -> Decimal:
    """An amount rounded to the penny for display; decisions never use the rounded value."""
    if isinstance(amount, float):
        amount = Fraction(amount)
    exact = (
        Decimal(amount.numerator) / Decimal(amount.denominator)
        if isinstance(amount, Fraction)
        else Decimal(amount)
    )
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


class Why(StrEnum):
    """Why a project was funded or not, for an application to word in its readers' language from the
    explanation's numbers (``reason`` is the same in English, for the command line)."""

    FREE = "free"  # Funded: it costs nothing and people voted for it.
    SHARES_PAID = "shares-paid"  # Equal Shares: each supporter paid price_per_supporter of share_per_voter.
    POINTS_PAID = "points-paid"  # Equal Shares on points: supporters paid price_per_point for each point.
    SHARES_RAN_OUT = "shares-ran-out"  # Equal Shares: supporters_money_left was less than money_needed.
    NO_VOTES = "no-votes"
    WORTH_NOTHING = "worth-nothing"  # Costs nothing, so under cost utilities it is worth nothing.
    FITTED = "fitted"  # Reached at step by support per pound (or by points); cost fitted in budget_left.
    DID_NOT_FIT = "did-not-fit"  # Reached at step, but money_needed was more than budget_left.
    BELOW_MINIMUM = "below-minimum"  # Fewer points than minimum_points.
    LOWEST_LOAD = "lowest-load"  # Phragmén: bought at step once each supporter had paid load in all.
    OVER_BUDGET = "over-budget"  # Costs more than the whole budget.
    STOPPED = "stopped"  # Phragmén stopped first (budget_left); it would have needed load.


@dataclass(frozen=True)
class ProjectExplanation:
    """Why one project was funded or not: ``why`` and the numbers it names.

    ``step`` is the greedy position reached, the Equal Shares round, or the Phragmén purchase;
    ``points`` the project's total points under the most-points-first rule (``by_points``).
    Amounts are rounded to the penny for display. Fields a rule does not use stay ``None``.
    """

    project_id: str
    is_selected: bool
    reason: str
    step: int | None = None
    supporter_count: int = 0
    budget_left: Decimal | None = None
    price_per_supporter: Decimal | None = None
    supporters_paying_all_count: int | None = None
    supporters_money_left: Decimal | None = None
    money_needed: Decimal | None = None
    load: Decimal | None = None
    phase: str | None = None
    points: Decimal | None = None
    why: Why | None = None
    cost: Decimal | None = None
    share_per_voter: Decimal | None = None
    price_per_point: Decimal | None = None
    minimum_points: Decimal | None = None
    by_points: bool = False


@dataclass(frozen=True)
class Outcome:
    """The funded projects in the order the rule chose them, their total cost and an explanation each."""

    rule: str
    selected: tuple[str, ...]
    cost: Fraction
    budget: Fraction
    explanations: dict[str, ProjectExplanation]
    details: dict[str, str] = field(default_factory=dict)

    @property
    def selected_set(self) -> frozenset[str]:
        return frozenset(self.selected)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: ``{"rule", "selected": sorted ids, "cost", "explanations": {id: {...}}, "details"}``."""
        return {
            "rule": self.rule,
            "selected": sorted(self.selected),
            "cost": _json_number(self.cost),
            "explanations": {
                project_id: {key: _json_value(value) for key, value in asdict(explanation).items()}
                for project_id, explanation in self.explanations.items()
            },
            "details": dict(self.details),
        }


def _json_number(amount: Fraction) -> int | float | str:
    if amount.denominator == 1:
        return amount.numerator
    return str(money(amount))


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Why):
        return value.value
    return value
