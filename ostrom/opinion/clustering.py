"""Groups participants into opinion groups: who is clustered, base clusters, and groups chosen by silhouette.

Follows Polis (math/src/polismath/math/conversation.clj and clusters.clj): participants with enough
votes are first gathered into up to 100 small base clusters by k-means on their map positions; the
base clusters are then grouped by k-means weighted by their size, for every k from 2 up to
min(5, 2 + bases / 12), and the k with the best silhouette wins. Where Polis starts k-means from the
first rows it happens to hold, we start from every point in turn (groups) or from k-means++ over the
points in sorted order with a fixed seed (base clusters), so the result does not depend on the order of
participants; a previous result, when given, is the starting point instead, as in Polis. Beyond a few
thousand participants base clusters start from an equal-weight grid instead (see KMEANS_PLUS_PLUS_LIMIT)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree
from sklearn.cluster import kmeans_plusplus

MAX_ITERATIONS = 100
# Polis stops k-means when every centre moved less than this (clusters.clj, same-clustering?).
POLIS_CENTRE_TOLERANCE = 0.01
POLIS_BASE_ITERATIONS = 100
# conversation.clj asks for :group-iters 100 but passes it as :cluster-iters, which clusters/kmeans does
# not read, so the group k-means runs with kmeans's default of 20.
POLIS_GROUP_ITERATIONS = 20

# Above this many distinct positions, base clusters are a grid of equal-weight cells moved by a few
# k-means steps, the same with or without a previous result. k-means++ takes seconds there, its draws
# land on other points once a few votes move everyone slightly, and 100 centres over 100,000 points
# are still moving after hundreds of steps, so where k-means stops decides which base clusters
# straddle two groups: recomputations a few votes apart disagreed on 6% of participants (ARI 0.94),
# and a warm start drifted as far from a fresh one. The grid moves only as much as the positions do.
KMEANS_PLUS_PLUS_LIMIT = 5_000
GRID_STEPS = 5

Starts = Literal["order-free", "polis"]


@dataclass(frozen=True)
class GroupCountHistory:
    """Polis's k-smoother: the best k of the last run, how many runs in a row chose it, and the k in use."""

    last_best: int
    runs_in_a_row: int
    in_use: int


@dataclass(frozen=True, eq=False)
class Grouping:
    """Groups of base clusters for one k."""

    labels: np.ndarray  # group index per base cluster, 0..k-1
    centres: np.ndarray  # (k, 2)
    silhouette: float


def clustered_participants(
    vote_counts: np.ndarray,
    statement_count: int,
    *,
    participant_ids: tuple,
    minimum_votes: int = 7,
    minimum_clustered: int = 15,
    previously_clustered: frozenset = frozenset(),
) -> np.ndarray:
    """Which participants are clustered: those with at least min(7, statements) votes, anyone clustered
    before, and, while fewer than 15 qualify, the next most active participants.

    Ties for the last places go to the lower participant id. Source: Polis conversation.clj (in-conv)."""
    is_in = vote_counts >= min(minimum_votes, statement_count)
    if previously_clustered:
        is_in |= np.fromiter(
            (pid in previously_clustered for pid in participant_ids), bool, len(participant_ids)
        )
    missing = minimum_clustered - int(is_in.sum())
    if missing > 0:
        candidates = np.flatnonzero(~is_in & (vote_counts > 0))
        order = sorted(candidates.tolist(), key=lambda row: (-vote_counts[row], participant_ids[row]))
        is_in[order[:missing]] = True
    return is_in


@dataclass(frozen=True)
class VoteHistory:
    """What the order of past votes tells: who Polis would have clustered, and who arrived when."""

    clustered: frozenset[Hashable]
    arrival_order: tuple[Hashable, ...]  # participants in the order of their first vote


