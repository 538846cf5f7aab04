"""The participatory-budgeting election a rule decides: the budget, the projects and the ballots.

Ballots are stored once per distinct vote (a "ballot kind") with one index per voter, so a city-wide
vote of 100,000 people costs a few megabytes and every rule can work on the distinct ballots
weighted by how many people cast them. Money is exact: costs and the budget are ``Fraction``s
made from the decimal text people typed, so no rule ever compares rounded amounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import numpy as np


class VoteType(StrEnum):
    """How voters expressed themselves, as Pabulib's META ``vote_type`` names it."""

    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    SCORING = "scoring"
    ORDINAL = "ordinal"


class ElectionProblem(ValueError):
    """The election cannot be built as described; the message says what to change."""


@dataclass(frozen=True)
class Project:
    """One project on the ballot paper.

    ``fields`` keeps every column of the project's Pabulib row as written (including ``cost`` and
    ``project_id``), so writing the election back gives the same file contents.
    """

    id: str
    cost: Fraction
    name: str = ""
    categories: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    fields: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot as a caller builds it: project ids, and points where the vote type has them.

    For ordinal ballots ``projects`` is the ranking, best first, and ``points`` (optional) the points
    each rank gave. For cumulative and scoring ballots ``points[k]`` belongs to ``projects[k]``.
    """

    projects: tuple[str, ...]
    points: tuple[Fraction, ...] | None = None
    voter_id: str | None = None


@dataclass(frozen=True, eq=False)
class BallotKind:
    """A distinct vote: the project indices as written, and their points (None for approval ballots, and
    for ordinal ballots unless the vote gave each rank its points, as Kraków's 3, 2 and 1)."""

    projects: tuple[int, ...]
    points: tuple[Fraction, ...] | None


@dataclass(frozen=True)
class BallotLimits:
    """What a valid ballot had to respect, from Pabulib META (``None`` where the file sets no limit).

    Lengths count projects; ``*_sum_cost`` is the total cost of the projects chosen; ``*_points``
    bound the points given to one project and ``*_sum_points`` the points on a whole ballot.
    """

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Fraction | None = None
    max_sum_cost: Fraction | None = None
    min_points: Fraction | None = None
    max_points: Fraction | None = None
    min_sum_points: Fraction | None = None
    max_sum_points: Fraction | None = None


@dataclass(frozen=True, eq=False)
class Election:
    """A whole participatory-budgeting election.

    ``kind_of_voter[v]`` is the index in ``kinds`` of voter ``v``'s ballot. ``meta`` holds the
    Pabulib META section in file order; ``vote_columns`` and ``voter_fields`` keep the other
    columns of the VOTES section (age, sex…), one tuple per column, so nothing is lost on writing.
    """

    budget: Fraction
    vote_type: VoteType
    projects: tuple[Project, ...]
    kinds: tuple[BallotKind, ...]
    kind_of_voter: np.ndarray
    voter_ids: tuple[str, ...]
    meta: Mapping[str, str] = field(default_factory=dict)
    project_columns: tuple[str, ...] = ("project_id", "cost")
    vote_columns: tuple[str, ...] = ("voter_id", "vote")
    voter_fields: Mapping[str, tuple[str | None, ...]] = field(default_factory=dict)

    @property
    def voter_count(self) -> int:
        return len(self.voter_ids)

    def limits(self) -> BallotLimits:
        """The ballot limits the META section states (min_length, max_sum_points…)."""
        values: dict[str, int | Fraction | None] = {}
        for name in BallotLimits.__dataclass_fields__:
            text = self.meta.get(name, "").strip()
            if text == "" or text.lower() == "none":
                values[name] = None
            elif name.endswith("_length"):
                values[name] = int(Fraction(Decimal(text.replace(",", "."))))
            else:
                values[name] = as_money(text)
        return BallotLimits(**values)  # type: ignore[arg-type]

    def voters_breaking_limits(self) -> list[int]:
        """Voters (0-based, file order) whose ballot breaks a limit in ``limits()``: a data check."""
        limits = self.limits()
        costs = [project.cost for project in self.projects]
        broken_kinds = set()
        for number, kind in enumerate(self.kinds):
            length = len(kind.projects)
            total_cost = sum((costs[index] for index in kind.projects), Fraction(0))
            points = kind.points or ()
            checks = [
                limits.min_length is None or length >= limits.min_length,
                limits.max_length is None or length <= limits.max_length,
                limits.min_sum_cost is None or total_cost >= limits.min_sum_cost,
                limits.max_sum_cost is None or total_cost <= limits.max_sum_cost,
                limits.min_points is None or all(value >= limits.min_points for value in points),
                limits.max_points is None or all(value <= limits.max_points for value in points),
                limits.min_sum_points is None or not points or sum(points) >= limits.min_sum_points,
                limits.max_sum_points is None or sum(points, Fraction(0)) <= limits.max_sum_points,
            ]
            if not all(checks):
                broken_kinds.add(number)
        return [voter for voter, kind in enumerate(self.kind_of_voter.tolist()) if kind in broken_kinds]

    def project_index(self) -> dict[str, int]:
        """Project id -> position in ``projects``."""
        return {project.id: index for index, project in enumerate(self.projects)}

    def ballot(self, voter: int) -> Ballot:
        """The ballot of voter number ``voter`` (0-based, file order)."""
        kind = self.kinds[int(self.kind_of_voter[voter])]
        return Ballot(
            projects=tuple(self.projects[index].id for index in kind.projects),
            points=kind.points,
            voter_id=self.voter_ids[voter],
        )

    def ballots(self) -> list[Ballot]:
        return [self.ballot(voter) for voter in range(self.voter_count)]

    def kind_weights(self) -> np.ndarray:
        """How many voters cast each ballot kind."""
        return np.bincount(self.kind_of_voter, minlength=len(self.kinds)).astype(np.int64)

    def cost_of(self, project_ids: Iterable[str]) -> Fraction:
        costs = {project.id: project.cost for project in self.projects}
        return sum((costs[project_id] for project_id in project_ids), Fraction(0))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Election):
            return NotImplemented
        return (
            self.budget == other.budget
            and self.vote_type == other.vote_type
            and self.projects == other.projects
            and [dict(project.fields) for project in self.projects]
            == [dict(project.fields) for project in other.projects]
            and self.ballots() == other.ballots()
            and dict(self.meta) == dict(other.meta)
            and self.project_columns == other.project_columns
            and self.vote_columns == other.vote_columns
            and dict(self.voter_fields) == dict(other.voter_fields)
        )

    __hash__ = None  # type: ignore[assignment]


