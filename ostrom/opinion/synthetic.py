"""Seeded synthetic conversations, shaped like real ones, for benchmarks and tests of large maps.

Real Polis conversations are far sparser than random: statements are added over time, so early ones
collect many more votes than late ones; a few participants vote on hundreds of statements while most
vote on a handful; and participants fall into a few opinion camps of unequal size that agree among
themselves on most statements and share some consensus statements with everyone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class SyntheticConversation:
    """Votes oldest first (participant, statement, value), and the camp each participant was drawn from."""

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    values: np.ndarray
    camp_of: np.ndarray  # (participants,)

    def first(self, vote_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The oldest `vote_count` votes, as the conversation stood before the rest arrived."""
        return (
            self.participant_ids[:vote_count],
            self.statement_ids[:vote_count],
            self.values[:vote_count],
        )


def synthetic_conversation(
    participant_count: int,
    statement_count: int,
    vote_count: int,
    *,
    camp_shares: tuple[float, ...] = (0.5, 0.3, 0.2),
    pass_share: float = 0.15,
    seed: int = 0,
) -> SyntheticConversation:
    """`vote_count` votes, each on a different (participant, statement) pair, ordered by when they were cast.

    Statement j is written at time j / statements (ids are in order of writing) and draws votes in
    proportion to (1 − that time)² + 0.02, so early statements hold many more votes than late ones.
    Participants arrive at uniformly random times and a vote is cast after both the participant arrived
    and the statement was written, which orders the votes. How many votes a participant casts follows a
    log-normal spread. Each camp leans firmly one way or the other on each statement (one
    statement in five is a consensus statement every camp leans the same way on); a participant agrees with
    probability (1 + lean) / 2 of the votes that are not passes. Participant ids are 0..n-1."""
    generator = np.random.default_rng(seed)
    cell_count = participant_count * statement_count
    if vote_count > cell_count // 2:
        raise ValueError("A synthetic conversation is at most half filled")
    arrival = generator.uniform(0.0, 1.0, participant_count)
    activity = generator.lognormal(0.0, 1.0, participant_count)
    written = np.arange(statement_count) / statement_count
    # A statement's share of votes grows with how long it has been there to vote on.
    exposure = (1.0 - written) ** 2 + 0.02
    chosen = np.empty(0, dtype=np.int64)
    while len(chosen) < vote_count:
        draw_count = int((vote_count - len(chosen)) * 1.2) + 1024
        rows = generator.choice(participant_count, draw_count, p=activity / activity.sum())
        columns = generator.choice(statement_count, draw_count, p=exposure / exposure.sum())
        chosen = np.unique(np.concatenate([chosen, rows.astype(np.int64) * statement_count + columns]))
    chosen = generator.choice(chosen, vote_count, replace=False)
    rows, columns = chosen // statement_count, chosen % statement_count

    camp_of = generator.choice(
        len(camp_shares), participant_count, p=np.asarray(camp_shares) / sum(camp_shares)
    )
    # Each camp takes a side on each statement, some more firmly than others.
    lean = generator.choice([-1.0, 1.0], (len(camp_shares), statement_count)) * generator.uniform(
        0.6, 0.95, (len(camp_shares), statement_count)
    )
    is_consensus = generator.random(statement_count) < 0.2
    lean[:, is_consensus] = generator.choice([-0.8, 0.8], int(is_consensus.sum()))
    draw = generator.random(vote_count)
    agree_chance = (1.0 + lean[camp_of[rows], columns]) / 2.0 * (1.0 - pass_share)
    values = np.where(draw < agree_chance, 1, np.where(draw < 1.0 - pass_share, -1, 0)).astype(np.int8)

    cast_at = np.maximum(arrival[rows], written[columns]) + generator.exponential(0.05, vote_count)
    order = np.argsort(cast_at, kind="stable")
    return SyntheticConversation(
        participant_ids=rows[order],
        statement_ids=columns[order],
        values=values[order],
        camp_of=camp_of,
    )
