"""The real instances, and the peer library sortition-algorithms (GPL-3.0, tests only) run on them.

The peer's LEXIMIN needs Gurobi, so it is never called; its MAXIMIN and legacy run on HiGHS
(`solver_backend="highspy"`), which is what our LEXIMIN minimum is compared with.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sortition_algorithms.committee_generation import find_distribution_maximin
from sortition_algorithms.errors import InfeasibleQuotasError, SelectionError
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import read_in_people
from sortition_algorithms.settings import Settings
from sortition_algorithms.utils import set_random_provider

from ostrom.sortition import PanelRequest, Volunteer
from ostrom.sortition.csv_files import read_pool, read_quotas
from ostrom.sortition.synthetic import synthetic_request

DATA = Path(__file__).parents[1] / "data" / "sortition"
PAPER = DATA / "flanigan2021"
PAPER_EXAMPLES = {"example_small_20": 20, "example_large_200": 200}


def fixture_request(*, households: bool = False) -> PanelRequest:
    """sortition-algorithms' 150-person fixture, panel of 22. With `households`, the household key is
    the address (unique in the fixture), except that people p0..p39 are paired into 20 shared homes."""
    quotas = read_quotas(DATA / "sortition-algorithms" / "features.csv")
    features = list(dict.fromkeys(quota.feature for quota in quotas))
    volunteers = read_pool(
        DATA / "sortition-algorithms" / "candidates.csv",
        features,
        household_columns=("primary_address1", "primary_zip"),
    )
    if households:
        volunteers = tuple(
            replace(volunteer, household=f"shared home {position // 2}") if position < 40 else volunteer
            for position, volunteer in enumerate(volunteers)
        )
    return PanelRequest(volunteers=volunteers, quotas=quotas, panel_size=22, one_per_household=households)


def paper_request(name: str) -> PanelRequest:
    """One of the Nature paper's two example pools (ids are 0-based row numbers)."""
    quotas = read_quotas(PAPER / "data" / name / "categories.csv")
    features = list(dict.fromkeys(quota.feature for quota in quotas))
    volunteers = read_pool(PAPER / "data" / name / "respondents.csv", features)
    return PanelRequest(volunteers=volunteers, quotas=quotas, panel_size=PAPER_EXAMPLES[name])


def paper_leximin_profile(name: str) -> list[float]:
    """The paper's sorted LEXIMIN probabilities (one per percentile of the pool)."""
    lines = (PAPER / "reference_output" / f"{name}_prob_allocs_data.csv").read_text().splitlines()[1:]
    return [float(line.split(",")[2]) for line in lines if line.startswith("LexiMin,")]


def synthetic_instances() -> dict[str, PanelRequest]:
    """Small synthetic pools with correlated features, some with shared households."""
    instances = {}
    for seed in (1, 2):
        instances[f"synthetic 100×4 seed {seed}"] = synthetic_request(
            volunteer_count=100, feature_count=4, panel_size=12, seed=seed
        )
    homes = synthetic_request(volunteer_count=80, feature_count=3, panel_size=10, seed=3)
    instances["synthetic 80×3 with households"] = replace(
        homes,
        volunteers=tuple(
            Volunteer(id=v.id, features=v.features, household=f"home {i // 3}" if i < 30 else None)
            for i, v in enumerate(homes.volunteers)
        ),
        one_per_household=True,
    )
    return instances


def peer_inputs(request: PanelRequest):  # noqa: ANN201 - the peer's own types
    """The peer's FeatureCollection and People for the same request, and its address columns."""
    rows = [
        {"feature": q.feature, "value": q.value, "min": str(q.minimum), "max": str(q.maximum)}
        for q in request.quotas
    ]
    features, _, _ = read_in_features(["feature", "value", "min", "max"], rows)
    address_columns = ["household"] if request.one_per_household else []
    settings = Settings(
        id_column="id",
        columns_to_keep=["household"],
        check_same_address=request.one_per_household,
        check_same_address_columns=address_columns,
    )
    people_rows = [
        {"id": v.id, "household": v.household or f"alone {v.id}", **dict(v.features)}
        for v in request.volunteers
    ]
    people, _ = read_in_people(["id", "household", *request.features], people_rows, features, settings)
    return features, people, address_columns


def peer_maximin(request: PanelRequest) -> tuple[float, dict[str, float]]:
    """The peer's MAXIMIN on HiGHS: its minimum selection probability and everyone's probability."""
    set_random_provider(1)
    features, people, address_columns = peer_inputs(request)
    committees, probabilities, _ = find_distribution_maximin(
        features, people, request.panel_size, address_columns, solver_backend="highspy"
    )
    chances = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person in committee:
            chances[person] += probability
    return min(chances.values()), chances


def peer_finds_quotas_infeasible(request: PanelRequest) -> bool:
    """Whether the peer's own check (an integer program on HiGHS) says no panel meets the quotas."""
    from sortition_algorithms.committee_generation import find_any_committee

    try:
        # The peer refuses quotas whose minimums and maximums contradict each other while reading them.
        features, people, address_columns = peer_inputs(request)
        find_any_committee(features, people, request.panel_size, address_columns, solver_backend="highspy")
    except (InfeasibleQuotasError, SelectionError):
        return True
    return False
