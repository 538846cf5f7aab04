"""Opinion maps: our engine against red-dwarf, time and peak memory, on real Polis conversations, a
synthetic 10,000-participant × 1,000-statement matrix (5% filled, uniform) and a synthetic conversation
of 100,000 participants × 2,000 statements with 4 million votes (2% filled, `ostrom.opinion.synthetic`:
three opinion camps, statements written over time); then the warm-started update after 1,000 new votes.

    .venv/bin/python benchmarks/opinion.py                       # both Markdown tables
    .venv/bin/python benchmarks/opinion.py --peer-timeout 120    # give up on red-dwarf after 2 minutes
    .venv/bin/python benchmarks/opinion.py --only "camps (100,000 × 2,000, 4M votes)" --skip-peer

Each measurement runs in a fresh process: the votes are loaded, the engine runs once unmeasured (lazy
imports, caches), once timed, and once under tracemalloc for the peak of memory allocated during the
call (NumPy, SciPy and pandas report their buffers to tracemalloc); the process's peak resident size
(which includes loading the votes) is reported too. red-dwarf is given its own input shape (a list of
vote dicts); ours is given three arrays (participant ids, statement ids, votes) and builds its sparse
matrix inside the measured call. The warm-update table times `compute_opinion_map` alone on a matrix
already built (the conversations app rebuilds it from the database, timed by
benchmarks/opinion_database.py): from scratch and from the last map's warm start, with the adjusted
Rand index between the two groupings."""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "polis"
CONVERSATIONS = {
    "below-100-ptpts (37 × 44)": ("math", DATA / "red-dwarf-fixtures" / "below-100-ptpts"),
    "150ptpt-3gp (160 × 118)": ("math", DATA / "red-dwarf-fixtures" / "150ptpt-3gp-no-strict-no-meta"),
    "Seattle $15/hour (339 × 54)": ("open", DATA / "openData" / "15-per-hour-seattle"),
    "vTaiwan UberX (1,921 × 197)": ("open", DATA / "openData" / "vtaiwan.uberx"),
    "synthetic (10,000 × 1,000, 5%)": ("synthetic", None),
    "camps (100,000 × 2,000, 4M votes)": ("camps", None),
}
# The update: this many votes arrive after the first map was drawn.
NEW_VOTE_COUNT = 1_000
CAMPS = {
    "camps (10,000 × 1,000, 200,000 votes)": (10_000, 1_000, 200_000),
    "camps (100,000 × 2,000, 4M votes)": (100_000, 2_000, 4_000_000),
}


def load(kind: str, folder: Path | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    """Participant ids, statement ids and votes (oldest first), and the moderated-out statements."""
    sys.path.insert(0, str(ROOT))
    if kind == "math":
        math = json.loads((folder / "math-pca2.json").read_text())
        records = [
            r
            for r in json.loads((folder / "votes.json").read_text())
            if float(r["modified"]) <= math["lastVoteTimestamp"]
        ]
        records.sort(key=lambda r: float(r["modified"]))
        participants = [r.get("pid", r.get("participant_id")) for r in records]
        statements = [r.get("tid", r.get("statement_id")) for r in records]
        return (
            np.array(participants),
            np.array(statements),
            np.array([r["vote"] for r in records]),
            math["mod-out"],
        )
    if kind == "open":
        from ostrom.opinion import polis_export

        exported = polis_export.read_votes(folder / "votes.csv")
        entries = exported.matrix.votes.tocoo()
        ids = np.array(exported.matrix.participant_ids)
        statement_ids = np.array(exported.matrix.statement_ids)
        moderated = sorted(polis_export.read_moderated_out(folder / "comments.csv"))
        return ids[entries.row], statement_ids[entries.col], entries.data.astype(int), moderated
    if kind == "camps":
        from ostrom.opinion.synthetic import synthetic_conversation

        conversation = synthetic_conversation(*CAMPS["camps (100,000 × 2,000, 4M votes)"], seed=2026)
        return conversation.participant_ids, conversation.statement_ids, conversation.values, []
    generator = np.random.default_rng(2026)
    participant_count, statement_count = 10_000, 1_000
    cells = generator.choice(
        participant_count * statement_count, participant_count * statement_count // 20, replace=False
    )
    rows, columns = cells // statement_count, cells % statement_count
    # Three latent opinion groups, each leaning its own way on every statement.
    group = generator.integers(0, 3, participant_count)
    lean = generator.uniform(-1, 1, (3, statement_count))
    agree_chance = (1 + lean[group[rows], columns]) / 2 * 0.8
    draw = generator.random(len(cells))
    votes = np.where(draw < agree_chance, 1, np.where(draw < 0.8, -1, 0))
    return rows, columns, votes, []


def measure_one(name: str, engine: str) -> dict:
    kind, folder = CONVERSATIONS[name]
    participants, statements, votes, moderated = load(kind, folder)
    if engine == "red-dwarf":
        from reddwarf.implementations.polis import run_pipeline

        records = [
            {"participant_id": int(p), "statement_id": int(s), "vote": int(v), "modified": 0}
            for p, s, v in zip(participants, statements, votes, strict=True)
        ]

        def run():
            return len(
                set(
                    run_pipeline(
                        votes=records, mod_out_statement_ids=moderated, random_state=0
                    ).clusterer.labels_
                )
            )
    else:
        from ostrom.opinion.opinion_map import compute_opinion_map
        from ostrom.opinion.votes import VoteMatrix

        def run():
            matrix = VoteMatrix.from_votes(participants, statements, votes)
            return len(compute_opinion_map(matrix, moderated_out=moderated).group_ids)

    run()  # a first, unmeasured run pays for lazy imports and caches, for both engines alike
    started = time.perf_counter()
    group_count = run()
    seconds = time.perf_counter() - started
    # Memory in a third run: tracing allocations slows Python code, so it is not timed.
    tracemalloc.start()
    run()
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": seconds,
        "peak_mib": peak_bytes / 2**20,
        "resident_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "groups": group_count,
    }


