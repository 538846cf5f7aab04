"""The volunteers, the quotas and the panel size: the input every sortition function reads.

Volunteers whose quota features are identical and who share no household are interchangeable: any
fair lottery gives them the same chance. `group_volunteers` folds them into groups, so the integer
and linear programs work on a few hundred groups rather than thousands of people.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Volunteer:
    """One person in the pool. `features` maps a feature (e.g. "age band") to this person's value."""

    id: str
    features: Mapping[str, str]
    household: str | None = None


@dataclass(frozen=True)
class Quota:
    """The panel must hold between `minimum` and `maximum` people with `value` for `feature`."""

    feature: str
    value: str
    minimum: int
    maximum: int


@dataclass(frozen=True)
class PanelRequest:
    """Everything a selection depends on. With `one_per_household`, at most one person per household."""

    volunteers: tuple[Volunteer, ...]
    quotas: tuple[Quota, ...]
    panel_size: int
    one_per_household: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "volunteers", tuple(self.volunteers))
        object.__setattr__(self, "quotas", tuple(self.quotas))
        problems = input_problems(self)
        if problems:
            raise ValueError(" ".join(problems))

    @property
    def features(self) -> tuple[str, ...]:
        """Quota features in the order they first appear in the quotas."""
        return tuple(dict.fromkeys(quota.feature for quota in self.quotas))


def input_problems(request: PanelRequest) -> list[str]:
    """Plain-English problems with the shape of the input itself (not with whether quotas can be met)."""
    problems: list[str] = []
    if request.panel_size < 1:
        problems.append("Panel size must be 1 or more.")
    id_counts = Counter(volunteer.id for volunteer in request.volunteers)
    repeated = sorted(volunteer_id for volunteer_id, count in id_counts.items() if count > 1)
    if repeated:
        problems.append(
            f"Each volunteer needs a different id; these appear more than once: {', '.join(repeated)}."
        )
    seen: set[tuple[str, str]] = set()
    values_by_feature: dict[str, set[str]] = defaultdict(set)
    for quota in request.quotas:
        key = (quota.feature, quota.value)
        if key in seen:
            problems.append(f"There are two quotas for {quota.feature} {quota.value}; keep one.")
        seen.add(key)
        values_by_feature[quota.feature].add(quota.value)
        if quota.minimum < 0 or quota.maximum < quota.minimum:
            problems.append(
                f"The quota for {quota.feature} {quota.value} must have 0 ≤ minimum ≤ maximum "
                f"(it has {quota.minimum} to {quota.maximum})."
            )
    for volunteer in request.volunteers:
        for feature, values in values_by_feature.items():
            value = volunteer.features.get(feature)
            if value is None:
                problems.append(f"Volunteer {volunteer.id} has no value for {feature}.")
            elif value not in values:
                problems.append(
                    f"Volunteer {volunteer.id} has {feature} '{value}', which has no quota: "
                    f"add a quota for it or correct the value."
                )
    return problems


@dataclass(frozen=True)
class VolunteerGroups:
    """Volunteers folded into groups of interchangeable people.

    `members[g]` are the ids in group g (in pool order), `values[g]` its quota values in the
    order of `features`. `households` lists groups that share a household (each such person is
    a group of one). Group order follows the pool order of each group's first member, so it never
    depends on hashing.
    """

    features: tuple[str, ...]
    members: tuple[tuple[str, ...], ...]
    values: tuple[tuple[str, ...], ...]
    households: tuple[tuple[int, ...], ...]
    index_of_volunteer: Mapping[str, int] = field(repr=False)

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(group) for group in self.members)

    def __len__(self) -> int:
        return len(self.members)


def group_volunteers(request: PanelRequest) -> VolunteerGroups:
    """Fold the pool into groups of volunteers with the same quota values and no shared household."""
    features = request.features
    household_sizes: Counter[str] = Counter()
    if request.one_per_household:
        household_sizes.update(v.household for v in request.volunteers if v.household is not None)
    group_of_key: dict[tuple[object, ...], int] = {}
    members: list[list[str]] = []
    values: list[tuple[str, ...]] = []
    households: dict[str, list[int]] = defaultdict(list)
    index_of_volunteer: dict[str, int] = {}
    for volunteer in request.volunteers:
        volunteer_values = tuple(volunteer.features[feature] for feature in features)
        shares_household = volunteer.household is not None and household_sizes[volunteer.household] > 1
        key: tuple[object, ...] = (
            ("person", volunteer.id) if shares_household else ("values", volunteer_values)
        )
        group = group_of_key.get(key)
        if group is None:
            group = len(members)
            group_of_key[key] = group
            members.append([])
            values.append(volunteer_values)
        members[group].append(volunteer.id)
        index_of_volunteer[volunteer.id] = group
        if shares_household:
            assert volunteer.household is not None
            households[volunteer.household].append(group)
    return VolunteerGroups(
        features=features,
        members=tuple(tuple(group) for group in members),
        values=tuple(values),
        households=tuple(tuple(groups) for groups in households.values()),
        index_of_volunteer=index_of_volunteer,
    )
