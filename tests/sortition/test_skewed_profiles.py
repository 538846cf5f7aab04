"""Regression: on skewed pools the chances of selection stay those the engine gave before it was
made faster (commit 5410ee8). The LEXIMIN chances and the Nash chances are both unique, so any
correct engine gives the same ones; the stored profiles are a check on every speed-up.

    .venv/bin/python -m tests.sortition.test_skewed_profiles   # writes the data files again
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ostrom.sortition import PanelRequest, find_distribution, find_nash_distribution
from ostrom.sortition.synthetic import skewed_request

DATA = Path(__file__).parent / "data"
POOLS = {
    "skewed 300×5 (k=16)": (dict(volunteer_count=300, feature_count=5, panel_size=16, seed=1), "quick"),
    "skewed 1200×5 (k=40)": (dict(volunteer_count=1200, feature_count=5, panel_size=40, seed=0), "slow"),
}
ENGINES = {"leximin": find_distribution, "nash": find_nash_distribution}


def _path(pool: str) -> Path:
    return DATA / f"{pool.split(' (')[0].replace(' ', '-').replace('×', 'x')}-profiles.json"


def _request(pool: str) -> PanelRequest:
    return skewed_request(**POOLS[pool][0])


def _cases() -> list:
    return [
        pytest.param(pool, engine, marks=[pytest.mark.slow] if speed == "slow" else [], id=f"{pool} {engine}")
        for pool, (_, speed) in POOLS.items()
        for engine in ENGINES
    ]


@pytest.mark.parametrize(("pool", "engine"), _cases())
def test_every_volunteer_keeps_the_chance_the_engine_gave_before(pool, engine):
    stored = json.loads(_path(pool).read_text())[engine]

    chances = ENGINES[engine](_request(pool)).selection_probabilities

    assert sorted(chances) == sorted(stored)
    differences = {volunteer: chances[volunteer] - stored[volunteer] for volunteer in stored}
    worst = max(differences, key=lambda volunteer: abs(differences[volunteer]))
    assert abs(differences[worst]) <= 1e-6, f"{worst}: {chances[worst]} instead of {stored[worst]}"


def write_profiles() -> None:
    for pool in POOLS:
        request = _request(pool)
        profiles = {
            engine: {
                volunteer: round(chance, 12)
                for volunteer, chance in sorted(engine_function(request).selection_probabilities.items())
            }
            for engine, engine_function in ENGINES.items()
        }
        _path(pool).write_text(json.dumps(profiles, indent=0) + "\n")


if __name__ == "__main__":
    write_profiles()
