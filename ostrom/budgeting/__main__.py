"""Command line: decide a Pabulib file with one rule and print the winners and why.

python -m ostrom.budgeting FILE.pb --rule mes --completion add1
python -m ostrom.budgeting FILE.pb --rule greedy --json
python -m ostrom.budgeting FILE.pb --rule points     # most points first, the file's minimum if it sets one
python -m ostrom.budgeting FILE.pb --rule file       # the rule the file's META names
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ostrom.budgeting import rules
from ostrom.budgeting.election import Election, ElectionProblem
from ostrom.budgeting.equal_shares import Completion, equal_shares
from ostrom.budgeting.greedy import greedy
from ostrom.budgeting.outcome import Outcome, money
from ostrom.budgeting.pabulib import PabulibFormatError, read_pabulib
from ostrom.budgeting.support import RuleNotDefined, Utility
from ostrom.budgeting.tie_breaking import TieBreaking

FROM_FILE = "file"


def decide(
    election: Election, *, rule: str, completion: Completion, utility: Utility, tie_breaking: TieBreaking
) -> Outcome:
    """Run the rule the command line names: greedy and Equal Shares with the utility and completion
    given; any other rule of the registry (``rules.RULES``) as it is defined there."""
    if rule == FROM_FILE:
        named = rules.rule_of_file(election)
        if named is None:
            raise RuleNotDefined(
                f"The file's rule {election.meta.get('rule', '(none)')!r} is not one we have: choose one with --rule"
            )
        return named.decide(election, tie_breaking=tie_breaking)
    if rule == rules.GREEDY.name:
        return greedy(election, utility=utility, tie_breaking=tie_breaking)
    if rule == rules.EQUAL_SHARES.name:
        return equal_shares(election, utility=utility, completion=completion, tie_breaking=tie_breaking)
    return rules.rule_named(rule).decide(election, tie_breaking=tie_breaking)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ostrom.budgeting",
        description="Decide which projects a participatory-budgeting vote funds.",
    )
    parser.add_argument("file", help="a Pabulib .pb file")
    parser.add_argument(
        "--rule",
        choices=[rule.name for rule in rules.RULES] + [FROM_FILE],
        default=rules.EQUAL_SHARES.name,
        help="; ".join(f"{rule.name}: {rule.title}" for rule in rules.RULES)
        + f"; {FROM_FILE}: the rule the file's META names",
    )
    parser.add_argument("--completion", choices=[item.value for item in Completion], default="none")
    parser.add_argument(
        "--utility",
        choices=[item.value for item in Utility],
        default=None,
        help="cost (default for approval), count, or points (default for other ballots)",
    )
    parser.add_argument(
        "--tie-breaking", choices=[item.value for item in TieBreaking], default="lexicographic"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    arguments = parser.parse_args(argv)
    try:
        election = read_pabulib(arguments.file)
    except (OSError, PabulibFormatError) as problem:
        print(f"Cannot read {arguments.file}: {problem}", file=sys.stderr)
        return 2
    utility = (
        Utility(arguments.utility)
        if arguments.utility
        else (Utility.COST if election.vote_type == "approval" else Utility.POINTS)
    )
    try:
        outcome = decide(
            election,
            rule=arguments.rule,
            completion=Completion(arguments.completion),
            utility=utility,
            tie_breaking=TieBreaking(arguments.tie_breaking),
        )
    except (RuleNotDefined, ElectionProblem) as problem:
        print(str(problem), file=sys.stderr)
        return 2
    if arguments.json:
        print(json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2))
        return 0
    names = {project.id: project.name for project in election.projects}
    print(
        f"{outcome.rule}: {len(outcome.selected)} projects funded, costing {money(outcome.cost)} of {money(outcome.budget)}"
    )
    for project_id in outcome.selected:
        print(f"  {project_id}  {names[project_id]}".rstrip())
    print()
    print("Why:")
    for project_id, explanation in outcome.explanations.items():
        print(f"  {project_id}: {explanation.reason}")
    for key, value in outcome.details.items():
        print(f"{key.replace('_', ' ')}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
