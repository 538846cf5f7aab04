from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from ostrom.sortition.panel_search import PanelSearch
from ostrom.sortition.pool import group_volunteers
from ostrom.sortition.synthetic import SKEWED_FEATURES, skewed_request, skewed_shares


def _pool_shares(request, feature) -> np.ndarray:
    counts = Counter(volunteer.features[feature.name] for volunteer in request.volunteers)
    return np.array([counts[value] for value in feature.values]) / len(request.volunteers)


def test_the_same_seed_gives_the_same_skewed_pool_and_another_seed_a_different_one():
    first = skewed_request(volunteer_count=300, panel_size=20, seed=4)

    assert skewed_request(volunteer_count=300, panel_size=20, seed=4) == first
    assert skewed_request(volunteer_count=300, panel_size=20, seed=5).volunteers != first.volunteers


@pytest.mark.parametrize("skew", [0.0, 0.1, 0.3])
def test_the_pool_is_as_far_from_the_population_as_the_skew_says(skew):
    request = skewed_request(
        volunteer_count=2000,
        feature_count=7,
        skews={feature.name: skew for feature in SKEWED_FEATURES},
        household_share=0.0,
    )

    for feature in SKEWED_FEATURES:
        distance = np.abs(_pool_shares(request, feature) - np.array(feature.population)).sum() / 2
        assert distance == pytest.approx(skew, abs=0.005), feature.name


def test_the_pool_leans_older_less_deprived_and_less_diverse():
    request = skewed_request(volunteer_count=1200)
    by_name = {feature.name: feature for feature in SKEWED_FEATURES}

    older = _pool_shares(request, by_name["age band"])[-1]
    most_deprived = _pool_shares(request, by_name["IMD quintile"])[0]
    white = _pool_shares(request, by_name["ethnic group"])[-1]

    assert older > 0.22 + 0.1
    assert most_deprived < 0.43 - 0.1
    assert white > 0.49 + 0.1


def test_partners_share_an_address_and_its_neighbourhood_and_one_per_household_is_required():
    request = skewed_request(volunteer_count=1000, household_share=0.1, feature_count=7)
    people_by_household = Counter(volunteer.household for volunteer in request.volunteers)
    shared = [volunteer for volunteer in request.volunteers if people_by_household[volunteer.household] == 2]

    assert request.one_per_household
    assert len(shared) == 100
    assert max(people_by_household.values()) == 2
    for household in {volunteer.household for volunteer in shared}:
        first, second = (volunteer for volunteer in shared if volunteer.household == household)
        assert first.features["IMD quintile"] == second.features["IMD quintile"]
        assert first.features["housing tenure"] == second.features["housing tenure"]


@pytest.mark.parametrize(("volunteer_count", "feature_count", "panel_size"), [(1200, 5, 40), (3000, 7, 60)])
def test_quotas_are_the_population_share_plus_or_minus_one_seat_and_can_be_met(
    volunteer_count, feature_count, panel_size
):
    request = skewed_request(
        volunteer_count=volunteer_count, feature_count=feature_count, panel_size=panel_size
    )
    quota_of = {(quota.feature, quota.value): quota for quota in request.quotas}

    for feature in SKEWED_FEATURES[:feature_count]:
        for value, share in zip(feature.values, feature.population, strict=True):
            quota = quota_of[(feature.name, value)]
            assert quota.minimum <= max(0.0, share * panel_size - 1) < share * panel_size + 1 <= quota.maximum
            assert quota.maximum - quota.minimum <= 3
    groups = group_volunteers(request)
    assert (
        PanelSearch(groups, request.quotas, request.panel_size).best_panel(np.zeros(len(groups))) is not None
    )


def test_a_skew_beyond_what_the_feature_allows_is_refused():
    with pytest.raises(ValueError, match="skew of gender"):
        skewed_shares(SKEWED_FEATURES[0], 0.6)
