"""Representative, consensus and group-informed consensus statements, checked against Polis's own lists."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ostrom.opinion import repness
from ostrom.opinion.opinion_map import Settings, compute_opinion_map
from tests.opinion.polis_data import load_polis_math


def _polis_groups(conversation) -> tuple[list[int], list[np.ndarray]]:
    """Polis's groups as rows of our vote matrix, in Polis's group order."""
    row_of = {pid: row for row, pid in enumerate(conversation.votes.participant_ids)}
    base = conversation.math["base-clusters"]
    members = dict(zip(base["id"], base["members"], strict=True))
    group_ids, rows = [], []
    for group in conversation.math["group-clusters"]:
        group_ids.append(group["id"])
        rows.append(np.array(sorted(row_of[pid] for b in group["members"] for pid in members[b])))
    return group_ids, rows


def _moderated(conversation) -> np.ndarray:
    return np.isin(np.array(conversation.votes.statement_ids), conversation.math["mod-out"])


def test_representative_statements_for_polis_groups_are_polis_lists(polis_math):
    group_ids, rows = _polis_groups(polis_math)
    moderated = _moderated(polis_math)
    counts = [repness.count_votes(polis_math.votes.votes, members, zeroed=moderated) for members in rows]
    chosen = repness.representative_statements(counts, polis_math.votes.statement_ids, excluded=moderated)
    for group_id, statements in zip(group_ids, chosen, strict=True):
        polis = polis_math.math["repness"][str(group_id)]
        assert [s.statement_id for s in statements] == [entry["tid"] for entry in polis]
        assert [s.repful_for for s in statements] == [entry["repful-for"] for entry in polis]
        for ours, theirs in zip(statements, polis, strict=True):
            assert ours.success_count == theirs["n-success"]
            assert ours.trial_count == theirs["n-trials"]
            assert ours.success_probability == pytest.approx(theirs["p-success"], rel=1e-9)
            assert ours.probability_test == pytest.approx(theirs["p-test"], rel=1e-9)
            assert ours.repness == pytest.approx(theirs["repness"], rel=1e-9)
            assert ours.repness_test == pytest.approx(theirs["repness-test"], rel=1e-6)
            assert ours.is_best_agree == theirs.get("best-agree", False)


def test_consensus_statements_are_polis_lists(polis_math):
    opinion_map = compute_opinion_map(polis_math.votes, moderated_out=polis_math.math["mod-out"])
    for direction in ("agree", "disagree"):
        ours = getattr(opinion_map.consensus, direction)
        theirs = polis_math.math["consensus"][direction]
        assert [s.statement_id for s in ours] == [entry["tid"] for entry in theirs]
        assert [s.probability_test for s in ours] == pytest.approx([entry["p-test"] for entry in theirs])


def test_group_votes_and_group_informed_consensus_are_polis_figures(polis_math):
    group_ids, rows = _polis_groups(polis_math)
    counts = [repness.count_votes(polis_math.votes.votes, members) for members in rows]
    for group_id, group_counts in zip(group_ids, counts, strict=True):
        polis = polis_math.math["group-votes"][str(group_id)]
        assert polis["n-members"] == len(rows[group_ids.index(group_id)])
        for column, sid in enumerate(polis_math.votes.statement_ids):
            figures = polis["votes"][str(sid)]
            assert (group_counts.agree[column], group_counts.disagree[column], group_counts.seen[column]) == (
                figures["A"],
                figures["D"],
                figures["S"],
            )
    ours = repness.group_informed_consensus(counts)
    theirs = [polis_math.math["group-aware-consensus"][str(sid)] for sid in polis_math.votes.statement_ids]
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_the_whole_pipeline_picks_polis_representative_statements_on_the_small_conversation():
    # Only here are Polis's base clusters free of history (each participant is one); see test_groups.py.
    polis_math = load_polis_math("below-100-ptpts")
    opinion_map = compute_opinion_map(
        polis_math.votes,
        moderated_out=polis_math.math["mod-out"],
        history=polis_math.history,
        settings=Settings(kmeans_starts="polis"),
    )
    ours = sorted(
        tuple(s.statement_id for s in statements) for statements in opinion_map.representative.values()
    )
    theirs = sorted(
        tuple(entry["tid"] for entry in entries) for entries in polis_math.math["repness"].values()
    )
    assert ours == theirs


def test_moderated_out_statements_are_never_picked(open_data):
    opinion_map = compute_opinion_map(
        open_data.exported.matrix, moderated_out=open_data.moderated_out, history=open_data.exported.history
    )
    picked = {s.statement_id for statements in opinion_map.representative.values() for s in statements}
    picked |= {s.statement_id for s in opinion_map.consensus.agree + opinion_map.consensus.disagree}
    picked |= set(opinion_map.most_group_informed_consensus())
    assert picked
    assert not picked & open_data.moderated_out


def test_consensus_statements_are_red_dwarfs(open_data, red_dwarf_result):
    result = red_dwarf_result(open_data)
    opinion_map = compute_opinion_map(open_data.exported.matrix, moderated_out=open_data.moderated_out)
    for direction in ("agree", "disagree"):
        ours = [s.statement_id for s in getattr(opinion_map.consensus, direction)]
        assert ours == [entry["tid"] for entry in result.consensus[direction]]


@given(
    st.lists(st.integers(0, 60), min_size=1, max_size=20).flatmap(
        lambda seen: st.tuples(
            st.just(seen), st.lists(st.integers(0, 60), min_size=len(seen), max_size=len(seen))
        )
    )
)
def test_probability_test_is_significant_only_when_most_agree(pair):
    seen, raw = pair
    seen = np.array(seen, dtype=float)
    agree = np.minimum(np.array(raw, dtype=float), seen)
    z = repness.proportion_test(agree, seen)
    assert np.all((z > 0) == ((agree + 1) / (seen + 1) > 0.5))
