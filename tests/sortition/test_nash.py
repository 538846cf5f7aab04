"""Our Nash welfare lottery against the peer, sortition-algorithms' `find_distribution_nash` on HiGHS.

The Nash lottery maximises Σ log p_i over everyone some panel can include. Ours stops within a
relative 1e-6 of the optimum and proves it; the peer stops earlier, so ours must be at least as good
and very close.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter

import pytest
from sortition_algorithms.committee_generation import find_distribution_nash
from sortition_algorithms.utils import set_random_provider

from ostrom.sortition import (
    Distribution,
    PanelRequest,
    Quota,
    QuotasCannotBeMet,
    Volunteer,
    find_nash_distribution,
    meets_quotas,
    select_panel,
    verify,
)
from ostrom.sortition import nash as nash_module
from ostrom.sortition.__main__ import main
from ostrom.sortition.synthetic import skewed_request, synthetic_request
from tests.sortition.peer import DATA, fixture_request, paper_request, peer_inputs

INSTANCES = {
    "sortition-algorithms fixture": lambda: fixture_request(),
    "sortition-algorithms fixture with households": lambda: fixture_request(households=True),
    "paper example_small_20": lambda: paper_request("example_small_20"),
}


def nash_welfare(chances: dict[str, float]) -> float:
    return sum(math.log(chance) for chance in chances.values() if chance > 0)


def peer_nash(request: PanelRequest) -> dict[str, float]:
    """Everyone's chance of selection under the peer's Nash lottery."""
    set_random_provider(1)
    features, people, address_columns = peer_inputs(request)
    committees, probabilities, _ = find_distribution_nash(
        features, people, request.panel_size, address_columns, solver_backend="highspy"
    )
    chances = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            chances[person] += probability
    return chances


def panels_of_volunteers(request: PanelRequest, distribution: Distribution) -> list[list[Volunteer]]:
    """Each panel of the lottery, with the first members of each group standing for the group."""
    by_id = {volunteer.id: volunteer for volunteer in request.volunteers}
    return [
        [by_id[member] for group, taken in panel for member in distribution.groups[group][:taken]]
        for panel in distribution.panels
    ]


@pytest.fixture(scope="module")
def fixture_nash() -> tuple[PanelRequest, Distribution]:
    request = fixture_request()
    return request, find_nash_distribution(request)


@pytest.mark.parametrize("name", INSTANCES)
def test_our_nash_welfare_is_at_least_the_peers_and_agrees_with_it(name):
    request = INSTANCES[name]()

    ours = find_nash_distribution(request).selection_probabilities
    peers = peer_nash(request)

    assert {i for i, p in ours.items() if p > 0} == {i for i, p in peers.items() if p > 0}
    our_welfare, peer_welfare = nash_welfare(ours), nash_welfare(peers)
    assert our_welfare >= peer_welfare - 1e-6 * abs(peer_welfare)
    assert our_welfare == pytest.approx(peer_welfare, rel=1e-4)


@pytest.mark.parametrize("households", [False, True])
def test_every_panel_in_the_nash_lottery_meets_every_quota(households):
    request = fixture_request(households=households)

    distribution = find_nash_distribution(request)

    assert distribution.algorithm == "nash"
    assert all(meets_quotas(request, panel) for panel in panels_of_volunteers(request, distribution))


def test_panel_probabilities_sum_to_one_and_chances_are_the_panels_they_sit_on(fixture_nash):
    request, distribution = fixture_nash

    assert sum(distribution.panel_probabilities) == pytest.approx(1.0, abs=1e-12)
    assert all(probability > 0 for probability in distribution.panel_probabilities)
    sums: Counter[str] = Counter()
    for panel, probability in zip(distribution.panels, distribution.panel_probabilities, strict=True):
        for group, taken in panel:
            members = distribution.groups[group]
            for member in members:
                sums[member] += probability * taken / len(members)
    assert distribution.selection_probabilities.keys() == {v.id for v in request.volunteers}
    for volunteer_id, chance in distribution.selection_probabilities.items():
        assert chance == pytest.approx(sums[volunteer_id], abs=1e-12)
    assert sum(distribution.selection_probabilities.values()) == pytest.approx(request.panel_size)


def test_the_same_request_gives_the_same_nash_lottery(fixture_nash):
    request, distribution = fixture_nash

    assert find_nash_distribution(request) == distribution


def test_everyone_in_a_synthetic_pool_gets_a_chance():
    request = synthetic_request(volunteer_count=300, panel_size=15, seed=1)

    distribution = find_nash_distribution(request)

    assert distribution.min_probability > 0
    assert sum(distribution.panel_probabilities) == pytest.approx(1.0, abs=1e-12)


def test_unmeetable_quotas_raise_with_the_explanation():
    volunteers = tuple(
        Volunteer(id=f"v{i}", features={"age band": "16–24" if i < 6 else "25+"}) for i in range(60)
    )
    quotas = (Quota("age band", "16–24", 8, 12), Quota("age band", "25+", 18, 30))
    request = PanelRequest(volunteers=volunteers, quotas=quotas, panel_size=30)

    with pytest.raises(QuotasCannotBeMet) as problem:
        find_nash_distribution(request)

    assert "only 6 volunteered" in problem.value.explanation


def test_a_nash_selection_is_drawn_from_the_nash_lottery_and_verifies(fixture_nash):
    request, distribution = fixture_nash
    by_id = {volunteer.id: volunteer for volunteer in request.volunteers}

    selection = select_panel(request, seed="announced in advance", algorithm="nash")

    assert selection.algorithm == "nash"
    assert selection.distribution == distribution
    assert meets_quotas(request, [by_id[i] for i in selection.panel])
    assert verify(request, selection).is_same_panel


def test_the_command_line_offers_the_nash_lottery(capsys):
    code = main(
        [
            str(DATA / "sortition-algorithms" / "candidates.csv"),
            str(DATA / "sortition-algorithms" / "features.csv"),
            "--size",
            "22",
            "--algorithm",
            "nash",
            "--seed",
            "published seed",
            "--json",
        ]
    )

    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["algorithm"] == "nash"
    assert len(result["panel"]) == 22


@pytest.mark.parametrize("households", [False, True])
def test_the_fast_path_and_column_generation_give_everyone_the_same_nash_chance(monkeypatch, households):
    # The fast path: Nash over the quota polytope, written as a lottery by the walk. Column generation
    # over panels is the fallback when the conic solver stops short.
    request = skewed_request(volunteer_count=300, feature_count=5, panel_size=16, seed=2)
    if not households:
        request = dataclasses.replace(request, one_per_household=False)
    fast = find_nash_distribution(request)
    monkeypatch.setattr(nash_module, "relaxed_nash", lambda polytope: None)

    slow = find_nash_distribution(request)

    assert all(meets_quotas(request, panel) for panel in panels_of_volunteers(request, fast))
    worst = max(
        fast.selection_probabilities,
        key=lambda v: abs(fast.selection_probabilities[v] - slow.selection_probabilities[v]),
    )
    assert fast.selection_probabilities[worst] == pytest.approx(slow.selection_probabilities[worst], abs=1e-6)
    assert nash_welfare(fast.selection_probabilities) >= nash_welfare(slow.selection_probabilities) - 1e-6
