"""The lottery page: quotas met, the panel's make-up against the population, the spread of chances."""

from collections import Counter
from dataclasses import dataclass

from ostrom.core.suppression import suppress

from .models import Lottery


@dataclass(frozen=True)
class QuotaRow:
    feature: str
    value: str
    minimum: int
    maximum: int
    panel_text: str
    population_share: str
    is_met: bool


def quota_rows(lottery: Lottery, *, exact: bool) -> list[QuotaRow]:
    """Each quota beside how many on the panel have that value. The public sees counts under 5 as
    "fewer than 5" (and the next smallest with it); coordinators see exact counts."""
    features_of = {vid: feats for vid, feats, _ in lottery.pool}
    shares = {(q.feature, q.value): q.population_share for q in lottery.assembly.quotas.all()}
    rows = []
    by_feature: dict[str, list] = {}
    for feature, value, minimum, maximum in lottery.quotas:
        by_feature.setdefault(feature, []).append((value, minimum, maximum))
    for feature, quotas in by_feature.items():
        counts = Counter(features_of[vid].get(feature) for vid in lottery.selected)
        cells = suppress({value: counts.get(value, 0) for value, _, _ in quotas})
        for value, minimum, maximum in quotas:
            count = counts.get(value, 0)
            share = shares.get((feature, value))
            rows.append(
                QuotaRow(
                    feature,
                    value,
                    minimum,
                    maximum,
                    str(count) if exact else cells[value].text,
                    f"{share:.0%}" if share is not None else "",
                    minimum <= count <= maximum,
                )
            )
    return rows


@dataclass(frozen=True)
class Chances:
    lowest: float
    highest: float
    pool_size: int
    fair_share: float


def chances(lottery: Lottery) -> Chances:
    values = list(lottery.probabilities.values())
    return Chances(min(values), max(values), len(values), len(lottery.selected) / len(values))
