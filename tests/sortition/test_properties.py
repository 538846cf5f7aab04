"""Property tests on small random pools, against a brute force that lists every possible panel.

The brute force is independent of the engine: it enumerates all panels person by person, and
finds the LEXIMIN chances with one linear program per level plus one per person (can this
person go above the level?), using SciPy.
"""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from ostrom.sortition import PanelRequest, Quota, QuotasCannotBeMet, Volunteer, find_distribution

FEATURES = {"age band": ("16-29", "30-59", "60+"), "lived experience": ("yes", "no")}


def panel_is_valid(request: PanelRequest, people: tuple[Volunteer, ...]) -> bool:
    counts = Counter((f, p.features[f]) for p in people for f in request.features)
    if request.one_per_household:
        homes = [p.household for p in people if p.household is not None]
        if len(homes) != len(set(homes)):
            return False
    return all(q.minimum <= counts[(q.feature, q.value)] <= q.maximum for q in request.quotas)


def every_valid_panel(request: PanelRequest) -> list[tuple[int, ...]]:
    people = request.volunteers
    return [
        combo
        for combo in itertools.combinations(range(len(people)), request.panel_size)
        if panel_is_valid(request, tuple(people[i] for i in combo))
    ]


def leximin_by_enumeration(request: PanelRequest, panels: list[tuple[int, ...]]) -> np.ndarray:
    n, count = len(request.volunteers), len(panels)
    member = np.zeros((n, count))
    for column, panel in enumerate(panels):
        member[list(panel), column] = 1.0
    fixed: dict[int, float] = {i: 0.0 for i in range(n) if not member[i].any()}

    def best(objective: np.ndarray, floors: dict[int, float], rising: list[int], level: float | None):
        # Variables: panel probabilities, then z. Maximise objective·x.
        rows, bounds_rhs = [], []
        for i, floor in floors.items():
            rows.append(np.concatenate([-member[i], [0.0]]))
            bounds_rhs.append(-floor)
        for i in rising:
            if level is None:
                rows.append(np.concatenate([-member[i], [1.0]]))
                bounds_rhs.append(0.0)
            else:
                rows.append(np.concatenate([-member[i], [0.0]]))
                bounds_rhs.append(-level)
        result = linprog(
            -objective,
            A_ub=np.array(rows) if rows else None,
            b_ub=np.array(bounds_rhs) if rows else None,
            A_eq=np.concatenate([np.ones(count), [0.0]])[None, :],
            b_eq=[1.0],
            bounds=[(0, None)] * count + [(0, 1)],
            method="highs",
        )
        assert result.status == 0
        return -result.fun

    while len(fixed) < n:
        rising = [i for i in range(n) if i not in fixed]
        level = best(np.concatenate([np.zeros(count), [1.0]]), fixed, rising, None)
        slack_floors = {i: v - 1e-9 for i, v in fixed.items()}
        held = [
            i
            for i in rising
            if best(np.concatenate([member[i], [0.0]]), slack_floors, rising, level - 1e-9) <= level + 1e-7
        ]
        for i in held:
            fixed[i] = level
    return np.array([fixed[i] for i in range(n)])


@st.composite
def small_requests(draw) -> PanelRequest:
    size = draw(st.integers(5, 11))
    panel_size = draw(st.integers(2, 5))
    one_per_household = draw(st.booleans())
    volunteers = tuple(
        Volunteer(
            id=f"person {i}",
            features={feature: draw(st.sampled_from(values)) for feature, values in FEATURES.items()},
            household=draw(st.sampled_from([None, "home A", "home B"])) if one_per_household else None,
        )
        for i in range(size)
    )
    quotas = []
    for feature, values in FEATURES.items():
        for value in values:
            # Mostly meetable quotas, so that most examples test the lottery, some test the refusal.
            minimum = draw(st.sampled_from([0, 0, 1, 1, 2]))
            quotas.append(Quota(feature, value, minimum, minimum + draw(st.integers(1, panel_size))))
    return PanelRequest(volunteers, tuple(quotas), panel_size, one_per_household)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_requests())
def test_leximin_matches_brute_force_or_the_quotas_are_reported_unmeetable(request):
    panels = every_valid_panel(request)
    if not panels:
        with pytest.raises(QuotasCannotBeMet):
            find_distribution(request)
        return
    distribution = find_distribution(request)
    expected = leximin_by_enumeration(request, panels)
    ours = np.array([distribution.selection_probabilities[v.id] for v in request.volunteers])
    np.testing.assert_allclose(np.sort(ours), np.sort(expected), atol=1e-6)
    # LEXIMIN is unique, so not only the sorted profile but each person's chance must agree.
    np.testing.assert_allclose(ours, expected, atol=1e-6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_requests(), st.sampled_from(["leximin", "maximin"]))
def test_every_panel_in_the_lottery_meets_every_quota_and_chances_add_up(request, algorithm):
    if not every_valid_panel(request):
        with pytest.raises(QuotasCannotBeMet, match="."):
            find_distribution(request, algorithm=algorithm)
        return
    distribution = find_distribution(request, algorithm=algorithm)
    by_id = {v.id: v for v in request.volunteers}
    chances = dict.fromkeys(by_id, 0.0)
    for panel, probability in zip(distribution.panels, distribution.panel_probabilities, strict=True):
        assert probability > 0
        groups = [distribution.groups[g] for g, _ in panel]
        # Any choice of members within the groups gives a valid panel; check the first ones.
        people = tuple(
            by_id[m] for (g, taken), members in zip(panel, groups, strict=True) for m in members[:taken]
        )
        assert len(people) == request.panel_size
        assert panel_is_valid(request, people)
        for (_, taken), members in zip(panel, groups, strict=True):
            for member in members:
                chances[member] += probability * taken / len(members)
    assert sum(distribution.panel_probabilities) == pytest.approx(1.0, abs=1e-9)
    for volunteer_id, chance in chances.items():
        assert distribution.selection_probabilities[volunteer_id] == pytest.approx(chance, abs=1e-9)
    assert sum(chances.values()) == pytest.approx(request.panel_size, abs=1e-6)
