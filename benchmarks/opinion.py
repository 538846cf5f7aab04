"""Opinion maps: our engine against red-dwarf, time and peak memory, on real Polis conversations and a
synthetic 10,000-participant × 1,000-statement matrix (5% filled).

    .venv/bin/python benchmarks/opinion.py            # prints a Markdown table

Each measurement runs in a fresh process: the votes are loaded, the engine runs once unmeasured (lazy
imports, caches), once timed, and once under tracemalloc for the peak of memory allocated during the
call (NumPy, SciPy and pandas report their buffers to tracemalloc). red-dwarf is given its own input
shape (a list of vote dicts); ours is given three arrays (participant ids, statement ids, votes) and builds its sparse matrix
inside the measured call."""

from __future__ import annotations

import json
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
    return {"seconds": seconds, "peak_mib": peak_bytes / 2**20, "groups": group_count}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(measure_one(sys.argv[2], sys.argv[3])))
        return
    print(
        "| conversation | ours: time | ours: peak memory | red-dwarf: time | red-dwarf: peak memory | time, red-dwarf ÷ ours | memory, red-dwarf ÷ ours | groups (ours / red-dwarf) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name in CONVERSATIONS:
        figures = {}
        for engine in ("ours", "red-dwarf"):
            finished = subprocess.run(
                [sys.executable, __file__, "--one", name, engine],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            figures[engine] = json.loads(finished.stdout.strip().splitlines()[-1])
        ours, theirs = figures["ours"], figures["red-dwarf"]
        print(
            f"| {name} | {ours['seconds']:.3f} s | {ours['peak_mib']:.1f} MiB | {theirs['seconds']:.3f} s | "
            f"{theirs['peak_mib']:.1f} MiB | {theirs['seconds'] / ours['seconds']:.1f}× | "
            f"{theirs['peak_mib'] / ours['peak_mib']:.1f}× | {ours['groups']} / {theirs['groups']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
