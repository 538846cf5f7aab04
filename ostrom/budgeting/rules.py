"""The rules a participatory-budgeting vote can be counted with: the one list every part reads.

A rule has a short name (stored on a grant round, typed on the command line), a title for the
command line, the kinds of ballot a round may use it with, the name Pabulib files give it in META
``rule``, and the function that decides. The grant rounds, the command line and the Pabulib export all
read this list, so a rule is added in one place. What residents read about a rule and its decisions is
worded by the app (ostrom/grants/explaining.py), in their language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ostrom.budgeting.election import Election, VoteType
from ostrom.budgeting.equal_shares import Completion, equal_shares
from ostrom.budgeting.greedy import greedy, greedy_total_points, minimum_points_of
from ostrom.budgeting.outcome import Outcome
from ostrom.budgeting.phragmen import phragmen
from ostrom.budgeting.support import Utility
from ostrom.budgeting.tie_breaking import TieBreaking, TieBreakingChoice

ALL_BALLOTS = frozenset(VoteType)
POINTS_BALLOTS = frozenset({VoteType.CUMULATIVE, VoteType.SCORING, VoteType.ORDINAL})


def _utility(election: Election) -> Utility:
    """Approval ballots value a project at its cost (as equalshares.net and Pabulib's official Equal
    Shares elections do); points and ranked ballots by their points (Borda for ranks)."""
    return Utility.COST if election.vote_type is VoteType.APPROVAL else Utility.POINTS


def _equal_shares(election: Election, tie_breaking: TieBreakingChoice) -> Outcome:
    # add1 then a utilitarian fill, so money is not left unspent when it could fund a supported project.
    return equal_shares(
        election,
        utility=_utility(election),
        completion=Completion.ADD1_UTILITARIAN,
        tie_breaking=tie_breaking,
    )


def _greedy(election: Election, tie_breaking: TieBreakingChoice) -> Outcome:
    return greedy(election, utility=_utility(election), tie_breaking=tie_breaking)


def _phragmen(election: Election, tie_breaking: TieBreakingChoice) -> Outcome:
    return phragmen(election, tie_breaking=tie_breaking)


def _most_points(election: Election, tie_breaking: TieBreakingChoice) -> Outcome:
    return greedy_total_points(election, minimum=minimum_points_of(election), tie_breaking=tie_breaking)


@dataclass(frozen=True)
class Rule:
    """One counting rule."""

    name: str
    title: str
    vote_types: frozenset[VoteType]
    pabulib_name: str
    run: Callable[[Election, TieBreakingChoice], Outcome]

    def decide(
        self, election: Election, *, tie_breaking: TieBreakingChoice = TieBreaking.LEXICOGRAPHIC
    ) -> Outcome:
        return self.run(election, tie_breaking)


EQUAL_SHARES = Rule(
    name="mes",
    title="Method of Equal Shares",
    vote_types=ALL_BALLOTS,
    pabulib_name="equalshares/add1u",
    run=_equal_shares,
)
# On points and ranked ballots: support per pound (kept for rounds counted before most points first).
GREEDY = Rule(
    name="greedy",
    title="Most votes first",
    vote_types=frozenset({VoteType.APPROVAL}),
    pabulib_name="greedy",
    run=_greedy,
)
PHRAGMEN = Rule(
    name="phragmen",
    title="Phragmén's sequential rule",
    vote_types=ALL_BALLOTS,
    pabulib_name="phragmen",
    run=_phragmen,
)
MOST_POINTS = Rule(
    name="points",
    title="Most points first",
    vote_types=POINTS_BALLOTS,
    pabulib_name="greedy",
    run=_most_points,
)

RULES: tuple[Rule, ...] = (EQUAL_SHARES, GREEDY, PHRAGMEN, MOST_POINTS)
_BY_NAME = {rule.name: rule for rule in RULES}


class UnknownRule(ValueError):
    """No rule has this name."""


def rule_named(name: str) -> Rule:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownRule(f"There is no rule called {name!r}: use one of {', '.join(_BY_NAME)}") from None


def rules_for(vote_type: VoteType) -> list[Rule]:
    """The rules a new vote with these ballots may be counted with."""
    return [rule for rule in RULES if vote_type in rule.vote_types]


def default_rule(vote_type: VoteType) -> Rule:
    """Equal Shares for approval ballots; most points first for points and ranked ballots, the rule the
    cities that use those ballots count with (Kraków, Katowice)."""
    return EQUAL_SHARES if vote_type is VoteType.APPROVAL else MOST_POINTS


def pabulib_rule_name(rule: Rule, *, minimum_points: Fraction | None = None) -> str:
    """META ``rule`` of a vote counted with ``rule``; most points first with a minimum is ``greedy-threshold``."""
    if rule is MOST_POINTS and minimum_points is not None:
        return "greedy-threshold"
    return rule.pabulib_name


def rule_of_file(election: Election) -> Rule | None:
    """The rule a Pabulib file's META names, or None where we have no rule that matches it.

    ``greedy`` on points or ranked ballots is most points first (the Polish cities' rule, whose
    outcomes it reproduces); on approval ballots, most votes first. ``greedy-threshold`` is most points
    first with the META minimum (on approval ballots a point is a vote)."""
    named = election.meta.get("rule", "").strip().lower()
    if named == "greedy":
        return GREEDY if election.vote_type is VoteType.APPROVAL else MOST_POINTS
    if named == "greedy-threshold":
        return MOST_POINTS
    for rule in (EQUAL_SHARES, PHRAGMEN):
        if named == rule.pabulib_name:
            return rule
    return None
