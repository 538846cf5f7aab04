"""The legacy greedy selection the Sortition Foundation used for years, kept for comparison.

It fills the panel one person at a time from the quota that most urgently needs people, which
meets quotas but gives some volunteers far lower chances than others (Flanigan et al., Nature
2021, call it LEGACY). Our own implementation of the procedure described in that paper and in
sortition-algorithms (`find_random_sample_legacy`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

import numpy as np

from ostrom.sortition.feasibility import QuotasCannotBeMet, check_feasibility
from ostrom.sortition.pool import PanelRequest, Volunteer


def _generator(seed: str, attempt: int) -> np.random.Generator:
    digest = hashlib.sha256(f"ostrom-sortition-legacy|{seed}|{attempt}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "big"))


def _one_attempt(request: PanelRequest, generator: np.random.Generator) -> list[Volunteer] | None:
    """One greedy pass; None when it paints itself into a corner (the caller tries again)."""
    quotas = request.quotas
    remaining = [
        volunteer
        for volunteer in request.volunteers
        if all(quota.maximum > 0 or volunteer.features[quota.feature] != quota.value for quota in quotas)
    ]
    selected: list[Volunteer] = []
    chosen_count: Counter[tuple[str, str]] = Counter()
    for _ in range(request.panel_size):
        remaining_count: Counter[tuple[str, str]] = Counter(
            (feature, volunteer.features[feature]) for volunteer in remaining for feature in request.features
        )
        best_ratio, best_quota = -1.0, None
        for quota in quotas:
            key = (quota.feature, quota.value)
            still_needed = quota.minimum - chosen_count[key]
            if remaining_count[key] < still_needed:
                return None
            if remaining_count[key] == 0 or quota.maximum == 0:
                continue
            # The quota whose unmet minimum is largest relative to the people left goes first.
            ratio = still_needed / remaining_count[key]
            if ratio > best_ratio:
                best_ratio, best_quota = ratio, quota
        if best_quota is None:
            return None
        candidates = [v for v in remaining if v.features[best_quota.feature] == best_quota.value]
        person = candidates[int(generator.integers(len(candidates)))]
        selected.append(person)
        remaining = [
            v
            for v in remaining
            if v.id != person.id
            and not (
                request.one_per_household and person.household is not None and v.household == person.household
            )
        ]
        for feature in request.features:
            chosen_count[(feature, person.features[feature])] += 1
        full = {(q.feature, q.value) for q in quotas if chosen_count[(q.feature, q.value)] >= q.maximum}
        remaining = [v for v in remaining if not any((f, v.features[f]) in full for f in request.features)]
    return selected


def meets_quotas(request: PanelRequest, panel: list[Volunteer] | tuple[Volunteer, ...]) -> bool:
    """Whether a panel has the right size, meets every quota and (if asked) one person per household."""
    counts: Counter[tuple[str, str]] = Counter(
        (feature, volunteer.features[feature]) for volunteer in panel for feature in request.features
    )
    if len(panel) != request.panel_size or len({volunteer.id for volunteer in panel}) != len(panel):
        return False
    if request.one_per_household:
        households: defaultdict[str, int] = defaultdict(int)
        for volunteer in panel:
            if volunteer.household is not None:
                households[volunteer.household] += 1
        if any(count > 1 for count in households.values()):
            return False
    return all(
        quota.minimum <= counts[(quota.feature, quota.value)] <= quota.maximum for quota in request.quotas
    )


def legacy_panel(request: PanelRequest, *, seed: str, max_attempts: int = 100) -> tuple[str, ...]:
    """A panel chosen by the legacy greedy algorithm.

    Each step takes the quota with the largest (minimum − chosen) / (people left with that value),
    ties going to the quota listed first, and picks a person with that value uniformly at random;
    quotas that reach their maximum remove everyone else with that value, and with one per household
    the chosen person's housemates leave the pool. A pass that cannot finish is retried, up to
    `max_attempts` times. Randomness comes only from `seed` (SHA-256 of seed and attempt), so the same
    request and seed give the same panel. Output: the chosen ids in pool order. Raises
    `QuotasCannotBeMet` when no panel exists or every attempt failed.
    """
    feasibility = check_feasibility(request)
    if not feasibility.is_feasible:
        raise QuotasCannotBeMet(feasibility)
    order = {volunteer.id: position for position, volunteer in enumerate(request.volunteers)}
    for attempt in range(max_attempts):
        panel = _one_attempt(request, _generator(seed, attempt))
        if panel is not None and meets_quotas(request, panel):
            return tuple(sorted((volunteer.id for volunteer in panel), key=order.__getitem__))
    raise QuotasCannotBeMet(
        type(feasibility)(
            is_feasible=False,
            problems=(
                f"The legacy algorithm found no panel in {max_attempts} attempts, although one exists; "
                f"use the fair lottery instead.",
            ),
        )
    )
