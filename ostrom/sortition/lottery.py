"""The auditable lottery: draw a panel from a fair distribution with a recorded seed, verify it, and
replace people who drop out while keeping the quotas.

The draw uses nothing but SHA-256 of the seed, so anyone can repeat it by hand from the published
distribution and seed (which can be a public random value announced before the draw).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from ostrom.sortition.distribution import Distribution, find_distribution
from ostrom.sortition.legacy import legacy_panel
from ostrom.sortition.nash import find_nash_distribution
from ostrom.sortition.pool import PanelRequest, Quota, Volunteer

ALGORITHMS = ("leximin", "maximin", "nash", "legacy")
# Two distributions agree when no volunteer's chance differs by more than this.
SAME_CHANCE = 1e-6


@dataclass(frozen=True)
class Selection:
    """A drawn panel and how it was drawn. `distribution` is None for the legacy algorithm, which
    has no distribution; `panel_index` is the position of the drawn panel in it."""

    algorithm: str
    seed: str
    panel: tuple[str, ...]
    distribution: Distribution | None
    panel_index: int | None


@dataclass(frozen=True)
class Verification:
    is_same_panel: bool
    is_same_distribution: bool
    explanation: str


@dataclass(frozen=True)
class Replacement:
    """`replacements` take the dropouts' seats; `panel` is the whole new panel; `selection` is the
    lottery among the remaining volunteers that chose them."""

    replacements: tuple[str, ...]
    panel: tuple[str, ...]
    selection: Selection


def _uniform(seed: str, label: str) -> float:
    """A number in [0, 1) from SHA-256 of the seed and a label: the first 8 bytes over 2**64."""
    digest = hashlib.sha256(f"ostrom-sortition|{seed}|{label}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def draw(distribution: Distribution, *, seed: str) -> tuple[int, tuple[str, ...]]:
    """Draw one panel: which panel of the distribution, then who within each group.

    The panel is the first whose running total of probabilities exceeds u = SHA-256("panel") as a
    fraction (panels in the distribution's stored order). Within a group that sends m people, the m
    members with the smallest SHA-256 of the seed and their id sit on the panel, so each member is
    equally likely. Output: (panel index, ids in group order). Same distribution and seed, same panel.
    """
    u = _uniform(seed, "panel")
    running = 0.0
    chosen = len(distribution.panels) - 1
    for index, probability in enumerate(distribution.panel_probabilities):
        running += probability
        if u < running:
            chosen = index
            break
    ids: list[str] = []
    for group, taken in distribution.panels[chosen]:
        members = distribution.groups[group]
        ranked = sorted(members, key=lambda member: (_uniform(seed, f"member|{member}"), member))
        ids.extend(sorted(ranked[:taken], key=members.index))
    return chosen, tuple(ids)


def select_panel(request: PanelRequest, *, seed: str, algorithm: str = "leximin") -> Selection:
    """Select a panel by a fair, auditable lottery.

    Input: the request, a seed (any text; a public random value announced in advance makes the draw
    checkable by anyone) and the algorithm: "leximin" (default: everyone's chance as equal as the
    quotas allow), "maximin" (only the lowest chance as high as possible), "nash" (the largest
    product of chances), or "legacy" (the old greedy method, for comparison). Output: a
    `Selection` holding the distribution and the drawn panel, ids in pool order. Raises
    `QuotasCannotBeMet` with a plain-English explanation when no panel meets the quotas.
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"Choose the algorithm leximin, maximin, nash or legacy, not {algorithm}.")
    order = {volunteer.id: position for position, volunteer in enumerate(request.volunteers)}
    if algorithm == "legacy":
        panel = legacy_panel(request, seed=seed)
        return Selection(algorithm=algorithm, seed=seed, panel=panel, distribution=None, panel_index=None)
    if algorithm == "nash":
        distribution = find_nash_distribution(request)
    else:
        distribution = find_distribution(request, algorithm=algorithm)
    index, ids = draw(distribution, seed=seed)
    panel = tuple(sorted(ids, key=order.__getitem__))
    return Selection(
        algorithm=algorithm, seed=seed, panel=panel, distribution=distribution, panel_index=index
    )


