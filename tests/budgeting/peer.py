"""The pabutools peer configured like our rules, and the Pabulib files in tests/data/pabulib."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pabutools.election import (
    Additive_Borda_Sat,
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
)
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import (
    greedy_utilitarian_welfare,
    method_of_equal_shares,
    sequential_phragmen,
)

from ostrom.budgeting import (
    Completion,
    Election,
    Utility,
    VoteType,
    equal_shares,
    format_pabulib,
    greedy,
    phragmen,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "pabulib"
FILES = sorted(path.name for path in DATA.glob("*.pb"))
LARGE_FILES = {"Poland_Lodz_2022.pb", "Poland_Warszawa_2020_Wawer.pb"}
# Kept for its official outcome (tests/budgeting/test_most_points_first.py): pabutools has no rule that
# reproduces it and takes minutes on its 51,229 ranked ballots, so the agreement sweep leaves it out.
OFFICIAL_ONLY = {"Poland_Krakow_2021.pb"}
PEER_FILES = [name for name in FILES if name not in OFFICIAL_ONLY]


@dataclass(frozen=True)
class Config:
    """One rule configured identically in our engine and in pabutools."""

    rule: str  # greedy, mes, phragmen
    utility: Utility = Utility.COST
    completion: Completion = Completion.NONE

    @property
    def label(self) -> str:
        parts = [self.rule]
        if self.rule != "phragmen":
            parts.append(str(self.utility))
        if self.completion is not Completion.NONE:
            parts.append(str(self.completion))
        return "-".join(parts)


def configs_for(vote_type: VoteType, *, is_large: bool) -> list[Config]:
    """Every rule on every file. On the two largest files, where pabutools alone takes minutes,
    the main configuration of each rule, and MES + add1 is compared step by step instead
    (test_add1_on_the_largest_files_matches_pabutools_step_by_step; benchmarks/budgeting.py
    compares the whole pabutools run)."""
    configs = [
        Config("greedy", Utility.COST),
        Config("mes", Utility.COST),
        Config("phragmen"),
    ]
    if is_large:
        return configs
    configs += [
        Config("greedy", Utility.COUNT),
        Config("mes", Utility.COST, Completion.ADD1),
        Config("mes", Utility.COUNT),
        Config("mes", Utility.COST, Completion.UTILITARIAN),
        Config("mes", Utility.COST, Completion.ADD1_UTILITARIAN),
    ]
    if vote_type is VoteType.APPROVAL:
        return configs
    return configs + [
        Config("greedy", Utility.POINTS),
        Config("mes", Utility.POINTS),
        Config("mes", Utility.POINTS, Completion.ADD1),
    ]


def ours(election: Election, config: Config) -> list[str]:
    if config.rule == "greedy":
        outcome = greedy(election, utility=config.utility)
    elif config.rule == "mes":
        outcome = equal_shares(election, utility=config.utility, completion=config.completion)
    else:
        outcome = phragmen(election)
    return sorted(outcome.selected)


def peer_election(election: Election):
    """pabutools' instance and profile of our election, through our own writer (so it is checked too)."""
    return parse_pabulib_from_string(format_pabulib(election))


def _sat_class(vote_type: VoteType, utility: Utility):
    if utility is Utility.COST:
        return Cost_Sat
    if utility is Utility.COUNT:
        return Cardinality_Sat
    return Additive_Borda_Sat if vote_type is VoteType.ORDINAL else Additive_Cardinal_Sat


class Peer:
    """pabutools 1.2.3 on one election (multiprofile, default lexicographic tie-breaking).

    Results are kept, so a completion reuses the Equal Shares outcome it completes instead of
    recomputing it (pabutools' ``completion_by_rule_combination`` does the same two steps).
    """

    def __init__(self, election: Election) -> None:
        self.vote_type = election.vote_type
        self.instance, self.profile = peer_election(election)
        self.multiprofile = self.profile.as_multiprofile()
        self.results: dict[Config, list] = {}

    def winners(self, config: Config) -> list[str]:
        return sorted(project.name for project in self.outcome(config))

    def outcome(self, config: Config) -> list:
        if config not in self.results:
            self.results[config] = list(self._compute(config))
        return self.results[config]

    def _compute(self, config: Config):
        instance = self.instance
        if config.rule == "phragmen":
            multiprofile = self.multiprofile
            if self.vote_type is not VoteType.APPROVAL:
                # pabutools' Phragmén takes approval ballots: a voter approves what their ballot lists.
                multiprofile = ApprovalProfile(
                    [ApprovalBallot(list(ballot)) for ballot in self.profile]
                ).as_multiprofile()
            return sequential_phragmen(instance, multiprofile)
        sat_class = _sat_class(self.vote_type, config.utility)
        if config.rule == "greedy":
            return greedy_utilitarian_welfare(instance, self.multiprofile, sat_class=sat_class)
        if config.completion in (Completion.UTILITARIAN, Completion.ADD1_UTILITARIAN):
            inner = Completion.ADD1 if config.completion is Completion.ADD1_UTILITARIAN else Completion.NONE
            first = self.outcome(Config("mes", config.utility, inner))
            if instance.is_exhaustive(first):
                return first
            return greedy_utilitarian_welfare(
                instance, self.multiprofile, sat_class=sat_class, initial_budget_allocation=first
            )
        increment = 1 if config.completion is Completion.ADD1 else None
        return method_of_equal_shares(
            instance, self.multiprofile, sat_class=sat_class, voter_budget_increment=increment
        )


def official(election: Election) -> set[str]:
    """The projects the city announced as funded (Pabulib's ``selected`` column; any non-zero value)."""
    return {
        project.id
        for project in election.projects
        if project.fields.get("selected", "0").strip() not in ("", "0")
    }


def ids(values: Sequence[object]) -> list[str]:
    return [str(value) for value in values]
