"""Synthetic pools with correlated features, for the benchmark, property tests and demonstrations.

Real pools are private (the paper's nine real instances are not public), so this builds pools whose
features are correlated like real ones: each feature is a binned mix of one shared latent trait
and its own noise, so, for example, age band and lived experience move together.
"""

from __future__ import annotations

import numpy as np

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
