"""Placing participants: checked against the Polis server's own PCA (math-pca2.json) and red-dwarf."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ostrom.opinion.opinion_map import compute_opinion_map
from ostrom.opinion.pca import place_participants
from ostrom.opinion.synthetic import synthetic_conversation
from ostrom.opinion.votes import VoteMatrix


def _placement(conversation):
    moderated = np.isin(np.array(conversation.votes.statement_ids), conversation.math["mod-out"])
    return place_participants(conversation.votes.votes, moderated_out=moderated)


def _axis_signs(ours: np.ndarray, polis: np.ndarray) -> np.ndarray:
    return np.sign(np.einsum("ij,ij->i", ours, polis))


def test_statements_are_those_polis_computed_on(polis_math):
    assert list(polis_math.votes.statement_ids) == polis_math.math["tids"]
    assert len(polis_math.votes.participant_ids) == polis_math.math["n"]


def test_components_are_polis_components(polis_math):
    ours = _placement(polis_math).components.components
    polis = np.array(polis_math.math["pca"]["comps"])
    cosines = (
        np.abs(np.einsum("ij,ij->i", ours, polis))
        / np.linalg.norm(ours, axis=1)
        / np.linalg.norm(polis, axis=1)
    )
    assert cosines.min() >= 0.999


def test_centre_is_polis_centre_with_agree_counted_as_plus_one(polis_math):
    # Inside Polis's math agree is −1, so its centre is the negative of ours.
    ours = _placement(polis_math).components.centre
    assert ours == pytest.approx(-np.array(polis_math.math["pca"]["center"]), abs=1e-12)


def test_participant_positions_are_polis_positions_within_a_millionth(polis_math):
    placement = _placement(polis_math)
    signs = _axis_signs(placement.components.components, np.array(polis_math.math["pca"]["comps"]))
    row_of = {pid: row for row, pid in enumerate(polis_math.votes.participant_ids)}
    base = polis_math.math["base-clusters"]
    for members, x, y in zip(base["members"], base["x"], base["y"], strict=True):
        # A base cluster's centre is the mean position of its members; with ≤ 100 people each is one person.
        centre = placement.participant_positions[[row_of[pid] for pid in members]].mean(0)
        assert centre * -signs == pytest.approx([x, y], abs=1e-6)


def test_statement_positions_are_polis_comment_projection(polis_math):
    placement = _placement(polis_math)
    signs = _axis_signs(placement.components.components, np.array(polis_math.math["pca"]["comps"]))
    polis = np.array(polis_math.math["pca"]["comment-projection"]).T
    assert placement.statement_positions * -signs == pytest.approx(polis, abs=1e-6)


def test_positions_are_red_dwarfs_on_polis_open_data(open_data, red_dwarf_result):
    result = red_dwarf_result(open_data)
    ours = compute_opinion_map(open_data.exported.matrix, moderated_out=open_data.moderated_out)
    theirs = result.participants_df.loc[list(ours.participant_ids), ["x", "y"]].to_numpy()
    signs = _axis_signs(ours.components.components, result.reducer.components_)
    # red-dwarf leaves the solver to scikit-learn, which picks randomised SVD once a side exceeds 500
    # (vTaiwan has 1,921 participants): its components are then off by about 1e-5, so positions by 1e-3.
    assert ours.participant_positions * signs == pytest.approx(theirs, abs=1e-3)


def test_positions_are_exact_principal_components_of_the_mean_filled_votes(open_data):
    votes = open_data.exported.matrix
    moderated = np.isin(np.array(votes.statement_ids), sorted(open_data.moderated_out))
    placement = place_participants(votes.votes, moderated_out=moderated)
    dense = np.full(votes.shape, np.nan)
    entries = votes.votes.tocoo()
    dense[entries.row, entries.col] = entries.data
    dense[:, moderated] = 0
    centred = np.nan_to_num(dense - np.nanmean(dense, axis=0))
    _, _, exact = np.linalg.svd(centred, full_matrices=False)
    assert np.abs(placement.components.components) == pytest.approx(np.abs(exact[:2]), abs=1e-9)


def test_a_moderated_out_statement_counts_as_a_pass_from_everyone():
    votes = VoteMatrix.from_votes([1, 1, 2, 2, 3, 3], ["a", "b", "a", "b", "a", "c"], [1, 1, -1, -1, 1, -1])
    moderated = np.array([False, False, True])
    with_statement_out = place_participants(votes.votes, moderated_out=moderated)
    passes = VoteMatrix.from_votes(
        [1, 1, 1, 2, 2, 2, 3, 3], ["a", "b", "c", "a", "b", "c", "a", "c"], [1, 1, 0, -1, -1, 0, 1, 0]
    )
    everyone_passed = place_participants(passes.votes, moderated_out=np.zeros(3, dtype=bool))
    assert with_statement_out.participant_positions[:, 0] == pytest.approx(
        everyone_passed.participant_positions[:, 0], abs=1e-12
    )


vote_tables = st.integers(min_value=4, max_value=25).flatmap(
    lambda participants: st.lists(
        st.lists(st.sampled_from([None, -1, 0, 1]), min_size=6, max_size=6),
        min_size=participants,
        max_size=participants,
    )
)


def _from_table(table, participant_order, statement_order):
    entries = [
        (participant_order[row], statement_order[column], vote)
        for row, votes in enumerate(table)
        for column, vote in enumerate(votes)
        if vote is not None
    ]
    return VoteMatrix.from_votes(*zip(*entries, strict=True)) if entries else None


@settings(max_examples=60, deadline=None)
@given(vote_tables, st.randoms(use_true_random=False))
def test_positions_do_not_depend_on_the_order_of_participants_or_statements(table, random):
    participants = list(range(len(table)))
    statements = list(range(6))
    original = _from_table(table, participants, statements)
    if original is None:
        return
    random.shuffle(participants)
    random.shuffle(statements)
    renamed = _from_table(table, participants, statements)
    first = place_participants(original.votes, moderated_out=np.zeros(original.shape[1], dtype=bool))
    second = place_participants(renamed.votes, moderated_out=np.zeros(renamed.shape[1], dtype=bool))
    spectrum = np.linalg.svd(first.participant_positions, compute_uv=False)
    if len(spectrum) < 2 or spectrum[1] < 1e-6 or _has_tied_components(original):
        return  # the components are not unique: any rotation of a tied pair is as good
    row_of = {pid: row for row, pid in enumerate(renamed.participant_ids)}
    moved = second.participant_positions[[row_of[participants[row]] for row in original.participant_ids]]
    assert np.abs(moved) == pytest.approx(np.abs(first.participant_positions), abs=1e-7)


def _has_tied_components(votes: VoteMatrix) -> bool:
    dense = votes.votes.toarray()
    seen = np.zeros_like(dense, dtype=bool)
    seen[np.repeat(np.arange(votes.shape[0]), np.diff(votes.votes.indptr)), votes.votes.indices] = True
    means = np.where(seen.any(0), (dense * seen).sum(0) / np.maximum(seen.sum(0), 1), 0)
    centred = np.where(seen, dense - means, 0)
    values = np.linalg.eigvalsh(centred.T @ centred)[::-1]
    return bool(
        values[1] - values[2] < 1e-6 * max(values[0], 1) or values[0] - values[1] < 1e-6 * max(values[0], 1)
    )


def test_a_warm_start_from_the_last_components_gives_the_components_of_a_fresh_computation():
    conversation = synthetic_conversation(3_000, 900, 60_500, seed=4)
    before = VoteMatrix.from_votes(*conversation.first(60_000))
    after = VoteMatrix.from_votes(
        conversation.participant_ids, conversation.statement_ids, conversation.values
    )
    taken_out = np.isin(after.statement_ids, [3, 50])
    last = place_participants(before.votes, moderated_out=np.isin(before.statement_ids, [3, 50]))
    # The last components in the new matrix's statement order; statements new since then weigh zero.
    previous = np.zeros((2, len(after.statement_ids)))
    previous[:, np.searchsorted(after.statement_ids, before.statement_ids)] = last.components.components

    warm = place_participants(after.votes, moderated_out=taken_out, previous_components=previous)
    fresh = place_participants(after.votes, moderated_out=taken_out)

    assert warm.components.components == pytest.approx(fresh.components.components, abs=1e-10)
    assert warm.participant_positions == pytest.approx(fresh.participant_positions, abs=1e-8)
