"""The Polis conversations in tests/data/polis/, read into our vote matrix."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from ostrom.opinion import polis_export
from ostrom.opinion.clustering import VoteHistory, replay_vote_history
from ostrom.opinion.votes import VoteMatrix

DATA = Path(__file__).parent.parent / "data" / "polis"
POLIS_MATH_CONVERSATIONS = ["below-100-ptpts", "150ptpt-3gp-no-strict-no-meta"]
OPEN_DATA_CONVERSATIONS = ["15-per-hour-seattle", "vtaiwan.uberx"]


@dataclass(frozen=True, eq=False)
class PolisMathConversation:
    """Votes up to the Polis server's last computation, and that computation (math-pca2.json)."""

    votes: VoteMatrix
    history: VoteHistory
    vote_records: list[dict]
    math: dict

    def polis_group_of(self) -> dict[int, int]:
        base = self.math["base-clusters"]
        members = dict(zip(base["id"], base["members"], strict=True))
        return {
            pid: group["id"]
            for group in self.math["group-clusters"]
            for b in group["members"]
            for pid in members[b]
        }


@dataclass(frozen=True, eq=False)
class OpenDataConversation:
    name: str
    exported: polis_export.PolisVotes
    moderated_out: frozenset[int]
    polis_group_of: dict[int, int]
    polis_group_count: int
    votes_path: Path
    comments_path: Path


def load_polis_math(name: str) -> PolisMathConversation:
    folder = DATA / "red-dwarf-fixtures" / name
    math = json.loads((folder / "math-pca2.json").read_text())
    records = json.loads((folder / "votes.json").read_text())
    records = [
        {
            "participant_id": record.get("pid", record.get("participant_id")),
            "statement_id": record.get("tid", record.get("statement_id")),
            "vote": record["vote"],
            "modified": float(record["modified"]),
        }
        for record in records
        if float(record["modified"]) <= math["lastVoteTimestamp"]
    ]
    records.sort(key=lambda record: record["modified"])
    participants = [record["participant_id"] for record in records]
    statements = [record["statement_id"] for record in records]
    return PolisMathConversation(
        votes=VoteMatrix.from_votes(participants, statements, [record["vote"] for record in records]),
        history=replay_vote_history(participants, statements),
        vote_records=records,
        math=math,
    )


def load_open_data(name: str) -> OpenDataConversation:
    folder = DATA / "openData" / name
    with open(folder / "participants-votes.csv", newline="", encoding="utf-8") as participants_file:
        rows = list(csv.DictReader(participants_file))
    with open(folder / "summary.csv", newline="", encoding="utf-8") as summary_file:
        summary = {row[0]: row[1] for row in csv.reader(summary_file) if len(row) >= 2}
    return OpenDataConversation(
        name=name,
        exported=polis_export.read_votes(folder / "votes.csv"),
        moderated_out=polis_export.read_moderated_out(folder / "comments.csv"),
        polis_group_of={int(row["participant"]): int(row["group-id"]) for row in rows if row["group-id"]},
        polis_group_count=int(summary["groups"]),
        votes_path=folder / "votes.csv",
        comments_path=folder / "comments.csv",
    )
