"""The whole opinion map on any votes: it either explains there are too few votes or gives a full answer."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ostrom.opinion.opinion_map import TooFewVotes, compute_opinion_map
from ostrom.opinion.votes import VoteMatrix

vote_tables = st.integers(min_value=2, max_value=40).flatmap(
    lambda participants: st.integers(min_value=1, max_value=8).flatmap(
        lambda statements: st.lists(
            st.lists(st.sampled_from([None, -1, 0, 1]), min_size=statements, max_size=statements),
            min_size=participants,
            max_size=participants,
        )
    )
)


def _matrix(table) -> VoteMatrix | None:
    entries = [
        (row, column, vote)
        for row, votes in enumerate(table)
        for column, vote in enumerate(votes)
        if vote is not None
    ]
    return VoteMatrix.from_votes(*zip(*entries, strict=True)) if entries else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vote_tables, st.sets(st.integers(0, 7), max_size=3))
def test_any_votes_give_groups_for_every_clustered_participant_or_a_plain_reason(table, moderated_out):
    votes = _matrix(table)
    if votes is None:
        return
    try:
        opinion_map = compute_opinion_map(votes, moderated_out=moderated_out)
    except TooFewVotes:
        return  # its message is checked below
    clustered = opinion_map.is_clustered
    assert np.all(opinion_map.group_of[clustered] >= 0)
    assert np.all(opinion_map.group_of[~clustered] == -1)
    assert 2 <= len(opinion_map.group_ids) <= 5
    assert np.all(np.isfinite(opinion_map.participant_positions))
    for statements in opinion_map.representative.values():
        assert len(statements) <= 5
        assert all(
            s.statement_id in votes.statement_ids and s.statement_id not in moderated_out for s in statements
        )


def test_identical_votes_give_a_plain_reason_instead_of_groups():
    votes = VoteMatrix.from_votes([1, 2, 3], ["a", "a", "a"], [1, 1, 1])
    with pytest.raises(TooFewVotes, match="at least two participants who voted differently"):
        compute_opinion_map(votes)


def test_many_statements_use_the_sparse_solver_and_still_give_exact_components():
    generator = np.random.default_rng(5)
    participant_count, statement_count = 400, 900
    cells = generator.choice(participant_count * statement_count, 30_000, replace=False)
    votes = VoteMatrix.from_votes(
        cells // statement_count, cells % statement_count, generator.choice([-1, 0, 1], len(cells))
    )
    opinion_map = compute_opinion_map(votes)
    dense = np.full(votes.shape, np.nan)
    entries = votes.votes.tocoo()
    dense[entries.row, entries.col] = entries.data
    centred = np.nan_to_num(dense - np.nanmean(dense, axis=0))
    _, _, exact = np.linalg.svd(centred, full_matrices=False)
    assert np.abs(opinion_map.components.components) == pytest.approx(np.abs(exact[:2]), abs=1e-8)
