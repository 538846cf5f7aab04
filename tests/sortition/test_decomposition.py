"""LEXIMIN worked out on the quota polytope and written as a lottery by the walk (the fast path), and
column generation level by level (the fallback), must give the same chances."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from ostrom.sortition import PanelRequest, find_distribution, meets_quotas
from ostrom.sortition import distribution as distribution_module
from ostrom.sortition.decomposition import QuotaPolytope, decompose
from ostrom.sortition.distribution import _reach, initial_panels, relaxed_leximin
from ostrom.sortition.panel_search import PanelSearch
from ostrom.sortition.pool import group_volunteers
from ostrom.sortition.synthetic import skewed_request

# The walk writes this pool's LEXIMIN as a lottery (on many pools it stops on a face with no panel
# and column generation takes over; see `decompose`).
WALKABLE = {"volunteer_count": 600, "feature_count": 5, "panel_size": 24, "seed": 0}


def _reacher(groups, search, request):
    return lambda point, panels: _reach(groups, search, request.panel_size, point, panels)


def _walk(request: PanelRequest):
    groups = group_volunteers(request)
    search = PanelSearch(groups, request.quotas, request.panel_size)
    _, possible = initial_panels(search, len(groups))
    polytope = QuotaPolytope.of(request, groups, possible)
    target = relaxed_leximin(polytope)
    return groups, polytope, target, decompose(search, polytope, target, _reacher(groups, search, request))


def test_the_walk_writes_a_skewed_pools_leximin_as_a_lottery_over_panels_that_meet_the_quotas():
    request = skewed_request(**WALKABLE)
    groups, polytope, target, (panels, probabilities) = _walk(request)

    assert probabilities is not None, "the fast path should serve this pool"
    assert probabilities.min() > 0 and probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    expected = probabilities @ np.array(panels, dtype=np.float64)
    assert np.abs(expected - target).max() <= 1e-7
    for panel in panels:
        people = [groups.members[g][i] for g in np.flatnonzero(panel) for i in range(panel[g])]
        by_id = {volunteer.id: volunteer for volunteer in request.volunteers}
        assert meets_quotas(request, [by_id[person] for person in people])


def test_the_walk_never_changes_the_polytopes_search_it_borrows():
    request = skewed_request(**WALKABLE)
    groups = group_volunteers(request)
    search = PanelSearch(groups, request.quotas, request.panel_size)
    weights = np.random.default_rng(3).random(len(groups))
    before = search.relaxed_panel(weights)
    _, possible = initial_panels(search, len(groups))
    polytope = QuotaPolytope.of(request, groups, possible)
    decompose(search, polytope, relaxed_leximin(polytope), _reacher(groups, search, request))

    after = search.relaxed_panel(weights)

    assert after[1] == pytest.approx(before[1], abs=1e-9)


def test_the_fast_path_and_column_generation_give_everyone_the_same_chance(monkeypatch):
    request = skewed_request(**WALKABLE)
    fast = find_distribution(request).selection_probabilities
    monkeypatch.setattr(distribution_module, "decompose", lambda search, polytope, target, reach: ([], None))

    slow = find_distribution(request).selection_probabilities

    worst = max(fast, key=lambda volunteer: abs(fast[volunteer] - slow[volunteer]))
    assert abs(fast[worst] - slow[worst]) <= 1e-6, f"{worst}: {fast[worst]} against {slow[worst]}"


def test_a_solvers_point_is_put_exactly_on_the_bounds_it_is_within_rounding_of():
    # Rows: panel size n_0 + n_1 + n_2 = 2, and 1 ≤ n_0 + n_1 ≤ 2. The point is a rounding error
    # off n_2 = 1 and off both rows' limits; the walk needs it exactly on them.
    polytope = QuotaPolytope(
        rows=sparse.csr_array(np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 0.0]])),
        lower=np.array([2.0, 1.0]),
        upper=np.array([2.0, 2.0]),
        most=np.ones(3),
    )
    point = np.array([0.4, 0.6 - 3e-10, 1.0 - 2e-10])

    cleaned = polytope.onto_faces(point, within=1e-8)

    assert cleaned[2] == 1.0
    assert polytope.rows @ cleaned == pytest.approx([2.0, 1.0], abs=1e-15)
    assert cleaned[:2] == pytest.approx(point[:2], abs=1e-9)
