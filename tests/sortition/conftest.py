from __future__ import annotations

import pytest

from ostrom.sortition import Distribution, PanelRequest, find_distribution
from tests.sortition.peer import fixture_request, paper_request, synthetic_instances


@pytest.fixture(scope="session")
def fixture_pool() -> PanelRequest:
    return fixture_request()


@pytest.fixture(scope="session")
def fixture_leximin(fixture_pool: PanelRequest) -> Distribution:
    return find_distribution(fixture_pool)


@pytest.fixture(scope="session")
def real_instances() -> dict[str, PanelRequest]:
    """Every instance we can run both engines on: the peer's fixture (with and without shared
    households), the paper's small example and small synthetic pools."""
    return {
        "sortition-algorithms fixture": fixture_request(),
        "sortition-algorithms fixture with households": fixture_request(households=True),
        "paper example_small_20": paper_request("example_small_20"),
        **synthetic_instances(),
    }
