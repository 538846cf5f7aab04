"""Command line: select a panel from a pool CSV and a quotas CSV, for people who only want the engine.

python -m ostrom.sortition pool.csv quotas.csv --size 30 [--seed TEXT] [--json]
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from ostrom.sortition.csv_files import read_pool, read_quotas
from ostrom.sortition.feasibility import QuotasCannotBeMet
from ostrom.sortition.lottery import ALGORITHMS, select_panel
from ostrom.sortition.pool import PanelRequest


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ostrom.sortition",
        description="Select a citizens' panel that meets the quotas, by a fair and auditable lottery.",
    )
    parser.add_argument("pool", type=Path, help="CSV of volunteers, one row per person")
    parser.add_argument(
        "quotas", type=Path, help="CSV of quotas: feature,value,min,max (or category,feature,min,max)"
    )
    parser.add_argument("--size", type=int, required=True, help="number of seats on the panel")
    parser.add_argument("--algorithm", choices=ALGORITHMS, default="leximin", help="default: leximin")
    parser.add_argument(
        "--seed", help="text that fixes the draw, e.g. a public random number; default: a fresh one"
    )
    parser.add_argument(
        "--id-column", help="column holding each person's id; default: id, nationbuilder_id or row number"
    )
    parser.add_argument(
        "--household-columns",
        help="comma-separated columns that identify a household; at most one person per household is chosen",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _arguments(argv)
    quotas = read_quotas(arguments.quotas)
    features = list(dict.fromkeys(quota.feature for quota in quotas))
    household_columns = [c.strip() for c in (arguments.household_columns or "").split(",") if c.strip()]
    volunteers = read_pool(
        arguments.pool, features, id_column=arguments.id_column, household_columns=household_columns
    )
    try:
        request = PanelRequest(
            volunteers=volunteers,
            quotas=quotas,
            panel_size=arguments.size,
            one_per_household=bool(household_columns),
        )
    except ValueError as problem:
        print(problem, file=sys.stderr)
        return 2
    seed = arguments.seed if arguments.seed is not None else secrets.token_hex(16)
    try:
        selection = select_panel(request, seed=seed, algorithm=arguments.algorithm)
    except QuotasCannotBeMet as problem:
        print(f"No panel can meet these quotas. {problem.explanation}", file=sys.stderr)
        return 1
    probabilities = dict(selection.distribution.selection_probabilities) if selection.distribution else None
    minimum = min(probabilities.values()) if probabilities else None
    if arguments.json:
        print(
            json.dumps(
                {
                    "algorithm": selection.algorithm,
                    "min_probability": minimum,
                    "probabilities": probabilities,
                    "panel": list(selection.panel),
                    "seed": selection.seed,
                }
            )
        )
        return 0
    if probabilities and minimum is not None:
        print(
            f"Fair lottery ({selection.algorithm}) over {len(selection.distribution.panels)} panels: "  # type: ignore[union-attr]
            f"chances of selection from {minimum:.2%} to {max(probabilities.values()):.2%}."
        )
    else:
        print("Legacy greedy selection: chances of selection are not computed.")
    print(f"Seed: {selection.seed}")
    print(f"Panel of {len(selection.panel)}: {', '.join(selection.panel)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
