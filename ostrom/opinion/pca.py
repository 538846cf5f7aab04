"""Places participants and statements on a 2-D opinion map, with missing votes handled as Polis does.

Polis (math/src/polismath/math/pca.clj) fills each missing vote with the statement's mean vote, takes
the first two principal components by power iteration, and projects each participant using only the
statements they voted on, scaled by sqrt(statements / votes) so that people who voted on little are
not bunched in the middle. Filling with the column mean and then centring gives zero at every missing
entry, so the centred matrix keeps the sparsity of the votes: we never build the dense matrix and take
the exact top two eigenvectors of ZᵀZ instead of Polis's 100 power iterations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, sparse
from scipy.sparse import linalg as sparse_linalg

# Below this many statements a dense eigendecomposition of ZᵀZ is both exact and cheaper than Lanczos.
DENSE_STATEMENT_LIMIT = 600
# Lanczos vectors kept when starting from the last components: the start is already close, so a short
# basis restarted often converges in about 12 products with ZᵀZ where ARPACK's default of 20 needs 21.
# Convergence is still to machine precision (tol=0), so the components agree with a fresh computation's.
WARM_LANCZOS_VECTORS = 5


@dataclass(frozen=True, eq=False)
class PrincipalComponents:
    """The centre (mean vote per statement) and the two components, one weight per statement."""

    centre: np.ndarray  # (statements,)
    components: np.ndarray  # (2, statements)


@dataclass(frozen=True, eq=False)
class Placement:
    """Where each participant and each statement sits on the map."""

    components: PrincipalComponents
    participant_positions: np.ndarray  # (participants, 2)
    statement_positions: np.ndarray  # (statements, 2): a participant who agreed with that statement only


def place_participants(
    votes: sparse.csr_array,
    *,
    moderated_out: np.ndarray,
    previous_components: np.ndarray | None = None,
) -> Placement:
    """Principal components and positions for a participant × statement vote matrix.

    votes: stored entries are votes (+1, −1, 0); moderated_out: boolean per statement. As in Polis,
    a moderated-out statement that has votes counts as a pass from everyone, and statements nobody
    voted on are left out of the projection (position zero, weight zero).

    previous_components: the components of the last computation, in this matrix's statement order
    (zeros for new statements); each new component is turned to point the same way, so the map does
    not flip between recomputations. Without them a component points so that its largest weight is
    positive. Source: Polis pca.clj (powerit-pca, sparsity-aware-project-ptpt, pca-project-cmnts)."""
    statement_count = votes.shape[1]
    voter_counts = np.bincount(votes.indices, minlength=statement_count)
    has_votes = voter_counts > 0
    kept_out = moderated_out & has_votes
    counted = has_votes & ~moderated_out

    sums = np.bincount(votes.indices, weights=votes.data, minlength=statement_count)
    centre = np.zeros(statement_count)
    centre[counted] = sums[counted] / voter_counts[counted]

    centred_data = votes.data - centre[votes.indices]
    if counted.all():
        counted_votes = np.diff(votes.indptr).astype(np.float64)
    else:
        is_counted_entry = counted[votes.indices]
        centred_data[~is_counted_entry] = 0.0
        counted_votes = _row_sums(is_counted_entry.astype(np.float64), votes.indptr)
    centred = sparse.csr_array((centred_data, votes.indices, votes.indptr), shape=votes.shape)
    components = _top_two_components(centred, counted, previous_components)
    if previous_components is not None:
        components = _align_with(components, previous_components)
    else:
        components = _point_largest_weight_up(components)

    statements_in_matrix = int(has_votes.sum())
    # A moderated-out statement is a pass from everyone, so it adds to every participant's vote count.
    vote_counts = counted_votes + int(kept_out.sum())
    scale = np.sqrt(statements_in_matrix / np.maximum(vote_counts, 1.0))
    participant_positions = np.asarray(centred @ components.T) * scale[:, None]

    statement_positions = np.zeros((statement_count, 2))
    statement_positions[counted] = ((1.0 - centre[counted])[:, None] * components.T[counted]) * np.sqrt(
        statements_in_matrix
    )
    return Placement(
        components=PrincipalComponents(centre=centre, components=components),
        participant_positions=participant_positions,
        statement_positions=statement_positions,
    )


def _row_sums(values: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    # Counts of 0/1 values: the cumulative sums are exact integers, so differences are exact too.
    running = np.concatenate([[0.0], np.cumsum(values)])
    return running[indptr[1:]] - running[indptr[:-1]]


def _top_two_components(
    centred: sparse.csr_array, counted: np.ndarray, previous_components: np.ndarray | None = None
) -> np.ndarray:
    statement_count = centred.shape[1]
    components = np.zeros((2, statement_count))
    columns = np.flatnonzero(counted)
    if len(columns) == 0 or centred.shape[0] == 0:
        return components
    reduced = centred if len(columns) == statement_count else sparse.csr_array(centred[:, columns])
    wanted = min(2, len(columns))
    if len(columns) <= DENSE_STATEMENT_LIMIT:
        gram = (reduced.T @ reduced).toarray()
        _, vectors = linalg.eigh(gram, subset_by_index=[len(columns) - wanted, len(columns) - 1])
    else:
        operator = sparse_linalg.LinearOperator(
            (len(columns), len(columns)),
            matvec=lambda vector: reduced.T @ (reduced @ vector),
            dtype=np.float64,
        )
        # A start vector of ones (Polis's own default) keeps the result independent of column order;
        # the last components, when there are any, are as independent of it and much closer.
        start = np.ones(len(columns))
        lanczos_vectors = None
        if previous_components is not None and len(columns) > WARM_LANCZOS_VECTORS:
            previous_start = previous_components[:, columns].sum(0)
            if previous_start.any():
                start, lanczos_vectors = previous_start, WARM_LANCZOS_VECTORS
        values, vectors = sparse_linalg.eigsh(
            operator, k=wanted, which="LA", v0=start, tol=0, ncv=lanczos_vectors
        )
        vectors = vectors[:, np.argsort(values, kind="stable")]
    # eigh and eigsh return ascending eigenvalues; the first component has the largest.
    for position, vector in enumerate(vectors.T[::-1]):
        components[position, columns] = vector
    return components


def _point_largest_weight_up(components: np.ndarray) -> np.ndarray:
    turned = components.copy()
    for row in turned:
        if row.any() and row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return turned


def _align_with(components: np.ndarray, previous: np.ndarray) -> np.ndarray:
    turned = components.copy()
    for row, previous_row in zip(turned, previous, strict=True):
        agreement = float(row @ previous_row)
        if agreement < 0 or (agreement == 0 and row.any() and row[np.argmax(np.abs(row))] < 0):
            row *= -1
    return turned
