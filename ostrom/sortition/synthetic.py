"""Synthetic pools with correlated features, for the benchmark, property tests and demonstrations.

Real pools are private (the paper's nine real instances are not public), so this builds pools whose
features are correlated like real ones: each feature is a binned mix of one shared latent trait
and its own noise, so, for example, age band and lived experience move together. `synthetic_request`
sets quotas near the pool's own make-up; `skewed_request` builds a pool skewed the way real volunteer
pools are (older, less deprived, less diverse) with quotas at the population's shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ostrom.sortition.pool import PanelRequest, Quota, Volunteer


def synthetic_request(
    *,
    volunteer_count: int = 2000,
    feature_count: int = 6,
    panel_size: int = 60,
    quota_spread: float = 0.15,
    correlation: float = 0.5,
    seed: int = 0,
) -> PanelRequest:
    """A pool of `volunteer_count` people with `feature_count` features of 3 to 5 values each, and
    quotas within ±`quota_spread` of each value's share of the pool times `panel_size`.

    Feature f has 3 + f % 3 values, cut at quantiles of a normal variable that puts `correlation`
    of its variance on a trait shared by all features. The same arguments give the same pool.
    """
    generator = np.random.default_rng(seed)
    shared = generator.standard_normal(volunteer_count)
    columns = []
    quotas = []
    for feature in range(feature_count):
        value_count = 3 + feature % 3
        latent = np.sqrt(correlation) * shared + np.sqrt(1 - correlation) * generator.standard_normal(
            volunteer_count
        )
        # Uneven bins, as real categories are: the cut points are random quantiles.
        cuts = np.sort(generator.uniform(0.1, 0.9, value_count - 1))
        values = np.searchsorted(np.quantile(latent, cuts), latent)
        columns.append(values)
        for value in range(value_count):
            expected = panel_size * float(np.mean(values == value))
            quotas.append(
                Quota(
                    feature=f"feature {feature + 1}",
                    value=f"value {value + 1}",
                    minimum=int(np.floor(expected * (1 - quota_spread))),
                    maximum=int(np.ceil(expected * (1 + quota_spread))),
                )
            )
    volunteers = tuple(
        Volunteer(
            id=f"v{person}",
            features={
                f"feature {feature + 1}": f"value {columns[feature][person] + 1}"
                for feature in range(feature_count)
            },
        )
        for person in range(volunteer_count)
    )
    return PanelRequest(volunteers=volunteers, quotas=tuple(quotas), panel_size=panel_size)


@dataclass(frozen=True)
class SkewedFeature:
    """A feature with its values' shares of the population and a direction the pool leans towards.

    `values` are listed along that direction, so that the pool's skew and the correlation between
    features both follow it: `lean[v]` scores each value (higher is over-represented among
    volunteers: older, less deprived, White British, owner-occupiers, people with lived experience).
    """

    name: str
    values: tuple[str, ...]
    population: tuple[float, ...]
    lean: tuple[float, ...]


# Shares of the population aged 16 and over, rounded from the 2021 census for Birmingham (ethnic
# group, tenure, disability) and England (gender, age), and from the 2019 English indices of
# deprivation for Birmingham's neighbourhoods (IMD quintile 1 is the most deprived fifth of England).
# "Lived experience" (of the condition the panel discusses) is taken as a third of adults.
SKEWED_FEATURES = (
    SkewedFeature("gender", ("man", "woman"), (0.49, 0.51), (0.0, 1.0)),
    SkewedFeature(
        "age band",
        ("16–24", "25–34", "35–44", "45–54", "55–64", "65+"),
        (0.14, 0.17, 0.16, 0.16, 0.15, 0.22),
        (0.0, 1.0, 2.0, 3.0, 4.0, 5.0),
    ),
    SkewedFeature(
        "ethnic group",
        ("Black", "Asian", "Other", "Mixed", "White"),
        (0.11, 0.31, 0.04, 0.05, 0.49),
        (0.0, 0.0, 0.0, 0.0, 1.0),
    ),
    SkewedFeature(
        "IMD quintile",
        ("1 (most deprived)", "2", "3", "4", "5 (least deprived)"),
        (0.43, 0.20, 0.15, 0.12, 0.10),
        (0.0, 1.0, 2.0, 3.0, 4.0),
    ),
    SkewedFeature("lived experience", ("no", "yes"), (0.67, 0.33), (0.0, 1.0)),
    SkewedFeature("disability", ("no", "yes"), (0.82, 0.18), (0.0, 1.0)),
    SkewedFeature(
        "housing tenure",
        ("social rent", "private rent", "owner-occupier"),
        (0.24, 0.21, 0.55),
        (0.0, 0.0, 1.0),
    ),
)
# Features a partner in the same household shares: the address fixes the neighbourhood's deprivation
# and the tenure; ethnic group is shared in most households.
HOUSEHOLD_FEATURES = ("IMD quintile", "housing tenure", "ethnic group")


# How far each feature's pool shares are from the population's, by default: volunteers are older,
# less deprived, less often from minority ethnic groups and renters, more often living with a
# condition, as in citizens' assembly recruitment reports.
DEFAULT_SKEWS = {
    "gender": 0.04,
    "age band": 0.20,
    "ethnic group": 0.20,
    "IMD quintile": 0.25,
    "lived experience": 0.10,
    "disability": 0.05,
    "housing tenure": 0.15,
}


def skewed_shares(feature: SkewedFeature, skew: float) -> NDArray[np.float64]:
    """The pool's shares of `feature`'s values: the population's, tilted along `lean` (each share
    multiplied by exp(θ·lean), θ ≥ 0) until the total variation distance from the population's
    shares, half the sum of the absolute differences, is `skew`."""
    population = np.array(feature.population)
    lean = np.array(feature.lean)

    def tilted(theta: float) -> NDArray[np.float64]:
        shares = population * np.exp(theta * (lean - lean.max()))
        return shares / shares.sum()

    def distance(theta: float) -> float:
        return float(np.abs(tilted(theta) - population).sum() / 2)

    reachable = 1.0 - float(population[lean == lean.max()].sum())
    if not 0.0 <= skew < reachable:
        raise ValueError(f"The skew of {feature.name} must be at least 0 and below {reachable:.2f}.")
    low, high = 0.0, 1.0
    while distance(high) < skew:
        high *= 2
    for _ in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if distance(middle) < skew else (low, middle)
    return tilted(high)


def skewed_request(
    *,
    volunteer_count: int = 1200,
    feature_count: int = 5,
    panel_size: int = 40,
    skews: Mapping[str, float] | None = None,
    correlation: float = 0.3,
    household_share: float = 0.1,
    seed: int = 0,
) -> PanelRequest:
    """A pool that is older, less deprived and less diverse than the population, as real volunteer
    pools are, with quotas at the population's shares: what quotas exist to correct.

    Features are the first `feature_count` (5 to 7) of `SKEWED_FEATURES`: gender, age band, ethnic
    group, IMD quintile, lived experience, then disability and housing tenure. `skews` maps a feature
    to how far the pool's shares are from the population's (total variation distance, see
    `skewed_shares`); features not named get `DEFAULT_SKEWS`. Features are correlated through one
    shared trait (share `correlation` of each latent variable's variance), along the directions the
    pool leans, so older volunteers are also more often owner-occupiers in less deprived areas.

    About `household_share` of volunteers live in pairs with another volunteer (same address, so the
    same IMD quintile and tenure, and the same ethnic group); one per household is required. Each
    value's quota is its population share × `panel_size`, ± 1, rounded outwards (never below 0). The
    same arguments give the same pool. Raises ValueError if the skews or the feature count are out
    of range.
    """
    if not 1 <= feature_count <= len(SKEWED_FEATURES):
        raise ValueError(f"Choose between 1 and {len(SKEWED_FEATURES)} features.")
    chosen = SKEWED_FEATURES[:feature_count]
    skew_of = {**DEFAULT_SKEWS, **(skews or {})}
    generator = np.random.default_rng(seed)
    shared = generator.standard_normal(volunteer_count)
    columns: dict[str, NDArray[np.int64]] = {}
    for feature in chosen:
        latent = np.sqrt(correlation) * shared + np.sqrt(1 - correlation) * generator.standard_normal(
            volunteer_count
        )
        # Values sorted by lean, cut at the pool's cumulative shares: the highest latent values get
        # the most over-represented value, and the pool's shares are the skewed shares exactly.
        order = np.argsort(feature.lean, kind="stable")
        cumulative = np.cumsum(skewed_shares(feature, skew_of[feature.name])[order])[:-1]
        ranks = np.argsort(np.argsort(latent, kind="stable"), kind="stable")
        positions = np.searchsorted(np.round(cumulative * volunteer_count), ranks, side="right")
        columns[feature.name] = order[positions]
    households = [f"home {person}" for person in range(volunteer_count)]
    pair_count = int(round(volunteer_count * household_share / 2))
    people = generator.permutation(volunteer_count)
    for first, second in people[: 2 * pair_count].reshape(-1, 2):
        households[second] = households[first]
        for name in HOUSEHOLD_FEATURES:
            if name in columns:
                columns[name][second] = columns[name][first]
    quotas = tuple(
        Quota(
            feature=feature.name,
            value=value,
            minimum=max(0, int(np.floor(share * panel_size - 1))),
            maximum=int(np.ceil(share * panel_size + 1)),
        )
        for feature in chosen
        for value, share in zip(feature.values, feature.population, strict=True)
    )
    volunteers = tuple(
        Volunteer(
            id=f"v{person}",
            features={feature.name: feature.values[columns[feature.name][person]] for feature in chosen},
            household=households[person],
        )
        for person in range(volunteer_count)
    )
    return PanelRequest(volunteers=volunteers, quotas=quotas, panel_size=panel_size, one_per_household=True)