def replay_vote_history(
    participant_ids: Iterable[Hashable],
    statement_ids: Iterable[Hashable],
    *,
    minimum_votes: int = 7,
    minimum_clustered: int = 15,
) -> VoteHistory:
    """Everyone Polis would have clustered at some point, replaying the votes oldest first, and the
    order in which participants first voted.

    Polis keeps a participant clustered once they are in, and while fewer than 15 qualify it lets in the
    most active participants, so early participants with a vote or two stay in for good. Polis
    recomputes after batches of votes; replaying after every vote reproduces its `in-conv` on the
    conversations in tests/data/polis. Ties go to the lower participant id."""
    counts: dict[Hashable, int] = {}
    cells: set[tuple[Hashable, Hashable]] = set()
    statements: set[Hashable] = set()
    clustered: set[Hashable] = set()
    for participant, statement in zip(participant_ids, statement_ids, strict=True):
        # dicts keep insertion order, so `counts` also records who arrived when.
        if (participant, statement) not in cells:
            cells.add((participant, statement))
            counts[participant] = counts.get(participant, 0) + 1
        statements.add(statement)
        # The threshold only rises and only the voter's count changed, so only the voter can newly qualify.
        if counts[participant] >= min(minimum_votes, len(statements)):
            clustered.add(participant)
        if len(clustered) < minimum_clustered:
            waiting = sorted((p for p in counts if p not in clustered), key=lambda p: (-counts[p], p))
            clustered.update(waiting[: minimum_clustered - len(clustered)])
    return VoteHistory(clustered=frozenset(clustered), arrival_order=tuple(counts))


