"""The vote matrix: the latest vote counts, passes are votes, and the order votes arrive in does not matter."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostrom.opinion.votes import VoteMatrix, VotesNotUnderstood


def test_a_changed_vote_replaces_the_earlier_one():
    votes = VoteMatrix.from_votes([7, 7, 8], ["a", "a", "a"], [1, -1, 0])
    assert votes.votes.toarray().tolist() == [[-1.0], [0.0]]
    assert votes.vote_counts().tolist() == [1, 1]


def test_a_pass_is_a_vote_and_an_unseen_statement_is_not():
    votes = VoteMatrix.from_votes([1, 1, 2], ["a", "b", "a"], [0, 1, 0])
    assert votes.vote_counts().tolist() == [2, 1]
    assert votes.voter_counts().tolist() == [2, 1]


def test_passes_survive_choosing_participants():
    votes = VoteMatrix.from_votes([1, 2, 2], ["a", "a", "b"], [0, 0, 1])
    assert votes.select_participants(np.array([1, 0])).vote_counts().tolist() == [2, 1]


def test_a_vote_other_than_agree_disagree_or_pass_is_refused():
    with pytest.raises(VotesNotUnderstood, match="1 \\(agree\\), -1 \\(disagree\\) or 0 \\(pass\\)"):
        VoteMatrix.from_votes([1], ["a"], [2])


@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 4), st.sampled_from([-1, 0, 1])), min_size=1, max_size=60
    ),
    st.randoms(use_true_random=False),
)
def test_the_matrix_holds_each_participants_latest_vote_whatever_order_participants_arrive_in(
    history, random
):
    latest = {}
    for participant, statement, vote in history:
        latest[(participant, statement)] = vote
    votes = VoteMatrix.from_votes(*zip(*history, strict=True))
    dense = votes.votes.toarray()
    for (participant, statement), vote in latest.items():
        assert dense[votes.participant_ids.index(participant), votes.statement_ids.index(statement)] == vote
    assert votes.votes.nnz == len(latest)
    final = list(latest.items())
    random.shuffle(final)
    shuffled = VoteMatrix.from_votes(*zip(*[(p, s, v) for (p, s), v in final], strict=True))
    assert shuffled.participant_ids == votes.participant_ids
    assert (shuffled.votes != votes.votes).nnz == 0


def test_a_history_with_changed_votes_gives_the_matrix_of_its_latest_votes_alone():
    """Two ways to the matrix: with repeated cells the latest vote is found by sorting the history;
    without (as the conversations app stores votes) SciPy's conversion is used. They must agree."""
    generator = np.random.default_rng(8)
    participants = generator.integers(0, 300, 5_000) * 7
    statements = generator.integers(0, 40, 5_000)
    values = generator.choice([-1, 0, 1], 5_000)
    with_history = VoteMatrix.from_votes(participants, statements, values)
    latest = {}
    for participant, statement, value in zip(participants, statements, values, strict=True):
        latest[(participant, statement)] = value
    cells = list(latest)
    latest_only = VoteMatrix.from_votes(
        [p for p, _ in cells], [s for _, s in cells], [latest[cell] for cell in cells]
    )

    assert latest_only.participant_ids == with_history.participant_ids
    assert latest_only.statement_ids == with_history.statement_ids
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(latest_only.votes, part), getattr(with_history.votes, part))
        assert getattr(latest_only.votes, part).dtype == getattr(with_history.votes, part).dtype
    assert (latest_only.votes.data == 0).sum() > 0  # passes are kept as stored zeros
