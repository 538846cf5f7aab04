"""Reads the votes and comments files of a Polis export (openData's votes.csv and comments.csv).

votes.csv holds the full vote history (timestamp, datetime, comment-id, voter-id, vote with 1 agree,
-1 disagree, 0 pass); comments.csv gives moderation (moderated: 1 in, 0 waiting, -1 out)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ostrom.opinion.clustering import VoteHistory, replay_vote_history
from ostrom.opinion.votes import VoteMatrix, VotesNotUnderstood


@dataclass(frozen=True, eq=False)
class PolisVotes:
    matrix: VoteMatrix
    history: VoteHistory


def read_votes(path: Path) -> PolisVotes:
    """The latest vote of each participant on each statement, and the replayed history.

    Rows are taken oldest first by timestamp (file order breaks ties); ids are read as integers."""
    with open(path, newline="", encoding="utf-8") as votes_file:
        rows = list(csv.DictReader(votes_file))
    missing = {"timestamp", "comment-id", "voter-id", "vote"} - set(rows[0] if rows else ())
    if missing:
        raise VotesNotUnderstood(f"The votes file must have the columns {', '.join(sorted(missing))}")
    rows.sort(key=lambda row: int(row["timestamp"]))
    participants = [int(row["voter-id"]) for row in rows]
    statements = [int(row["comment-id"]) for row in rows]
    values = [int(row["vote"]) for row in rows]
    return PolisVotes(
        matrix=VoteMatrix.from_votes(participants, statements, values),
        history=replay_vote_history(participants, statements),
    )


def read_moderated_out(path: Path) -> frozenset[int]:
    """Statements a moderator took out (moderated = -1)."""
    with open(path, newline="", encoding="utf-8") as comments_file:
        return frozenset(
            int(row["comment-id"])
            for row in csv.DictReader(comments_file)
            if row["moderated"].strip() == "-1"
        )
