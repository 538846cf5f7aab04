"""Participatory budgeting: which projects a public vote funds, and why.

Pure Python (no Django): a Pabulib file or ballots in, an ``Outcome`` with a plain-data
explanation for every project out. Rules: greedy utilitarian, the Method of Equal Shares (with
utilitarian, add1, add1u and add1-comparison completions) and sequential Phragmén, each checked
against pabutools on real Pabulib elections in tests/budgeting/.
"""

from ostrom.budgeting.checks import (
    EjrViolation,
    TooLargeToCheck,
    find_ejr_up_to_one_violation,
    is_exhaustive,
    is_priceable,
    is_within_budget,
    satisfies_ejr_up_to_one,
)
from ostrom.budgeting.election import (
    Ballot,
    BallotLimits,
    Election,
    ElectionProblem,
    Project,
    VoteType,
    make_election,
)
from ostrom.budgeting.equal_shares import Completion, equal_shares
from ostrom.budgeting.greedy import greedy
from ostrom.budgeting.outcome import Outcome, ProjectExplanation
from ostrom.budgeting.pabulib import (
    PabulibFormatError,
    format_pabulib,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)
from ostrom.budgeting.phragmen import phragmen
from ostrom.budgeting.support import RuleNotDefined, Utility
from ostrom.budgeting.tie_breaking import TieBreaking

__all__ = [
    "Ballot",
    "BallotLimits",
    "Completion",
    "EjrViolation",
    "Election",
    "ElectionProblem",
    "Outcome",
    "PabulibFormatError",
    "Project",
    "ProjectExplanation",
    "RuleNotDefined",
    "TieBreaking",
    "TooLargeToCheck",
    "Utility",
    "VoteType",
    "equal_shares",
    "find_ejr_up_to_one_violation",
    "format_pabulib",
    "greedy",
    "is_exhaustive",
    "is_priceable",
    "is_within_budget",
    "make_election",
    "parse_pabulib",
    "phragmen",
    "read_pabulib",
    "satisfies_ejr_up_to_one",
    "write_pabulib",
]
