"""Which statements speak for each opinion group, which unite everyone, and how each group voted.

The statistics and the selection rules are Polis's (math/src/polismath/math/repness.clj and stats.clj):
a statement represents a group when the group agrees (or disagrees) with it significantly more than the
other groups do and significantly more than half the time (one-sided z-tests at 90%); consensus
statements are those a significant majority of everyone agrees (or disagrees) with; group-informed
consensus is the product over groups of each group's smoothed agreement."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

# One-sided z-value for 90% confidence, as in Polis's stats/z-sig-90?
Z_90 = 1.2816


@dataclass(frozen=True, eq=False)
class VoteCounts:
    """Agree, disagree and seen (agree + disagree + pass) counts per statement, for one set of people."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement that sets a group apart, with the figures behind the choice."""

    statement_id: Hashable
    repful_for: Literal["agree", "disagree"]
    success_count: int  # group members who agreed (or disagreed)
    trial_count: int  # group members who saw it
    success_probability: float  # (1 + successes) / (2 + trials)
    probability_test: float  # z: is that more than half?
    repness: float  # how many times likelier than in the other groups
    repness_test: float  # z: is that more than in the other groups?
    is_best_agree: bool = False


@dataclass(frozen=True)
class ConsensusStatement:
    """A statement a significant majority of everyone agreed (or disagreed) with."""

    statement_id: Hashable
    success_count: int
    trial_count: int
    success_probability: float
    probability_test: float


@dataclass(frozen=True)
class Consensus:
    agree: tuple[ConsensusStatement, ...]
    disagree: tuple[ConsensusStatement, ...]


def count_votes(votes: sparse.csr_array, rows: np.ndarray, *, zeroed: np.ndarray | None = None) -> VoteCounts:
    """Vote counts per statement over the given participant rows.

    zeroed: statements whose every vote counts as a pass from everyone in `rows` (Polis's moderated-out
    columns in its rating matrix)."""
    is_everyone = len(rows) == votes.shape[0] and np.array_equal(rows, np.arange(len(rows)))
    subset = votes if is_everyone else votes[rows]
    statement_count = votes.shape[1]
    agree = np.bincount(subset.indices, weights=(subset.data > 0), minlength=statement_count)
    disagree = np.bincount(subset.indices, weights=(subset.data < 0), minlength=statement_count)
    seen = np.bincount(subset.indices, minlength=statement_count).astype(np.float64)
    if zeroed is not None:
        agree[zeroed] = 0
        disagree[zeroed] = 0
        seen[zeroed] = len(rows)
    return VoteCounts(agree=agree, disagree=disagree, seen=seen)


def count_votes_by_group(votes: sparse.csr_array, group_of: np.ndarray) -> dict[int, VoteCounts]:
    """Vote counts per statement for every group at once (group_of: group per participant row, −1 for
    none; those rows are left out), reading the votes once rather than once per group."""
    statement_count = votes.shape[1]
    groups = np.unique(group_of[group_of >= 0])
    bucket_of_group = np.full(int(group_of.max()) + 2, len(groups), dtype=np.int64)
    bucket_of_group[groups] = np.arange(len(groups))
    entry_bucket = np.repeat(bucket_of_group[group_of], np.diff(votes.indptr))
    cells = entry_bucket * statement_count + votes.indices
    size = (len(groups) + 1) * statement_count
    agree = np.bincount(cells, weights=(votes.data > 0), minlength=size).reshape(-1, statement_count)
    disagree = np.bincount(cells, weights=(votes.data < 0), minlength=size).reshape(-1, statement_count)
    seen = np.bincount(cells, minlength=size).astype(np.float64).reshape(-1, statement_count)
    return {
        int(group): VoteCounts(agree=agree[bucket], disagree=disagree[bucket], seen=seen[bucket])
        for bucket, group in enumerate(groups)
    }


