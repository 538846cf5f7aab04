"""Fixtures for the budgeting tests: every Pabulib file in tests/data/pabulib, read once per session."""

from __future__ import annotations

import pytest

from ostrom.budgeting import Election, read_pabulib
from tests.budgeting.peer import DATA, FILES


@pytest.fixture(scope="session")
def elections() -> dict[str, Election]:
    return {name: read_pabulib(DATA / name) for name in FILES}
