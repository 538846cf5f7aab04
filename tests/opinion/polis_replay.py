"""Polis's base clusters as the Polis server grows them: one warm-started update after every vote.

A reference model for the tests and for docs/engines/opinion.md, not part of the engine. It follows
math/src/polismath/math/clusters.clj: the first update starts k-means from the first distinct rows
(init-clusters); every later one starts from the last base clusters, moved to where their members are
now, with identical ones merged and the most distant participant split off into a new cluster (id one
above the highest) until there are min(100, distinct positions) clusters (clean-start-clusters). Rows are
held in the order of each participant's first vote, as Polis appends them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ostrom.opinion.pca import place_participants

BASE_CLUSTER_COUNT = 100
BASE_ITERATIONS = 100
CENTRE_TOLERANCE = 0.01


@dataclass
class BaseCluster:
    id: int
    members: list
    centre: np.ndarray


def replay_base_clusters(vote_records: list[dict], moderated_out: set) -> list[BaseCluster]:
    """Base clusters after replaying `vote_records` (oldest first) one update per vote, sorted by id."""
    participants = sorted({record["participant_id"] for record in vote_records})
    statements = sorted({record["statement_id"] for record in vote_records})
    votes = np.full((len(participants), len(statements)), np.nan)
    row_of: dict = {}
    column_of: dict = {}
    vote_counts: dict = {}
    clustered: set = set()
    clusters: list[BaseCluster] = []
    components = None
    for record in vote_records:
        row = row_of.setdefault(record["participant_id"], len(row_of))
        column = column_of.setdefault(record["statement_id"], len(column_of))
        if np.isnan(votes[row, column]):
            vote_counts[record["participant_id"]] = vote_counts.get(record["participant_id"], 0) + 1
        votes[row, column] = record["vote"]

        clustered |= {pid for pid, count in vote_counts.items() if count >= min(7, len(column_of))}
        if len(clustered) < 15:
            waiting = sorted(
                (pid for pid in vote_counts if pid not in clustered), key=lambda pid: -vote_counts[pid]
            )
            clustered |= set(waiting[: 15 - len(clustered)])

        so_far = votes[: len(row_of), : len(column_of)]
        rows, columns = np.nonzero(~np.isnan(so_far))
        matrix = sparse.csr_array((so_far[rows, columns], (rows, columns)), shape=so_far.shape)
        previous = None
        if components is not None:
            previous = np.zeros((2, len(column_of)))
            previous[:, : components.shape[1]] = components
        placement = place_participants(
            matrix,
            moderated_out=np.array([sid in moderated_out for sid in column_of]),
            previous_components=previous,
        )
        components = placement.components.components
        pids = [pid for pid in row_of if pid in clustered]
        positions = placement.participant_positions[[row_of[pid] for pid in pids]]
        clusters = _kmeans(pids, positions, clusters)
    return clusters


def _kmeans(pids: list, positions: np.ndarray, last: list[BaseCluster]) -> list[BaseCluster]:
    clusters = _clean_start(pids, positions, last) if last else _init(positions)
    for remaining in range(BASE_ITERATIONS, -1, -1):
        centres = np.array([cluster.centre for cluster in clusters])
        nearest = ((positions[:, None, :] - centres[None]) ** 2).sum(-1).argmin(1)
        stepped = [
            BaseCluster(cluster.id, [pids[row] for row in members], positions[members].mean(0))
            for index, cluster in enumerate(clusters)
            if len(members := np.flatnonzero(nearest == index))
        ]
        if remaining == 0 or _same_clustering(centres, np.array([c.centre for c in stepped])):
            return sorted(stepped, key=lambda cluster: cluster.id)
        clusters = stepped
    raise AssertionError("unreachable")


def _init(positions: np.ndarray) -> list[BaseCluster]:
    _, first_rows = np.unique(positions, axis=0, return_index=True)
    return [
        BaseCluster(index, [], positions[row].copy())
        for index, row in enumerate(np.sort(first_rows)[:BASE_CLUSTER_COUNT])
    ]


def _clean_start(pids: list, positions: np.ndarray, last: list[BaseCluster]) -> list[BaseCluster]:
    position_of = dict(zip(pids, positions, strict=True))

    def recentred(cluster: BaseCluster) -> BaseCluster:
        return BaseCluster(cluster.id, cluster.members, np.mean([position_of[m] for m in cluster.members], 0))

    merged: list[BaseCluster] = []
    for cluster in map(recentred, last):
        twin = next((i for i, kept in enumerate(merged) if np.array_equal(kept.centre, cluster.centre)), None)
        if twin is None:
            merged.append(cluster)
            continue
        kept = merged[twin]
        # Clojure's max-key gives the later argument on a tie.
        larger = cluster if len(cluster.members) >= len(kept.members) else kept
        merged[twin] = BaseCluster(larger.id, kept.members + cluster.members, kept.centre)
    possible = min(BASE_CLUSTER_COUNT, len(np.unique(positions, axis=0)))
    clusters = merged
    while True:
        clusters = [recentred(cluster) for cluster in clusters]
        if len(clusters) >= possible:
            return clusters
        centres = np.array([cluster.centre for cluster in clusters])
        distance = np.sqrt(((positions[:, None, :] - centres[None]) ** 2).sum(-1)).min(1)
        row = len(pids) - 1 - int(np.argmax(distance[::-1]))  # max-key: the last of equals
        if distance[row] <= 0:
            return clusters
        outlier = pids[row]
        clusters = [BaseCluster(c.id, [m for m in c.members if m != outlier], c.centre) for c in clusters] + [
            BaseCluster(max(c.id for c in clusters) + 1, [outlier], positions[row].copy())
        ]


def _same_clustering(old: np.ndarray, new: np.ndarray) -> bool:
    old = old[np.lexsort((old[:, 1], old[:, 0]))]
    new = new[np.lexsort((new[:, 1], new[:, 0]))]
    # Clojure's zip stops at the shorter list, so a dropped cluster does not by itself mean "moved".
    shared = min(len(old), len(new))
    return bool(np.all(np.sqrt(((old[:shared] - new[:shared]) ** 2).sum(1)) < CENTRE_TOLERANCE))