def verify(request: PanelRequest, selection: Selection) -> Verification:
    """Re-derive the panel from the same request and seed and say whether it matches.

    The distribution is computed again from scratch (it is deterministic) and compared, volunteer by
    volunteer, with the stored one; then the panel is drawn again with the stored seed.
    """
    again = select_panel(request, seed=selection.seed, algorithm=selection.algorithm)
    is_same_panel = again.panel == selection.panel
    if selection.distribution is None or again.distribution is None:
        is_same_distribution = selection.distribution is None and again.distribution is None
    else:
        stored = selection.distribution.selection_probabilities
        fresh = again.distribution.selection_probabilities
        is_same_distribution = stored.keys() == fresh.keys() and all(
            abs(stored[volunteer_id] - fresh[volunteer_id]) <= SAME_CHANCE for volunteer_id in stored
        )
    if is_same_panel and is_same_distribution:
        explanation = "The same inputs and seed give the same chances and the same panel."
    elif is_same_distribution:
        explanation = (
            "The chances match but the seed gives a different panel: the recorded panel was not drawn fairly."
        )
    elif is_same_panel:
        explanation = "The panel matches but the chances differ: the inputs may have changed since the draw."
    else:
        explanation = "Neither the chances nor the panel match: the inputs or the seed differ from the draw."
    return Verification(
        is_same_panel=is_same_panel, is_same_distribution=is_same_distribution, explanation=explanation
    )


def replace(
    request: PanelRequest,
    *,
    panel: Collection[str],
    dropouts: Collection[str],
    seed: str,
    algorithm: str = "leximin",
) -> Replacement:
    """Fill the seats of people who dropped out so that the whole panel still meets every quota.

    The replacements are a fair lottery (same `algorithm`) among volunteers not already on the panel
    (nor, with one per household, sharing a household with someone staying), for as many seats as
    dropped out, with each quota reduced by the people staying. Raises `QuotasCannotBeMet` when the
    remaining volunteers cannot fill the seats within the quotas.
    """
    on_panel = set(panel)
    leaving = set(dropouts)
    if not leaving:
        raise ValueError("Select at least one person who dropped out.")
    if not leaving <= on_panel:
        raise ValueError(f"These people are not on the panel: {', '.join(sorted(leaving - on_panel))}.")
    by_id = {volunteer.id: volunteer for volunteer in request.volunteers}
    staying = [by_id[volunteer_id] for volunteer_id in panel if volunteer_id not in leaving]
    staying_count: Counter[tuple[str, str]] = Counter(
        (feature, volunteer.features[feature]) for volunteer in staying for feature in request.features
    )
    staying_households = {volunteer.household for volunteer in staying if volunteer.household is not None}
    candidates: list[Volunteer] = [
        volunteer
        for volunteer in request.volunteers
        if volunteer.id not in on_panel
        and not (request.one_per_household and volunteer.household in staying_households)
    ]
    quotas = tuple(
        Quota(
            feature=quota.feature,
            value=quota.value,
            minimum=max(0, quota.minimum - staying_count[(quota.feature, quota.value)]),
            maximum=max(0, quota.maximum - staying_count[(quota.feature, quota.value)]),
        )
        for quota in request.quotas
    )
    remaining = PanelRequest(
        volunteers=tuple(candidates),
        quotas=quotas,
        panel_size=len(leaving),
        one_per_household=request.one_per_household,
    )
    selection = select_panel(remaining, seed=seed, algorithm=algorithm)
    order = {volunteer.id: position for position, volunteer in enumerate(request.volunteers)}
    new_panel = tuple(
        sorted([*(volunteer.id for volunteer in staying), *selection.panel], key=order.__getitem__)
    )
    return Replacement(replacements=selection.panel, panel=new_panel, selection=selection)
