"""The legacy greedy algorithm, kept for comparison: its panels always meet the quotas."""

from __future__ import annotations

import pytest

from ostrom.sortition import legacy_panel, meets_quotas, select_panel
from tests.sortition.peer import fixture_request, paper_request


@pytest.mark.parametrize("request_name", ["fixture", "fixture with households", "paper example_small_20"])
def test_legacy_panels_always_meet_the_quotas(request_name):
    request = {
        "fixture": fixture_request,
        "fixture with households": lambda: fixture_request(households=True),
        "paper example_small_20": lambda: paper_request("example_small_20"),
    }[request_name]()
    by_id = {v.id: v for v in request.volunteers}
    for seed in range(20):
        panel = legacy_panel(request, seed=str(seed))
        assert meets_quotas(request, [by_id[i] for i in panel]), seed


def test_legacy_is_repeatable_from_its_seed(fixture_pool):
    assert legacy_panel(fixture_pool, seed="x") == legacy_panel(fixture_pool, seed="x")
    assert select_panel(fixture_pool, seed="x", algorithm="legacy").distribution is None