def with_statements_zeroed(counts: VoteCounts, zeroed: np.ndarray, member_count: int) -> VoteCounts:
    """The same counts with `zeroed` statements counted as a pass from all `member_count` people, as
    `count_votes(..., zeroed=...)` gives."""
    agree, disagree, seen = counts.agree.copy(), counts.disagree.copy(), counts.seen.copy()
    agree[zeroed] = 0
    disagree[zeroed] = 0
    seen[zeroed] = member_count
    return VoteCounts(agree=agree, disagree=disagree, seen=seen)


def proportion_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """Polis's one-proportion z-score against one half, with one pseudo-count added to each input."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def two_proportion_test(
    successes_in: np.ndarray, successes_out: np.ndarray, trials_in: np.ndarray, trials_out: np.ndarray
) -> np.ndarray:
    """Polis's two-proportion z-score (inside versus outside the group), one pseudo-count on each input."""
    successes_in, successes_out = successes_in + 1, successes_out + 1
    trials_in, trials_out = trials_in + 1, trials_out + 1
    pooled = (successes_in + successes_out) / (trials_in + trials_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (successes_in / trials_in - successes_out / trials_out) / np.sqrt(
            pooled * (1 - pooled) * (1 / trials_in + 1 / trials_out)
        )
    return np.where(pooled == 1, 0.0, z)


def representative_statements(
    group_counts: list[VoteCounts],
    statement_ids: tuple,
    *,
    excluded: np.ndarray,
    pick_count: int = 5,
) -> list[tuple[RepresentativeStatement, ...]]:
    """Up to `pick_count` representative statements per group, in Polis's order.

    A statement qualifies when both its repness test and its probability test are significant, for
    agree or for disagree. The group's best agreed statement goes first; then the rest by
    repness × repness test × probability × probability test; agrees before disagrees. A group with no
    qualifying statement gets its single best one. Statements are scanned in the order given, and an
    earlier statement wins an exact tie. excluded: moderated-out statements.
    Source: Polis repness.clj (conv-repness, select-rep-comments)."""
    stats = _group_stats(group_counts)
    kept_columns = np.flatnonzero(~excluded)
    chosen = []
    for group_stats in stats:
        chosen.append(_select_for_group(group_stats, kept_columns, statement_ids, pick_count))
    return chosen


def consensus_statements(
    counts: VoteCounts, statement_ids: tuple, *, excluded: np.ndarray, pick_count: int = 5
) -> Consensus:
    """The statements most of everyone agrees with, and those most disagree with: probability above a
    half and significant at 90%, best probability × test first, at most `pick_count` each; an earlier
    statement wins an exact tie. Source: Polis repness.clj (consensus-stats, select-consensus-comments)."""
    kept = ~excluded
    picks = {}
    for direction, successes in (("agree", counts.agree), ("disagree", counts.disagree)):
        probability = (1 + successes) / (2 + counts.seen)
        test = proportion_test(successes, counts.seen)
        eligible = np.flatnonzero(kept & (probability > 0.5) & (test > Z_90))
        order = eligible[np.argsort(-(probability * test)[eligible], kind="stable")][:pick_count]
        picks[direction] = tuple(
            ConsensusStatement(
                statement_id=statement_ids[column],
                success_count=int(successes[column]),
                trial_count=int(counts.seen[column]),
                success_probability=float(probability[column]),
                probability_test=float(test[column]),
            )
            for column in order
        )
    return Consensus(agree=picks["agree"], disagree=picks["disagree"])


def group_informed_consensus(group_counts: list[VoteCounts]) -> np.ndarray:
    """Per statement, the product over groups of (agrees + 1) / (seen + 2). Source: Polis
    conversation.clj (group-aware-consensus)."""
    product = np.ones_like(group_counts[0].agree, dtype=np.float64)
    for counts in group_counts:
        product = product * ((counts.agree + 1.0) / (counts.seen + 2.0))
    return product


def _group_stats(group_counts: list[VoteCounts]) -> list[dict[str, np.ndarray]]:
    total_agree = sum(counts.agree for counts in group_counts)
    total_disagree = sum(counts.disagree for counts in group_counts)
    total_seen = sum(counts.seen for counts in group_counts)
    stats = []
    for counts in group_counts:
        agree_rest = total_agree - counts.agree
        disagree_rest = total_disagree - counts.disagree
        seen_rest = total_seen - counts.seen
        agree_probability = (1 + counts.agree) / (2 + counts.seen)
        disagree_probability = (1 + counts.disagree) / (2 + counts.seen)
        stats.append(
            {
                "na": counts.agree,
                "nd": counts.disagree,
                "ns": counts.seen,
                "pa": agree_probability,
                "pd": disagree_probability,
                "pat": proportion_test(counts.agree, counts.seen),
                "pdt": proportion_test(counts.disagree, counts.seen),
                "ra": agree_probability / ((1 + agree_rest) / (2 + seen_rest)),
                "rd": disagree_probability / ((1 + disagree_rest) / (2 + seen_rest)),
                "rat": two_proportion_test(counts.agree, agree_rest, counts.seen, seen_rest),
                "rdt": two_proportion_test(counts.disagree, disagree_rest, counts.seen, seen_rest),
            }
        )
    return stats


def _finalise(
    stats: dict[str, np.ndarray], column: int, statement_ids: tuple, *, is_best_agree: bool = False
):
    is_agree = stats["rat"][column] > stats["rdt"][column]
    a = "a" if is_agree else "d"
    return RepresentativeStatement(
        statement_id=statement_ids[column],
        repful_for="agree" if is_agree else "disagree",
        success_count=int(stats["n" + a][column]),
        trial_count=int(stats["ns"][column]),
        success_probability=float(stats["p" + a][column]),
        probability_test=float(stats["p" + a + "t"][column]),
        repness=float(stats["r" + a][column]),
        # Polis stores this one as a 32-bit float, and compares and sorts with that value.
        repness_test=float(np.float32(stats["r" + a + "t"][column])),
        is_best_agree=is_best_agree,
    )


def _select_for_group(stats, columns, statement_ids, pick_count) -> tuple[RepresentativeStatement, ...]:
    na, nd, pa, pat, ra, rat = (stats[key] for key in ("na", "nd", "pa", "pat", "ra", "rat"))
    passes = ((stats["rat"] > Z_90) & (stats["pat"] > Z_90)) | ((stats["rdt"] > Z_90) & (stats["pdt"] > Z_90))
    sufficient: list[RepresentativeStatement] = []
    best: RepresentativeStatement | None = None
    best_agree: int | None = None
    for column in columns:
        if passes[column]:
            sufficient.append(_finalise(stats, column, statement_ids))
        if not sufficient and (
            best is None or max(stats["rat"][column], stats["rdt"][column]) > best.repness_test
        ):
            best = _finalise(stats, column, statement_ids)
        if _beats_best_agree(column, best_agree, na, nd, pa, pat, ra, rat):
            best_agree = column
    head = []
    if best_agree is not None:
        head = [_finalise(stats, best_agree, statement_ids, is_best_agree=True)]
    elif best is not None:
        head = [best]
    if not sufficient:
        return tuple(head)
    best_agree_id = statement_ids[best_agree] if best_agree is not None else None
    rest = [statement for statement in sufficient if statement.statement_id != best_agree_id]
    rest.sort(key=lambda s: -(s.repness * s.repness_test * s.success_probability * s.probability_test))
    picked = ((head if best_agree is not None else []) + rest)[:pick_count]
    return tuple(
        [s for s in picked if s.repful_for == "agree"] + [s for s in picked if s.repful_for == "disagree"]
    )


def _beats_best_agree(column, current, na, nd, pa, pat, ra, rat) -> bool:
    if na[column] == 0 and nd[column] == 0:
        return False
    if current is not None and ra[current] > 1.0:
        return bool(
            ra[column] * rat[column] * pa[column] * pat[column]
            > ra[current] * rat[current] * pa[current] * pat[current]
        )
    if current is not None:
        return bool(pa[column] * pat[column] > pa[current] * pat[current])
    return bool(pat[column] > Z_90 or (ra[column] > 1.0 and pa[column] > 0.5))