def as_money(amount: Fraction | Decimal | int | str) -> Fraction:
    """An exact amount from a number or from text such as ``"1234,50"`` (Pabulib allows a decimal comma)."""
    if isinstance(amount, Fraction):
        return amount
    if isinstance(amount, str):
        return Fraction(Decimal(amount.strip().replace(",", ".")))
    return Fraction(amount)


def money_text(amount: Fraction) -> str:
    """Plain decimal text for an exact amount: ``"100000"``, ``"1234.5"``; thirds become 12 decimal places."""
    if amount.denominator == 1:
        return str(amount.numerator)
    exact = Decimal(amount.numerator) / Decimal(amount.denominator)
    text = format(exact.quantize(Decimal(1).scaleb(-12)).normalize(), "f")
    return text


def make_election(
    *,
    budget: Fraction | Decimal | int | str,
    projects: Sequence[Project],
    ballots: Iterable[Ballot],
    vote_type: VoteType = VoteType.APPROVAL,
) -> Election:
    """Build an election from ballots a caller collected (a database, a form).

    Identical ballots share one ballot kind. Raises ``ElectionProblem`` when a ballot names a
    project that is not on the list, names one twice, or has points that do not match its projects.
    Ordinal ballots keep their points only when every ballot gives them.
    """
    has_names = any(project.name for project in projects)
    project_columns = ("project_id", "cost", "name") if has_names else ("project_id", "cost")
    projects = [
        project
        if project.fields
        else replace(
            project,
            fields={"project_id": project.id, "cost": money_text(project.cost)}
            | ({"name": project.name} if has_names else {}),
        )
        for project in projects
    ]
    index_of = {project.id: index for index, project in enumerate(projects)}
    if len(index_of) != len(projects):
        raise ElectionProblem("Each project needs its own id; two projects share one")
    kinds: list[BallotKind] = []
    kind_index: dict[tuple[tuple[int, ...], tuple[Fraction, ...] | None], int] = {}
    kind_of_voter: list[int] = []
    voter_ids: list[str] = []
    ballots = list(ballots)
    has_points = vote_type in (VoteType.CUMULATIVE, VoteType.SCORING) or (
        vote_type is VoteType.ORDINAL
        and bool(ballots)
        and all(ballot.points is not None for ballot in ballots)
    )
    for number, ballot in enumerate(ballots):
        try:
            indices = tuple(index_of[project_id] for project_id in ballot.projects)
        except KeyError as missing:
            raise ElectionProblem(
                f"Ballot {number + 1} names project {missing.args[0]}, which is not on the list"
            ) from None
        if len(set(indices)) != len(indices):
            raise ElectionProblem(f"Ballot {number + 1} names the same project twice")
        points = tuple(Fraction(value) for value in ballot.points) if ballot.points is not None else None
        if has_points and (points is None or len(points) != len(indices)):
            raise ElectionProblem(f"Ballot {number + 1} needs one number of points for each project")
        if not has_points:
            points = None
        key = (indices, points)
        if key not in kind_index:
            kind_index[key] = len(kinds)
            kinds.append(BallotKind(projects=indices, points=points))
        kind_of_voter.append(kind_index[key])
        voter_ids.append(ballot.voter_id if ballot.voter_id is not None else str(number + 1))
    vote_columns = ("voter_id", "vote", "points") if has_points else ("voter_id", "vote")
    return Election(
        budget=as_money(budget),
        vote_type=vote_type,
        projects=tuple(projects),
        kinds=tuple(kinds),
        kind_of_voter=np.asarray(kind_of_voter, dtype=np.int32),
        voter_ids=tuple(voter_ids),
        meta={
            "budget": money_text(as_money(budget)),
            "vote_type": str(vote_type),
            "num_projects": str(len(projects)),
            "num_votes": str(len(voter_ids)),
        },
        project_columns=project_columns,
        vote_columns=vote_columns,
    )