def base_clusters(
    positions: np.ndarray,
    *,
    cluster_count: int = 100,
    seed: int = 0,
    previous_labels: np.ndarray | None = None,
    starts: Starts = "order-free",
) -> tuple[np.ndarray, np.ndarray]:
    """Base cluster label per participant and the base cluster centres.

    When there are no more distinct positions than clusters, each distinct position is its own base
    cluster (as with Polis's initial clusters). Otherwise k-means starts from previous_labels (label per
    participant, −1 for new participants) when given, topped up with the most distant points as in
    Polis's clean-start-clusters, or else from k-means++ (Arthur and Vassilvitskii, 2007; scikit-learn's
    greedy variant) over the distinct positions in sorted order with `seed`. Above
    KMEANS_PLUS_PLUS_LIMIT distinct positions, k-means instead starts from a grid of equal-weight cells
    and takes GRID_STEPS steps, whatever the previous labels, so that a warm start gives the base
    clusters a fresh computation would. Clusters are numbered by their centres in sorted order.

    starts="polis" does what a fresh Polis conversation does instead: the first distinct positions in
    row order start k-means, clusters are numbered in that order, and k-means stops once no centre moves
    by 0.01 or after 100 steps. The result then depends on the order of the rows."""
    if starts == "polis":
        return _polis_base_clusters(positions, cluster_count)
    distinct, inverse = np.unique(positions, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    if len(distinct) <= cluster_count:
        return inverse, distinct
    multiplicity = np.bincount(inverse, minlength=len(distinct)).astype(np.float64)
    steps = MAX_ITERATIONS
    if len(distinct) > KMEANS_PLUS_PLUS_LIMIT:
        starts, steps = _grid_starts(distinct, multiplicity, cluster_count), GRID_STEPS
    elif previous_labels is not None and np.any(previous_labels >= 0):
        starts = _recentred(positions, previous_labels)
        starts = _with_distant_points(distinct, starts, cluster_count)
    else:
        starts, _ = kmeans_plusplus(distinct, cluster_count, sample_weight=multiplicity, random_state=seed)
    # Polis's stopping rule: base clusters are many and small, so chasing the last point is not worth it.
    labels, centres = _lloyd(distinct, multiplicity, starts, tolerance=POLIS_CENTRE_TOLERANCE, steps=steps)
    order = np.lexsort((centres[:, 1], centres[:, 0]))
    renumber = np.empty_like(order)
    renumber[order] = np.arange(len(order))
    return renumber[labels][inverse], centres[order]


def group_base_clusters(
    centres: np.ndarray,
    weights: np.ndarray,
    *,
    max_group_count: int = 5,
    previous_centres: dict[int, np.ndarray] | None = None,
    starts: Starts = "order-free",
) -> dict[int, Grouping]:
    """Weighted k-means of the base clusters for each k in 2..min(max, 2 + bases // 12).

    For each k the partition with the lowest weighted sum of squares over k-means runs started from every
    base cluster (then the farthest base clusters) is kept; previous_centres[k], the group centres of the
    last computation moved to where their members are now, replaces that search when given. The
    silhouette is Polis's: the plain mean over base clusters of the distance-based silhouette.
    starts="polis" starts instead from the first k distinct base clusters in their order, with Polis's
    stopping rule (centres move less than 0.01, at most 20 steps), as a fresh Polis conversation does.
    Source: Polis conversation.clj (group-clusterings, max-k-fn) and clusters.clj (silhouette)."""
    base_count = len(centres)
    largest_k = min(max_group_count, 2 + base_count // 12, base_count)
    distances = np.sqrt(((centres[:, None, :] - centres[None, :, :]) ** 2).sum(-1))
    groupings: dict[int, Grouping] = {}
    for group_count in range(2, largest_k + 1):
        labels = None
        if previous_centres is not None and group_count in previous_centres:
            labels, _ = _lloyd(centres, weights, previous_centres[group_count])
            if labels.max() + 1 < group_count:
                labels = None
        if labels is None and starts == "polis":
            labels = _polis_kmeans(
                centres, weights, _first_distinct(centres, group_count), POLIS_GROUP_ITERATIONS
            )[0]
            if labels.max() + 1 < group_count:
                labels = None
        elif labels is None:
            labels = _best_of_many_starts(centres, weights, group_count)
        if labels is None:
            continue
        group_centres = _weighted_means(centres, weights, labels, group_count)
        groupings[group_count] = Grouping(
            labels=labels, centres=group_centres, silhouette=silhouette(distances, labels)
        )
    return groupings


def choose_group_count(
    silhouettes: dict[int, float], previous: GroupCountHistory | None, *, runs_before_change: int = 4
) -> GroupCountHistory:
    """The k with the best silhouette (the larger k on a tie), held back until it has won
    `runs_before_change` runs in a row when a previous choice exists. Source: Polis group-k-smoother."""
    best = max(sorted(silhouettes), key=lambda k: (silhouettes[k], k))
    runs = previous.runs_in_a_row + 1 if previous is not None and previous.last_best == best else 1
    if runs >= runs_before_change or previous is None or previous.in_use not in silhouettes:
        in_use = best
    else:
        in_use = previous.in_use
    return GroupCountHistory(last_best=best, runs_in_a_row=runs, in_use=in_use)


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of a partition from its distance matrix; a member alone in its cluster scores 0."""
    group_count = int(labels.max()) + 1
    membership = np.zeros((len(labels), group_count))
    membership[np.arange(len(labels)), labels] = 1.0
    sizes = membership.sum(0)
    totals = distances @ membership  # summed distance from each point to each cluster
    own_size = sizes[labels] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        own = totals[np.arange(len(labels)), labels] / own_size
        means = totals / sizes
    means[np.arange(len(labels)), labels] = np.inf
    nearest = means.min(1)
    scores = np.where(own_size > 0, (nearest - own) / np.maximum(nearest, own), 0.0)
    return float(np.nan_to_num(scores).mean())


def match_labels(labels: np.ndarray, previous: np.ndarray, group_count: int) -> np.ndarray:
    """Renames groups so that they overlap their previous namesakes as much as possible.

    labels and previous are per participant (−1 where not clustered). New groups take the lowest
    unused numbers."""
    both = (labels >= 0) & (previous >= 0)
    previous_count = int(previous.max()) + 1 if np.any(previous >= 0) else 0
    overlap = np.zeros((group_count, max(previous_count, group_count)))
    np.add.at(overlap, (labels[both], previous[both]), 1.0)
    rows, columns = linear_sum_assignment(-overlap)
    renaming = np.empty(group_count, dtype=np.int64)
    renaming[rows] = columns
    renamed = np.where(labels >= 0, renaming[np.maximum(labels, 0)], -1)
    return renamed


def _best_of_many_starts(points: np.ndarray, weights: np.ndarray, group_count: int) -> np.ndarray | None:
    starts = _farthest_point_starts(points, group_count)
    labels, inertia, sizes = _batched_lloyd(points, weights, starts)
    is_full = (sizes > 0).all(1)
    if not is_full.any():
        return None
    # Equal partitions reached from different starts can differ in the last bits of their inertia.
    inertia = np.where(is_full, np.round(inertia, 9), np.inf)
    candidates = np.flatnonzero(inertia == inertia.min())
    chosen = min(candidates, key=lambda start: _canonical_key(points, labels[start], group_count))
    return _numbered_by_centre(points, weights, labels[chosen], group_count)


def _canonical_key(points: np.ndarray, labels: np.ndarray, group_count: int) -> tuple:
    groups = []
    for group in range(group_count):
        members = points[labels == group]
        groups.append(tuple(map(tuple, members[np.lexsort((members[:, 1], members[:, 0]))].tolist())))
    return tuple(sorted(groups))


def _numbered_by_centre(points: np.ndarray, weights: np.ndarray, labels: np.ndarray, group_count: int):
    centres = _weighted_means(points, weights, labels, group_count)
    order = np.lexsort((centres[:, 1], centres[:, 0]))
    renumber = np.empty_like(order)
    renumber[order] = np.arange(group_count)
    return renumber[labels]


def _farthest_point_starts(points: np.ndarray, group_count: int) -> np.ndarray:
    """One start per point: that point, then repeatedly the point farthest from the chosen ones."""
    start_count = len(points)
    chosen = np.empty((start_count, group_count), dtype=np.int64)
    chosen[:, 0] = np.arange(start_count)
    nearest = ((points[None, :, :] - points[:, None, :]) ** 2).sum(-1)
    for position in range(1, group_count):
        chosen[:, position] = nearest.argmax(1)
        new = points[chosen[:, position]]
        nearest = np.minimum(nearest, ((points[None, :, :] - new[:, None, :]) ** 2).sum(-1))
    return points[chosen]


def _batched_lloyd(points: np.ndarray, weights: np.ndarray, starts: np.ndarray):
    """Weighted Lloyd iterations for many starts at once (starts is runs × k × 2); each run stops when
    no point changes cluster. Returns labels, weighted sum of squares and cluster sizes per run."""
    centres = starts.copy()
    run_count, group_count, _ = centres.shape
    labels = np.full((run_count, len(points)), -1)
    active = np.arange(run_count)
    squared_points = (points**2).sum(1)
    for _ in range(MAX_ITERATIONS):
        moving = centres[active]
        squared = (
            squared_points[None, :, None]
            - 2 * np.einsum("nd,rkd->rnk", points, moving)
            + (moving**2).sum(2)[:, None, :]
        )
        new_labels = squared.argmin(2)
        changed = ~np.all(new_labels == labels[active], axis=1)
        active, new_labels, moving = active[changed], new_labels[changed], moving[changed]
        if len(active) == 0:
            break
        labels[active] = new_labels
        sizes = _cluster_totals(new_labels, weights, group_count)
        sums = np.stack(
            [_cluster_totals(new_labels, weights * points[:, axis], group_count) for axis in (0, 1)], 2
        )
        # An emptied cluster keeps its centre; such runs are discarded by the caller.
        centres[active] = np.where(
            sizes[:, :, None] > 0, sums / np.maximum(sizes, 1e-300)[:, :, None], moving
        )
    sizes = _cluster_totals(labels, weights, group_count)
    nearest = np.take_along_axis(centres, labels[:, :, None], 1)
    inertia = (((points[None, :, :] - nearest) ** 2).sum(2) * weights[None, :]).sum(1)
    return labels, inertia, sizes


def _cluster_totals(labels: np.ndarray, values: np.ndarray, group_count: int) -> np.ndarray:
    """Per run, the sum of `values` over the points in each cluster (labels is runs × points)."""
    run_count = len(labels)
    flat = (labels + group_count * np.arange(run_count)[:, None]).ravel()
    totals = np.bincount(
        flat, weights=np.broadcast_to(values, labels.shape).ravel(), minlength=run_count * group_count
    )
    return totals.reshape(run_count, group_count)


def _lloyd(
    points: np.ndarray,
    weights: np.ndarray,
    starts: np.ndarray,
    *,
    tolerance: float | None = None,
    steps: int = MAX_ITERATIONS,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted Lloyd iterations until no point changes cluster (or, with a tolerance, no centre moves
    that far); clusters that empty are dropped, as in Polis. Centres are the means of the labels."""
    centres = starts
    labels = np.full(len(points), -1)
    for _ in range(steps):
        _, new_labels = cKDTree(centres).query(points)
        if np.array_equal(new_labels, labels):
            break
        used = np.flatnonzero(np.bincount(new_labels, minlength=len(centres)))
        renumber = np.zeros(len(centres), dtype=np.int64)
        renumber[used] = np.arange(len(used))
        labels = renumber[new_labels]
        previous_centres = centres[used]
        centres = _weighted_means(points, weights, labels, len(used))
        if tolerance is not None and np.sqrt(((centres - previous_centres) ** 2).sum(1)).max() < tolerance:
            break
    return labels, centres


def _first_distinct(points: np.ndarray, count: int) -> np.ndarray:
    _, first_rows = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first_rows)[:count]]


