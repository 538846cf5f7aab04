"""Command line: draw an opinion map from a Polis export and print its groups and statements.

python -m ostrom.opinion votes.csv [--comments comments.csv] [--polis-starts] --json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ostrom.opinion import polis_export
from ostrom.opinion.opinion_map import OpinionMap, Settings, TooFewVotes, compute_opinion_map


def summary(opinion_map: OpinionMap) -> dict:
    """The CLI's JSON: each clustered participant's group, each group's representative statements and
    the consensus statements (agreed first, then disagreed)."""
    return {
        "groups": {str(pid): group for pid, group in opinion_map.groups().items()},
        "repness": {
            str(group): [statement.statement_id for statement in statements]
            for group, statements in opinion_map.representative.items()
        },
        "consensus": [statement.statement_id for statement in opinion_map.consensus.agree]
        + [statement.statement_id for statement in opinion_map.consensus.disagree],
    }


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ostrom.opinion", description=__doc__.splitlines()[0])
    parser.add_argument("votes", type=Path, help="a Polis votes.csv export")
    parser.add_argument("--comments", type=Path, help="a Polis comments.csv export, for moderation")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a summary")
    parser.add_argument(
        "--polis-starts", action="store_true", help="start k-means from the first participants, as Polis does"
    )
    options = parser.parse_args(arguments)
    exported = polis_export.read_votes(options.votes)
    moderated_out = polis_export.read_moderated_out(options.comments) if options.comments else frozenset()
    settings = Settings(kmeans_starts="polis" if options.polis_starts else "order-free")
    try:
        opinion_map = compute_opinion_map(
            exported.matrix, moderated_out=moderated_out, history=exported.history, settings=settings
        )
    except TooFewVotes as problem:
        print(problem, file=sys.stderr)
        return 1
    result = summary(opinion_map)
    if options.json:
        print(json.dumps(result))
        return 0
    sizes = opinion_map.group_sizes()
    print(f"{len(opinion_map.participant_ids)} participants, {sum(sizes.values())} in {len(sizes)} groups")
    for group, statements in result["repness"].items():
        print(f"Group {group} ({sizes[int(group)]} people): statements {', '.join(map(str, statements))}")
    print(f"Consensus: statements {', '.join(map(str, result['consensus'])) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
