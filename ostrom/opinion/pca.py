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
    participant_count, statement_count = votes.shape
    voter_counts = np.bincount(votes.indices, minlength=statement_count)
    has_votes = voter_counts > 0
    kept_out = moderated_out & has_votes
    counted = has_votes & ~moderated_out

    sums = np.bincount(votes.indices, weights=votes.data, minlength=statement_count)
    centre = np.zeros(statement_count)
    centre[counted] = sums[counted] / voter_counts[counted]

    is_counted_entry = counted[votes.indices]
    centred = sparse.csr_array(
        (np.where(is_counted_entry, votes.data - centre[votes.indices], 0.0), votes.indices, votes.indptr),
        shape=votes.shape,
    )
    components = _top_two_components(centred, counted)
    if previous_components is not None:
        components = _align_with(components, previous_components)
    else:
        components = _point_largest_weight_up(components)

    statements_in_matrix = int(has_votes.sum())
    # A moderated-out statement is a pass from everyone, so it adds to every participant's vote count.
    counted_votes = _row_sums(is_counted_entry.astype(np.float64), votes.indptr, participant_count)
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


def _row_sums(values: np.ndarray, indptr: np.ndarray, row_count: int) -> np.ndarray:
    rows = np.repeat(np.arange(row_count), np.diff(indptr))
    return np.bincount(rows, weights=values, minlength=row_count)


def _top_two_components(centred: sparse.csr_array, counted: np.ndarray) -> np.ndarray:
    statement_count = centred.shape[1]
    components = np.zeros((2, statement_count))
    columns = np.flatnonzero(counted)
    if len(columns) == 0 or centred.shape[0] == 0:
        return components
    reduced = sparse.csr_array(centred[:, columns])
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
        # A start vector of ones (Polis's own default) keeps the result independent of column order.
        values, vectors = sparse_linalg.eigsh(operator, k=wanted, which="LA", v0=np.ones(len(columns)), tol=0)
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