def _polis_base_clusters(positions: np.ndarray, cluster_count: int) -> tuple[np.ndarray, np.ndarray]:
    _, first_rows, inverse = np.unique(positions, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    if len(first_rows) <= cluster_count:
        order = np.argsort(first_rows, kind="stable")
        renumber = np.empty_like(order)
        renumber[order] = np.arange(len(order))
        return renumber[inverse], positions[first_rows[order]]
    starts = positions[np.sort(first_rows)[:cluster_count]]
    return _polis_kmeans(positions, np.ones(len(positions)), starts, POLIS_BASE_ITERATIONS)


def _polis_kmeans(
    points: np.ndarray, weights: np.ndarray, starts: np.ndarray, iterations: int
) -> tuple[np.ndarray, np.ndarray]:
    """Polis's k-means loop (clusters.clj, kmeans): assign, drop empty clusters, recentre; stop when
    every centre (in sorted order) moved less than 0.01, or after `iterations` steps."""
    centres = starts
    squared_points = (points**2).sum(1)
    for remaining in range(iterations, -1, -1):
        squared = squared_points[:, None] - 2 * points @ centres.T + (centres**2).sum(1)[None, :]
        used, labels = np.unique(squared.argmin(1), return_inverse=True)
        labels = labels.reshape(-1)
        new_centres = _weighted_means(points, weights, labels, len(used))
        if remaining == 0 or _same_centres(centres, new_centres):
            return labels, new_centres
        centres = new_centres
    return labels, new_centres


def _same_centres(old: np.ndarray, new: np.ndarray) -> bool:
    old_sorted = old[np.lexsort((old[:, 1], old[:, 0]))]
    new_sorted = new[np.lexsort((new[:, 1], new[:, 0]))]
    # Polis zips the two sorted lists, and Clojure's zip stops at the shorter one: a step that drops an
    # emptied cluster counts as converged when the centres it shares with the last step did not move.
    shared = min(len(old_sorted), len(new_sorted))
    distances = np.sqrt(((old_sorted[:shared] - new_sorted[:shared]) ** 2).sum(1))
    return bool(np.all(distances < POLIS_CENTRE_TOLERANCE))


def _weighted_means(points: np.ndarray, weights: np.ndarray, labels: np.ndarray, count: int) -> np.ndarray:
    totals = np.bincount(labels, weights=weights, minlength=count)
    sums = np.stack(
        [np.bincount(labels, weights=weights * points[:, axis], minlength=count) for axis in (0, 1)], 1
    )
    return sums / totals[:, None]


def _recentred(positions: np.ndarray, previous_labels: np.ndarray) -> np.ndarray:
    known = previous_labels >= 0
    _, labels = np.unique(previous_labels[known], return_inverse=True)
    labels = labels.reshape(-1)
    centres = _weighted_means(positions[known], np.ones(int(known.sum())), labels, int(labels.max()) + 1)
    return np.unique(centres, axis=0)


def _grid_starts(points: np.ndarray, weights: np.ndarray, cluster_count: int) -> np.ndarray:
    """About `cluster_count` starting centres: the points cut into vertical strips of equal weight, each
    strip cut into cells of equal weight from bottom to top, and each cell's weighted mean. Depends only
    on the points, not their order; cells that would be empty are left out."""
    strip_count = max(1, round(float(np.sqrt(cluster_count))))
    cells_per_strip = np.full(strip_count, cluster_count // strip_count)
    cells_per_strip[: cluster_count % strip_count] += 1
    by_x = np.lexsort((points[:, 1], points[:, 0]))
    strip_of = _equal_weight_bins(weights[by_x], strip_count)
    cell_of = np.empty(len(points), dtype=np.int64)
    first_cell = np.concatenate([[0], np.cumsum(cells_per_strip)[:-1]])
    for strip in range(strip_count):
        members = by_x[strip_of == strip]
        members = members[np.lexsort((points[members, 0], points[members, 1]))]
        cell_of[members] = first_cell[strip] + _equal_weight_bins(weights[members], cells_per_strip[strip])
    used, labels = np.unique(cell_of, return_inverse=True)
    return _weighted_means(points, weights, labels.reshape(-1), len(used))


def _equal_weight_bins(weights: np.ndarray, bin_count: int) -> np.ndarray:
    """Bin number 0..bin_count-1 for each of a sorted run of weighted points, bins of equal total weight."""
    middles = np.cumsum(weights) - weights / 2
    return np.minimum((middles / weights.sum() * bin_count).astype(np.int64), bin_count - 1)


def _with_distant_points(points: np.ndarray, centres: np.ndarray, cluster_count: int) -> np.ndarray:
    centres = centres[:cluster_count]
    nearest = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(-1).min(1)
    added = []
    for _ in range(cluster_count - len(centres)):
        farthest = int(nearest.argmax())
        if nearest[farthest] == 0:
            break
        added.append(points[farthest])
        nearest = np.minimum(nearest, ((points - points[farthest]) ** 2).sum(1))
    return np.vstack([centres, *added]) if added else centres
