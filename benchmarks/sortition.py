"""Benchmark: our LEXIMIN and NASH against sortition-algorithms' MAXIMIN and NASH, all on HiGHS.

    .venv/bin/python benchmarks/sortition.py [--peer-timeout 600] [--only NAME]

Every run happens in a fresh process, so peak memory is that run's own (the rise in maximum
resident set size over the process's size after imports). Instances: sortition-algorithms' 150-person
fixture (with and without shared households), the Nature paper's two example pools, and a synthetic
pool of 2,000 volunteers × 6 correlated features (3–5 values each) × 60 seats with quotas within ±15%
of proportional; and two pools skewed as real volunteer pools are (older, less deprived, less
diverse; `skewed_request`), with quotas at the population's shares ± 1 seat and one person per
household: 1,200 volunteers × 5 features × 40 seats and 3,000 × 7 × 60. The peer's LEXIMIN needs a
Gurobi licence and cannot run here.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENGINES = ("ours leximin", "ours nash", "peer maximin", "peer nash")
# Each of our engines is compared with: our LEXIMIN with the peer's MAXIMIN (its LEXIMIN needs Gurobi).
PEER_OF = {"ours leximin": "peer maximin", "ours nash": "peer nash"}


def _instance(name: str):  # noqa: ANN202 - a PanelRequest, imported lazily in the child process
    from ostrom.sortition.synthetic import skewed_request, synthetic_request
    from tests.sortition.peer import fixture_request, paper_request

    if name == "fixture 150 (k=22)":
        return fixture_request()
    if name == "fixture 150 with households":
        return fixture_request(households=True)
    if name == "paper example_small_20 (200, k=20)":
        return paper_request("example_small_20")
    if name == "paper example_large_200 (2000, k=200)":
        return paper_request("example_large_200")
    if name == "skewed 1200×5 with households (k=40)":
        return skewed_request(volunteer_count=1200, feature_count=5, panel_size=40, seed=0)
    if name == "skewed 3000×7 with households (k=60)":
        return skewed_request(volunteer_count=3000, feature_count=7, panel_size=60, seed=0)
    return synthetic_request(volunteer_count=2000, feature_count=6, panel_size=60, quota_spread=0.15, seed=0)


INSTANCES = (
    "fixture 150 (k=22)",
    "fixture 150 with households",
    "paper example_small_20 (200, k=20)",
    "paper example_large_200 (2000, k=200)",
    "synthetic 2000×6 (k=60)",
    "skewed 1200×5 with households (k=40)",
    "skewed 3000×7 with households (k=60)",
)


def _run(instance_name: str, engine: str, results: multiprocessing.Queue) -> None:
    import logging

    logging.disable(logging.CRITICAL)
    from ostrom.sortition import find_distribution, find_nash_distribution

    request = _instance(instance_name)
    if engine.startswith("peer"):
        from sortition_algorithms.committee_generation import (
            find_distribution_maximin,
            find_distribution_nash,
        )
        from sortition_algorithms.utils import set_random_provider

        from tests.sortition.peer import peer_inputs

        set_random_provider(1)
        features, people, address_columns = peer_inputs(request)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if engine == "ours leximin":
        minimum = find_distribution(request).min_probability
    elif engine == "ours nash":
        minimum = find_nash_distribution(request).min_probability
    else:
        peer = find_distribution_maximin if engine == "peer maximin" else find_distribution_nash
        committees, probabilities, _ = peer(
            features, people, request.panel_size, address_columns, solver_backend="highspy"
        )
        chances = dict.fromkeys(people, 0.0)
        for committee, probability in zip(committees, probabilities, strict=True):
            for person in committee:
                chances[person] += probability
        minimum = min(chances.values())
    seconds = time.perf_counter() - started
    peak_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    results.put((seconds, peak_mib, minimum))


def measure(instance_name: str, engine: str, timeout: float) -> tuple[float, float, float] | None:
    """(seconds, peak MiB, minimum probability), or None if it did not finish within `timeout`."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = context.Queue()
    process = context.Process(target=_run, args=(instance_name, engine, results))
    process.start()
    try:
        outcome = results.get(timeout=timeout)
    except queue.Empty:
        outcome = None
    process.join(timeout=5)
    if process.is_alive():
        process.kill()
        process.join()
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--peer-timeout", type=float, default=600.0, help="seconds before a peer run is abandoned"
    )
    parser.add_argument("--only", help="run only instances whose name contains this text")
    parser.add_argument(
        "--engines", help=f"comma-separated engines to run (default: all of {', '.join(ENGINES)})"
    )
    arguments = parser.parse_args()
    print("| instance | engine | time (s) | peak memory (MiB) | min probability | peer time ÷ ours |")
    print("|---|---|---|---|---|---|")
    for instance_name in INSTANCES:
        if arguments.only and arguments.only not in instance_name:
            continue
        rows = {}
        chosen = arguments.engines.split(",") if arguments.engines else ENGINES
        for engine in (engine for engine in ENGINES if engine in chosen):
            # Wall-clock limit on the whole child (imports and reading included): a peer run that
            # overruns is abandoned rather than waited for.
            timeout = arguments.peer_timeout if engine.startswith("peer") else 3600.0
            rows[engine] = measure(instance_name, engine, timeout)
        for engine, outcome in rows.items():
            if outcome is None:
                print(
                    f"| {instance_name} | {engine} | did not finish in {arguments.peer_timeout:.0f} s | – | – | |"
                )
                continue
            seconds, peak, minimum = outcome
            ratio = ""
            peer_engine = PEER_OF.get(engine)
            if peer_engine in rows:
                peer = rows[peer_engine]
                ratio = (
                    f"{peer[0] / seconds:,.1f}× ({peer_engine})"
                    if peer is not None
                    else f"> {arguments.peer_timeout / seconds:,.0f}× ({peer_engine})"
                )
            print(f"| {instance_name} | {engine} | {seconds:.2f} | {peak:.0f} | {minimum:.6f} | {ratio} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