def measure_update(name: str) -> dict:
    """A map drawn, NEW_VOTE_COUNT more votes, then the map recomputed from scratch and from the warm start."""
    sys.path.insert(0, str(ROOT))
    from sklearn.metrics import adjusted_rand_score

    from ostrom.opinion.opinion_map import compute_opinion_map
    from ostrom.opinion.synthetic import synthetic_conversation
    from ostrom.opinion.votes import VoteMatrix

    participant_count, statement_count, vote_count = CAMPS[name]
    conversation = synthetic_conversation(
        participant_count, statement_count, vote_count + NEW_VOTE_COUNT, seed=2026
    )
    before = VoteMatrix.from_votes(*conversation.first(vote_count))
    after = VoteMatrix.from_votes(
        conversation.participant_ids, conversation.statement_ids, conversation.values
    )
    warm_start = compute_opinion_map(before).warm_start()
    compute_opinion_map(after, previous=warm_start)  # unmeasured, as above
    started = time.perf_counter()
    updated = compute_opinion_map(after, previous=warm_start)
    warm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    fresh = compute_opinion_map(after)
    fresh_seconds = time.perf_counter() - started
    both = updated.is_clustered & fresh.is_clustered
    return {
        "fresh_seconds": fresh_seconds,
        "warm_seconds": warm_seconds,
        "agreement": adjusted_rand_score(fresh.group_of[both], updated.group_of[both]),
        "groups": f"{len(updated.group_ids)} / {len(fresh.group_ids)}",
    }


def run_child(arguments: list[str], timeout: float | None) -> dict | None:
    try:
        finished = subprocess.run(
            [sys.executable, __file__, *arguments],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    return json.loads(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", nargs="+", choices=[*CONVERSATIONS, *CAMPS], help="these conversations only"
    )
    parser.add_argument(
        "--peer-timeout", type=float, default=600.0, help="seconds before giving up on red-dwarf"
    )
    parser.add_argument("--skip-peer", action="store_true", help="time our engine only")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--update", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.one:
        print(json.dumps(measure_one(*arguments.one)))
        return
    if arguments.update:
        print(json.dumps(measure_update(arguments.update)))
        return
    chosen = arguments.only or [*CONVERSATIONS, *CAMPS]
    print(
        "| conversation | ours: time | ours: peak memory (traced / resident) | red-dwarf: time | red-dwarf: peak memory (traced / resident) | time, red-dwarf ÷ ours | memory, red-dwarf ÷ ours | groups (ours / red-dwarf) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in [name for name in CONVERSATIONS if name in chosen]:
        ours = run_child(["--one", name, "ours"], None)
        theirs = (
            None if arguments.skip_peer else run_child(["--one", name, "red-dwarf"], arguments.peer_timeout)
        )
        if theirs is None:
            peer = "skipped" if arguments.skip_peer else f"did not finish in {arguments.peer_timeout:.0f} s"
            cells = [peer, "–", "–", "–", f"{ours['groups']} / –"]
        else:
            cells = [
                f"{theirs['seconds']:.3f} s",
                f"{theirs['peak_mib']:.1f} / {theirs['resident_mib']:.0f} MiB",
                f"{theirs['seconds'] / ours['seconds']:.1f}×",
                f"{theirs['peak_mib'] / ours['peak_mib']:.1f}×",
                f"{ours['groups']} / {theirs['groups']}",
            ]
        print(
            f"| {name} | {ours['seconds']:.3f} s | {ours['peak_mib']:.1f} / {ours['resident_mib']:.0f} MiB | "
            + " | ".join(cells)
            + " |",
            flush=True,
        )
    updates = [name for name in CAMPS if name in chosen]
    if updates:
        print()
        print(
            f"| after {NEW_VOTE_COUNT:,} new votes | from scratch | warm start | groups (warm / scratch) | ARI |"
        )
        print("|---|---|---|---|---|")
    for name in updates:
        update = run_child(["--update", name], None)
        print(
            f"| {name} | {update['fresh_seconds']:.3f} s | {update['warm_seconds']:.3f} s | "
            f"{update['groups']} | {update['agreement']:.4f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
